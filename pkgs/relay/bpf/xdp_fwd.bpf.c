/* relayd's XDP fast path: forward a linked peer's WireGuard datagrams in the
 * driver, before the kernel's stack sees them.
 *
 *   not UDP to the relay port                 -> XDP_PASS, not counted
 *   not WireGuard-shaped                      -> XDP_DROP, xdp_drop_not_wg_shaped
 *   handshake, unknown source, no route yet,
 *   tracing on, a family change               -> XDP_PASS, xdp_pass (userspace decides)
 *   cookie or transport from a linked peer    -> rewritten, XDP_TX or redirect, xdp_fwd_packets
 *
 * Handshakes always go up: MAC1 checks and roaming live in userspace, and
 * there are two per session. The rewrite sets what a send from the relay's
 * socket would: source = the relay's address toward the partner and its port,
 * destination = the partner's endpoint, MACs from the FIB, a fresh TTL.
 * No CO-RE: only packet memory and maps are read (the guest kernel has no BTF).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "../src/shape.h"
#include "../src/xdp_abi.h"

#define AF_INET 2
#define AF_INET6 10
#define FRESH_TTL 64

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XDP_MAX_PEERS);
	__type(key, struct xdp_ep);
	__type(value, struct xdp_fwd);
} fwd_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XDP_MAX_IFACES);
	__type(key, __u32);
	__type(value, __u32);
} tx_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xdp_conf);
} conf_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XDP_CNT__COUNT);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline int count(__u32 which, int action)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);

	if (c)
		*c += 1;
	return action;
}

/* One's-complement sum of `n` 16-bit words, folded later. */
static __always_inline __u32 sum16(const __u16 *w, int n)
{
	__u32 s = 0;

#pragma unroll
	for (int i = 0; i < n; i++)
		s += w[i];
	return s;
}

static __always_inline __u16 fold(__u32 s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)s;
}

/* RFC 1624: the checksum after `old` (n words) became `new`. */
static __always_inline __u16 csum_replace(__u16 check, const __u16 *old, const __u16 *new, int n)
{
	__u32 s = (__u16)~check;

#pragma unroll
	for (int i = 0; i < n; i++)
		s += (__u16)~old[i] + new[i];
	return ~fold(s);
}

/* The UDP payload: the shape check, and the key of its source. */
struct dgram {
	struct udphdr *udp;
	__u8 *payload;
	__u32 len;
	struct xdp_ep key;
};

static __always_inline int shaped(struct xdp_md *ctx, struct dgram *d)
{
	void *end = (void *)(long)ctx->data_end;
	__u32 len = bpf_ntohs(d->udp->len);

	d->payload = (__u8 *)(d->udp + 1);
	/* For the verifier: 6.1's loses a byte-swapped value's bounds and refuses
	 * pointer math with an unbounded one. The mask restores them, and the
	 * barrier keeps clang from dropping a mask it knows is a no-op. */
	barrier_var(len);
	len &= 0xffff;
	if (len < sizeof(*d->udp))
		return -1;
	if ((void *)d->payload + (len - sizeof(*d->udp)) > end)
		return -1; /* truncated: not ours to judge, the stack drops it */
	d->len = len - sizeof(*d->udp);
	if ((void *)(d->payload + 4) > end) /* only when shorter than 4: the verifier's proof */
		return WG_NOT_SHAPED;
	return wg_shape(d->payload, d->len);
}

/* Fills the FIB query's route and the egress MACs; 0 when the relay can send now. */
static __always_inline int route(struct xdp_md *ctx, struct bpf_fib_lookup *fib, struct ethhdr *eth)
{
	__u32 ifindex;

	fib->ifindex = ctx->ingress_ifindex;
	if (bpf_fib_lookup(ctx, fib, sizeof(*fib), 0) != BPF_FIB_LKUP_RET_SUCCESS)
		return -1; /* no route or no neighbour yet: userspace's send resolves it */
	ifindex = fib->ifindex;
	if (ifindex != ctx->ingress_ifindex && !bpf_map_lookup_elem(&tx_ports, &ifindex))
		return -1; /* egress NIC without XDP: the stack sends it */
	__builtin_memcpy(eth->h_dest, fib->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib->smac, ETH_ALEN);
	return 0;
}

static __always_inline int send(struct xdp_md *ctx, __u32 ifindex)
{
	if (ifindex == ctx->ingress_ifindex)
		return count(XDP_CNT_FWD, XDP_TX);
	count(XDP_CNT_FWD, 0);
	return bpf_redirect_map(&tx_ports, ifindex, 0);
}

static __always_inline int forward4(struct xdp_md *ctx, struct ethhdr *eth, struct iphdr *ip,
				    struct dgram *d, const struct xdp_fwd *f)
{
	struct bpf_fib_lookup fib = { .family = AF_INET, .l4_protocol = IPPROTO_UDP };
	__u16 old[6], new[6];

	__builtin_memcpy(&fib.ipv4_src, &f->src.addr[12], 4);
	__builtin_memcpy(&fib.ipv4_dst, &f->dst.addr[12], 4);
	fib.sport = f->src.port, fib.dport = f->dst.port;
	fib.tot_len = bpf_ntohs(ip->tot_len);
	if (route(ctx, &fib, eth))
		return count(XDP_CNT_PASS, XDP_PASS);
	__builtin_memcpy(old, &ip->saddr, 8);
	old[4] = d->udp->source, old[5] = d->udp->dest;
	__builtin_memcpy(&ip->saddr, &fib.ipv4_src, 4);
	__builtin_memcpy(&ip->daddr, &fib.ipv4_dst, 4);
	d->udp->source = f->src.port, d->udp->dest = f->dst.port;
	__builtin_memcpy(new, &ip->saddr, 8);
	new[4] = d->udp->source, new[5] = d->udp->dest;
	if (d->udp->check) /* zero: the sender sent none, and none is still valid */
		d->udp->check = csum_replace(d->udp->check, old, new, 6) ?: 0xffff;
	ip->ttl = FRESH_TTL;
	ip->check = 0;
	ip->check = ~fold(sum16((__u16 *)ip, sizeof(*ip) / 2));
	return send(ctx, fib.ifindex);
}

static __always_inline int forward6(struct xdp_md *ctx, struct ethhdr *eth, struct ipv6hdr *ip6,
				    struct dgram *d, const struct xdp_fwd *f)
{
	struct bpf_fib_lookup fib = { .family = AF_INET6, .l4_protocol = IPPROTO_UDP };
	__u16 old[18], new[18];

	__builtin_memcpy(fib.ipv6_src, f->src.addr, 16);
	__builtin_memcpy(fib.ipv6_dst, f->dst.addr, 16);
	fib.sport = f->src.port, fib.dport = f->dst.port;
	fib.tot_len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
	if (route(ctx, &fib, eth))
		return count(XDP_CNT_PASS, XDP_PASS);
	__builtin_memcpy(old, &ip6->saddr, 32);
	old[16] = d->udp->source, old[17] = d->udp->dest;
	__builtin_memcpy(&ip6->saddr, f->src.addr, 16);
	__builtin_memcpy(&ip6->daddr, f->dst.addr, 16);
	d->udp->source = f->src.port, d->udp->dest = f->dst.port;
	__builtin_memcpy(new, &ip6->saddr, 32);
	new[16] = d->udp->source, new[17] = d->udp->dest;
	d->udp->check = csum_replace(d->udp->check, old, new, 18) ?: 0xffff;
	ip6->hop_limit = FRESH_TTL;
	return send(ctx, fib.ifindex);
}

/* Shape, then the map: the verdict for a datagram to the relay port, or -1
 * with `*f` set: forward it. */
static __always_inline int relay_dgram(struct xdp_md *ctx, const struct xdp_conf *conf,
				       struct dgram *d, bool v4, const struct xdp_fwd **f)
{
	int type = shaped(ctx, d);

	if (type == WG_NOT_SHAPED)
		return count(XDP_CNT_DROP_NOT_WG_SHAPED, XDP_DROP);
	if (conf->pass_all || type < 0 || type == WG_INITIATION || type == WG_RESPONSE)
		return count(XDP_CNT_PASS, XDP_PASS);
	*f = bpf_map_lookup_elem(&fwd_map, &d->key);
	/* Both ends in the packet's family, or the stack re-frames it. */
	if (!*f || (*f)->v4 != v4)
		return count(XDP_CNT_PASS, XDP_PASS);
	return -1;
}

/* The configuration, when `udp` is addressed to the relay's port. */
static __always_inline const struct xdp_conf *to_relay_port(struct udphdr *udp)
{
	__u32 zero = 0;
	const struct xdp_conf *conf = bpf_map_lookup_elem(&conf_map, &zero);

	return conf && udp->dest == conf->port ? conf : NULL;
}

static __always_inline int handle4(struct xdp_md *ctx, struct ethhdr *eth, void *end)
{
	struct iphdr *ip = (void *)(eth + 1);
	const struct xdp_conf *conf;
	const struct xdp_fwd *f = NULL;
	struct dgram d = {};
	int verdict;

	if ((void *)(ip + 1) > end || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	if (ip->frag_off & bpf_htons(0x3fff)) /* a fragment: the stack reassembles */
		return XDP_PASS;
	d.udp = (void *)(ip + 1);
	if ((void *)(d.udp + 1) > end || !(conf = to_relay_port(d.udp)))
		return XDP_PASS;
	d.key.addr[10] = d.key.addr[11] = 0xff;
	__builtin_memcpy(&d.key.addr[12], &ip->saddr, 4);
	d.key.port = d.udp->source;
	verdict = relay_dgram(ctx, conf, &d, true, &f);
	return verdict >= 0 ? verdict : forward4(ctx, eth, ip, &d, f);
}

static __always_inline int handle6(struct xdp_md *ctx, struct ethhdr *eth, void *end)
{
	struct ipv6hdr *ip6 = (void *)(eth + 1);
	const struct xdp_conf *conf;
	const struct xdp_fwd *f = NULL;
	struct dgram d = {};
	int verdict;

	/* Extension headers go up: relayd's peers send plain UDP. */
	if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_UDP)
		return XDP_PASS;
	d.udp = (void *)(ip6 + 1);
	if ((void *)(d.udp + 1) > end || !(conf = to_relay_port(d.udp)))
		return XDP_PASS;
	__builtin_memcpy(d.key.addr, &ip6->saddr, 16);
	d.key.port = d.udp->source;
	verdict = relay_dgram(ctx, conf, &d, false, &f);
	return verdict >= 0 ? verdict : forward6(ctx, eth, ip6, &d, f);
}

SEC("xdp")
int relay_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		return handle4(ctx, eth, end);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return handle6(ctx, eth, end);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
