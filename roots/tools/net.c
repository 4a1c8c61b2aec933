#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

#define RETRY_MS 100

int net_parse_addr(const char *host, uint16_t port, struct net_addr *addr)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)&addr->ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&addr->ss;

	*addr = (struct net_addr){ 0 };
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(port);
		addr->len = sizeof(*in4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		addr->len = sizeof(*in6);
		return 0;
	}
	return -EINVAL;
}

static int parse_uint(const char *s, long max, long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*out = strtol(s, &end, 10);
	return *end || errno || *out > max ? -EINVAL : 0;
}

int net_parse_port(const char *s, uint16_t *port)
{
	long n;

	if (parse_uint(s, 65535, &n) < 0 || n == 0)
		return -EINVAL;
	*port = (uint16_t)n;
	return 0;
}

int net_parse_seconds(const char *s, int *seconds)
{
	long n;

	if (parse_uint(s, 3600, &n) < 0)
		return -EINVAL;
	*seconds = (int)n;
	return 0;
}

static int bind_family(int family, int socktype, uint16_t port)
{
	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(port), .sin6_addr = IN6ADDR_ANY_INIT };
	struct sockaddr_in in4 = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY) };
	int fd = socket(family, socktype | SOCK_CLOEXEC, 0), off = 0, on = 1, err;

	if (fd < 0)
		return -errno;
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	err = family == AF_INET6 ? bind(fd, (struct sockaddr *)&in6, sizeof(in6)) : bind(fd, (struct sockaddr *)&in4, sizeof(in4));
	if (err == 0 && socktype == SOCK_STREAM)
		err = listen(fd, 1);
	if (err < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int net_bind_any(int socktype, uint16_t port)
{
	int fd = bind_family(AF_INET6, socktype, port);

	return fd == -EAFNOSUPPORT ? bind_family(AF_INET, socktype, port) : fd;
}

/* One non-blocking connect, waited on for at most wait_ms. 0 or -errno. */
static int try_connect(int fd, const struct net_addr *addr, int wait_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int err = 0;

	if (connect(fd, (const struct sockaddr *)&addr->ss, addr->len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -errno;
	if (poll(&p, 1, wait_ms) != 1)
		return -ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -errno;
	return -err;
}

int net_connect(int socktype, const struct net_addr *addr, int wait_ms)
{
	double deadline = net_now() + wait_ms / 1000.0;

	for (;;) {
		int left = (int)((deadline - net_now()) * 1000), fd, err;

		fd = socket(addr->ss.ss_family, socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			return -errno;
		err = try_connect(fd, addr, left > 0 ? left : 0);
		if (err == 0 && fcntl(fd, F_SETFL, 0) == 0)
			return fd;
		err = err ? err : -errno;
		close(fd);
		left = (int)((deadline - net_now()) * 1000);
		if (left <= 0 || (err != -ECONNREFUSED && err != -ENETUNREACH && err != -EHOSTUNREACH && err != -ETIMEDOUT))
			return err;
		usleep((left < RETRY_MS ? left : RETRY_MS) * 1000);
	}
}

double net_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
