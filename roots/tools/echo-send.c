/*
 * udp-echo send: up to WINDOW datagrams in flight. Each echo must equal what was sent
 * under its index; echoes are hashed in order as the oldest in flight (base) comes
 * back. Base is sent again at once when LATER echoes of those after it come first (it
 * was likely lost), and everything not yet echoed is when base's echo is WAIT_MS late;
 * after TRIES sends of one base the sender gives up.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "echo.h"
#include "net.h"
#include "payload.h"

#define TRIES 5
#define LATER 3
#define WAIT_MS 1000
#define STR_(x) #x
#define STR(x) STR_(x)

struct slot {
	uint8_t d[DATAGRAM];
	size_t len;
	bool echoed;
};

/* The sender: what is in flight, and the bytes echoed so far with their hashes. */
struct outflow {
	struct payload payload;
	struct sha256 sent, echoed;
	struct slot slots[WINDOW];
	uint64_t bytes;
	uint32_t base, next, resent, bad;
	int tries, later;
	bool end_sent;
	double due;
};

/* A refusal is an ICMP answer to an earlier datagram (the server was not up yet): a loss. */
static int send_one(int fd, const struct slot *s)
{
	return send(fd, s->d, s->len, 0) < 0 && errno != ECONNREFUSED ? -errno : 0;
}

/* Sends the next datagrams until WINDOW are in flight or the end is out. 0 or -errno. */
static int fill(int fd, struct outflow *o)
{
	while (!o->end_sent && o->next - o->base < WINDOW) {
		struct slot *s = &o->slots[o->next % WINDOW];
		size_t n = payload_read(&o->payload, s->d + HEADER, CHUNK);
		int err;

		echo_put_index(s->d, o->next++);
		s->len = HEADER + n;
		s->echoed = false;
		o->end_sent = n == 0;
		sha256_update(&o->sent, s->d + HEADER, n);
		if ((err = send_one(fd, s)) < 0)
			return err;
	}
	return 0;
}

/* Sends again everything in flight not yet echoed; -ETIMEDOUT once base has had TRIES sends. */
static int resend(int fd, struct outflow *o)
{
	if (++o->tries >= TRIES)
		return -ETIMEDOUT;
	for (uint32_t i = o->base; i != o->next; i++) {
		struct slot *s = &o->slots[i % WINDOW];
		int err;

		if (s->echoed)
			continue;
		if ((err = send_one(fd, s)) < 0)
			return err;
		o->resent++;
	}
	o->due = net_now() + WAIT_MS / 1000.0;
	return 0;
}

/* Sends base again, ahead of its timeout. 0 or -errno. */
static int resend_base(int fd, struct outflow *o)
{
	int err = send_one(fd, &o->slots[o->base % WINDOW]);

	o->resent += err == 0;
	return err;
}

/* Takes an echo of n bytes: late ones are skipped; -EBADMSG if it is not what was sent. */
static int take_echo(int fd, struct outflow *o, const uint8_t *back, size_t n)
{
	uint32_t i = echo_index(back);
	struct slot *s = &o->slots[i % WINDOW];

	if (i - o->base >= o->next - o->base)
		return 0;
	if (n != s->len || memcmp(back, s->d, n)) {
		o->bad = i;
		return -EBADMSG;
	}
	if (s->echoed)
		return 0;
	s->echoed = true;
	if (i != o->base)
		return ++o->later == LATER ? resend_base(fd, o) : 0;
	for (; o->base != o->next && s->echoed; s = &o->slots[++o->base % WINDOW]) {
		sha256_update(&o->echoed, s->d + HEADER, s->len - HEADER);
		o->bytes += s->len - HEADER;
	}
	o->tries = o->later = 0;
	o->due = net_now() + WAIT_MS / 1000.0;
	return 0;
}

/* Waits for one echo, or resends when base's is overdue. 0 or -errno. */
static int step(int fd, struct outflow *o)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int left = (int)((o->due - net_now()) * 1000), ready;
	uint8_t back[DATAGRAM];
	ssize_t n;

	ready = left > 0 ? poll(&p, 1, left) : 0;
	if (ready < 0)
		return errno == EINTR ? 0 : -errno;
	if (ready == 0)
		return net_now() >= o->due ? resend(fd, o) : 0;
	n = recv(fd, back, sizeof(back), 0);
	return n >= HEADER ? take_echo(fd, o, back, (size_t)n) : 0;
}

/* Sends the payload and the end, each echoed, then bye. 0 or -errno. */
static int send_loop(int fd, struct outflow *o)
{
	uint8_t bye[HEADER];
	int err;

	o->due = net_now() + WAIT_MS / 1000.0;
	while (!(o->end_sent && o->base == o->next))
		if ((err = fill(fd, o)) < 0 || (err = step(fd, o)) < 0)
			return err;
	echo_put_index(bye, BYE);
	send(fd, bye, HEADER, 0);
	return 0;
}

static int failed(const struct cli_ends *ends, const struct outflow *o, int err)
{
	uint32_t index = err == -EBADMSG ? o->bad : o->base;

	fprintf(stderr, "udp-echo send: datagram %u (after %llu bytes echoed) to %s port %u: %s\n", index, (unsigned long long)o->bytes, ends->host, ends->port,
		err == -EBADMSG ? "its echo differs from what was sent" : err == -ETIMEDOUT ? "no echo after " STR(TRIES) " tries" : strerror(-err));
	return 1;
}

int echo_send(int argc, char **argv)
{
	char sent[SHA256_HEX], echoed[SHA256_HEX];
	uint8_t digest[SHA256_LEN];
	struct outflow o = { 0 };
	struct cli_ends ends;
	double start;
	int fd, err;

	if (argc != 5)
		return cli_usage();
	if ((err = cli_ends(argv, true, &ends)) != 0)
		return err;
	if ((fd = net_connect(SOCK_DGRAM, &ends.addr, 0)) < 0) {
		fprintf(stderr, "udp-echo send: cannot reach %s port %u: %s\n", ends.host, ends.port, strerror(-fd));
		return 1;
	}
	payload_init(&o.payload, ends.count);
	sha256_init(&o.sent);
	sha256_init(&o.echoed);
	start = net_now();
	if ((err = send_loop(fd, &o)) < 0)
		return failed(&ends, &o, err);
	sha256_final(&o.sent, digest);
	sha256_hex(digest, sent);
	sha256_final(&o.echoed, digest);
	sha256_hex(digest, echoed);
	if (strcmp(sent, echoed)) {
		fprintf(stderr, "udp-echo send: sha256 mismatch: sent %s, echoed %s\n", sent, echoed);
		return 1;
	}
	printf("udp-echo send: %llu bytes echoed in %.2f s (%u resent), sha256 %s, as sent\n", (unsigned long long)o.bytes, net_now() - start, o.resent, sent);
	return 0;
}
