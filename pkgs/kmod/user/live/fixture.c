/* Fixture builders. Every step that can fail says which endpoint it was. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "net.h"

void fx_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
}

static int fail(struct fixture *f, const char *step, struct fx_end e)
{
	int err = errno;

	if (!f->error[0])
		snprintf(f->error, sizeof(f->error), "%s %s port %u: %s", step, e.addr, e.port,
			 strerror(err));
	return -1;
}

static int keep(struct fixture *f, int fd)
{
	if (f->nfd == FX_MAX_FDS) {
		snprintf(f->error, sizeof(f->error), "more than %d fixture fds", FX_MAX_FDS);
		close(fd);
		return -1;
	}
	f->fds[f->nfd++] = fd;
	return fd;
}

static void model(struct fixture *f, int state, struct fx_end local, struct fx_end remote)
{
	struct fx_sock *s;

	if (f->n == FX_MAX_SOCKS) {
		snprintf(f->error, sizeof(f->error), "more than %d fixture sockets", FX_MAX_SOCKS);
		return;
	}
	s = &f->socks[f->n++];
	memset(s, 0, sizeof(*s));
	s->family = (uint8_t)local.family;
	s->state = (uint8_t)state;
	s->lport = local.port;
	s->rport = remote.port;
	net_addr_bytes(local.family, local.addr, s->laddr);
	if (remote.addr)
		net_addr_bytes(remote.family, remote.addr, s->raddr);
}

/* A socket bound to `at`, v6 sockets v6-only. */
static int bound(struct fixture *f, struct fx_end at)
{
	int one = 1, fd = socket(at.family == 6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_storage ss;
	socklen_t len;

	if (fd < 0)
		return fail(f, "socket", at);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (at.family == 6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	net_sockaddr(at.family, at.addr, at.port, &ss, &len);
	if (bind(fd, (struct sockaddr *)&ss, len) == 0)
		return fd;
	fail(f, "bind", at);
	close(fd);
	return -1;
}

int fx_listener(struct fixture *f, struct fx_end at, int backlog)
{
	int fd = bound(f, at);

	if (fd < 0)
		return -1;
	if (listen(fd, backlog) || keep(f, fd) < 0) {
		fail(f, "listen", at);
		close(fd);
		return -1;
	}
	model(f, FX_LISTEN, at, (struct fx_end){ at.family, at.family == 6 ? "::" : "0.0.0.0", 0 });
	return fd;
}

/* A client connected to server; nonblocking connects return at once. */
static int connected(struct fixture *f, struct fx_end client, struct fx_end server, int nonblock)
{
	int fd = bound(f, client);
	struct sockaddr_storage ss;
	socklen_t len;

	if (fd < 0)
		return -1;
	if (nonblock)
		fcntl(fd, F_SETFL, O_NONBLOCK);
	net_sockaddr(server.family, server.addr, server.port, &ss, &len);
	if (connect(fd, (struct sockaddr *)&ss, len) == 0 || (nonblock && errno == EINPROGRESS))
		return fd;
	fail(f, "connect to", server);
	close(fd);
	return -1;
}

/* Connects and accepts: *c and *s, both kept by the caller. */
static int pair(struct fixture *f, int lfd, struct fx_end client, struct fx_end server, int *c,
		int *s)
{
	*c = connected(f, client, server, 0);
	if (*c < 0)
		return -1;
	*s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (*s >= 0)
		return 0;
	fail(f, "accept on", server);
	close(*c);
	return -1;
}

/* a sends `bytes` to b, which reads them all. */
static int exchange(int a, int b, int bytes)
{
	char buf[4096];
	ssize_t got;
	int chunk, left;

	memset(buf, 'x', sizeof(buf));
	for (; bytes > 0; bytes -= chunk) {
		chunk = bytes < (int)sizeof(buf) ? bytes : (int)sizeof(buf);
		if (write(a, buf, (size_t)chunk) != chunk)
			return -1;
		for (left = chunk; left > 0; left -= (int)got)
			if ((got = read(b, buf, (size_t)left)) <= 0)
				return -1;
	}
	return 0;
}

int fx_established(struct fixture *f, int lfd, struct fx_end client, struct fx_end server,
		   int bytes)
{
	int c, s;

	if (pair(f, lfd, client, server, &c, &s))
		return -1;
	keep(f, c);
	keep(f, s);
	if (exchange(c, s, bytes) || exchange(s, c, bytes))
		return fail(f, "exchange with", server);
	model(f, FX_ESTABLISHED, client, server);
	model(f, FX_ESTABLISHED, server, client);
	return 0;
}

/* Reads until the peer's FIN: by then it has been processed and acked. */
static int drain(int fd)
{
	char buf[256];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	return n == 0 ? 0 : -1;
}

int fx_time_wait(struct fixture *f, int lfd, struct fx_end client, struct fx_end server)
{
	int c, s;

	if (pair(f, lfd, client, server, &c, &s))
		return -1;
	close(c);
	if (drain(s)) {
		close(s);
		return fail(f, "drain from", client);
	}
	close(s);
	model(f, FX_TIME_WAIT, client, server);
	return 0;
}

int fx_half_closed(struct fixture *f, int lfd, struct fx_end client, struct fx_end server)
{
	int c, s;

	if (pair(f, lfd, client, server, &c, &s))
		return -1;
	keep(f, c);
	keep(f, s);
	if (shutdown(c, SHUT_WR) || drain(s))
		return fail(f, "half close to", server);
	model(f, FX_FIN_WAIT2, client, server);
	model(f, FX_CLOSE_WAIT, server, client);
	return 0;
}

int fx_unaccepted(struct fixture *f, struct fx_end client, struct fx_end server)
{
	int c = connected(f, client, server, 0);

	if (c < 0 || keep(f, c) < 0)
		return -1;
	model(f, FX_ESTABLISHED, client, server);
	model(f, FX_ESTABLISHED, server, client);
	return 0;
}

int fx_syn_sent(struct fixture *f, struct fx_end client, struct fx_end server)
{
	int c = connected(f, client, server, 1);

	if (c < 0 || keep(f, c) < 0)
		return -1;
	model(f, FX_SYN_SENT, client, server);
	return 0;
}

void fx_settle(void)
{
	struct timespec t = { 0, 150 * 1000 * 1000 };

	nanosleep(&t, NULL);
}

void fx_teardown(struct fixture *f)
{
	struct linger abort_close = { 1, 0 };
	int i;

	for (i = f->nfd - 1; i >= 0; i--) {
		setsockopt(f->fds[i], SOL_SOCKET, SO_LINGER, &abort_close, sizeof(abort_close));
		close(f->fds[i]);
	}
	f->nfd = 0;
}

int fx_count(const struct fixture *f, int family, int state)
{
	int i, n = 0;

	for (i = 0; i < f->n; i++)
		if ((!family || f->socks[i].family == family) && (!state || f->socks[i].state == state))
			n++;
	return n;
}
