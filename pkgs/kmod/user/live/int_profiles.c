/* live_integration / profiles: named filter profiles set, listed, used,
 * replaced and removed through the PROFILE_* ioctls. A read through a
 * profile is counted against the model and cross-checked against a read of
 * the same text through SET_FILTER; refusals are counts of -errno. The module
 * is freshly loaded: no profile exists when the category starts. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "integration.h"
#include "model.h"
#include "probe.h"
#include "report.h"

#define CAT "profiles"
#define N(t) ((int)(sizeof(t) / sizeof((t)[0])))

/* Sorted by name, as PROFILE_LIST returns them. */
static const struct icase kept[] = {
	{ "compact-tw", "include_state=time_wait format=compact" },
	{ "listeners", "include_state=listen" },
	{ "s1_v6", "ipv6_only local_port=40001,40002,40003" },
	{ "v4-established", "ipv4_only include_state=established" },
};

static char listed[TCPSTATS_MAX_PROFILES][TCPSTATS_PROFILE_NAME_MAX];

/* How many profiles there are, or -errno; their names in listed[]. */
static long list_count(void)
{
	unsigned n = 0;
	int fd = ts_open(TCPSTATS_DEVICE), ret;

	if (fd < 0)
		return fd;
	memset(listed, 0, sizeof(listed));
	ret = ts_profile_list(fd, listed, TCPSTATS_MAX_PROFILES, &n);
	close(fd);
	return ret ? ret : (long)n;
}

/* Opens the device and runs one profile ioctl on it: 0 or -errno. */
static long on_device(int (*op)(int, const char *), const char *name)
{
	int fd = ts_open(TCPSTATS_DEVICE), ret;

	if (fd < 0)
		return fd;
	ret = op(fd, name);
	close(fd);
	return ret;
}

static long set(const char *name, const char *filter, struct tcpstats_parse_error *err)
{
	int fd = ts_open(TCPSTATS_DEVICE), ret;

	if (fd < 0)
		return fd;
	ret = ts_profile_set(fd, name, filter, err);
	close(fd);
	return ret;
}

/* Reads the whole table through profile `name` on `fd`: the count or -errno. */
static long read_through(struct ictx *c, int fd, const char *name)
{
	size_t n = 0;
	int ret = ts_profile_use(fd, name);

	if (!ret)
		ret = ts_read_all(fd, (size_t)ictx_bufrecs(c) * FULL_SIZE, NULL, 0, &n);
	return ret ? ret : (long)n;
}

static long count_through(struct ictx *c, const char *name)
{
	int fd = ts_open(TCPSTATS_DEVICE);
	long n;

	if (fd < 0)
		return fd;
	n = read_through(c, fd, name);
	close(fd);
	return n;
}

static void set_and_list(void)
{
	char name[64];
	long n;
	int i;

	report_count(CAT, "list_empty", "", 0, list_count());
	for (i = 0; i < N(kept); i++) {
		snprintf(name, sizeof(name), "set_%s", kept[i].name);
		report_count(CAT, name, kept[i].filter, 0, set(kept[i].name, kept[i].filter, NULL));
	}
	n = list_count();
	report_count(CAT, "list_count", "", N(kept), n);
	for (i = 0; i < N(kept) && i < n && !strcmp(listed[i], kept[i].name); i++)
		;
	report_check(CAT, "list_sorted", i == N(kept), "name %d is \"%.32s\", expected \"%s\"", i,
		     i < n ? listed[i] : "", i < N(kept) ? kept[i].name : "");
}

/* Each profile read against the model, then against SET_FILTER of its text. */
static void use_each(struct ictx *c)
{
	char name[64];
	long via;
	int i;

	for (i = 0; i < N(kept); i++) {
		via = count_through(c, kept[i].name);
		snprintf(name, sizeof(name), "use_%s", kept[i].name);
		report_count(CAT, name, kept[i].filter, model_count(kept[i].filter, c->fx), via);
		snprintf(name, sizeof(name), "same_as_set_filter_%s", kept[i].name);
		report_count(CAT, name, kept[i].filter, via, probe(kept[i].filter, ictx_bufrecs(c), NULL, 0));
	}
}

/* A file keeps its filter when a use fails, and a copy of the profile when
 * the profile is replaced or removed afterwards. */
static void use_semantics(struct ictx *c)
{
	const char *old = kept[2].filter, *new = "ipv4_only";
	size_t n = 0;
	long first, again;
	int fd = ts_open(TCPSTATS_DEVICE);

	if (!report_check(CAT, "open", fd >= 0, "open: %s", strerror(-fd)))
		return;
	first = read_through(c, fd, kept[2].name);
	report_count(CAT, "use_unknown", "", -ENOENT, ts_profile_use(fd, "nosuch"));
	again = lseek(fd, 0, SEEK_SET) ? -errno : ts_read_all(fd, 3 * FULL_SIZE, NULL, 0, &n);
	report_count(CAT, "use_unknown_keeps_filter", old, first, again ? again : (long)n);
	set(kept[2].name, new, NULL);
	again = lseek(fd, 0, SEEK_SET) ? -errno : ts_read_all(fd, 3 * FULL_SIZE, NULL, 0, &n);
	report_count(CAT, "replaced_profile_not_in_file", old, model_count(old, c->fx),
		     again ? again : (long)n);
	report_count(CAT, "use_replaced", new, model_count(new, c->fx), read_through(c, fd, kept[2].name));
	report_count(CAT, "replace_keeps_count", "", N(kept), list_count());
	close(fd);
	set(kept[2].name, old, NULL);
}

static void refusals(void)
{
	static const struct icase bad_names[] = {
		{ "bad_name_empty", "" },
		{ "bad_name_upper", "Listeners" },
		{ "bad_name_space", "two words" },
		{ "bad_name_32_bytes", "abcdefghijklmnopqrstuvwxyz012345" },
	};
	struct tcpstats_parse_error err = { 0, "" };
	long ret;
	int i;

	ret = set("bad-filter", "local_port=70000", &err);
	report_count(CAT, "bad_filter", "local_port=70000", -EINVAL, ret);
	report_count(CAT, "bad_filter_offset", "local_port=70000", 11, ret ? (long)err.offset : -1);
	report_count(CAT, "bad_filter_not_kept", "", N(kept), list_count());
	for (i = 0; i < N(bad_names); i++)
		report_count(CAT, bad_names[i].name, bad_names[i].filter, -EINVAL,
			     set(bad_names[i].filter, "", NULL));
	report_count(CAT, "name_31_bytes", "", 0, set("abcdefghijklmnopqrstuvwxyz01234", "", NULL));
	report_count(CAT, "remove_31_bytes", "", 0,
		     on_device(ts_profile_remove, "abcdefghijklmnopqrstuvwxyz01234"));
}

/* Up to TCPSTATS_MAX_PROFILES, then ENOSPC for a new name, not a replacement. */
static void fill_up(void)
{
	char name[32];
	long ret = 0;
	int i;

	for (i = N(kept); i < TCPSTATS_MAX_PROFILES && !ret; i++) {
		snprintf(name, sizeof(name), "extra-%02d", i);
		ret = set(name, "include_state=syn_sent", NULL);
	}
	report_count(CAT, "fill_to_max", "", 0, ret);
	report_count(CAT, "list_full", "", TCPSTATS_MAX_PROFILES, list_count());
	report_count(CAT, "one_too_many", "", -ENOSPC, set("one-too-many", "", NULL));
	report_count(CAT, "replace_when_full", "", 0, set(kept[0].name, kept[0].filter, NULL));
	for (i = N(kept); i < TCPSTATS_MAX_PROFILES; i++) {
		snprintf(name, sizeof(name), "extra-%02d", i);
		on_device(ts_profile_remove, name);
	}
}

static void remove_all(struct ictx *c)
{
	char name[64];
	int i;

	for (i = 0; i < N(kept); i++) {
		snprintf(name, sizeof(name), "remove_%s", kept[i].name);
		report_count(CAT, name, "", 0, on_device(ts_profile_remove, kept[i].name));
	}
	report_count(CAT, "remove_again", "", -ENOENT, on_device(ts_profile_remove, kept[0].name));
	report_count(CAT, "use_removed", "", -ENOENT, count_through(c, kept[1].name));
	report_count(CAT, "list_empty_after", "", 0, list_count());
}

void int_profiles(struct ictx *c)
{
	set_and_list();
	use_each(c);
	use_semantics(c);
	refusals();
	fill_up();
	remove_all(c);
}
