/* Socket table walk. Modelled on how inet_diag dumps: under the bucket lock
 * take a reference on each socket of our netns from the cursor's index on,
 * drop the lock, and let the caller look at them. */
#include <net/inet_hashtables.h>
#include <net/inet_timewait_sock.h>
#include <net/tcp.h>

#include "iter.h"
#include "stats.h"

void tcpstats_cursor_rewind(struct tcpstats_cursor *c)
{
	c->table = TCPSTATS_TABLE_LISTEN;
	c->bucket = 0;
	c->index = 0;
}

bool tcpstats_cursor_done(const struct tcpstats_cursor *c)
{
	return c->table == TCPSTATS_TABLE_DONE;
}

static struct inet_hashinfo *hashinfo_of(struct net *net)
{
	return net->ipv4.tcp_death_row.hashinfo;
}

/* Adds sk at position pos to the batch if it is still alive. */
static bool batch_add(struct tcpstats_batch *b, struct sock *sk, unsigned int pos)
{
	if (!refcount_inc_not_zero(&sk->sk_refcnt))
		return false;
	tcpstats_count_sock_get();
	b->sk[b->n] = sk;
	b->pos[b->n] = pos;
	return ++b->n == TCPSTATS_BATCH;
}

static void collect_chain(struct net *net, struct hlist_nulls_head *chain,
			  unsigned int from, struct tcpstats_batch *b)
{
	struct hlist_nulls_node *node;
	unsigned int pos = 0;
	struct sock *sk;

	sk_nulls_for_each(sk, node, chain) {
		if (!net_eq(sock_net(sk), net))
			continue;
		if (pos++ < from)
			continue;
		if (batch_add(b, sk, pos - 1))
			break;
	}
}

static void collect_listen(struct net *net, const struct tcpstats_cursor *c,
			   struct tcpstats_batch *b)
{
	struct inet_listen_hashbucket *ilb = &hashinfo_of(net)->lhash2[c->bucket];

	if (hlist_nulls_empty(&ilb->nulls_head))
		return;
	spin_lock_bh(&ilb->lock);
	collect_chain(net, &ilb->nulls_head, c->index, b);
	spin_unlock_bh(&ilb->lock);
}

static void collect_established(struct net *net, const struct tcpstats_cursor *c,
				struct tcpstats_batch *b)
{
	struct inet_hashinfo *h = hashinfo_of(net);
	struct inet_ehash_bucket *head = &h->ehash[c->bucket];
	spinlock_t *lock = inet_ehash_lockp(h, c->bucket);

	if (hlist_nulls_empty(&head->chain))
		return;
	spin_lock_bh(lock);
	collect_chain(net, &head->chain, c->index, b);
	spin_unlock_bh(lock);
}

static unsigned int table_mask(struct net *net, unsigned int table)
{
	struct inet_hashinfo *h = hashinfo_of(net);

	return table == TCPSTATS_TABLE_LISTEN ? h->lhash2_mask : h->ehash_mask;
}

static void cursor_next_bucket(struct net *net, struct tcpstats_cursor *c)
{
	c->index = 0;
	if (c->bucket++ < table_mask(net, c->table))
		return;
	c->bucket = 0;
	c->table++;
}

void tcpstats_iter_collect(struct net *net, struct tcpstats_cursor *c,
			   struct tcpstats_batch *b)
{
	b->n = 0;
	while (!tcpstats_cursor_done(c)) {
		if (c->table == TCPSTATS_TABLE_LISTEN)
			collect_listen(net, c, b);
		else
			collect_established(net, c, b);
		if (b->n)
			return;
		cursor_next_bucket(net, c);
	}
}

void tcpstats_batch_release(struct tcpstats_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		sock_gen_put(b->sk[i]);
		tcpstats_count_sock_put();
	}
	b->n = 0;
}
