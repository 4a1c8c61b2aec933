/* live_stats, shared between its files. */
#ifndef LIVE_STATS_H
#define LIVE_STATS_H

#define CAT "stats"

/* Listeners closed or opened in the bucket being read, between reads: every
 * socket there for the whole walk is reported once, none twice. */
void stats_consistency(void);

#endif
