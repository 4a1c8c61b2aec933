/* The relay's one UDP socket. */
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "addr.h"
#include "log.h"
#include "udp.h"

/* Ask for the full buffer; SO_RCVBUFFORCE passes rmem_max when privileged. */
static void set_rcvbuf(int fd, int bytes)
{
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

int udp_open(const struct relay_config *cfg, union sockaddr_any *bound)
{
	int family = cfg->listen.sa.sa_family, off = 0, ret;
	socklen_t len = sizeof(*bound);
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	/* On [::] also take IPv4, as v4-mapped addresses. */
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off));
	set_rcvbuf(fd, cfg->rcvbuf);
	if (bind(fd, &cfg->listen.sa, addr_len(&cfg->listen)) ||
	    getsockname(fd, &bound->sa, &len)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	return fd;
}
