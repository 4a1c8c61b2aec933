/*
 * Readiness said by the command itself: with vmgate.ready=command, init waits
 * for the command to run `vmgate-ready` (a link to init) before it reports
 * `ready`, so a peer starts only once, say, a server is listening.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "init.h"

#define READY_FIFO "/run/vmgate/ready"

int ready_open(void)
{
	mkdir("/run/vmgate", 0700);
	if (mkfifo(READY_FIFO, 0622) < 0 && errno != EEXIST)
		return -errno;
	/* Read-write, so the fifo never reports hang-up while no writer has it open. */
	return open(READY_FIFO, O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

/* Drains the fifo; reports `ready` the first time anything arrives. */
int ready_forward(int fd)
{
	static int reported;
	char buf[64];

	while (read(fd, buf, sizeof(buf)) > 0) {
		if (!reported)
			channel_event("{\"event\":\"ready\",\"ms\":%llu}", (unsigned long long)uptime_ms());
		reported = 1;
	}
	return reported;
}

/* `vmgate-ready` run by the test command. */
int ready_signal(void)
{
	int fd = open(READY_FIFO, O_WRONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0 || write(fd, "1", 1) != 1) {
		fprintf(stderr, "vmgate-ready: %s: %s (is this a vmgate guest started with vmgate.ready=command?)\n",
			READY_FIFO, strerror(errno));
		return 1;
	}
	close(fd);
	return 0;
}
