/* Sockets for the guest tools: IPv4 or IPv6, whichever the address is. */
#ifndef TOOLS_NET_H
#define TOOLS_NET_H

#include <stdint.h>
#include <sys/socket.h>

/* A peer's address: numeric IPv4 or IPv6 and a port. */
struct net_addr {
	struct sockaddr_storage ss;
	socklen_t len;
};

/* Parses a port, 1–65535; 0 or -EINVAL. */
int net_parse_port(const char *s, uint16_t *port);
/* Parses a numeric IPv4 or IPv6 address; 0 or -EINVAL. */
int net_parse_addr(const char *host, uint16_t port, struct net_addr *addr);
/* Parses a whole number of seconds, 0–3600; 0 or -EINVAL. */
int net_parse_seconds(const char *s, int *seconds);
/* A socket bound to every address on port (IPv6 and IPv4, or IPv4 alone); TCP ones listen. fd or -errno. */
int net_bind_any(int socktype, uint16_t port);
/* Connects a socket of socktype to addr, retrying a refused or unreachable peer until wait_ms have passed. fd or -errno. */
int net_connect(int socktype, const struct net_addr *addr, int wait_ms);
/* Monotonic seconds. */
double net_now(void);

#endif
