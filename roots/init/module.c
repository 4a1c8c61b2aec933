/* Kernel modules named on the command line (vmgate.module=PATH), loaded in order before the command. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "init.h"

#define SYSLOG_ACTION_READ_ALL 3

int module_parse(struct params *p, const char *value)
{
	if (p->nmodules == MAX_MODULES || value[0] != '/' || strlen(value) >= GUEST_PATH) {
		fprintf(stderr, "vmgate-init: bad vmgate.module '%s': an absolute path under %d bytes, at most %d modules\n", value, GUEST_PATH, MAX_MODULES);
		return -EINVAL;
	}
	snprintf(p->modules[p->nmodules++], GUEST_PATH, "%s", value);
	return 0;
}

/* The kernel log's last line: where the kernel says why a module did not load. */
static void last_kmsg_line(char *dst, size_t cap)
{
	static char buf[16384];
	int n = klogctl(SYSLOG_ACTION_READ_ALL, buf, sizeof(buf) - 1);
	char *end, *start;

	dst[0] = '\0';
	if (n <= 0)
		return;
	for (end = buf + n; end > buf && (end[-1] == '\n' || end[-1] == ' '); end--)
		;
	*end = '\0';
	start = strrchr(buf, '\n');
	start = start ? start + 1 : buf;
	/* Drop the "<3>[    1.234567] " priority and timestamp prefix. */
	if (*start == '<' && strchr(start, '>'))
		start = strchr(start, '>') + 1;
	if (*start == '[' && strchr(start, ']'))
		start = strchr(start, ']') + 1;
	snprintf(dst, cap, "%s", start + strspn(start, " "));
}

static int load_one(const char *path, char *why, size_t cap)
{
	char dmesg[160];
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0) {
		err = -errno;
		snprintf(why, cap, "module %s: cannot open it: %s", path, strerror(-err));
		return err;
	}
	err = syscall(SYS_finit_module, fd, "", 0) < 0 ? -errno : 0;
	close(fd);
	if (err == 0)
		return 0;
	last_kmsg_line(dmesg, sizeof(dmesg));
	snprintf(why, cap, "module %s did not load: %s; dmesg: %s", path, strerror(-err), dmesg[0] ? dmesg : "(nothing)");
	return err;
}

int module_load_all(const struct params *p, char *why, size_t cap)
{
	for (int i = 0; i < p->nmodules; i++) {
		int err = load_one(p->modules[i], why, cap);
		if (err < 0)
			return err;
		channel_event("{\"event\":\"mark\",\"name\":\"module%d\",\"ms\":%llu}", i, (unsigned long long)uptime_ms());
	}
	return 0;
}
