/* Socket table walk, a bucket at a time (as the kernel's own BPF TCP
 * iterator does): count and reference the bucket's sockets under its lock;
 * if the batch is too small, drop them, grow it, and take the bucket again. */
#include <linux/slab.h>
#include <net/inet_hashtables.h>
#include <net/tcp.h>

#include "iter.h"
#include "stats.h"

#define BATCH_MIN 16

void tcpstats_cursor_rewind(struct tcpstats_cursor *c)
{
	c->table = TCPSTATS_TABLE_LISTEN;
	c->bucket = 0;
}

bool tcpstats_cursor_done(const struct tcpstats_cursor *c)
{
	return c->table == TCPSTATS_TABLE_DONE;
}

static struct inet_hashinfo *hashinfo_of(struct net *net)
{
	return net->ipv4.tcp_death_row.hashinfo;
}

/* References the chain's sockets while they fit; returns how many the
 * chain holds for this netns, fitting or not. */
static unsigned int collect_chain(struct net *net, struct hlist_nulls_head *chain,
				  struct tcpstats_batch *b)
{
	struct hlist_nulls_node *node;
	unsigned int seen = 0;
	struct sock *sk;

	sk_nulls_for_each(sk, node, chain) {
		if (!net_eq(sock_net(sk), net))
			continue;
		seen++;
		if (b->n < b->cap && refcount_inc_not_zero(&sk->sk_refcnt)) {
			tcpstats_count_sock_get();
			b->sk[b->n++] = sk;
		}
	}
	return seen;
}

static unsigned int collect_listen(struct net *net, unsigned int bucket,
				   struct tcpstats_batch *b)
{
	struct inet_listen_hashbucket *ilb = &hashinfo_of(net)->lhash2[bucket];
	unsigned int seen;

	if (hlist_nulls_empty(&ilb->nulls_head))
		return 0;
	spin_lock_bh(&ilb->lock);
	seen = collect_chain(net, &ilb->nulls_head, b);
	spin_unlock_bh(&ilb->lock);
	return seen;
}

static unsigned int collect_established(struct net *net, unsigned int bucket,
					struct tcpstats_batch *b)
{
	struct inet_hashinfo *h = hashinfo_of(net);
	struct inet_ehash_bucket *head = &h->ehash[bucket];
	spinlock_t *lock = inet_ehash_lockp(h, bucket);
	unsigned int seen;

	if (hlist_nulls_empty(&head->chain))
		return 0;
	spin_lock_bh(lock);
	seen = collect_chain(net, &head->chain, b);
	spin_unlock_bh(lock);
	return seen;
}

static int batch_grow(struct tcpstats_batch *b, unsigned int cap)
{
	struct sock **sk = kvmalloc_array(cap, sizeof(*sk), GFP_KERNEL);

	if (!sk)
		return -ENOMEM;
	if (b->sk) {
		kvfree(b->sk);
		tcpstats_count_free();
	}
	tcpstats_count_alloc();
	b->sk = sk;
	b->cap = cap;
	return 0;
}

/* The whole bucket, or -ENOMEM with the batch empty. */
static int collect_bucket(struct net *net, const struct tcpstats_cursor *c,
			  struct tcpstats_batch *b)
{
	unsigned int seen;
	int ret;

	if (!b->sk) {
		ret = batch_grow(b, BATCH_MIN);
		if (ret)
			return ret;
	}
	for (;;) {
		if (c->table == TCPSTATS_TABLE_LISTEN)
			seen = collect_listen(net, c->bucket, b);
		else
			seen = collect_established(net, c->bucket, b);
		if (seen <= b->cap)
			return 0;
		tcpstats_batch_release(b);
		ret = batch_grow(b, seen * 2);
		if (ret)
			return ret;
	}
}

static unsigned int table_mask(struct net *net, unsigned int table)
{
	struct inet_hashinfo *h = hashinfo_of(net);

	return table == TCPSTATS_TABLE_LISTEN ? h->lhash2_mask : h->ehash_mask;
}

static void cursor_next_bucket(struct net *net, struct tcpstats_cursor *c)
{
	if (c->bucket++ < table_mask(net, c->table))
		return;
	c->bucket = 0;
	c->table++;
}

int tcpstats_iter_next(struct net *net, struct tcpstats_cursor *c, struct tcpstats_batch *b)
{
	int ret;

	while (!tcpstats_cursor_done(c)) {
		ret = collect_bucket(net, c, b);
		if (ret)
			return ret;
		cursor_next_bucket(net, c);
		if (b->n)
			return 0;
	}
	return 0;
}

void tcpstats_batch_release(struct tcpstats_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		sock_gen_put(b->sk[i]);
		tcpstats_count_sock_put();
	}
	b->n = 0;
	b->next = 0;
}

void tcpstats_batch_free(struct tcpstats_batch *b)
{
	tcpstats_batch_release(b);
	if (!b->sk)
		return;
	kvfree(b->sk);
	tcpstats_count_free();
	b->sk = NULL;
	b->cap = 0;
}
