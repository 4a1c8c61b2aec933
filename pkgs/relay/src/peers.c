/* The peer table and its endpoint index, and links between peers.
 *
 * Peers live in a fixed array; their index is stable for their lifetime. The
 * endpoint index is a chained hash through peer.hash_next, so the hot path
 * finds the sender of a datagram without scanning.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "mac1.h"
#include "peers.h"
#include "xdp.h"

bool peer_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > RELAY_NAME_MAX)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-") == n;
}

static int *bucket_of(struct relay *r, const union sockaddr_any *ep)
{
	return &r->buckets[addr_hash(ep) % RELAY_HASH_BUCKETS];
}

static void index_insert(struct relay *r, int idx)
{
	int *head = bucket_of(r, &r->peers[idx].ep);

	r->peers[idx].hash_next = *head;
	*head = idx;
}

static void index_remove(struct relay *r, int idx)
{
	int *link = bucket_of(r, &r->peers[idx].ep);

	while (*link != -1 && *link != idx)
		link = &r->peers[*link].hash_next;
	if (*link == idx)
		*link = r->peers[idx].hash_next;
	r->peers[idx].hash_next = -1;
}

int peer_by_ep(const struct relay *r, const union sockaddr_any *ep)
{
	int i = r->buckets[addr_hash(ep) % RELAY_HASH_BUCKETS];

	while (i != -1 && !addr_equal(&r->peers[i].ep, ep))
		i = r->peers[i].hash_next;
	return i;
}

int peer_find(const struct relay *r, const char *name)
{
	for (int i = 0; i < RELAY_MAX_PEERS; i++)
		if (r->peers[i].used && !strcmp(r->peers[i].name, name))
			return i;
	return -ENOENT;
}

int peer_by_pubkey(const struct relay *r, const uint8_t pubkey[WG_KEY_LEN])
{
	for (int i = 0; i < RELAY_MAX_PEERS; i++)
		if (r->peers[i].used && !memcmp(r->peers[i].pubkey, pubkey, WG_KEY_LEN))
			return i;
	return -ENOENT;
}

static int free_slot(const struct relay *r)
{
	for (int i = 0; i < RELAY_MAX_PEERS; i++)
		if (!r->peers[i].used)
			return i;
	return -ENOSPC;
}

/* -EEXIST: name taken; -EADDRINUSE: endpoint taken; -EKEYREJECTED: public
 * key taken (MAC1 could not tell the two apart); -ENOSPC: table full. */
int peer_add(struct relay *r, const char *name, const uint8_t pubkey[WG_KEY_LEN],
	     const union sockaddr_any *ep)
{
	struct peer *p;
	int idx;

	if (!peer_name_valid(name))
		return -EINVAL;
	if (peer_find(r, name) >= 0)
		return -EEXIST;
	if (peer_by_pubkey(r, pubkey) >= 0)
		return -EKEYREJECTED;
	if (peer_by_ep(r, ep) >= 0)
		return -EADDRINUSE;
	idx = free_slot(r);
	if (idx < 0)
		return idx;
	p = &r->peers[idx];
	memset(p, 0, sizeof(*p));
	if (mac1_key(pubkey, p->mac1_key))
		return -EIO;
	p->used = true;
	snprintf(p->name, sizeof(p->name), "%s", name);
	memcpy(p->pubkey, pubkey, WG_KEY_LEN);
	p->ep = *ep;
	p->partner = -1;
	index_insert(r, idx);
	r->npeers++;
	return idx;
}

int peer_remove(struct relay *r, int idx)
{
	struct peer *p = &r->peers[idx];

	if (p->partner >= 0)
		link_remove(r, idx, p->partner);
	index_remove(r, idx);
	p->used = false;
	r->npeers--;
	return 0;
}

/* Roaming: the peer now sends from `ep`; its partner's XDP entry now sends there. */
void peer_move(struct relay *r, int idx, const union sockaddr_any *ep)
{
	xdp_forget(r, &r->peers[idx].ep);
	index_remove(r, idx);
	r->peers[idx].ep = *ep;
	index_insert(r, idx);
	xdp_sync_peer(r, idx);
	if (r->peers[idx].partner >= 0)
		xdp_sync_peer(r, r->peers[idx].partner);
}

enum link_result link_add(struct relay *r, int a, int b)
{
	if (a < 0 || b < 0)
		return LINK_PEER_UNKNOWN;
	if (a == b)
		return LINK_SELF;
	if (r->peers[a].partner == b)
		return LINK_DUPLICATE;
	if (r->peers[a].partner >= 0 || r->peers[b].partner >= 0)
		return LINK_LIMIT_EXCEEDED;
	r->peers[a].partner = b;
	r->peers[b].partner = a;
	r->nlinks++;
	xdp_sync_peer(r, a);
	xdp_sync_peer(r, b);
	return LINK_OK;
}

int link_remove(struct relay *r, int a, int b)
{
	if (r->peers[a].partner != b)
		return -ENOLINK;
	/* Out of the XDP map first: no datagram is forwarded after the verb answers. */
	xdp_forget(r, &r->peers[a].ep);
	xdp_forget(r, &r->peers[b].ep);
	r->peers[a].partner = -1;
	r->peers[b].partner = -1;
	r->nlinks--;
	return 0;
}
