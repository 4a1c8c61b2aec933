/* Filter benchmark: parses/s and matches/s per workload at a fixed
 * iteration count, and a check of each workload's parse outcome and match
 * count. The last line is the kmod-target summary.
 *
 *   bench [-n PARSES]            every workload (matches: PARSES/16 rounds
 *                                over the socket set)
 *   bench -l                     the workload names
 *   bench -w NAME -m parse|match -n N   one loop only, for callgrind */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "workloads.h"

static struct tcpstats_sock_view socks[BENCH_SOCKS];
static volatile unsigned sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void parse_loop(const struct workload *w, unsigned n)
{
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;
	size_t len = strlen(w->text);
	unsigned i;

	for (i = 0; i < n; i++)
		sink += (unsigned)tcpstats_filter_parse(w->text, len, &f, &e);
}

/* Returns how many sockets of the set matched in the last round. */
static unsigned match_loop(const struct tcpstats_filter *f, unsigned rounds)
{
	unsigned r, i, matched = 0;

	for (r = 0; r < rounds; r++) {
		matched = 0;
		for (i = 0; i < BENCH_SOCKS; i++)
			matched += tcpstats_filter_match(f, &socks[i]) == TCPSTATS_MATCH;
	}
	sink += matched;
	return matched;
}

/* One workload: times both loops, prints its line, returns 1 if it passed. */
static int run(const struct workload *w, unsigned parses)
{
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;
	unsigned rounds = parses / 16, matched = 0;
	double t0, t1, t2;
	int ok;

	ok = (tcpstats_filter_parse(w->text, strlen(w->text), &f, &e) == 0) == w->valid;
	t0 = now();
	parse_loop(w, parses);
	t1 = now();
	if (w->valid)
		matched = match_loop(&f, rounds);
	t2 = now();
	ok = ok && matched == w->matched;
	printf("%-12s %4zu bytes  %10.0f parses/s", w->name, strlen(w->text), parses / (t1 - t0));
	if (w->valid)
		printf("  %11.0f matches/s  matched %u/%u", rounds * (double)BENCH_SOCKS / (t2 - t1),
		       matched, BENCH_SOCKS);
	else
		printf("  rejected at %u", (unsigned)e.offset);
	printf("%s\n", ok ? "" : "  UNEXPECTED");
	return ok;
}

static const struct workload *find(const char *name)
{
	size_t i;

	for (i = 0; i < n_workloads; i++)
		if (!strcmp(workloads[i].name, name))
			return &workloads[i];
	return NULL;
}

/* The callgrind mode: just the loop, no clock, no output. */
static int one_loop(const char *name, const char *mode, unsigned n)
{
	const struct workload *w = find(name);
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;

	if (!w || (strcmp(mode, "parse") && strcmp(mode, "match"))) {
		fprintf(stderr, "bench: unknown workload or mode \"%s\" \"%s\"\n", name, mode);
		return 2;
	}
	if (!strcmp(mode, "parse")) {
		parse_loop(w, n);
		return 0;
	}
	tcpstats_filter_parse(w->text, strlen(w->text), &f, &e);
	match_loop(&f, n);
	return 0;
}

int main(int argc, char **argv)
{
	const char *name = NULL, *mode = NULL;
	unsigned parses = 100000, passed = 0;
	size_t i;
	int c;

	while ((c = getopt(argc, argv, "ln:w:m:")) != -1) {
		if (c == 'l') {
			for (i = 0; i < n_workloads; i++)
				printf("%s\n", workloads[i].name);
			return 0;
		}
		if (c == 'n')
			parses = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'w')
			name = optarg;
		else if (c == 'm')
			mode = optarg;
		else
			return 2;
	}
	bench_socks(socks);
	if (name || mode)
		return one_loop(name ? name : "", mode ? mode : "", parses);
	for (i = 0; i < n_workloads; i++)
		passed += (unsigned)run(&workloads[i], parses);
	printf("kmod-target bench: %u passed, %u failed\n", passed, (unsigned)n_workloads - passed);
	return passed == n_workloads ? 0 : 1;
}
