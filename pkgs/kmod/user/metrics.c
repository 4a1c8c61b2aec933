/* See metrics.h. Counters keep their sysfs names with _total; the three that
 * go up and down (readers, live_objects, socket_refs) are gauges. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "metrics.h"

#define MAX_RECORDS 262144

struct page {
	char *buf;
	size_t cap, len;
	int overflow;
};

static void put(struct page *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(p->buf + p->len, p->cap - p->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= p->cap - p->len)
		p->overflow = 1;
	else
		p->len += (size_t)n;
}

static int is_gauge(const char *name)
{
	return !strcmp(name, "readers") || !strcmp(name, "live_objects") || !strcmp(name, "socket_refs");
}

static int read_number(const char *dir, const char *name, unsigned long long *value)
{
	char path[512], text[64];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ok = fgets(text, sizeof(text), f) != NULL;
	fclose(f);
	if (!ok)
		return -EIO;
	*value = strtoull(text, NULL, 10);
	return 0;
}

static int render_counters(struct page *p, const char *sysfs)
{
	DIR *d = opendir(sysfs);
	struct dirent *e;
	unsigned long long v;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		const char *kind;

		if (e->d_name[0] == '.' || read_number(sysfs, e->d_name, &v) < 0)
			continue;
		kind = is_gauge(e->d_name) ? "gauge" : "counter";
		put(p, "# HELP tcpstats_%s%s tcpstats %s (/sys/kernel/tcpstats/%s).\n", e->d_name,
		    is_gauge(e->d_name) ? "" : "_total", kind, e->d_name);
		put(p, "# TYPE tcpstats_%s%s %s\n", e->d_name, is_gauge(e->d_name) ? "" : "_total", kind);
		put(p, "tcpstats_%s%s %llu\n", e->d_name, is_gauge(e->d_name) ? "" : "_total", v);
	}
	closedir(d);
	return 0;
}

/* One walk with fields=state; counts per state. */
static int render_sockets(struct page *p, const char *device)
{
	static struct ts_rec recs[MAX_RECORDS];
	unsigned long per_state[TCPSTATS_STATE_MAX + 1] = { 0 };
	struct tcpstats_parse_error err;
	size_t n = 0, i;
	unsigned s;
	int fd = ts_open(device), ret;

	if (fd < 0)
		return fd;
	ret = ts_set_filter(fd, "fields=state format=compact", &err);
	if (ret == 0)
		ret = ts_read_all(fd, 64 * 1024, recs, MAX_RECORDS, &n);
	close(fd);
	if (ret < 0)
		return ret;
	for (i = 0; i < n && i < MAX_RECORDS; i++)
		if (recs[i].r.state <= TCPSTATS_STATE_MAX)
			per_state[recs[i].r.state]++;
	put(p, "# HELP tcpstats_sockets TCP sockets per state, from one read of %s.\n", device);
	put(p, "# TYPE tcpstats_sockets gauge\n");
	for (s = 1; s <= TCPSTATS_STATE_MAX; s++)
		put(p, "tcpstats_sockets{state=\"%s\"} %lu\n", tcpstats_state_name(s), per_state[s]);
	/* A counter by type, as promtool wants of a _total name: every socket the read reported. */
	put(p, "# HELP tcpstats_sockets_total TCP sockets the read reported, all states.\n");
	put(p, "# TYPE tcpstats_sockets_total counter\n");
	put(p, "tcpstats_sockets_total %zu\n", n);
	return 0;
}

int metrics_render(char *buf, size_t cap, const char *sysfs, const char *device)
{
	struct page p = { buf, cap, 0, 0 };
	int ret = render_counters(&p, sysfs);

	if (ret == 0)
		ret = render_sockets(&p, device);
	if (ret == 0 && p.overflow)
		ret = -ENOSPC;
	return ret < 0 ? ret : (int)p.len;
}
