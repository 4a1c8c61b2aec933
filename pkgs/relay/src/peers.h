/* The peer table and its endpoint index, and links between peers. */
#ifndef PEERS_H
#define PEERS_H

#include "relay.h"

enum link_result {
	LINK_OK,
	LINK_PEER_UNKNOWN,   /* wg_peer_unknown */
	LINK_SELF,           /* wg_link_self */
	LINK_DUPLICATE,      /* wg_link_duplicate */
	LINK_LIMIT_EXCEEDED, /* link_limit_exceeded: a peer already has a link */
};

bool peer_name_valid(const char *name);
int peer_add(struct relay *r, const char *name, const uint8_t pubkey[WG_KEY_LEN],
	     const union sockaddr_any *ep);
int peer_remove(struct relay *r, int idx);
int peer_find(const struct relay *r, const char *name);
int peer_by_ep(const struct relay *r, const union sockaddr_any *ep);
int peer_by_pubkey(const struct relay *r, const uint8_t pubkey[WG_KEY_LEN]);
void peer_move(struct relay *r, int idx, const union sockaddr_any *ep);

enum link_result link_add(struct relay *r, int a, int b);
int link_remove(struct relay *r, int a, int b);

#endif
