/* live_smoke: load, look at everything the module exposes, open, read,
 * trace, close, unload, and check it is all gone. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev.h"
#include "fixture.h"
#include "kmod.h"
#include "live.h"
#include "probe.h"
#include "report.h"

#define CAT "smoke"
#define TRACING "/sys/kernel/tracing"

static const char *const counters[] = {
	"visited", "emitted", "readers", "allocations", "live_objects", "socket_refs",
	"skipped_family", "skipped_state", "skipped_local_port", "skipped_remote_port",
	"skipped_local_addr", "skipped_remote_addr",
};

static const char *const events[] = {
	"tcpstats_open", "tcpstats_filter_set", "tcpstats_emit", "tcpstats_skip", "tcpstats_close",
};

static void device_node(void)
{
	struct stat st;
	int ret = stat(TCPSTATS_DEVICE, &st) ? -errno : 0;

	report_check(CAT, "device_node", !ret && S_ISCHR(st.st_mode) && (st.st_mode & 0777) == 0600,
		     "/dev/tcpstats: %s, mode %o", ret ? strerror(-ret) : "present",
		     ret ? 0 : st.st_mode & 07777);
}

static void sysfs_tree(void)
{
	const char *missing = NULL;
	size_t i;

	for (i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		if (kmod_counter(counters[i]) < 0)
			missing = counters[i];
	report_check(CAT, "sysfs_counters", !missing, KMOD_SYSFS "/%s unreadable", missing);
}

static void parameters(void)
{
	long max = -1, deadline = -1, delay = -1, back = -1;
	int ret;

	kmod_param_get("max_readers", &max);
	kmod_param_get("read_deadline_ms", &deadline);
	kmod_param_get("test_delay_us_per_socket", &delay);
	report_check(CAT, "param_defaults", max == 8 && deadline == 0 && delay == 0,
		     "max_readers=%ld read_deadline_ms=%ld test_delay_us_per_socket=%ld", max,
		     deadline, delay);
	ret = kmod_param_set("read_deadline_ms", 250);
	kmod_param_get("read_deadline_ms", &back);
	kmod_param_set("read_deadline_ms", 0);
	report_check(CAT, "param_writable", !ret && back == 250, "write 250: %s, read back %ld",
		     ret ? strerror(-ret) : "ok", back);
	ret = kmod_param_set("max_readers", 0);
	kmod_param_get("max_readers", &back);
	report_check(CAT, "param_range_checked", ret == -EINVAL && back == 8,
		     "max_readers=0: %s, now %ld", ret ? strerror(-ret) : "accepted", back);
}

static bool tracefs(void)
{
	if (!path_exists(TRACING "/events"))
		mount("tracefs", TRACING, "tracefs", 0, NULL);
	return path_exists(TRACING "/events");
}

static void trace_events(void)
{
	const char *missing = NULL;
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		snprintf(path, sizeof(path), TRACING "/events/tcpstats/%s", events[i]);
		if (!path_exists(path))
			missing = events[i];
	}
	report_check(CAT, "trace_events", !missing, "%s: no such event", missing);
}

/* One listener, one read that emits it and one that skips it, traced. */
static void trace_output(void)
{
	static char text[65536];
	struct fixture *f = calloc(1, sizeof(*f));
	const char *missing = NULL;
	size_t i;

	fx_listener(f, (struct fx_end){ 4, "127.5.0.1", 39001 }, 4);
	file_write(TRACING "/trace", "");
	file_write(TRACING "/events/tcpstats/enable", "1");
	probe("local_port=39001", 4, NULL, 0);
	probe("local_port=39001 include_state=established", 4, NULL, 0);
	file_write(TRACING "/events/tcpstats/enable", "0");
	fx_teardown(f);
	free(f);
	if (file_read(TRACING "/trace", text, sizeof(text)) < 0)
		text[0] = '\0';
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!strstr(text, events[i]))
			missing = events[i];
	report_check(CAT, "trace_output", !missing, "no %s line in " TRACING "/trace", missing);
}

static void open_read_close(void)
{
	struct kmod_counters before, after;
	int fd;
	size_t n = 0;
	int ret;

	kmod_counters(&before);
	fd = ts_open(TCPSTATS_DEVICE);
	report_check(CAT, "open", fd >= 0 && kmod_counter("readers") == 1, "open: %s, readers=%lld",
		     fd < 0 ? strerror(-fd) : "ok", kmod_counter("readers"));
	if (fd < 0)
		return;
	ret = ts_read_all(fd, 16 * FULL_SIZE, NULL, 0, &n);
	kmod_counters(&after);
	report_check(CAT, "read_to_eof", !ret && after.emitted - before.emitted == (long long)n,
		     "read: %s; %zu records, emitted went up by %lld", ret ? strerror(-ret) : "ok",
		     n, after.emitted - before.emitted);
	close(fd);
	report_check(CAT, "close", kmod_counter("readers") == 0 && kmod_counter("live_objects") == 0,
		     "readers=%lld live_objects=%lld", kmod_counter("readers"),
		     kmod_counter("live_objects"));
}

static void gone(void)
{
	const char *still = path_exists(TCPSTATS_DEVICE) ? TCPSTATS_DEVICE
			    : path_exists(KMOD_SYSFS)     ? KMOD_SYSFS
			    : kmod_loaded()               ? "/sys/module/tcpstats"
							  : NULL;

	report_check(CAT, "all_gone", !still, "%s still there after unload", still);
}

void live_smoke(const struct live_opts *o)
{
	(void)o;
	if (!live_load(CAT))
		return;
	device_node();
	sysfs_tree();
	parameters();
	if (report_check(CAT, "tracefs", tracefs(), "cannot mount tracefs on " TRACING)) {
		trace_events();
		trace_output();
	}
	open_read_close();
	live_invariant(CAT, "after_read");
	if (live_unload(CAT))
		gone();
}
