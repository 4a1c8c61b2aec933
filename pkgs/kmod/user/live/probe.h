/* One filtered read of /dev/tcpstats, start to EOF, as the cases do it. */
#ifndef LIVE_PROBE_H
#define LIVE_PROBE_H

#include <stddef.h>

#include "dev.h"

#define FULL_SIZE sizeof(struct tcpstats_record)
#define COMPACT_SIZE sizeof(struct tcpstats_compact)

/* Opens the device, sets `filter`, reads to EOF with buffers of `bufrecs`
 * full records, closes. The record count, or -errno. Up to `max` records
 * are kept in `out` (which may be NULL). */
long probe(const char *filter, int bufrecs, struct ts_rec *out, size_t max);
/* The same on an open fd: sets the filter, which restarts the walk. */
long probe_fd(int fd, const char *filter, int bufrecs, struct ts_rec *out, size_t max);

#endif
