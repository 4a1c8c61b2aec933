/*
 * tcp-xfer: a TCP transfer checked with SHA-256 on both ends, hashed as it streams.
 *
 *   tcp-xfer sink PORT COUNT               accept one connection on PORT, read the payload
 *                                          to its end, check it, send its SHA-256 back
 *   tcp-xfer source HOST PORT COUNT [WAIT] connect (retrying for WAIT seconds, 10 if not
 *                                          given), send the payload, half-close, check the
 *                                          SHA-256 the sink sends back
 *
 * The payload is what `seq 1 COUNT` prints (payload.h); the sink's answer is its hex
 * SHA-256 and a newline. Each end prints one line with bytes, SHA-256 and seconds. A
 * short or different transfer, or a hash that disagrees, is one line on stderr and exit 1.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli.h"
#include "net.h"
#include "payload.h"
#include "sha256.h"

#define CHUNK 65536
#define DEFAULT_WAIT_S 10
#define REPLY_WAIT_S 30

/* What the sink has taken in: its hash, and where it first left the expected payload. */
struct intake {
	struct payload expect;
	struct sha256 got;
	uint64_t bytes, first_diff;
	bool differs;
};

static void intake_add(struct intake *in, const uint8_t *buf, size_t n)
{
	static uint8_t want[CHUNK];
	size_t m = payload_read(&in->expect, want, n), i = 0;

	if (!in->differs && (m < n || memcmp(buf, want, n))) {
		while (i < m && buf[i] == want[i])
			i++;
		in->differs = true;
		in->first_diff = in->bytes + i;
	}
	sha256_update(&in->got, buf, n);
	in->bytes += n;
}

/* Reads the connection to its end into in. 0 or -errno. */
static int take_all(int fd, struct intake *in)
{
	static uint8_t buf[CHUNK];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf), 0)) != 0) {
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			intake_add(in, buf, (size_t)n);
	}
	return 0;
}

/* The sink's verdict on what arrived, printed; 0 if it is the payload. */
static int judge(const struct intake *in, uint64_t size, const char *got, const char *expected, double seconds)
{
	if (in->bytes < size) {
		fprintf(stderr, "tcp-xfer sink: short transfer: received %llu of %llu bytes\n", (unsigned long long)in->bytes, (unsigned long long)size);
		return 1;
	}
	if (in->differs || strcmp(got, expected)) {
		fprintf(stderr, "tcp-xfer sink: sha256 mismatch: received %llu bytes with sha256 %s, expected %llu with %s; first difference at byte %llu\n",
			(unsigned long long)in->bytes, got, (unsigned long long)size, expected, (unsigned long long)in->first_diff);
		return 1;
	}
	printf("tcp-xfer sink: received %llu bytes in %.2f s, sha256 %s, as expected\n", (unsigned long long)in->bytes, seconds, got);
	return 0;
}

/* Finishes the hash of what arrived into hex, sends it back (and a newline), and closes. */
static void answer(int fd, struct sha256 *s, char hex[SHA256_HEX])
{
	uint8_t digest[SHA256_LEN];

	sha256_final(s, digest);
	sha256_hex(digest, hex);
	hex[SHA256_HEX - 1] = '\n';
	if (send(fd, hex, SHA256_HEX, MSG_NOSIGNAL) != SHA256_HEX)
		fprintf(stderr, "tcp-xfer sink: could not send the sha256 back: %s\n", strerror(errno));
	hex[SHA256_HEX - 1] = '\0';
	close(fd);
}

static int sink(int argc, char **argv)
{
	char expected[SHA256_HEX], got[SHA256_HEX];
	struct intake in = { 0 };
	struct cli_ends ends;
	int lfd, fd, err;
	double start;

	if (argc != 4)
		return cli_usage();
	if ((err = cli_ends(argv, false, &ends)) != 0)
		return err;
	lfd = net_bind_any(SOCK_STREAM, ends.port);
	if (lfd < 0) {
		fprintf(stderr, "tcp-xfer sink: cannot listen on port %u: %s\n", ends.port, strerror(-lfd));
		return 1;
	}
	payload_sha256_hex(ends.count, expected);
	payload_init(&in.expect, ends.count);
	sha256_init(&in.got);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0) {
		fprintf(stderr, "tcp-xfer sink: accept on port %u: %s\n", ends.port, strerror(errno));
		return 1;
	}
	start = net_now();
	err = take_all(fd, &in);
	if (err < 0) {
		fprintf(stderr, "tcp-xfer sink: connection broke after %llu of %llu bytes: %s\n", (unsigned long long)in.bytes, (unsigned long long)payload_size(ends.count), strerror(-err));
		return 1;
	}
	answer(fd, &in.got, got);
	return judge(&in, payload_size(ends.count), got, expected, net_now() - start);
}

/* Sends all of buf. 0 or -errno. */
static int send_all(int fd, const uint8_t *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0)
			buf += n, len -= (size_t)n;
	}
	return 0;
}

/* Sends the payload, hashing it into hex. 0 or -errno; *sent counts what went. */
static int give_all(int fd, unsigned long count, char hex[SHA256_HEX], uint64_t *sent)
{
	static uint8_t buf[CHUNK];
	uint8_t digest[SHA256_LEN];
	struct payload p;
	struct sha256 s;
	size_t n;

	payload_init(&p, count);
	sha256_init(&s);
	while ((n = payload_read(&p, buf, sizeof(buf))) > 0) {
		int err = send_all(fd, buf, n);
		if (err < 0)
			return err;
		sha256_update(&s, buf, n);
		*sent += n;
	}
	sha256_final(&s, digest);
	sha256_hex(digest, hex);
	return shutdown(fd, SHUT_WR) < 0 ? -errno : 0;
}

/* The sink's answer: 64 hex digits and a newline, then its end. 0, or -EPROTO if it is not that. */
static int read_reply(int fd, char hex[SHA256_HEX])
{
	struct timeval tv = { .tv_sec = REPLY_WAIT_S };
	char buf[SHA256_HEX + 1];
	size_t have = 0;
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (have < sizeof(buf) && (n = recv(fd, buf + have, sizeof(buf) - have, 0)) != 0) {
		if (n < 0 && errno != EINTR)
			return errno == EAGAIN ? -ETIMEDOUT : -errno;
		if (n > 0)
			have += (size_t)n;
	}
	if (have != SHA256_HEX || buf[SHA256_HEX - 1] != '\n')
		return -EPROTO;
	memcpy(hex, buf, SHA256_HEX - 1);
	hex[SHA256_HEX - 1] = '\0';
	return 0;
}

/* The sink's verdict on the hash it sent back, printed; 0 if it is the one sent. */
static int compare(const char *sink_hex, const char *sent_hex, uint64_t sent, double seconds)
{
	if (strcmp(sink_hex, sent_hex)) {
		fprintf(stderr, "tcp-xfer source: the sink's sha256 %s differs from the sent %s (%llu bytes)\n", sink_hex, sent_hex, (unsigned long long)sent);
		return 1;
	}
	printf("tcp-xfer source: sent %llu bytes in %.2f s, sha256 %s, the sink's matches\n", (unsigned long long)sent, seconds, sent_hex);
	return 0;
}

static int source(int argc, char **argv)
{
	char sent_hex[SHA256_HEX], sink_hex[SHA256_HEX];
	int wait_s = DEFAULT_WAIT_S, fd, err;
	struct cli_ends ends;
	uint64_t sent = 0;
	double start;

	if (argc != 5 && argc != 6)
		return cli_usage();
	if ((err = cli_ends(argv, true, &ends)) != 0)
		return err;
	if (argc == 6 && net_parse_seconds(argv[5], &wait_s) < 0)
		return cli_bad("wait seconds", argv[5]);
	fd = net_connect(SOCK_STREAM, &ends.addr, wait_s * 1000);
	if (fd < 0) {
		fprintf(stderr, "tcp-xfer source: cannot connect to %s port %u within %d s: %s\n", ends.host, ends.port, wait_s, strerror(-fd));
		return 1;
	}
	start = net_now();
	err = give_all(fd, ends.count, sent_hex, &sent);
	if (err < 0) {
		fprintf(stderr, "tcp-xfer source: sent only %llu of %llu bytes to %s port %u: %s\n", (unsigned long long)sent, (unsigned long long)payload_size(ends.count), ends.host, ends.port, strerror(-err));
		return 1;
	}
	err = read_reply(fd, sink_hex);
	if (err < 0) {
		fprintf(stderr, "tcp-xfer source: no sha256 back from %s port %u: %s\n", ends.host, ends.port, err == -EPROTO ? "the sink closed without one" : strerror(-err));
		return 1;
	}
	return compare(sink_hex, sent_hex, sent, net_now() - start);
}

static const struct cli_command COMMANDS[] = {
	{ "sink", sink },
	{ "source", source },
};

int main(int argc, char **argv)
{
	static const struct cli cli = { "tcp-xfer", "tcp-xfer sink PORT COUNT | tcp-xfer source HOST PORT COUNT [WAIT]", COMMANDS, sizeof(COMMANDS) / sizeof(COMMANDS[0]) };

	return cli_main(&cli, argc, argv);
}
