/* Counters and their sysfs directory, /sys/kernel/tcpstats/. One read-only
 * file per counter; skipped_<reason> takes its name from the shared
 * tcpstats_skip_name(), so the filter and the module never disagree. */
#include <linux/atomic.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "stats.h"

static atomic64_t visited, emitted, skipped[TCPSTATS_SKIP_REASONS];
static atomic64_t allocations, frees, sock_refs;
static atomic64_t events[TCPSTATS_EV_COUNT];
static atomic_t readers;
static struct kobject *stats_kobj;

void tcpstats_count_emit(void)
{
	atomic64_inc(&visited);
	atomic64_inc(&emitted);
}

void tcpstats_count_skip(enum tcpstats_skip reason)
{
	atomic64_inc(&visited);
	atomic64_inc(&skipped[reason]);
}

bool tcpstats_readers_enter(unsigned int max)
{
	if (atomic_inc_return(&readers) <= max)
		return true;
	atomic_dec(&readers);
	tcpstats_count_event(TCPSTATS_EV_EMFILE);
	return false;
}

void tcpstats_readers_leave(void)
{
	atomic_dec(&readers);
}

unsigned int tcpstats_readers(void)
{
	return atomic_read(&readers);
}

void tcpstats_count_alloc(void)
{
	atomic64_inc(&allocations);
}

void tcpstats_count_free(void)
{
	atomic64_inc(&frees);
}

void tcpstats_count_sock_get(void)
{
	atomic64_inc(&sock_refs);
}

void tcpstats_count_sock_put(void)
{
	atomic64_dec(&sock_refs);
}

void tcpstats_count_event(enum tcpstats_event event)
{
	atomic64_inc(&events[event]);
}

/* ---- sysfs ---------------------------------------------------------------- */

static ssize_t show_value(char *buf, s64 value)
{
	return sysfs_emit(buf, "%lld\n", value);
}

#define STATS_ATTR(name, expr)                                                         \
	static ssize_t name##_show(struct kobject *k, struct kobj_attribute *a, char *buf) \
	{                                                                              \
		return show_value(buf, (expr));                                        \
	}                                                                              \
	static struct kobj_attribute name##_attr = __ATTR_RO(name)

STATS_ATTR(visited, atomic64_read(&visited));
STATS_ATTR(emitted, atomic64_read(&emitted));
STATS_ATTR(readers, atomic_read(&readers));
STATS_ATTR(allocations, atomic64_read(&allocations));
STATS_ATTR(live_objects, atomic64_read(&allocations) - atomic64_read(&frees));
STATS_ATTR(socket_refs, atomic64_read(&sock_refs));
STATS_ATTR(reads, atomic64_read(&events[TCPSTATS_EV_READS]));
STATS_ATTR(deadline_hits, atomic64_read(&events[TCPSTATS_EV_DEADLINE]));
STATS_ATTR(interrupted_reads, atomic64_read(&events[TCPSTATS_EV_INTERRUPTED]));
STATS_ATTR(filters_set, atomic64_read(&events[TCPSTATS_EV_FILTERS_SET]));
STATS_ATTR(filter_errors, atomic64_read(&events[TCPSTATS_EV_FILTER_ERRORS]));
STATS_ATTR(emfile_refusals, atomic64_read(&events[TCPSTATS_EV_EMFILE]));

/* skipped_<reason>: one attribute per reason, named at init. */
#define SKIP_NAME_MAX 40
static char skip_names[TCPSTATS_SKIP_REASONS][SKIP_NAME_MAX];
static struct kobj_attribute skip_attrs[TCPSTATS_SKIP_REASONS];

static ssize_t skipped_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return show_value(buf, atomic64_read(&skipped[a - skip_attrs]));
}

#define FIXED_ATTRS 12
static struct attribute *stats_attrs[FIXED_ATTRS + TCPSTATS_SKIP_REASONS] = {
	&visited_attr.attr, &emitted_attr.attr, &readers_attr.attr,
	&allocations_attr.attr, &live_objects_attr.attr, &socket_refs_attr.attr,
	&reads_attr.attr, &deadline_hits_attr.attr, &interrupted_reads_attr.attr,
	&filters_set_attr.attr, &filter_errors_attr.attr, &emfile_refusals_attr.attr,
	/* skipped_<reason> follow, NULL-terminated (reason 0 is a match) */
};

static const struct attribute_group stats_group = {
	.attrs = stats_attrs,
};

static void name_skip_attrs(void)
{
	int r;

	for (r = 1; r < TCPSTATS_SKIP_REASONS; r++) {
		snprintf(skip_names[r], SKIP_NAME_MAX, "skipped_%s", tcpstats_skip_name(r));
		sysfs_attr_init(&skip_attrs[r].attr);
		skip_attrs[r].attr.name = skip_names[r];
		skip_attrs[r].attr.mode = 0444;
		skip_attrs[r].show = skipped_show;
		stats_attrs[FIXED_ATTRS + r - 1] = &skip_attrs[r].attr;
	}
}

int tcpstats_stats_init(void)
{
	int ret;

	name_skip_attrs();
	stats_kobj = kobject_create_and_add("tcpstats", kernel_kobj);
	if (!stats_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(stats_kobj, &stats_group);
	if (ret)
		goto err_group;
	return 0;

err_group:
	kobject_put(stats_kobj);
	return ret;
}

void tcpstats_stats_exit(void)
{
	sysfs_remove_group(stats_kobj, &stats_group);
	kobject_put(stats_kobj);
}
