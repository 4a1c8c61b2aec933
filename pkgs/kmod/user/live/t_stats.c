/* live_stats: a few hundred loopback sockets in several states, read over
 * and over with different filters and buffer sizes. After every single
 * read(): visited == emitted + sum(skipped_*). After every walk: no socket
 * reference held, emitted went up by exactly the records read, and the
 * count is the model's. Then the same while another process keeps
 * opening and closing connections. Every walk visits every fixture socket
 * and counts the skips its filter implies. Ports 45000+, 127.20/16,
 * fd00:20::/48. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dev.h"
#include "fixture.h"
#include "kmod.h"
#include "live.h"
#include "model.h"
#include "net.h"
#include "probe.h"
#include "report.h"
#include "scrape.h"
#include "stats.h"

#define PORT 45000
#define SCOPE "local_addr=127.20.0.0/16 local_addr=fd00:20::/48"

struct plan {
	int family;
	const char *server, *client[3];
	int listeners, established, time_wait, half;
};

static const struct plan plans[] = {
	{ 4, "127.20.0.1", { "127.20.1.1", "127.20.2.1", "127.20.3.1" }, 12, 60, 30, 20 },
	{ 6, "fd00:20::1", { "fd00:20:0:1::1", "fd00:20:0:2::1", "fd00:20:0:3::1" }, 8, 20, 10, 10 },
};

/* A walk under `filter` skips at least the fixture sockets `skips` matches
 * for `reason`: the matcher checks family, state, ports, addresses in that
 * order, so e.g. under ipv4_only every IPv6 socket is a family skip. */
static const struct {
	const char *name, *filter;
	bool exact; /* false: unscoped, other targets' sockets count too */
	const char *reason, *skips;
} filters[] = {
	{ "scope", SCOPE, true, NULL, NULL },
	{ "ipv4", "ipv4_only local_addr=127.20.0.0/16", true, "family", "ipv6_only" },
	{ "ipv6", "ipv6_only local_addr=fd00:20::/48", true, "family", "ipv4_only" },
	{ "established", "include_state=established " SCOPE, true, "state",
	  "exclude_state=established" },
	{ "closing", "include_state=time_wait,fin_wait2,close_wait " SCOPE, true, "state",
	  "include_state=established,listen" },
	{ "listen", "include_state=listen " SCOPE, true, "state", "exclude_state=listen" },
	{ "local_ports", "local_port=45001,45002 " SCOPE, true, NULL, NULL },
	{ "remote_port", "remote_port=45003 " SCOPE, true, NULL, NULL },
	{ "compact", "format=compact " SCOPE, true, NULL, NULL },
	{ "counters", "fields=counters include_state=established local_addr=127.20.1.0/24", true,
	  "state", "exclude_state=established" },
	{ "nothing", "local_port=45999", true, "local_port", "" },
	{ "everything", "", false, NULL, NULL },
};

#define N_FILTERS (sizeof(filters) / sizeof(filters[0]))

static struct fx_end at(int family, const char *addr, int offset)
{
	return (struct fx_end){ family, addr, (uint16_t)(PORT + offset) };
}

static void build(struct fixture *f, const struct plan *p)
{
	int l[16], i;

	for (i = 0; i < p->listeners; i++)
		l[i] = fx_listener(f, at(p->family, p->server, 1 + i), 128);
	for (i = 0; i < p->established && !f->error[0]; i++)
		fx_established(f, l[i % 4], at(p->family, p->client[0], 1000 + i),
			       at(p->family, p->server, 1 + i % 4), 200);
	for (i = 0; i < p->time_wait && !f->error[0]; i++)
		fx_time_wait(f, l[4], at(p->family, p->client[1], 2000 + i), at(p->family, p->server, 5));
	for (i = 0; i < p->half && !f->error[0]; i++)
		fx_half_closed(f, l[5], at(p->family, p->client[2], 3000 + i),
			       at(p->family, p->server, 6));
}

static bool setup(struct fixture *f)
{
	static const char *const v6[] = { "fd00:20::1", "fd00:20:0:1::1", "fd00:20:0:2::1",
					  "fd00:20:0:3::1" };
	int i, ret = 0;

	for (i = 0; i < 4 && !ret; i++)
		ret = net_add_addr6(v6[i], 64);
	for (i = 0; i < 2 && !ret && !f->error[0]; i++)
		build(f, &plans[i]);
	fx_settle();
	return report_check(CAT, "fixture", !ret && !f->error[0] && f->n == 280,
			    "%s%s (%d sockets modelled, 280 planned)", ret ? strerror(-ret) : "",
			    f->error, f->n);
}

struct walk {
	long n;                  /* records, or -errno */
	long long visited, skips; /* deltas: visited, skipped_<reason> */
	char why[256];           /* a counter check that failed, or "" */
};

static long long skipped(const char *reason)
{
	char name[64];

	snprintf(name, sizeof(name), "skipped_%s", reason ? reason : "family");
	return kmod_counter(name);
}

/* After every read(): the invariant. */
static bool check_read(struct walk *w)
{
	struct kmod_counters c;

	if (!kmod_counters(&c) && c.visited == c.emitted + c.skipped)
		return true;
	snprintf(w->why, sizeof(w->why), "after a read: visited=%lld emitted=%lld skipped=%lld "
		 "socket_refs=%lld", c.visited, c.emitted, c.skipped, c.socket_refs);
	return false;
}

static void read_walk(int fd, int bufrecs, struct walk *w)
{
	unsigned char buf[64 * FULL_SIZE];
	struct ts_rec recs[64 * FULL_SIZE / COMPACT_SIZE + 1];
	ssize_t got;
	int k;

	while ((got = ts_read_raw(fd, buf, (size_t)bufrecs * FULL_SIZE)) > 0) {
		k = ts_decode(buf, (size_t)got, recs, sizeof(recs) / sizeof(recs[0]));
		w->n += k < 0 ? 0 : k;
		if (!check_read(w))
			return;
	}
	if (got < 0)
		w->n = got;
}

/* One walk from a fresh fd, with the counter deltas around it. */
static void walk(const char *filter, const char *reason, int bufrecs, struct walk *w)
{
	struct kmod_counters start, end;
	long long skips = skipped(reason);
	int fd = ts_open(TCPSTATS_DEVICE);

	memset(w, 0, sizeof(*w));
	w->n = fd < 0 ? fd : ts_set_filter(fd, filter, NULL);
	if (!w->n && !kmod_counters(&start))
		read_walk(fd, bufrecs, w);
	if (fd >= 0)
		close(fd);
	if (w->n < 0 || w->why[0] || kmod_counters(&end))
		return;
	w->visited = end.visited - start.visited;
	w->skips = skipped(reason) - skips;
	if (end.socket_refs)
		snprintf(w->why, sizeof(w->why), "socket_refs=%lld after close", end.socket_refs);
	else if (end.emitted - start.emitted != w->n)
		snprintf(w->why, sizeof(w->why), "emitted went up by %lld, %ld records read",
			 end.emitted - start.emitted, w->n);
}

/* Every fixture socket was visited; the expected skips were counted. */
static void check_walk(const struct fixture *f, size_t i, struct walk *w)
{
	long min = filters[i].reason ? model_count(filters[i].skips, f) : 0;

	if (w->why[0] || w->n < 0)
		return;
	if (w->visited < f->n)
		snprintf(w->why, sizeof(w->why), "visited went up by %lld, fewer than the %d "
			 "fixture sockets", w->visited, f->n);
	else if (w->skips < min)
		snprintf(w->why, sizeof(w->why), "skipped_%s went up by %lld, expected at least %ld",
			 filters[i].reason, w->skips, min);
}

static void series(const struct fixture *f, int bufrecs, const char *suffix)
{
	char name[96];
	struct walk w;
	size_t i;

	for (i = 0; i < N_FILTERS; i++) {
		walk(filters[i].filter, filters[i].reason, bufrecs, &w);
		check_walk(f, i, &w);
		snprintf(name, sizeof(name), "%s_b%d%s_counters", filters[i].name, bufrecs, suffix);
		report_check(CAT, name, !w.why[0] && w.n >= 0, "filter=\"%s\": %s%s",
			     filters[i].filter, w.why, w.n < 0 ? strerror((int)-w.n) : "");
		if (!filters[i].exact)
			continue;
		snprintf(name, sizeof(name), "%s_b%d%s", filters[i].name, bufrecs, suffix);
		report_count(CAT, name, filters[i].filter, model_count(filters[i].filter, f), w.n);
	}
}

/* A child that connects and aborts connections until killed, outside the
 * scope the exact counts look at (127.21/16). */
static pid_t churn(void)
{
	struct fixture *lf, *cf;
	int lfd, i;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	lf = calloc(1, sizeof(*lf));
	cf = calloc(1, sizeof(*cf));
	lfd = fx_listener(lf, at(4, "127.21.9.1", 900), 128);
	for (i = 0; lfd >= 0; i = (i + 1) % 500) {
		fx_established(cf, lfd, at(4, "127.21.9.2", 4000 + i), at(4, "127.21.9.1", 900), 0);
		fx_teardown(cf);
		fx_init(cf);
	}
	_exit(1);
}

/* The exporter's tcpstats_sockets_total against a read of our own, within
 * 10% (sockets come and go between the two). No exporter, or a failed
 * scrape: logged, no case. */
static void exporter_cross_check(void)
{
	static struct ts_rec recs[8192];
	struct scrape s;
	char why[160] = "";
	double total = -1;
	size_t n = 0;
	int fd, ret = scrape_fetch(&s, why, sizeof(why));

	if (ret == SCRAPE_UNSET)
		return;
	if (ret < 0 || !scrape_value(&s, "tcpstats_sockets_total", &total)) {
		printf("scrape stats cross-check: %s; not a test failure\n", ret < 0 ? why : "no tcpstats_sockets_total");
		return;
	}
	fd = ts_open(TCPSTATS_DEVICE);
	ret = fd < 0 ? fd : ts_read_all(fd, 64 * 1024, recs, 8192, &n);
	if (fd >= 0)
		close(fd);
	report_check(CAT, "exporter_sockets_total", ret == 0 && total >= 0.9 * (double)n && total <= 1.1 * (double)n,
		     "tcpstats_sockets_total=%.0f, a read found %zu%s", total, n, ret ? " (the read failed)" : "");
}

void live_stats(const struct live_opts *o)
{
	static struct fixture fx;
	pid_t pid;

	(void)o;
	if (!live_load(CAT))
		return;
	fx_init(&fx);
	if (setup(&fx)) {
		exporter_cross_check();
		stats_consistency();
		series(&fx, 1, "");
		series(&fx, 7, "");
		series(&fx, 64, "");
		pid = churn();
		series(&fx, 8, "_churn");
		series(&fx, 2, "_churn");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	fx_teardown(&fx);
	live_invariant(CAT, "after");
	live_unload(CAT);
}
