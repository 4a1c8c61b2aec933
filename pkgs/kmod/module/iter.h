/* Walking TCP sockets: the listening hash, then the established hash (which
 * also holds TIME_WAIT and NEW_SYN_RECV minisocks), IPv4 and IPv6 alike.
 *
 * The walk takes one bucket at a time, whole: under the bucket lock it takes
 * a reference on every socket of the reader's netns there, then lets go of
 * the lock. Records are built and copied out from that batch, across as many
 * read() calls as it takes. So a socket that exists for the whole walk is
 * reported exactly once, however many others come and go meanwhile. */
#ifndef TCPSTATS_ITER_H
#define TCPSTATS_ITER_H

#include <net/sock.h>

enum tcpstats_table {
	TCPSTATS_TABLE_LISTEN,
	TCPSTATS_TABLE_ESTABLISHED,
	TCPSTATS_TABLE_DONE,
};

/* The next bucket to take. */
struct tcpstats_cursor {
	unsigned int table, bucket;
};

/* One bucket's sockets, referenced; sk[next..n) are still to be handed out. */
struct tcpstats_batch {
	unsigned int n, next, cap;
	struct sock **sk;
};

void tcpstats_cursor_rewind(struct tcpstats_cursor *c);
bool tcpstats_cursor_done(const struct tcpstats_cursor *c);

/* Fills the empty batch `b` with the next bucket that has sockets and moves
 * the cursor past it. 0 (b->n == 0: the walk is done) or -ENOMEM, which
 * leaves the cursor where it was. */
int tcpstats_iter_next(struct net *net, struct tcpstats_cursor *c, struct tcpstats_batch *b);
/* Drops the batch's references; keeps its memory for the next bucket. */
void tcpstats_batch_release(struct tcpstats_batch *b);
/* Releases and frees. */
void tcpstats_batch_free(struct tcpstats_batch *b);

#endif
