/* The datagram path: recvmmsg a batch, classify each, sendmmsg the forwards.
 *
 * A forwarded datagram is sent from the receive buffer it arrived in, so the
 * relay never copies or changes payload bytes. With --trace-forward-hashes
 * off, tracing costs one predictable branch per batch step.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "config.h"
#include "forward.h"
#include "trace.h"

struct fwd_batch {
	struct mmsghdr rx[FWD_BATCH];
	struct iovec rx_iov[FWD_BATCH];
	union sockaddr_any from[FWD_BATCH];
	struct mmsghdr tx[FWD_BATCH];
	struct iovec tx_iov[FWD_BATCH];
	int tx_src[FWD_BATCH];
	int tx_dst[FWD_BATCH];
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
		b->tx[i].msg_hdr.msg_iov = &b->tx_iov[i];
		b->tx[i].msg_hdr.msg_iovlen = 1;
	}
	*out = b;
	return 0;
}

void fwd_batch_free(struct fwd_batch *b)
{
	free(b);
}

static void queue_tx(struct relay *r, struct fwd_batch *b, unsigned m, unsigned i,
		     const struct verdict *v)
{
	struct peer *dst = &r->peers[v->dst];

	b->tx_iov[m].iov_base = b->buf[i];
	b->tx_iov[m].iov_len = b->rx[i].msg_len;
	b->tx[m].msg_hdr.msg_name = &dst->ep;
	b->tx[m].msg_hdr.msg_namelen = dst->ep.sa.sa_family == AF_INET6
		? sizeof(dst->ep.in6) : sizeof(dst->ep.in);
	b->tx_src[m] = v->src;
	b->tx_dst[m] = v->dst;
	if (__builtin_expect(r->cfg->trace, 0))
		trace_forward("fwd_ingress", r, v->src, v->dst, b->buf[i], b->rx[i].msg_len);
}

static unsigned classify_batch(struct relay *r, struct fwd_batch *b, unsigned n)
{
	struct verdict v;
	unsigned m = 0;

	for (unsigned i = 0; i < n; i++) {
		const uint8_t *msg = b->buf[i];
		size_t len = b->rx[i].msg_len;

		/* A datagram larger than the buffer is never WireGuard-shaped:
		 * classify it as a truncated one-byte message. */
		if (b->rx[i].msg_hdr.msg_flags & MSG_TRUNC)
			len = 1;
		classify(r, &b->from[i], msg, len, &v);
		if (v.dst >= 0)
			queue_tx(r, b, m++, i, &v);
	}
	return m;
}

static void sent_ok(struct relay *r, struct fwd_batch *b, unsigned k)
{
	r->c.fwd_packets++;
	r->peers[b->tx_src[k]].c.fwd_packets++;
	if (__builtin_expect(r->cfg->trace, 0))
		trace_forward("fwd_egress", r, b->tx_src[k], b->tx_dst[k],
			      b->tx_iov[k].iov_base, b->tx_iov[k].iov_len);
}

/* Send tx[0..m); a datagram the kernel refuses counts in tx_errors and the
 * rest of the batch still goes out. */
static void send_batch(struct relay *r, int fd, struct fwd_batch *b, unsigned m)
{
	unsigned done = 0;

	while (done < m) {
		int k = sendmmsg(fd, b->tx + done, m - done, 0);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			r->c.tx_errors++;
			done++;
			continue;
		}
		for (int j = 0; j < k; j++)
			sent_ok(r, b, done + (unsigned)j);
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
		unsigned m;

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? total : -errno;
		m = classify_batch(r, b, (unsigned)n);
		if (m)
			send_batch(r, fd, b, m);
		total += n;
		if (n < FWD_BATCH)
			break;
	}
	return total;
}
