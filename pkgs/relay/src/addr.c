/* Socket addresses: parsing "IP:PORT" / "[IPv6]:PORT", printing, comparing. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 65535)
		return -EINVAL;
	*port = htons((uint16_t)v);
	return 0;
}

static int parse_v6(const char *s, union sockaddr_any *out)
{
	char host[INET6_ADDRSTRLEN];
	const char *close = strchr(s, ']');
	size_t n;

	if (!close || close[1] != ':')
		return -EINVAL;
	n = (size_t)(close - s - 1);
	if (n == 0 || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, s + 1, n);
	host[n] = '\0';
	memset(out, 0, sizeof(*out));
	out->in6.sin6_family = AF_INET6;
	if (inet_pton(AF_INET6, host, &out->in6.sin6_addr) != 1)
		return -EINVAL;
	return parse_port(close + 2, &out->in6.sin6_port);
}

static int parse_v4(const char *s, union sockaddr_any *out)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strrchr(s, ':');
	size_t n;

	if (!colon)
		return -EINVAL;
	n = (size_t)(colon - s);
	if (n == 0 || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	memset(out, 0, sizeof(*out));
	out->in.sin_family = AF_INET;
	if (inet_pton(AF_INET, host, &out->in.sin_addr) != 1)
		return -EINVAL;
	return parse_port(colon + 1, &out->in.sin_port);
}

int addr_parse(const char *s, union sockaddr_any *out)
{
	return s[0] == '[' ? parse_v6(s, out) : parse_v4(s, out);
}

/* Express `a` in the listen socket's family: IPv4 becomes v4-mapped IPv6 on a
 * dual-stack socket; IPv6 can't be reached from an IPv4 socket. */
int addr_to_family(union sockaddr_any *a, int family)
{
	struct sockaddr_in v4;

	if (a->sa.sa_family == family)
		return 0;
	if (family == AF_INET)
		return -EAFNOSUPPORT;
	v4 = a->in;
	memset(a, 0, sizeof(*a));
	a->in6.sin6_family = AF_INET6;
	a->in6.sin6_port = v4.sin_port;
	a->in6.sin6_addr.s6_addr[10] = 0xff;
	a->in6.sin6_addr.s6_addr[11] = 0xff;
	memcpy(&a->in6.sin6_addr.s6_addr[12], &v4.sin_addr, 4);
	return 0;
}

socklen_t addr_len(const union sockaddr_any *a)
{
	return a->sa.sa_family == AF_INET6 ? sizeof(a->in6) : sizeof(a->in);
}

bool addr_ip_equal(const union sockaddr_any *a, const union sockaddr_any *b)
{
	if (a->sa.sa_family != b->sa.sa_family)
		return false;
	if (a->sa.sa_family == AF_INET)
		return a->in.sin_addr.s_addr == b->in.sin_addr.s_addr;
	return !memcmp(&a->in6.sin6_addr, &b->in6.sin6_addr, 16) &&
	       a->in6.sin6_scope_id == b->in6.sin6_scope_id;
}

bool addr_equal(const union sockaddr_any *a, const union sockaddr_any *b)
{
	return addr_ip_equal(a, b) && addr_port(a) == addr_port(b);
}

uint16_t addr_port(const union sockaddr_any *a)
{
	return a->sa.sa_family == AF_INET6 ? a->in6.sin6_port : a->in.sin_port;
}

unsigned addr_hash(const union sockaddr_any *a)
{
	const uint8_t *p;
	size_t n;
	uint32_t h = 2166136261u; /* FNV-1a */

	if (a->sa.sa_family == AF_INET6) {
		p = a->in6.sin6_addr.s6_addr;
		n = 16;
	} else {
		p = (const uint8_t *)&a->in.sin_addr;
		n = 4;
	}
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	h = (h ^ addr_port(a)) * 16777619u;
	return h ^ (h >> 16);
}

const char *addr_ip_str(const union sockaddr_any *a, char buf[ADDR_STRLEN])
{
	const void *src = a->sa.sa_family == AF_INET6 ? (const void *)&a->in6.sin6_addr
						       : (const void *)&a->in.sin_addr;

	if (!inet_ntop(a->sa.sa_family, src, buf, ADDR_STRLEN))
		snprintf(buf, ADDR_STRLEN, "?");
	return buf;
}

const char *addr_str(const union sockaddr_any *a, char buf[ADDR_STRLEN])
{
	char ip[ADDR_STRLEN];

	addr_ip_str(a, ip);
	snprintf(buf, ADDR_STRLEN, a->sa.sa_family == AF_INET6 ? "[%s]:%u" : "%s:%u",
		 ip, ntohs(addr_port(a)));
	return buf;
}
