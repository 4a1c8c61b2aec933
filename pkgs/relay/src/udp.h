/* The relay's one UDP socket. */
#ifndef UDP_H
#define UDP_H

#include "config.h"

int udp_open(const struct relay_config *cfg, union sockaddr_any *bound);

#endif
