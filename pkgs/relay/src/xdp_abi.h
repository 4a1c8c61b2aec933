/* What relayd's XDP program and its loader share: map layouts and counters.
 *
 * The forwarding map mirrors the userspace link table: a linked peer's
 * endpoint (the source address and port of its datagrams) maps to where they
 * go. The one-link-per-peer invariant is what lets the source alone be the key.
 * IPv4 addresses are stored v4-mapped (::ffff:a.b.c.d), as a dual-stack relayd
 * keeps them, so one key type serves both families.
 */
#ifndef XDP_ABI_H
#define XDP_ABI_H

#include <linux/types.h>

#define XDP_MAX_PEERS 1024 /* RELAY_MAX_PEERS: every peer can be linked */
#define XDP_MAX_IFACES 8

struct xdp_ep {
	__u8 addr[16]; /* IPv6, or IPv4 v4-mapped */
	__be16 port;
	__u16 pad; /* zero: keys are compared as bytes */
};

/* Where a linked peer's datagrams go, and where the relay sends them from. */
struct xdp_fwd {
	struct xdp_ep dst; /* the partner's endpoint */
	struct xdp_ep src; /* the relay's address toward the partner, and its port */
	__u32 v4; /* 1: both IPv4, 0: both IPv6 (the packet's family must match), 2: mixed */
};

struct xdp_conf {
	__be16 port; /* the relay's UDP port: only datagrams to it are looked at */
	__u16 pass_all; /* --trace-forward-hashes: every datagram goes up to userspace */
};

enum xdp_counter {
	XDP_CNT_FWD,              /* rewritten and sent out in XDP */
	XDP_CNT_PASS,             /* a datagram to the relay port, passed up to userspace */
	XDP_CNT_DROP_NOT_WG_SHAPED, /* to the relay port, not WireGuard-shaped: dropped */
	XDP_CNT__COUNT
};

#endif
