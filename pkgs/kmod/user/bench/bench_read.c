/* bench_read [--filter TEXT] [--rounds N] [--buffer RECORDS]: reads
 * /dev/tcpstats to EOF N times (default 5) and prints records per read,
 * records/s and ns per record, for the read path alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dev.h"

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *filter = "";
	long rounds = 5, bufrecs = 256, r;
	struct tcpstats_parse_error err;
	size_t n = 0, total = 0;
	double start;
	int i, fd, ret;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--filter"))
			filter = argv[i + 1];
		else if (!strcmp(argv[i], "--rounds"))
			rounds = strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--buffer"))
			bufrecs = strtol(argv[i + 1], NULL, 10);
		else
			break;
	}
	if (i != argc || rounds <= 0 || bufrecs <= 0) {
		fprintf(stderr, "usage: bench_read [--filter TEXT] [--rounds N] [--buffer RECORDS]\n");
		return 2;
	}
	fd = ts_open(TCPSTATS_DEVICE);
	if (fd < 0 || (ret = ts_set_filter(fd, filter, &err)) < 0) {
		fprintf(stderr, "bench_read: %s: %s\n", TCPSTATS_DEVICE, strerror(fd < 0 ? -fd : -ret));
		return 1;
	}
	start = now_s();
	for (r = 0; r < rounds; r++) {
		if ((ret = ts_reset(fd)) < 0 ||
		    (ret = ts_read_all(fd, (size_t)bufrecs * sizeof(struct tcpstats_record), NULL, 0, &n)) < 0) {
			fprintf(stderr, "bench_read: read: %s\n", strerror(-ret));
			return 1;
		}
		total += n;
	}
	printf("bench_read: %zu records per read, %.0f records/s, %.0f ns/record\n", n,
	       (double)total / (now_s() - start), total ? (now_s() - start) * 1e9 / (double)total : 0);
	return 0;
}
