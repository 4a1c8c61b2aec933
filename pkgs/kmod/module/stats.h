/* Module-wide counters, shown under /sys/kernel/tcpstats/.
 *
 * Every visited socket is counted once as emitted or as skipped for one
 * reason, in the same step, so visited == emitted + sum(skipped_*) whenever
 * no read is between those two increments. */
#ifndef TCPSTATS_STATS_H
#define TCPSTATS_STATS_H

#include <linux/types.h>

#include "tcpstats.h"

int tcpstats_stats_init(void);
void tcpstats_stats_exit(void);

void tcpstats_count_emit(void);
void tcpstats_count_skip(enum tcpstats_skip reason);

/* Open files: enter fails (false) when `max` are already open. */
bool tcpstats_readers_enter(unsigned int max);
void tcpstats_readers_leave(void);
unsigned int tcpstats_readers(void);

/* Objects the module allocates (per-file state, batches, ioctl buffers) and
 * socket references it holds (a file stopped mid-bucket keeps its batch's),
 * so tests can see that both return to zero once every file is closed. */
void tcpstats_count_alloc(void);
void tcpstats_count_free(void);
void tcpstats_count_sock_get(void);
void tcpstats_count_sock_put(void);

enum tcpstats_event {
	TCPSTATS_EV_READS,
	TCPSTATS_EV_DEADLINE,    /* reads cut short by read_deadline_ms */
	TCPSTATS_EV_INTERRUPTED, /* reads cut short by a signal */
	TCPSTATS_EV_FILTERS_SET,
	TCPSTATS_EV_FILTER_ERRORS,
	TCPSTATS_EV_EMFILE,      /* opens refused by max_readers */
	TCPSTATS_EV_COUNT,
};
void tcpstats_count_event(enum tcpstats_event event);

#endif
