/* live_dos: bad input. A rejected filter leaves the previous one in force
 * (or the empty one on a fresh file); bad buffers and ioctls are refused
 * without moving the walk. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dev.h"
#include "dos.h"
#include "kmod.h"
#include "probe.h"
#include "report.h"

#define TWO_PORTS "local_port=47001,47002 " SCOPE
#define BAD_STATE "local_port=47001 include_state=bogus"

static long count(int fd)
{
	size_t n = 0;
	int ret = ts_read_all(fd, 8 * FULL_SIZE, NULL, 0, &n);

	return ret ? ret : (long)n;
}

static void rejected_keeps_previous(void)
{
	struct tcpstats_parse_error err;
	int fd = ts_open(TCPSTATS_DEVICE), ret;
	size_t at = strlen("local_port=47001 include_state=");

	ts_set_filter(fd, TWO_PORTS, NULL);
	ret = ts_set_filter(fd, BAD_STATE, &err);
	report_check(CAT, "filter_error_reported", ret == -EINVAL && err.offset == at && err.message[0],
		     "filter=\"%s\": %s, offset %u (expected %zu), message \"%s\"", BAD_STATE,
		     strerror(-ret), err.offset, at, err.message);
	report_count(CAT, "filter_error_keeps_previous", TWO_PORTS " (then rejected: " BAD_STATE ")",
		     2, count(fd));
	close(fd);
}

/* A fresh file's first filter is rejected: the empty filter stays. */
static void rejected_first(void)
{
	int fd = ts_open(TCPSTATS_DEVICE), ret;
	long n;

	ret = ts_set_filter(fd, "ipv4_only ipv6_only", NULL);
	n = count(fd);
	report_check(CAT, "filter_error_first", ret == -EINVAL && n >= LISTENERS,
		     "set: %s; then read %ld records, expected every socket (>= %d)",
		     strerror(-ret), n, LISTENERS);
	close(fd);
}

static int raw_filter(int fd, uint64_t text, uint32_t len, uint32_t reserved,
		      struct tcpstats_filter_arg *arg)
{
	memset(arg, 0, sizeof(*arg));
	arg->text = text;
	arg->len = len;
	arg->reserved = reserved;
	return ioctl(fd, TCPSTATS_IOC_SET_FILTER, arg) ? -errno : 0;
}

static void bad_ioctls(void)
{
	static char long_text[TCPSTATS_FILTER_MAX_LEN + 2];
	struct tcpstats_filter_arg arg;
	int fd = ts_open(TCPSTATS_DEVICE), r1, r2, r3, r4;

	ts_set_filter(fd, TWO_PORTS, NULL);
	memset(long_text, ' ', TCPSTATS_FILTER_MAX_LEN + 1);
	r1 = raw_filter(fd, (uintptr_t)long_text, TCPSTATS_FILTER_MAX_LEN + 1, 0, &arg);
	report_check(CAT, "filter_too_long", r1 == -EINVAL && arg.error.offset == TCPSTATS_FILTER_MAX_LEN,
		     "1025 bytes: %s, offset %u", strerror(-r1), arg.error.offset);
	r2 = raw_filter(fd, 0, 10, 0, &arg);
	r3 = raw_filter(fd, (uintptr_t)"ipv4_only", 9, 1, &arg);
	r4 = ioctl(fd, _IO(TCPSTATS_IOC_MAGIC, 99)) ? -errno : 0;
	report_check(CAT, "ioctl_refusals", r2 == -EFAULT && r3 == -EINVAL && r4 == -ENOTTY,
		     "NULL text: %s; reserved!=0: %s; unknown ioctl: %s", strerror(-r2),
		     strerror(-r3), strerror(-r4));
	report_count(CAT, "ioctl_refusals_keep_filter", TWO_PORTS, 2, count(fd));
	close(fd);
}

static void bad_reads(void)
{
	unsigned char small[FULL_SIZE];
	void *volatile unmapped = (void *)16;
	int fd = ts_open(TCPSTATS_DEVICE);
	long r1, r2, r3;

	ts_set_filter(fd, SCOPE, NULL);
	r1 = read(fd, small, FULL_SIZE - 1) < 0 ? -errno : 0;
	r2 = read(fd, unmapped, 4 * FULL_SIZE) < 0 ? -errno : 0;
	r3 = lseek(fd, 5, SEEK_SET) < 0 ? -errno : 0;
	report_check(CAT, "bad_reads_refused", r1 == -EINVAL && r2 == -EFAULT && r3 == -EINVAL,
		     "short buffer: %s; bad pointer: %s; lseek 5: %s", strerror((int)-r1),
		     strerror((int)-r2), strerror((int)-r3));
	report_count(CAT, "bad_reads_lose_nothing", SCOPE, LISTENERS, count(fd));
	close(fd);
}

void dos_bad_input(void)
{
	rejected_keeps_previous();
	rejected_first();
	bad_ioctls();
	bad_reads();
	report_check(CAT, "bad_input_leaves_nothing",
		     kmod_counter("readers") == 0 && kmod_counter("live_objects") == 0 &&
			     kmod_counter("socket_refs") == 0,
		     "readers=%lld live_objects=%lld socket_refs=%lld", kmod_counter("readers"),
		     kmod_counter("live_objects"), kmod_counter("socket_refs"));
}
