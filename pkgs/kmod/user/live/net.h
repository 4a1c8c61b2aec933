/* Loopback addressing for fixtures: every 127.x.y.z already routes on lo;
 * IPv6 test addresses are added to lo here. */
#ifndef LIVE_NET_H
#define LIVE_NET_H

#include <stdint.h>
#include <sys/socket.h>

/* Adds addr/prefix to lo (already there is fine) and waits until it can be
 * bound. 0 or -errno. */
int net_add_addr6(const char *addr, int prefix);

/* Text address to bytes (IPv4 in the first 4 of 16). 0 or -EINVAL. */
int net_addr_bytes(int family, const char *addr, uint8_t out[16]);
int net_sockaddr(int family, const char *addr, uint16_t port, struct sockaddr_storage *ss,
		 socklen_t *len);

#endif
