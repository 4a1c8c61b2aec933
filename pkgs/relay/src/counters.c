/* Drop counters: aggregate, per peer, and per source IP (bounded, FIFO).
 *
 * Drops from a known peer's endpoint are pinned on that peer. Drops from any
 * other source are kept per source IP, in a table of RELAY_SRC_CAP entries:
 * a flood from spoofed addresses evicts the oldest entry instead of growing
 * the table. Lookup is a linear scan; the table is small and only drops use it.
 */
#include <string.h>

#include "addr.h"
#include "counters.h"

const char *const drop_names[DROP__COUNT] = {
	[DROP_UNKNOWN_SRC] = "drop_unknown_src",
	[DROP_NOT_WG_SHAPED] = "drop_not_wg_shaped",
	[DROP_NO_LINK] = "drop_no_link",
	[DROP_PUBKEY_MISMATCH] = "drop_pubkey_mismatch",
	[DROP_HANDSHAKE_NO_PUBKEY_MATCH] = "drop_handshake_no_pubkey_match",
};

void count_peer_drop(struct relay *r, int peer, enum drop_class d)
{
	r->c.drops[d]++;
	r->peers[peer].c.drops[d]++;
}

/* Entry i in age order: 0 is the oldest. */
const struct src_entry *src_table_at(const struct src_table *t, unsigned i)
{
	unsigned first = t->count < RELAY_SRC_CAP ? 0 : t->head;

	return &t->e[(first + i) % RELAY_SRC_CAP];
}

static struct src_entry *src_lookup(struct src_table *t, const union sockaddr_any *ip)
{
	for (unsigned i = 0; i < t->count; i++)
		if (addr_ip_equal(&t->e[i].ip, ip))
			return &t->e[i];
	return NULL;
}

static struct src_entry *src_insert(struct src_table *t, const union sockaddr_any *ip)
{
	struct src_entry *e = &t->e[t->head];

	if (t->count == RELAY_SRC_CAP)
		t->evictions++;
	else
		t->count++;
	t->head = (t->head + 1) % RELAY_SRC_CAP;
	memset(e, 0, sizeof(*e));
	e->ip = *ip;
	return e;
}

void count_src_drop(struct relay *r, const union sockaddr_any *src, enum drop_class d)
{
	union sockaddr_any ip = *src;
	struct src_entry *e;

	r->c.drops[d]++;
	if (ip.sa.sa_family == AF_INET6)
		ip.in6.sin6_port = 0, ip.in6.sin6_flowinfo = 0;
	else
		ip.in.sin_port = 0;
	e = src_lookup(&r->src, &ip);
	if (!e)
		e = src_insert(&r->src, &ip);
	e->drops[d]++;
	e->last_seen = r->now;
}
