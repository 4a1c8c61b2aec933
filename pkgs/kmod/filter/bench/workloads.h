/* The benchmark's fixed workloads and socket set. */
#ifndef TCPSTATS_WORKLOADS_H
#define TCPSTATS_WORKLOADS_H

#include <stddef.h>

#include "tcpstats.h"

#define BENCH_SOCKS 1024

struct workload {
	const char *name;
	const char *text;
	int valid;         /* 0: the parse must fail (error-path workload) */
	unsigned matched;  /* sockets of the set it must match */
};

extern const struct workload workloads[];
extern const size_t n_workloads;

/* The same BENCH_SOCKS sockets on every machine and every run. */
void bench_socks(struct tcpstats_sock_view *out);

#endif
