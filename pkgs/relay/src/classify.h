/* The per-datagram decision: forward to a peer, or drop with a named class. */
#ifndef CLASSIFY_H
#define CLASSIFY_H

#include "relay.h"

struct verdict {
	int src; /* sending peer after any roaming, or -1 */
	int dst; /* peer to forward to, or -1 when dropped */
	enum drop_class drop;
};

void classify(struct relay *r, const union sockaddr_any *from, const uint8_t *msg,
	      size_t len, struct verdict *v);

#endif
