/* Steps every target shares: load, unload, the counter invariant, time. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "kmod.h"
#include "tcpstats.h"
#include "live.h"
#include "report.h"
#include "scrape.h"

bool live_load(const char *cat)
{
	int ret = kmod_loaded() ? 0 : kmod_load();
	bool ok = report_check(cat, "load", ret == 0 && path_exists(TCPSTATS_DEVICE),
			       "finit_module(" KMOD_FILE "): %s; /dev/tcpstats %s",
			       ret ? strerror(-ret) : "ok",
			       path_exists(TCPSTATS_DEVICE) ? "present" : "missing");

	if (ok)
		scrape_begin(cat);
	return ok;
}

bool live_unload(const char *cat)
{
	long long live, refs;
	int ret;

	scrape_end(cat);
	live = kmod_counter("live_objects");
	refs = kmod_counter("socket_refs");
	ret = kmod_unload();

	return report_check(cat, "unload", ret == 0 && live == 0 && refs == 0,
			    "delete_module: %s; live_objects=%lld socket_refs=%lld before",
			    ret ? strerror(-ret) : "ok", live, refs);
}

bool live_invariant(const char *cat, const char *what)
{
	struct kmod_counters c;
	char name[128];
	int ret = kmod_counters(&c);

	strcpy(name, "counters_");
	strncat(name, what, sizeof(name) - 10);
	return report_check(cat, name,
			    !ret && c.visited == c.emitted + c.skipped && c.socket_refs == 0,
			    "visited=%lld emitted=%lld skipped=%lld socket_refs=%lld%s", c.visited,
			    c.emitted, c.skipped, c.socket_refs, ret ? " (sysfs unreadable)" : "");
}

void sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) && errno == EINTR)
		;
}

long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}
