/* Walking TCP sockets: the listening hash, then the established hash (which
 * also holds TIME_WAIT and NEW_SYN_RECV minisocks), IPv4 and IPv6 alike.
 *
 * A cursor is (table, bucket, index): `index` sockets of this bucket, in
 * this netns, are done. Sockets are taken a batch at a time, with a
 * reference each, so the bucket lock is never held while a record is built
 * or copied out. */
#ifndef TCPSTATS_ITER_H
#define TCPSTATS_ITER_H

#include <net/sock.h>

enum tcpstats_table {
	TCPSTATS_TABLE_LISTEN,
	TCPSTATS_TABLE_ESTABLISHED,
	TCPSTATS_TABLE_DONE,
};

struct tcpstats_cursor {
	unsigned int table, bucket, index;
};

#define TCPSTATS_BATCH 16

struct tcpstats_batch {
	unsigned int n;
	struct sock *sk[TCPSTATS_BATCH];
	unsigned int pos[TCPSTATS_BATCH]; /* index of sk[i] in its bucket */
};

void tcpstats_cursor_rewind(struct tcpstats_cursor *c);
bool tcpstats_cursor_done(const struct tcpstats_cursor *c);

/* Fills `b` from the cursor on, moving the cursor past exhausted buckets.
 * b->n == 0 only when the walk is done. */
void tcpstats_iter_collect(struct net *net, struct tcpstats_cursor *c,
			   struct tcpstats_batch *b);
/* Drops the batch's references. */
void tcpstats_batch_release(struct tcpstats_batch *b);

#endif
