/* relayd's XDP state, shared by the loader (xdp.c) and the map sync (xdp_sync.c). */
#ifndef XDP_MAP_H
#define XDP_MAP_H

#include <net/if.h>

#include "config.h"
#include "xdp_abi.h"

struct xdp_nic {
	char name[IF_NAMESIZE];
	int ifindex;
	char driver[64];
	enum xdp_mode mode; /* drv or skb: what it got */
	unsigned flags;     /* the attach flags, for the detach */
};

struct xdp {
	struct bpf_object *obj;
	int prog_fd, fwd_fd, tx_fd, conf_fd, cnt_fd;
	union sockaddr_any bound; /* the relay's socket: its port, and its address if not a wildcard */
	struct xdp_nic nics[RELAY_MAX_XDP_IFACES];
	unsigned nnics;
};

#endif
