/* The datagram path: recvmmsg a batch, classify each, sendmmsg the forwards.
 *
 * A forwarded datagram is sent from the receive buffer it arrived in, so the
 * relay never copies or changes payload bytes. Runs of equal-sized datagrams
 * to the same peer go out as one UDP GSO (UDP_SEGMENT) message: the kernel
 * splits it back into exactly those datagrams, and the relay pays for one
 * trip down the stack instead of one per datagram. With --trace-forward-hashes
 * off, tracing costs one predictable branch per batch step.
 */
#include <errno.h>
#include <netinet/udp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "config.h"
#include "forward.h"
#include "log.h"
#include "trace.h"

struct fwd_batch {
	struct mmsghdr rx[FWD_BATCH];
	struct iovec rx_iov[FWD_BATCH];
	union sockaddr_any from[FWD_BATCH];
	/* Datagrams to forward, in arrival order, and the groups they are sent
	 * in: a group is a run of equal-sized datagrams to one peer, sent as one
	 * UDP GSO message whose segments are exactly those datagrams. */
	struct iovec tx_iov[FWD_BATCH];
	int tx_src[FWD_BATCH], tx_dst[FWD_BATCH];
	unsigned ntx;
	struct mmsghdr grp[FWD_BATCH];
	unsigned grp_first[FWD_BATCH];
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(uint16_t))];
	} grp_cmsg[FWD_BATCH];
	unsigned ngrp;
	size_t grp_bytes;
	bool no_gso; /* the kernel refused UDP_SEGMENT once: send one by one */
	uint8_t buf[FWD_BATCH][FWD_MAX_DGRAM];
};

int fwd_batch_new(struct fwd_batch **out)
{
	struct fwd_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return -ENOMEM;
	for (int i = 0; i < FWD_BATCH; i++) {
		b->rx_iov[i].iov_base = b->buf[i];
		b->rx_iov[i].iov_len = FWD_MAX_DGRAM;
		b->rx[i].msg_hdr.msg_iov = &b->rx_iov[i];
		b->rx[i].msg_hdr.msg_iovlen = 1;
	}
	*out = b;
	return 0;
}

void fwd_batch_free(struct fwd_batch *b)
{
	free(b);
}

static bool joins_group(const struct fwd_batch *b, int dst, size_t len)
{
	const struct msghdr *g = &b->grp[b->ngrp - 1].msg_hdr;

	return !b->no_gso && b->tx_dst[b->grp_first[b->ngrp - 1]] == dst &&
	       g->msg_iov[0].iov_len == len && g->msg_iovlen < FWD_GSO_SEGMENTS &&
	       b->grp_bytes + len <= FWD_GSO_BYTES;
}

static void open_group(struct relay *r, struct fwd_batch *b, int dst)
{
	struct msghdr *g = &b->grp[b->ngrp].msg_hdr;
	const union sockaddr_any *ep = &r->peers[dst].ep;

	memset(g, 0, sizeof(*g));
	g->msg_name = (void *)ep;
	g->msg_namelen = ep->sa.sa_family == AF_INET6 ? sizeof(ep->in6) : sizeof(ep->in);
	g->msg_iov = &b->tx_iov[b->ntx];
	b->grp_first[b->ngrp++] = b->ntx;
	b->grp_bytes = 0;
}

static void queue_tx(struct relay *r, struct fwd_batch *b, unsigned i, const struct verdict *v)
{
	size_t len = b->rx[i].msg_len;

	if (!b->ngrp || !joins_group(b, v->dst, len))
		open_group(r, b, v->dst);
	b->grp[b->ngrp - 1].msg_hdr.msg_iovlen++;
	b->grp_bytes += len;
	b->tx_iov[b->ntx] = (struct iovec){ b->buf[i], len };
	b->tx_src[b->ntx] = v->src;
	b->tx_dst[b->ntx++] = v->dst;
	if (__builtin_expect(r->cfg->trace, 0))
		trace_forward("fwd_ingress", r, v->src, v->dst, b->buf[i], len);
#ifdef RELAYD_TEST_CORRUPT
	/* A deliberately broken build for vmgate's own tests: the relay smoke
	 * must catch a relay that changes what it forwards. Never in a release. */
	b->buf[i][len - 1] ^= 0x01;
#endif
}

/* Groups of more than one datagram carry their segment size. */
static void seal_groups(struct fwd_batch *b)
{
	for (unsigned g = 0; g < b->ngrp; g++) {
		struct msghdr *m = &b->grp[g].msg_hdr;
		struct cmsghdr *c;

		if (m->msg_iovlen < 2)
			continue;
		m->msg_control = b->grp_cmsg[g].buf;
		m->msg_controllen = sizeof(b->grp_cmsg[g].buf);
		c = CMSG_FIRSTHDR(m);
		c->cmsg_level = SOL_UDP;
		c->cmsg_type = UDP_SEGMENT;
		c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
		*(uint16_t *)(void *)CMSG_DATA(c) = (uint16_t)m->msg_iov[0].iov_len;
	}
}

static void classify_batch(struct relay *r, struct fwd_batch *b, unsigned n)
{
	struct verdict v;

	b->ntx = b->ngrp = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t len = b->rx[i].msg_len;

		/* A datagram larger than the buffer is never WireGuard-shaped:
		 * classify it as a truncated one-byte message. */
		if (b->rx[i].msg_hdr.msg_flags & MSG_TRUNC)
			len = 1;
		classify(r, &b->from[i], b->buf[i], len, &v);
		if (v.dst >= 0)
			queue_tx(r, b, i, &v);
	}
	seal_groups(b);
}

static void sent_one(struct relay *r, struct fwd_batch *b, unsigned d)
{
	r->c.fwd_packets++;
	r->peers[b->tx_src[d]].c.fwd_packets++;
	if (__builtin_expect(r->cfg->trace, 0))
		trace_forward("fwd_egress", r, b->tx_src[d], b->tx_dst[d], b->tx_iov[d].iov_base,
			      b->tx_iov[d].iov_len);
}

static void sent_group(struct relay *r, struct fwd_batch *b, unsigned g)
{
	unsigned first = b->grp_first[g], n = (unsigned)b->grp[g].msg_hdr.msg_iovlen;

	for (unsigned d = first; d < first + n; d++)
		sent_one(r, b, d);
}

/* The kernel refused a group. A plain datagram counts in tx_errors. A GSO
 * group is resent one datagram at a time: EINVAL is about this group (its
 * segments don't fit the route's MTU), anything else means the route or the
 * kernel can't do UDP GSO, so relayd stops trying. */
static void send_failed(struct relay *r, int fd, struct fwd_batch *b, unsigned g, int err)
{
	struct msghdr m = b->grp[g].msg_hdr;
	unsigned first = b->grp_first[g], n = (unsigned)m.msg_iovlen;

	if (n < 2) {
		r->c.tx_errors++;
		return;
	}
	if (err != EINVAL && !b->no_gso) {
		log_warn("gso_disabled", "reason=\"%s\"", strerror(err));
		b->no_gso = true;
	}
	m.msg_control = NULL;
	m.msg_controllen = 0;
	m.msg_iovlen = 1;
	for (unsigned d = first; d < first + n; d++) {
		m.msg_iov = &b->tx_iov[d];
		if (sendmsg(fd, &m, 0) < 0)
			r->c.tx_errors++;
		else
			sent_one(r, b, d);
	}
}

/* Send every group; one the kernel refuses doesn't hold up the rest. */
static void send_batch(struct relay *r, int fd, struct fwd_batch *b)
{
	unsigned done = 0;

	while (done < b->ngrp) {
		int k = sendmmsg(fd, b->grp + done, b->ngrp - done, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			send_failed(r, fd, b, done++, errno);
			continue;
		}
		for (int j = 0; j < k; j++)
			sent_group(r, b, done + (unsigned)j);
		done += (unsigned)k;
	}
}

static int recv_batch(int fd, struct fwd_batch *b)
{
	for (int i = 0; i < FWD_BATCH; i++) {
		b->rx[i].msg_hdr.msg_name = &b->from[i];
		b->rx[i].msg_hdr.msg_namelen = sizeof(b->from[i]);
		b->rx[i].msg_hdr.msg_flags = 0;
	}
	return recvmmsg(fd, b->rx, FWD_BATCH, MSG_DONTWAIT, NULL);
}

/* Relay until the socket is empty or `max_batches` batches were handled.
 * Returns the number of datagrams received, or -errno. */
int forward_drain(struct relay *r, int fd, struct fwd_batch *b, unsigned max_batches)
{
	int total = 0;

	r->now = (uint64_t)time(NULL);
	for (unsigned batch = 0; batch < max_batches; batch++) {
		int n = recv_batch(fd, b);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? total : -errno;
		classify_batch(r, b, (unsigned)n);
		if (b->ngrp)
			send_batch(r, fd, b);
		total += n;
		if (n < FWD_BATCH)
			break;
	}
	return total;
}
