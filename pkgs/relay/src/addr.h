/* Socket addresses: parsing "IP:PORT" / "[IPv6]:PORT", printing, comparing. */
#ifndef ADDR_H
#define ADDR_H

#include "relay.h"

#define ADDR_STRLEN (INET6_ADDRSTRLEN + 8)

int addr_parse(const char *s, union sockaddr_any *out);
int addr_to_family(union sockaddr_any *a, int family);
socklen_t addr_len(const union sockaddr_any *a);
bool addr_equal(const union sockaddr_any *a, const union sockaddr_any *b);
bool addr_ip_equal(const union sockaddr_any *a, const union sockaddr_any *b);
unsigned addr_hash(const union sockaddr_any *a);
uint16_t addr_port(const union sockaddr_any *a);
const char *addr_str(const union sockaddr_any *a, char buf[ADDR_STRLEN]);
const char *addr_ip_str(const union sockaddr_any *a, char buf[ADDR_STRLEN]);

#endif
