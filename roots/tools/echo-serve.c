/*
 * udp-echo serve: takes the payload in order, once. A datagram that comes early (one
 * before it was lost or overtaken) is held until those before it are in, up to WINDOW
 * ahead; one already taken is a repeat (its echo was lost). Both are echoed. Once the
 * end is taken it stays for a bye, or LINGER_MS of quiet, re-echoing a repeated end.
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

#define LINGER_MS 2000

struct held {
	uint8_t d[CHUNK];
	size_t len;
	bool full;
};

/* What the server has taken in, in order: bytes, hash, and whether they are the payload. */
struct intake {
	struct payload expect;
	struct sha256 got;
	struct held ahead[WINDOW];
	uint64_t bytes;
	uint32_t next, repeats, early;
	bool differs, ended;
};

/* Takes the next datagram's payload of n bytes (none: the end). */
static void take_next(struct intake *in, const uint8_t *data, size_t n)
{
	uint8_t want[CHUNK];

	in->ended = n == 0;
	if (payload_read(&in->expect, want, n) != n || memcmp(data, want, n))
		in->differs = true;
	sha256_update(&in->got, data, n);
	in->bytes += n;
	in->next++;
}

/* Counts datagram d of n bytes in; true if it is to be echoed. */
static bool take(struct intake *in, const uint8_t *d, size_t n)
{
	uint32_t i = echo_index(d);
	struct held *h = &in->ahead[i % WINDOW];

	if (i - in->next >= WINDOW || in->ended) {
		in->repeats += i < in->next;
		return i < in->next;
	}
	if (h->full) {
		in->repeats++;
		return true;
	}
	in->early += i != in->next;
	memcpy(h->d, d + HEADER, n - HEADER);
	h->len = n - HEADER;
	h->full = true;
	for (h = &in->ahead[in->next % WINDOW]; h->full && !in->ended; h = &in->ahead[in->next % WINDOW]) {
		h->full = false;
		take_next(in, h->d, h->len);
	}
	return true;
}

/* The server's verdict, printed; 0 if what arrived is the payload. */
static int judge(struct intake *in, unsigned long count, double seconds)
{
	char got[SHA256_HEX], expected[SHA256_HEX];
	uint8_t digest[SHA256_LEN], rest;

	sha256_final(&in->got, digest);
	sha256_hex(digest, got);
	payload_sha256_hex(count, expected);
	if (in->differs || payload_read(&in->expect, &rest, 1) || strcmp(got, expected)) {
		fprintf(stderr, "udp-echo serve: sha256 mismatch: received %llu bytes with sha256 %s, expected %llu with %s\n",
			(unsigned long long)in->bytes, got, (unsigned long long)payload_size(count), expected);
		return 1;
	}
	printf("udp-echo serve: received %llu bytes in %u datagrams (%u repeated, %u early) in %.2f s, sha256 %s, as expected\n",
		(unsigned long long)in->bytes, in->next - 1, in->repeats, in->early, seconds, got);
	return 0;
}

/* Echoes and takes datagrams until the end and a bye (or quiet). 0 or -errno. */
static int serve_loop(int fd, struct intake *in, double *start)
{
	uint8_t d[DATAGRAM];

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_storage from;
		socklen_t len = sizeof(from);
		ssize_t n;

		if (in->ended && poll(&p, 1, LINGER_MS) == 0)
			return 0;
		n = recvfrom(fd, d, sizeof(d), 0, (struct sockaddr *)&from, &len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n < HEADER)
			return -EPROTO;
		*start = *start ? *start : net_now();
		if (in->ended && echo_index(d) == BYE)
			return 0;
		if (take(in, d, (size_t)n) && sendto(fd, d, (size_t)n, 0, (struct sockaddr *)&from, len) < 0)
			return -errno;
	}
}

int echo_serve(int argc, char **argv)
{
	struct intake in = { 0 };
	struct cli_ends ends;
	double start = 0;
	int fd, err;

	if (argc != 4)
		return cli_usage();
	if ((err = cli_ends(argv, false, &ends)) != 0)
		return err;
	if ((fd = net_bind_any(SOCK_DGRAM, ends.port)) < 0) {
		fprintf(stderr, "udp-echo serve: cannot listen on port %u: %s\n", ends.port, strerror(-fd));
		return 1;
	}
	payload_init(&in.expect, ends.count);
	sha256_init(&in.got);
	if ((err = serve_loop(fd, &in, &start)) < 0) {
		fprintf(stderr, "udp-echo serve: on port %u after %llu bytes: %s\n", ends.port, (unsigned long long)in.bytes,
			err == -EPROTO ? "a datagram shorter than its index" : strerror(-err));
		return 1;
	}
	return judge(&in, ends.count, net_now() - start);
}
