/* The XDP fast path: load the program, attach it to the --xdp-interface NICs
 * in the asked mode, keep its forwarding map in step with the link table. */
#ifndef XDP_H
#define XDP_H

#include <stdint.h>

#include "relay.h"
#include "xdp_abi.h"

struct buf;

/* Loads and attaches on every interface of cfg, logging xdp_attached or
 * xdp_attach_failed per NIC. Any failure detaches what attached and returns
 * -errno: there is no fallback to a mode that wasn't asked for. */
int xdp_open(struct xdp **out, const struct relay_config *cfg, const union sockaddr_any *bound);
void xdp_close(struct xdp *x);
/* xdp_open into r->xdp when cfg asks for XDP; logs why not when it doesn't. */
int xdp_start(struct relay *r, const struct relay_config *cfg);

/* The program's counters, summed over CPUs; zeros without XDP. */
void xdp_counters(const struct xdp *x, uint64_t out[XDP_CNT__COUNT]);
/* `,"xdp":[{"iface":…,"ifindex":…,"mode":…,"driver":…}]` for show config. */
void xdp_config_json(const struct xdp *x, struct buf *out);

/* Map sync (xdp_sync.c). The peer's entry now says what the link table says:
 * present when it is linked, absent when not. No-ops without XDP. */
void xdp_sync_peer(struct relay *r, int idx);
/* Removes the entry keyed by `ep`: call before a peer leaves a link or moves. */
void xdp_forget(struct relay *r, const union sockaddr_any *ep);

#endif
