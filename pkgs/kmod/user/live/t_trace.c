/* live_trace: the Linux counterpart of a DTrace probe target. Every
 * tcpstats tracepoint is registered in tracefs (its id file is there) and
 * fires; the events of one traced stretch (two filtered reads and a refused
 * filter) are counted by type in the trace buffer and reconciled with the
 * sysfs counters' deltas over the same stretch: emit lines == emitted,
 * skip lines == the skipped sum, three opens, closes and filter sets (a
 * file per read, one for the refused filter). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "dev.h"
#include "fixture.h"
#include "kmod.h"
#include "live.h"
#include "probe.h"
#include "report.h"

#define CAT "trace"
#define TRACING "/sys/kernel/tracing"
#define TRACE_BYTES (4 << 20)

static const char *const events[] = {
	"tcpstats_open", "tcpstats_filter_set", "tcpstats_emit", "tcpstats_skip", "tcpstats_close",
};
#define N_EVENTS (sizeof(events) / sizeof(events[0]))

static void registered(void)
{
	char path[256], name[64];
	size_t i;

	for (i = 0; i < N_EVENTS; i++) {
		snprintf(path, sizeof(path), TRACING "/events/tcpstats/%s/id", events[i]);
		snprintf(name, sizeof(name), "registered_%s", events[i] + strlen("tcpstats_"));
		report_check(CAT, name, path_exists(path), "no %s", path);
	}
}

/* "<event>:" lines in the trace text. */
static long count_events(const char *text, const char *event)
{
	char tag[64];
	long n = 0;

	snprintf(tag, sizeof(tag), " %s:", event);
	for (text = strstr(text, tag); text; text = strstr(text + 1, tag))
		n++;
	return n;
}

/* The traced stretch: two reads of three listeners, one refused filter. */
static void traced_stretch(struct kmod_counters *before, struct kmod_counters *after)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct tcpstats_parse_error err;
	int fd, port;

	fx_init(f);
	for (port = 39101; port <= 39103; port++)
		fx_listener(f, (struct fx_end){ 4, "127.6.0.1", (unsigned short)port }, 4);
	file_write(TRACING "/buffer_size_kb", "4096");
	file_write(TRACING "/trace", "");
	kmod_counters(before);
	file_write(TRACING "/events/tcpstats/enable", "1");
	probe("local_port=39101", 4, NULL, 0);
	probe("local_port=39102,39103 include_state=listen", 1, NULL, 0);
	fd = ts_open(TCPSTATS_DEVICE);
	if (fd >= 0) {
		ts_set_filter(fd, "local_port=0", &err);
		close(fd);
	}
	file_write(TRACING "/events/tcpstats/enable", "0");
	kmod_counters(after);
	fx_teardown(f);
	free(f);
}

static void reconciled(void)
{
	static char text[TRACE_BYTES];
	struct kmod_counters b, a;
	long n[N_EVENTS];
	size_t i;
	int len;

	traced_stretch(&b, &a);
	len = file_read(TRACING "/trace", text, sizeof(text));
	if (!report_check(CAT, "trace_read", len >= 0, "cannot read " TRACING "/trace"))
		return;
	for (i = 0; i < N_EVENTS; i++) {
		n[i] = count_events(text, events[i]);
		printf("trace %s: %ld events\n", events[i], n[i]);
	}
	report_check(CAT, "fired_all", n[0] && n[1] && n[2] && n[3] && n[4], "an event never fired (see the counts above)");
	report_check(CAT, "open_close", n[0] == 3 && n[4] == 3,
		     "open=%ld close=%ld, expected 3 and 3 (a file per read, one for the refused filter)", n[0], n[4]);
	report_check(CAT, "filter_set", n[1] == 3, "filter_set=%ld, expected 3 (two set, one refused)", n[1]);
	report_check(CAT, "emit_vs_emitted", n[2] == a.emitted - b.emitted, "emit events %ld, emitted counter +%lld",
		     n[2], a.emitted - b.emitted);
	report_check(CAT, "skip_vs_skipped", n[3] == a.skipped - b.skipped, "skip events %ld, skipped counters +%lld",
		     n[3], a.skipped - b.skipped);
}

void live_trace(const struct live_opts *o)
{
	(void)o;
	if (!live_load(CAT))
		return;
	if (!path_exists(TRACING "/events"))
		mount("tracefs", TRACING, "tracefs", 0, NULL);
	if (report_check(CAT, "tracefs", path_exists(TRACING "/events/tcpstats"), "no " TRACING "/events/tcpstats")) {
		registered();
		reconciled();
	}
	live_unload(CAT);
}
