/*
 * udp-echo: the UDP half of the relay smoke, for guests whose busybox nc has no -u.
 *
 *   udp-echo serve PORT          echo every datagram back to its sender and write it to
 *                                stdout; an empty datagram ends it (after echoing it)
 *   udp-echo send HOST PORT      send stdin in 1024-byte datagrams, one at a time, write
 *                                each echo to stdout; retries a lost one up to 5 times
 *
 * Both ends can then compare the SHA-256 of what they wrote with what was sent.
 */
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK 1024
#define TRIES 5
#define WAIT_MS 1000

static int fail(const char *what, const char *arg)
{
	fprintf(stderr, "udp-echo: %s '%s': %s\n", what, arg, strerror(errno));
	return 1;
}

static int serve(const char *port)
{
	struct sockaddr_in6 addr = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)atoi(port)) };
	int fd = socket(AF_INET6, SOCK_DGRAM, 0);
	char buf[65536];

	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return fail("cannot listen on port", port);
	for (;;) {
		struct sockaddr_storage from;
		socklen_t len = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
		if (n < 0)
			return fail("receive on port", port);
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, len) < 0 || fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return fail("echo on port", port);
		if (n == 0)
			return fflush(stdout) ? 1 : 0;
	}
}

/* Sends one datagram and waits for its echo; 0 on success. */
static int exchange(int fd, const char *out, size_t len, char *back)
{
	for (int try = 0; try < TRIES; try++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (send(fd, out, len, 0) < 0)
			return -errno;
		if (poll(&p, 1, WAIT_MS) == 1 && recv(fd, back, CHUNK, 0) == (ssize_t)len)
			return 0;
	}
	return -ETIMEDOUT;
}

static int send_all(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *ai;
	char out[CHUNK], back[CHUNK];
	size_t n;
	int fd, err;

	if (getaddrinfo(host, port, &hints, &ai) != 0)
		return fail("cannot resolve", host);
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) < 0)
		return fail("cannot reach", host);
	do {
		n = fread(out, 1, sizeof(out), stdin);
		err = exchange(fd, out, n, back);
		if (err < 0) {
			errno = -err;
			return fail("no echo from", host);
		}
		fwrite(back, 1, n, stdout);
	} while (n > 0);
	return fflush(stdout) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "send"))
		return send_all(argv[2], argv[3]);
	fprintf(stderr, "usage: udp-echo serve PORT | udp-echo send HOST PORT\n");
	return 2;
}
