/*
 * The run's vmgate.* parameters. They arrive as one line on the channel after
 * init says hello, never on the kernel command line: a guest restored from a
 * memory snapshot must get them fresh, and the test cannot read the nonce from
 * /proc/cmdline. Run-independent words may still come on the command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "init.h"

static char argbuf[16384];

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

/* vmgate.clock=SECONDS.NANOSECONDS: the host's wall clock when it sent the run. */
static int parse_clock(struct params *p, const char *value)
{
	char *end;

	p->clock.tv_sec = (time_t)strtoll(value, &end, 10);
	p->clock.tv_nsec = *end == '.' ? strtol(end + 1, &end, 10) : -1;
	if (*end || p->clock.tv_nsec < 0 || p->clock.tv_nsec > 999999999) {
		fprintf(stderr, "vmgate-init: bad vmgate.clock '%s': want SECONDS.NANOSECONDS\n", value);
		return -EINVAL;
	}
	p->has_clock = 1;
	return 0;
}

/* vmgate.entropy=HEX: fresh random bytes from the host, credited to the CRNG. */
static int parse_entropy(struct params *p, const char *value)
{
	size_t len = strlen(value);

	if (len % 2 || len / 2 > sizeof(p->entropy)) {
		fprintf(stderr, "vmgate-init: bad vmgate.entropy: want at most %zu hex bytes\n", sizeof(p->entropy));
		return -EINVAL;
	}
	for (size_t i = 0; i < len; i += 2) {
		int hi = hexval(value[i]), lo = hexval(value[i + 1]);
		if (hi < 0 || lo < 0) {
			fprintf(stderr, "vmgate-init: bad vmgate.entropy: '%.2s' is not hex\n", value + i);
			return -EINVAL;
		}
		p->entropy[i / 2] = (unsigned char)(hi << 4 | lo);
	}
	p->nentropy = len / 2;
	return 0;
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
	else if (!strcmp(key, "share"))
		return mount_parse_share(p, value);
	else if (!strcmp(key, "hostroot"))
		snprintf(p->hostroot, sizeof(p->hostroot), "%s", value);
	else if (!strcmp(key, "cwd"))
		return mount_parse_path(p->cwd, "cwd", value);
	else if (!strcmp(key, "module"))
		return module_parse(p, value);
	else if (!strcmp(key, "clock"))
		return parse_clock(p, value);
	else if (!strcmp(key, "entropy"))
		return parse_entropy(p, value);
	return 0;
}

void params_defaults(struct params *p)
{
	memset(p, 0, sizeof(*p));
	p->timeout_s = 60;
	snprintf(p->role, sizeof(p->role), "node");
}

/* Applies every vmgate.K=V word of `text` (space- or newline-separated; modified in place). */
int params_parse(struct params *p, char *text)
{
	char *save, *word;

	for (word = strtok_r(text, " \n", &save); word; word = strtok_r(NULL, " \n", &save)) {
		char *eq = strchr(word, '=');
		if (strncmp(word, "vmgate.", 7) || !eq)
			continue;
		*eq = '\0';
		if (apply(p, word + 7, eq + 1) < 0)
			return -EINVAL;
	}
	return 0;
}

/* The kernel command line's vmgate.* words: run-independent ones only. */
int params_read_cmdline(struct params *p)
{
	static char cmdline[4096];
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, cmdline, sizeof(cmdline) - 1);

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return -errno;
	cmdline[n] = '\0';
	return params_parse(p, cmdline);
}
