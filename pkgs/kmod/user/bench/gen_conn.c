/* gen_conn N PORT [--repair]: N established loopback TCP connections to a
 * listener on 127.0.0.1:PORT, made one at a time (connect, then accept),
 * client i bound to the next of 127.0.(1 + k / 40000).1 port 1024 + k % 40000
 * that is free: naming the port spares bind() its search for a free one,
 * which grows with every socket bound.
 * --repair makes each of the N the cheap way, without a handshake or a peer:
 * a socket in TCP_REPAIR mode bound to 127.0.0.1:PORT (repair mode forces the
 * shared port) whose connect() to the next source puts it straight into
 * ESTABLISHED in the established hash, as an accepted socket is, with no
 * packet sent and no second socket. It stays in repair mode, so closing it
 * sends nothing either. No listener then. Needs CAP_NET_ADMIN.
 * Prints "gen_conn: N established on 127.0.0.1:PORT" once they all are, then
 * holds them until stdin closes, and closes them with SO_LINGER 0 (no
 * TIME_WAIT left behind). Exit 1, with why, when one cannot be made. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define PER_SOURCE 40000
#define FIRST_PORT 1024

static int fail(const char *what, long i)
{
	printf("gen_conn: %s at connection %ld: %s\n", what, i, strerror(errno));
	return 1;
}

static void addr_of(struct sockaddr_in *a, unsigned host, unsigned short port)
{
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(host);
	a->sin_port = htons(port);
}

static int listener(unsigned short port)
{
	struct sockaddr_in a;
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	addr_of(&a, INADDR_LOOPBACK, port);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 128) < 0)
		return -1;
	return fd;
}

/* A client socket bound to the next free source (address, port) after *slot. */
static int bound_client(long *slot)
{
	struct sockaddr_in src;
	int fd;

	for (; *slot < 250L * PER_SOURCE; ++*slot) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return -1;
		addr_of(&src, (127u << 24) | ((unsigned)(1 + *slot / PER_SOURCE) << 8) | 1u,
			(unsigned short)(FIRST_PORT + *slot % PER_SOURCE));
		if (bind(fd, (struct sockaddr *)&src, sizeof(src)) == 0)
			return ++*slot, fd;
		close(fd);
		if (errno != EADDRINUSE) /* one taken by someone else is skipped */
			return -1;
	}
	return -1;
}

/* One client and the listener's side of it. */
static int connect_one(int lfd, long *slot, unsigned short port, int *client, int *accepted)
{
	struct sockaddr_in dst;
	struct linger hard = { 1, 0 };

	addr_of(&dst, INADDR_LOOPBACK, port);
	*client = bound_client(slot);
	if (*client < 0 || connect(*client, (struct sockaddr *)&dst, sizeof(dst)) < 0)
		return -1;
	*accepted = accept(lfd, NULL, NULL);
	if (*accepted < 0)
		return -1;
	setsockopt(*client, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	setsockopt(*accepted, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
	return 0;
}

/* The N-th socket the --repair way: see the top. */
static int repaired_one(long *slot, unsigned short port, int *fd)
{
	struct sockaddr_in local, remote;
	int on = 1;

	*fd = socket(AF_INET, SOCK_STREAM, 0);
	if (*fd < 0 || setsockopt(*fd, IPPROTO_TCP, TCP_REPAIR, &on, sizeof(on)) < 0)
		return -1;
	addr_of(&local, INADDR_LOOPBACK, port);
	addr_of(&remote, (127u << 24) | ((unsigned)(1 + *slot / PER_SOURCE) << 8) | 1u,
		(unsigned short)(FIRST_PORT + *slot % PER_SOURCE));
	++*slot;
	if (bind(*fd, (struct sockaddr *)&local, sizeof(local)) < 0 ||
	    connect(*fd, (struct sockaddr *)&remote, sizeof(remote)) < 0)
		return -1;
	return 0;
}

/* N connections with a listener (connect_one) or the --repair way. */
static int make_all(long n, unsigned short port, int repair)
{
	long i, slot = 0;
	int lfd = -1, c, a;

	if (!repair && (lfd = listener(port)) < 0)
		return fail("listening", 0);
	for (i = 0; i < n; i++)
		if ((repair ? repaired_one(&slot, port, &c) : connect_one(lfd, &slot, port, &c, &a)) < 0)
			return fail(repair ? "repair-connecting" : "connecting", i);
	return 0;
}

/* Up to `need` open files: both limits where allowed (root), else the soft up to the hard one. */
static int raise_fd_limit(rlim_t need)
{
	struct rlimit fds = { need, need };

	if (setrlimit(RLIMIT_NOFILE, &fds) == 0)
		return 0;
	if (getrlimit(RLIMIT_NOFILE, &fds) < 0)
		return -1;
	if (fds.rlim_max < need) {
		errno = EMFILE;
		return -1;
	}
	fds.rlim_cur = need;
	return setrlimit(RLIMIT_NOFILE, &fds);
}

int main(int argc, char **argv)
{
	int repair = argc == 4 && !strcmp(argv[3], "--repair"), ok = argc == 3 || repair;
	long n = ok ? strtol(argv[1], NULL, 10) : 0;
	unsigned short port = ok ? (unsigned short)strtoul(argv[2], NULL, 10) : 0;
	char buf[64];

	if (n <= 0 || port == 0) {
		fprintf(stderr, "usage: gen_conn N PORT [--repair]\n");
		return 2;
	}
	if (raise_fd_limit((rlim_t)(2 * n + 64)) < 0)
		return fail("raising the fd limit", 0);
	if (make_all(n, port, repair))
		return 1;
	printf("gen_conn: %ld established on 127.0.0.1:%u%s\n", n, port, repair ? " (repair mode)" : "");
	fflush(stdout);
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
