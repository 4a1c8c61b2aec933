/* The per-datagram decision: forward to a peer, or drop with a named class.
 *
 *   known peer's endpoint:  not WireGuard-shaped   -> drop_not_wg_shaped (peer)
 *                           no link                -> drop_no_link (peer)
 *                           --verify-mac1 and a handshake whose MAC1 is not
 *                           for the partner        -> drop_pubkey_mismatch (peer)
 *                           otherwise              -> forward to the partner
 *   any other source:       not WireGuard-shaped   -> drop_not_wg_shaped (source)
 *                           initiation whose MAC1 matches a linked peer's key:
 *                           that peer's partner roamed here; forward
 *                           initiation, no match   -> drop_handshake_no_pubkey_match
 *                           anything else          -> drop_unknown_src (source)
 *
 * It updates every counter except fwd_packets, which forward.c bumps once the
 * kernel has taken the datagram.
 */
#include "addr.h"
#include "classify.h"
#include "config.h"
#include "counters.h"
#include "log.h"
#include "mac1.h"
#include "peers.h"
#include "shape.h"

static void drop_peer(struct relay *r, struct verdict *v, enum drop_class d)
{
	v->dst = -1;
	v->drop = d;
	count_peer_drop(r, v->src, d);
}

static void drop_src(struct relay *r, const union sockaddr_any *from, struct verdict *v,
		     enum drop_class d)
{
	v->dst = -1;
	v->drop = d;
	count_src_drop(r, from, d);
}

static void from_peer(struct relay *r, enum wg_type type, const uint8_t *msg, size_t len,
		      struct verdict *v)
{
	const struct peer *p = &r->peers[v->src];

	r->peers[v->src].c.rx_packets++;
	if (type == WG_NOT_SHAPED)
		drop_peer(r, v, DROP_NOT_WG_SHAPED);
	else if (p->partner < 0)
		drop_peer(r, v, DROP_NO_LINK);
	else if (r->cfg->verify_mac1 && (type == WG_INITIATION || type == WG_RESPONSE) &&
		 !mac1_valid(r->mac1, r->peers[p->partner].mac1_key, msg, len))
		drop_peer(r, v, DROP_PUBKEY_MISMATCH);
	else
		v->dst = p->partner;
}

/* The responder a handshake initiation is addressed to, among linked peers. */
static int initiation_target(struct relay *r, const uint8_t *msg, size_t len)
{
	for (int i = 0; i < RELAY_MAX_PEERS; i++) {
		const struct peer *p = &r->peers[i];

		if (p->used && p->partner >= 0 && mac1_valid(r->mac1, p->mac1_key, msg, len))
			return i;
	}
	return -1;
}

static void roam(struct relay *r, int initiator, const union sockaddr_any *from)
{
	char was[ADDR_STRLEN], now[ADDR_STRLEN];

	log_info("roam", "peer=%s from=%s to=%s", r->peers[initiator].name,
		 addr_str(&r->peers[initiator].ep, was), addr_str(from, now));
	peer_move(r, initiator, from);
	r->c.roams++;
	r->peers[initiator].c.roams++;
}

static void from_unknown(struct relay *r, const union sockaddr_any *from, enum wg_type type,
			 const uint8_t *msg, size_t len, struct verdict *v)
{
	int responder;

	if (type == WG_NOT_SHAPED) {
		drop_src(r, from, v, DROP_NOT_WG_SHAPED);
		return;
	}
	if (type != WG_INITIATION) {
		drop_src(r, from, v, DROP_UNKNOWN_SRC);
		return;
	}
	responder = initiation_target(r, msg, len);
	if (responder < 0) {
		drop_src(r, from, v, DROP_HANDSHAKE_NO_PUBKEY_MATCH);
		return;
	}
	v->src = r->peers[responder].partner;
	roam(r, v->src, from);
	r->peers[v->src].c.rx_packets++;
	v->dst = responder;
}

void classify(struct relay *r, const union sockaddr_any *from, const uint8_t *msg,
	      size_t len, struct verdict *v)
{
	enum wg_type type = wg_shape(msg, len);

	r->c.rx_packets++;
	v->src = peer_by_ep(r, from);
	v->dst = -1;
	if (v->src >= 0)
		from_peer(r, type, msg, len, v);
	else
		from_unknown(r, from, type, msg, len, v);
}
