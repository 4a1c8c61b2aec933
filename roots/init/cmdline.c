/* The vmgate.* parameters on the kernel command line. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "init.h"

static char cmdline[4096];
static char argbuf[4096];

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* argbuf holds `n` bytes of NUL-separated words; point argv at them. More words than fit are an error, not a truncation. */
static int split_argv(struct params *p, size_t n)
{
	size_t argc = 0;

	argbuf[n] = '\0';
	for (size_t i = 0; i < n; i += strlen(argbuf + i) + 1) {
		if (argc == MAX_ARGS) {
			fprintf(stderr, "vmgate-init: the command has more than %d words\n", MAX_ARGS);
			return -E2BIG;
		}
		p->argv[argc++] = argbuf + i;
	}
	p->argv[argc] = NULL;
	return 0;
}

/* vmgate.cmd is the argv, NUL-separated, hex-encoded: no quoting survives the cmdline otherwise. */
static int decode_argv(const char *hex, struct params *p)
{
	size_t n = 0, len = strlen(hex);

	if (len % 2 || len / 2 >= sizeof(argbuf)) {
		fprintf(stderr, "vmgate-init: bad vmgate.cmd '%.40s...': odd length or too long\n", hex);
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i += 2) {
		int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
		if (hi < 0 || lo < 0) {
			fprintf(stderr, "vmgate-init: bad vmgate.cmd: '%.2s' is not hex\n", hex + i);
			return -EINVAL;
		}
		argbuf[n++] = (char)(hi << 4 | lo);
	}
	return split_argv(p, n);
}

/* vmgate.cmdfile names a file in the initramfs holding the argv, NUL-separated: for commands too long for the cmdline. */
static int read_argv(const char *path, struct params *p)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, argbuf, sizeof(argbuf) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0 || (size_t)n == sizeof(argbuf) - 1) {
		fprintf(stderr, "vmgate-init: bad vmgate.cmdfile '%s': %s\n", path, n < 0 ? strerror(errno) : "longer than 4095 bytes");
		return -EINVAL;
	}
	return split_argv(p, (size_t)n);
}

static int apply(struct params *p, const char *key, const char *value)
{
	if (!strcmp(key, "nonce"))
		snprintf(p->nonce, sizeof(p->nonce), "%s", value);
	else if (!strcmp(key, "role"))
		snprintf(p->role, sizeof(p->role), "%s", value);
	else if (!strcmp(key, "timeout"))
		p->timeout_s = (unsigned)strtoul(value, NULL, 10);
	else if (!strcmp(key, "debug"))
		p->debug = !strcmp(value, "1");
	else if (!strcmp(key, "ready"))
		p->ready_by_command = !strcmp(value, "command");
	else if (!strcmp(key, "nic"))
		return net_parse_nic(p, value);
	else if (!strcmp(key, "cmd"))
		return decode_argv(value, p);
	else if (!strcmp(key, "cmdfile"))
		return read_argv(value, p);
	else if (!strcmp(key, "share"))
		return mount_parse_share(p, value);
	else if (!strcmp(key, "hostroot"))
		snprintf(p->hostroot, sizeof(p->hostroot), "%s", value);
	else if (!strcmp(key, "cwd"))
		return mount_parse_path(p->cwd, "cwd", value);
	else if (!strcmp(key, "module"))
		return module_parse(p, value);
	return 0;
}

int params_read(struct params *p)
{
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n;
	char *save, *word, copy[sizeof(cmdline)];

	memset(p, 0, sizeof(*p));
	p->timeout_s = 60;
	snprintf(p->role, sizeof(p->role), "node");
	if (fd < 0)
		return -errno;
	n = read(fd, cmdline, sizeof(cmdline) - 1);
	close(fd);
	if (n < 0)
		return -errno;
	cmdline[n] = '\0';
	memcpy(copy, cmdline, sizeof(copy));
	for (word = strtok_r(copy, " \n", &save); word; word = strtok_r(NULL, " \n", &save)) {
		char *eq = strchr(word, '=');
		if (strncmp(word, "vmgate.", 7) || !eq)
			continue;
		*eq = '\0';
		if (apply(p, word + 7, eq + 1) < 0)
			return -EINVAL;
	}
	return 0;
}

/* Hides the nonce from the test: /proc/cmdline is replaced by a copy without it. */
int cmdline_redact(const char *nonce)
{
	char *at = nonce[0] ? strstr(cmdline, nonce) : NULL;
	int fd;

	if (!at)
		return 0;
	memset(at, 'x', strlen(nonce));
	mkdir("/run/vmgate", 0700);
	fd = open("/run/vmgate/cmdline", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0444);
	if (fd < 0)
		return -errno;
	if (write(fd, cmdline, strlen(cmdline)) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	return mount("/run/vmgate/cmdline", "/proc/cmdline", NULL, MS_BIND, NULL) ? -errno : 0;
}
