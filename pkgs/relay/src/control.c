/* The control socket: a unix stream socket speaking line-delimited JSON.
 *
 * Each complete request line is answered with one response line, in order.
 * A line longer than JSON_MAX_INPUT gets a line_too_long error and is skipped
 * up to its newline; the connection stays usable.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "buf.h"
#include "control.h"
#include "dispatch.h"
#include "json.h"
#include "log.h"

#define CTL_MAX_CLIENTS 32

struct client {
	int fd; /* -1 when the slot is free */
	char in[JSON_MAX_INPUT + 1];
	size_t inlen;
	bool skipping; /* inside an over-long line */
	bool eof;
	struct buf out;
};

struct control {
	int lfd, epfd;
	struct sockaddr_un addr;
	struct client cl[CTL_MAX_CLIENTS];
};

/* A socket file nobody answers on is left over from a crash: reuse the path.
 * One that answers belongs to a running relayd. */
static int claim_path(const struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), ret = 0;

	if (fd < 0)
		return -errno;
	if (connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0)
		ret = -EADDRINUSE;
	else if (errno == ECONNREFUSED)
		unlink(addr->sun_path);
	close(fd);
	return ret;
}

static int listen_on(struct control *c, const char *path)
{
	int ret;

	c->addr.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(c->addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(c->addr.sun_path, path);
	ret = claim_path(&c->addr);
	if (ret)
		return ret;
	c->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->lfd < 0)
		return -errno;
	/* Only the owner may manage the relay. */
	if (bind(c->lfd, (struct sockaddr *)&c->addr, sizeof(c->addr)) ||
	    chmod(path, 0600) || listen(c->lfd, 16))
		return -errno;
	return 0;
}

int control_open(struct control **out, const char *path, int epfd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = CTL_TAG_LISTEN };
	struct control *c = calloc(1, sizeof(*c));
	int ret;

	if (!c)
		return -ENOMEM;
	c->lfd = -1;
	c->epfd = epfd;
	for (int i = 0; i < CTL_MAX_CLIENTS; i++)
		c->cl[i].fd = -1;
	ret = listen_on(c, path);
	if (ret)
		goto err_listen;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->lfd, &ev)) {
		ret = -errno;
		goto err_epoll;
	}
	*out = c;
	return 0;
err_epoll:
	unlink(c->addr.sun_path);
err_listen:
	if (c->lfd >= 0)
		close(c->lfd);
	free(c);
	return ret;
}

static void client_drop(struct control *c, struct client *cl)
{
	epoll_ctl(c->epfd, EPOLL_CTL_DEL, cl->fd, NULL);
	close(cl->fd);
	cl->fd = -1;
	buf_free(&cl->out);
}

void control_close(struct control *c)
{
	for (int i = 0; i < CTL_MAX_CLIENTS; i++)
		if (c->cl[i].fd >= 0)
			client_drop(c, &c->cl[i]);
	close(c->lfd);
	unlink(c->addr.sun_path);
	free(c);
}

static void accept_client(struct control *c)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int fd = accept4(c->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < CTL_MAX_CLIENTS; i++) {
		struct client *cl = &c->cl[i];

		if (cl->fd >= 0)
			continue;
		memset(cl, 0, sizeof(*cl));
		cl->fd = fd;
		ev.data.u64 = CTL_TAG_LISTEN + 1 + (uint64_t)i;
		if (epoll_ctl(c->epfd, EPOLL_CTL_ADD, fd, &ev) == 0)
			return;
		cl->fd = -1;
		break;
	}
	log_warn("control_refused", "reason=\"too many clients\" max=%d", CTL_MAX_CLIENTS);
	close(fd);
}

/* Write what we can; wait for EPOLLOUT for the rest. Returns false once the
 * client is gone. */
static bool flush(struct control *c, struct client *cl)
{
	struct epoll_event ev = { .data.u64 = 0 };
	ssize_t n = 0;

	while (cl->out.len) {
		n = send(cl->fd, cl->out.p, cl->out.len, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		buf_consume(&cl->out, (size_t)n);
	}
	if (n < 0 && errno != EAGAIN && errno != EINTR) {
		client_drop(c, cl);
		return false;
	}
	if (cl->eof && !cl->out.len) {
		client_drop(c, cl);
		return false;
	}
	ev.events = cl->out.len ? EPOLLOUT : EPOLLIN;
	ev.data.u64 = CTL_TAG_LISTEN + 1 + (uint64_t)(cl - c->cl);
	epoll_ctl(c->epfd, EPOLL_CTL_MOD, cl->fd, &ev);
	return true;
}

static void take_line(struct relay *r, struct client *cl, size_t len)
{
	size_t n = len;

	if (cl->skipping) {
		cl->skipping = false;
		return;
	}
	if (n && cl->in[n - 1] == '\r')
		n--;
	if (n)
		ctl_dispatch(r, cl->in, n, &cl->out);
}

static void take_lines(struct relay *r, struct client *cl)
{
	char *nl;

	while ((nl = memchr(cl->in, '\n', cl->inlen))) {
		size_t len = (size_t)(nl - cl->in);

		take_line(r, cl, len);
		cl->inlen -= len + 1;
		memmove(cl->in, nl + 1, cl->inlen);
	}
	if (cl->inlen == JSON_MAX_INPUT) {
		if (!cl->skipping)
			buf_printf(&cl->out, "{\"ok\":false,\"error\":{\"code\":\"line_too_long\","
					     "\"message\":\"request exceeds %d bytes\"}}\n",
				   JSON_MAX_INPUT);
		cl->skipping = true;
		cl->inlen = 0;
	}
}

static void client_read(struct control *c, struct relay *r, struct client *cl)
{
	ssize_t n = recv(cl->fd, cl->in + cl->inlen, JSON_MAX_INPUT - cl->inlen, 0);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		cl->eof = true;
		if (n == 0 && cl->inlen) /* a last request without its newline */
			take_line(r, cl, cl->inlen);
		cl->inlen = 0;
	} else {
		cl->inlen += (size_t)n;
		take_lines(r, cl);
	}
	flush(c, cl);
}

void control_event(struct control *c, struct relay *r, uint64_t tag, uint32_t events)
{
	struct client *cl;

	if (tag == CTL_TAG_LISTEN) {
		accept_client(c);
		return;
	}
	cl = &c->cl[tag - CTL_TAG_LISTEN - 1];
	if (cl->fd < 0)
		return;
	if (events & EPOLLOUT)
		flush(c, cl);
	else if (events & (EPOLLIN | EPOLLHUP | EPOLLERR))
		client_read(c, r, cl);
}
