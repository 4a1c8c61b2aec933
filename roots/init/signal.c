/*
 * What the command tells init while it runs, one line each on a fifo:
 *   ready       `vmgate-ready`: with vmgate.ready=command, init reports `ready`
 *               only now, so a peer starts once, say, a server is listening;
 *   mark NAME   `vmgate-mark NAME`: a timestamped mark on the channel, so the
 *               host can break a test's time into phases (handshake, transfer).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "init.h"

#define SIGNAL_FIFO "/run/vmgate/signal"
#define MAX_MARK 48

int signal_open(void)
{
	mkdir("/run/vmgate", 0700);
	if (mkfifo(SIGNAL_FIFO, 0622) < 0 && errno != EEXIST)
		return -errno;
	/* Read-write, so the fifo never reports hang-up while no writer has it open. */
	int fd = open(SIGNAL_FIFO, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* Mark names go into JSON unescaped: only [A-Za-z0-9_.-] pass. */
static int mark_name_ok(const char *name, size_t len)
{
	if (len == 0 || len > MAX_MARK)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", name[i]))
			return 0;
	return 1;
}

static void handle_line(const char *line, size_t len, int ready_by_command)
{
	static int ready_reported;
	unsigned long long ms = uptime_ms();

	if (len == 5 && !memcmp(line, "ready", 5) && ready_by_command && !ready_reported) {
		channel_event("{\"event\":\"ready\",\"ms\":%llu}", ms);
		ready_reported = 1;
	} else if (len > 5 && !memcmp(line, "mark ", 5) && mark_name_ok(line + 5, len - 5)) {
		channel_event("{\"event\":\"mark\",\"name\":\"%.*s\",\"ms\":%llu}", (int)(len - 5), line + 5, ms);
	}
}

/* Drains the fifo, one event per complete line. A line longer than any valid
 * one is dropped whole, up to its newline. */
void signal_forward(int fd, int ready_by_command)
{
	static char buf[256];
	static size_t used;
	static int skipping;
	ssize_t n;

	while ((n = read(fd, buf + used, sizeof(buf) - used)) > 0) {
		char *start = buf, *nl;
		used += (size_t)n;
		while ((nl = memchr(start, '\n', used - (size_t)(start - buf)))) {
			if (!skipping)
				handle_line(start, (size_t)(nl - start), ready_by_command);
			skipping = 0;
			start = nl + 1;
		}
		used -= (size_t)(start - buf);
		memmove(buf, start, used);
		if (used == sizeof(buf)) {
			used = 0;
			skipping = 1;
		}
	}
}

static int send_line(const char *applet, const char *line)
{
	int fd = open(SIGNAL_FIFO, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	size_t len = strlen(line);

	if (fd < 0 || write(fd, line, len) != (ssize_t)len) {
		fprintf(stderr, "%s: %s: %s (is this a vmgate guest?)\n", applet, SIGNAL_FIFO, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}

/* `vmgate-ready` and `vmgate-mark NAME`, run by the test command. */
int signal_applet(const char *applet, int argc, char **argv)
{
	char line[MAX_MARK + 8];

	if (!strcmp(applet, "vmgate-ready"))
		return send_line(applet, "ready\n");
	if (strcmp(applet, "vmgate-mark")) {
		fprintf(stderr, "%s: vmgate-init runs as PID 1 of a vmgate guest; as a command it is vmgate-ready or vmgate-mark\n", applet);
		return 2;
	}
	if (argc != 2 || !mark_name_ok(argv[1], strlen(argv[1]))) {
		fprintf(stderr, "usage: vmgate-mark NAME (1-%d of [A-Za-z0-9_.-])\n", MAX_MARK);
		return 2;
	}
	snprintf(line, sizeof(line), "mark %s\n", argv[1]);
	return send_line(applet, line);
}
