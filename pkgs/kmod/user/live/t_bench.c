/* live_bench: the read path at 1K, 10K and 100K established loopback
 * connections, made by gen_conn ($TCPSTATS_GEN_CONN, default
 * /usr/local/bin/gen_conn). Per scale: one case, the count read with
 * `local_port=P local_addr=127.0.0.1/32 include_state=established` against the N accepted sockets
 * made; and a line with records/s, ns per record and the wall time
 * (connections made, the read, and closing them). Case names: bench/<N>.
 * 1K and 10K are real connections (handshake, accept). 100K are made with
 * `gen_conn --repair`: established sockets bound to the same end without a
 * handshake or a peer: under TCG real ones cost more the more there are
 * (1K in 1.3 s, 10K in 37 s on a loaded host; 100K ran past 30 minutes),
 * a repaired one is five syscalls and no packet (100K in 180 s). What is
 * read is the same: a full established socket in the established hash. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dev.h"
#include "live.h"
#include "report.h"
#include "scrape.h"

#define CAT "bench"
#define PORT 49000

struct gen {
	pid_t pid;
	int to; /* its stdin: closing it ends it */
};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Starts gen_conn and waits for its "established" line; false with why. */
static bool gen_start(struct gen *g, long n, int port, bool repair, char *why, size_t cap)
{
	const char *path = getenv("TCPSTATS_GEN_CONN") ? getenv("TCPSTATS_GEN_CONN") : "/usr/local/bin/gen_conn";
	char count[24], portstr[8], line[256] = "";
	int in[2], out[2];
	FILE *from;

	g->pid = -1, g->to = -1;
	if (pipe(in) < 0 || pipe(out) < 0)
		return snprintf(why, cap, "pipe: %s", strerror(errno)), false;
	g->pid = fork();
	if (g->pid == 0) {
		dup2(in[0], 0), dup2(out[1], 1);
		close(in[1]), close(out[0]);
		snprintf(count, sizeof(count), "%ld", n);
		snprintf(portstr, sizeof(portstr), "%d", port);
		execl(path, "gen_conn", count, portstr, repair ? "--repair" : (char *)NULL, (char *)NULL);
		printf("gen_conn: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(in[0]), close(out[1]);
	g->to = in[1];
	from = fdopen(out[0], "r");
	if (!from || !fgets(line, sizeof(line), from) || !strstr(line, "established"))
		snprintf(why, cap, "%s", line[0] ? strtok(line, "\n") : "gen_conn said nothing");
	if (from)
		fclose(from);
	return !why[0];
}

static void gen_stop(struct gen *g)
{
	if (g->to >= 0)
		close(g->to);
	if (g->pid > 0)
		waitpid(g->pid, NULL, 0);
}

/* Real connections up to here; repair-mode sockets above. */
#define REAL_UP_TO 10000

static void scale(long n, int port)
{
	char filter[96], why[256] = "", name[16];
	struct tcpstats_parse_error err;
	double start = now_s(), ready, read_s, closed;
	struct gen g = { -1, -1 };
	size_t got = 0;
	int fd, ret = -EIO;

	snprintf(name, sizeof(name), "%ld", n);
	/* The listener's address too: a client's ephemeral port may be P as well. */
	snprintf(filter, sizeof(filter), "local_port=%d local_addr=127.0.0.1/32 include_state=established", port);
	if (!gen_start(&g, n, port, n > REAL_UP_TO, why, sizeof(why))) {
		report_check(CAT, name, false, "%ld connections: %s", n, why);
		gen_stop(&g);
		return;
	}
	ready = now_s();
	fd = ts_open(TCPSTATS_DEVICE);
	if (fd >= 0 && (ret = ts_set_filter(fd, filter, &err)) == 0)
		ret = ts_read_all(fd, 1024 * sizeof(struct tcpstats_record), NULL, 0, &got);
	read_s = now_s() - ready;
	if (fd >= 0)
		close(fd);
	closed = now_s();
	/* Closing is part of the wall time: n real connections end with 2n FINs. */
	gen_stop(&g);
	report_count(CAT, name, filter, n, ret < 0 ? ret : (long)got);
	printf("bench %ld: %zu records in %.3f s: %.0f records/s, %.0f ns/record; wall %.1f s (%s %.1f s, closing %.1f s)\n",
	       n, got, read_s, got ? (double)got / read_s : 0, got ? read_s * 1e9 / (double)got : 0, now_s() - start,
	       n > REAL_UP_TO ? "repair-mode sockets" : "connecting", ready - start, now_s() - closed);
}

void live_bench(const struct live_opts *o)
{
	static const long scales[] = { 1000, 10000, 100000 };
	struct rlimit fds = { 1 << 20, 1 << 20 };
	size_t i;

	(void)o;
	/* gen_conn raises its own limit; as root both can go up to fs.nr_open. */
	setrlimit(RLIMIT_NOFILE, &fds);
	if (!live_load(CAT))
		return;
	for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
		scale(scales[i], PORT + (int)i);
	live_invariant(CAT, "after");
	live_unload(CAT);
}
