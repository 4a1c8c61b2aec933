/* Drop counters: aggregate, per peer, and per source IP (bounded, FIFO). */
#ifndef COUNTERS_H
#define COUNTERS_H

#include "relay.h"

void count_peer_drop(struct relay *r, int peer, enum drop_class d);
void count_src_drop(struct relay *r, const union sockaddr_any *src, enum drop_class d);
const struct src_entry *src_table_at(const struct src_table *t, unsigned i);

#endif
