/* live_stats: the walk under change. Listener ports that differ by a
 * multiple of 512 on one address share a bucket of the kernel's 512-bucket
 * listening hash (hash(addr) ^ port), so these cases change the very bucket
 * a reader is in the middle of, between its one-record reads. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "fixture.h"
#include "probe.h"
#include "report.h"
#include "stats.h"

#define SAME_BUCKET 20
#define ADDR "127.22.0.1"
#define SCOPE_22 "local_addr=127.22.0.0/16"

static uint16_t port_of(int k)
{
	return (uint16_t)(45100 + 512 * k);
}

/* Listeners k = from..to-1 into fds[k]; false if any failed. */
static bool listeners(struct fixture *f, int *fds, int from, int to)
{
	int k;

	for (k = from; k < to; k++)
		fds[k] = fx_listener(f, (struct fx_end){ 4, ADDR, port_of(k) }, 4);
	return !f->error[0];
}

/* One record per read; after each, `change` may close or open listeners.
 * seen[k] counts the reports of port_of(k); returns the records read. */
static long read_changing(struct fixture *f, int *fds, int *seen, bool closing)
{
	struct ts_rec rec;
	unsigned char buf[FULL_SIZE];
	int fd = ts_open(TCPSTATS_DEVICE), k, extra = SAME_BUCKET;
	long n = 0;
	ssize_t got = fd < 0 ? fd : ts_set_filter(fd, SCOPE_22, NULL);

	while (!got && (got = ts_read_raw(fd, buf, sizeof(buf))) > 0 &&
	       ts_decode(buf, (size_t)got, &rec, 1) == 1) {
		got = 0;
		n++;
		k = (rec.r.local_port - 45100) / 512;
		if (k >= 0 && k < 2 * SAME_BUCKET)
			seen[k]++;
		if (closing && k >= 0 && k < SAME_BUCKET && fds[k] >= 0)
			close(fds[k]), fds[k] = -1;
		else if (!closing && extra < 2 * SAME_BUCKET)
			listeners(f, fds, extra, extra + 1), extra++;
	}
	if (fd >= 0)
		close(fd);
	return got < 0 ? got : n;
}

/* Which of the first SAME_BUCKET ports were not seen exactly once. */
static void describe(const int *seen, char *out, size_t size)
{
	size_t len = 0;
	int k;

	out[0] = '\0';
	for (k = 0; k < SAME_BUCKET && len + 24 < size; k++)
		if (seen[k] != 1)
			len += (size_t)snprintf(out + len, size - len, " %u:%dx", port_of(k), seen[k]);
}

static void one(const char *name, bool closing)
{
	static struct fixture f;
	int fds[2 * SAME_BUCKET], seen[2 * SAME_BUCKET] = { 0 };
	char bad[512];
	long n = -EIO;

	fx_init(&f);
	if (listeners(&f, fds, 0, SAME_BUCKET))
		n = read_changing(&f, fds, seen, closing);
	describe(seen, bad, sizeof(bad));
	report_check(CAT, name, n >= SAME_BUCKET && !bad[0],
		     "filter=\"%s\": %ld records; ports not reported exactly once:%s%s", SCOPE_22,
		     n, bad, f.error);
	fx_teardown(&f);
}

void stats_consistency(void)
{
	one("walk_while_closing_reported", true);
	one("walk_while_opening_more", false);
}
