/* tcpstats-live targets. Each reports its cases through report.h and
 * returns nothing: the tally decides the exit code. */
#ifndef LIVE_H
#define LIVE_H

#include <stdbool.h>
#include <stddef.h>

struct live_opts {
	const char *categories; /* live_integration: comma list, NULL = all */
};

void live_smoke(const struct live_opts *o);
void live_integration(const struct live_opts *o);
void live_stats(const struct live_opts *o);
void live_dos(const struct live_opts *o);
void live_bench(const struct live_opts *o);
void live_trace(const struct live_opts *o);

/* live_integration's categories, for --category: the i-th name, NULL past
 * the end; and whether a name is one of them. */
const char *integration_category(size_t i);
bool integration_category_known(const char *name);

/* Shared steps: "<cat>/load" loads the module unless it is loaded already;
 * "<cat>/unload" unloads it and checks nothing leaked. */
bool live_load(const char *cat);
bool live_unload(const char *cat);
/* "<cat>/counters_<what>": visited == emitted + skipped, no socket refs held. */
bool live_invariant(const char *cat, const char *what);

void sleep_ms(long ms);
long now_ms(void);

#endif
