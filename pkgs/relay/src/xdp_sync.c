/* The XDP forwarding map, kept in step with the link table.
 *
 * An entry is keyed by a linked peer's endpoint and says where its datagrams
 * go. peers.c calls in at every change: link add writes both entries; link
 * remove, peer remove and a roam delete the old entries *before* the table
 * changes, so from the moment a verb answers, no datagram from or to a peer
 * that left a link is forwarded in XDP (one already inside the program when
 * the entry goes finishes on the old entry, as a userspace batch would).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "addr.h"
#include "log.h"
#include "xdp.h"
#include "xdp_map.h"

static void ep_key(const union sockaddr_any *a, struct xdp_ep *k)
{
	memset(k, 0, sizeof(*k));
	if (a->sa.sa_family == AF_INET6) {
		memcpy(k->addr, &a->in6.sin6_addr, 16);
		k->port = a->in6.sin6_port;
		return;
	}
	k->addr[10] = k->addr[11] = 0xff;
	memcpy(&k->addr[12], &a->in.sin_addr, 4);
	k->port = a->in.sin_port;
}

static bool addr_is_wildcard(const union sockaddr_any *a)
{
	if (a->sa.sa_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(&a->in6.sin6_addr);
	return a->in.sin_addr.s_addr == htonl(INADDR_ANY);
}

static bool is_v4(const struct xdp_ep *k)
{
	static const uint8_t prefix[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(k->addr, prefix, sizeof(prefix));
}

/* The address a send from the relay's socket to `dst` leaves from: the bound
 * one, or for a wildcard the kernel's pick (a connected UDP socket's name). */
static int source_for(const struct xdp *x, const struct xdp_ep *dst, struct xdp_ep *src)
{
	union sockaddr_any to = { 0 }, from = x->bound;
	socklen_t len = sizeof(from);
	int fd, ret = 0;

	if (!addr_is_wildcard(&x->bound)) {
		ep_key(&x->bound, src);
		return 0;
	}
	if (is_v4(dst)) {
		to.in.sin_family = AF_INET;
		memcpy(&to.in.sin_addr, &dst->addr[12], 4);
		to.in.sin_port = dst->port;
	} else {
		to.in6.sin6_family = AF_INET6;
		memcpy(&to.in6.sin6_addr, dst->addr, 16);
		to.in6.sin6_port = dst->port;
	}
	fd = socket(to.sa.sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, &to.sa, addr_len(&to)) || getsockname(fd, &from.sa, &len))
		ret = -errno;
	if (fd >= 0)
		close(fd);
	ep_key(&from, src);
	src->port = addr_port(&x->bound);
	return ret;
}

void xdp_forget(struct relay *r, const union sockaddr_any *ep)
{
	struct xdp_ep key;

	if (!r->xdp)
		return;
	ep_key(ep, &key);
	if (bpf_map_delete_elem(r->xdp->fwd_fd, &key) && errno != ENOENT)
		log_warn("xdp_map_failed", "op=delete reason=\"%s\"", strerror(errno));
}

void xdp_sync_peer(struct relay *r, int idx)
{
	const struct peer *p = &r->peers[idx];
	struct xdp_ep key;
	struct xdp_fwd fwd;
	int ret;

	if (!r->xdp)
		return;
	if (p->partner < 0) {
		xdp_forget(r, &p->ep);
		return;
	}
	ep_key(&p->ep, &key);
	ep_key(&r->peers[p->partner].ep, &fwd.dst);
	ret = source_for(r->xdp, &fwd.dst, &fwd.src);
	/* 2: one end each, which XDP can't re-frame; the stack forwards those. */
	fwd.v4 = is_v4(&key) == is_v4(&fwd.dst) ? is_v4(&key) : 2;
	if (!ret)
		ret = bpf_map_update_elem(r->xdp->fwd_fd, &key, &fwd, BPF_ANY) ? -errno : 0;
	/* Without an entry the peer's datagrams take the userspace path: slower, still right. */
	if (ret)
		log_warn("xdp_map_failed", "op=update peer=%s reason=\"%s\"", p->name, strerror(-ret));
}
