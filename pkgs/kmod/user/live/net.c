/* Addresses on lo. SIOCSIFADDR on an AF_INET6 socket takes a struct
 * in6_ifreq, which glibc does not declare; the layout is the kernel's. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "net.h"

struct in6_ifreq_k {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

static int bindable(const char *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0), ret;

	if (fd < 0)
		return -errno;
	net_sockaddr(6, addr, 0, &ss, &len);
	ret = bind(fd, (struct sockaddr *)&ss, len) ? -errno : 0;
	close(fd);
	return ret;
}

/* Loopback skips DAD, but the address may still be tentative for a moment. */
static int wait_bindable(const char *addr)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int i, ret = 0;

	for (i = 0; i < 200; i++) {
		ret = bindable(addr);
		if (ret != -EADDRNOTAVAIL)
			return ret;
		nanosleep(&pause, NULL);
	}
	return ret;
}

int net_add_addr6(const char *addr, int prefix)
{
	struct in6_ifreq_k req;
	int fd, ret = 0;

	memset(&req, 0, sizeof(req));
	if (inet_pton(AF_INET6, addr, &req.addr) != 1)
		return -EINVAL;
	req.prefixlen = (uint32_t)prefix;
	req.ifindex = (int)if_nametoindex("lo");
	if (!req.ifindex)
		return -ENODEV;
	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, SIOCSIFADDR, &req) < 0 && errno != EEXIST)
		ret = -errno;
	close(fd);
	return ret ? ret : wait_bindable(addr);
}

int net_addr_bytes(int family, const char *addr, uint8_t out[16])
{
	memset(out, 0, 16);
	return inet_pton(family == 6 ? AF_INET6 : AF_INET, addr, out) == 1 ? 0 : -EINVAL;
}

static int sockaddr4(const char *addr, uint16_t port, struct sockaddr_in *s4, socklen_t *len)
{
	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	*len = sizeof(*s4);
	return inet_pton(AF_INET, addr, &s4->sin_addr) == 1 ? 0 : -EINVAL;
}

static int sockaddr6(const char *addr, uint16_t port, struct sockaddr_in6 *s6, socklen_t *len)
{
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(port);
	*len = sizeof(*s6);
	return inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1 ? 0 : -EINVAL;
}

int net_sockaddr(int family, const char *addr, uint16_t port, struct sockaddr_storage *ss,
		 socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (family == 6)
		return sockaddr6(addr, port, (struct sockaddr_in6 *)ss, len);
	return sockaddr4(addr, port, (struct sockaddr_in *)ss, len);
}
