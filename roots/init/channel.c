/* The verdict channel: newline-framed JSON on the virtio-serial port vmgate.0. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "init.h"

static int channel_fd = -1;

uint64_t uptime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int port_named(const char *port, const char *name)
{
	char path[300], buf[64] = { 0 };
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/virtio-ports/%s/name", port);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return n > 0 && !strcmp(buf, name);
}

static int find_port(const char *name)
{
	DIR *dir = opendir("/sys/class/virtio-ports");
	struct dirent *d;
	char dev[300];
	int fd = -ENOENT;

	if (!dir)
		return -errno;
	while ((d = readdir(dir)) && fd == -ENOENT) {
		if (d->d_name[0] == '.' || !port_named(d->d_name, name))
			continue;
		snprintf(dev, sizeof(dev), "/dev/%s", d->d_name);
		/* virtio ports admit one opener: holding it keeps tests from writing here (or reading the run). */
		fd = open(dev, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
	}
	closedir(dir);
	return fd;
}

int channel_open(const char *name)
{
	/* devtmpfs creates nodes asynchronously; give it a moment. */
	for (int tries = 0; tries < 200; tries++) {
		channel_fd = find_port(name);
		if (channel_fd >= 0)
			return 0;
		usleep(10000);
	}
	return channel_fd;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

void channel_event(const char *fmt, ...)
{
	char line[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || channel_fd < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	write_all(channel_fd, line, (size_t)n);
}

size_t json_escape(char *dst, size_t cap, const char *src, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 7 < cap; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '"' || c == '\\') {
			dst[o++] = '\\';
			dst[o++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(dst + o, cap - o, "\\u%04x", c);
		} else {
			dst[o++] = (char)c;
		}
	}
	dst[o] = '\0';
	return o;
}

void channel_log(const char *stream, const char *line, size_t len)
{
	char esc[6 * 1024];

	json_escape(esc, sizeof(esc), line, len);
	channel_event("{\"event\":\"log\",\"stream\":\"%s\",\"line\":\"%s\"}", stream, esc);
}

/*
 * Reads the one line the host sends (the run's parameters), blocking until it
 * is whole. The host sends nothing after it, so reading in chunks loses nothing.
 */
int channel_read_line(char *buf, size_t cap)
{
	size_t len = 0;

	while (len + 1 < cap) {
		ssize_t n = read(channel_fd, buf + len, cap - 1 - len);
		char *nl;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EPIPE;
		nl = memchr(buf + len, '\n', (size_t)n);
		len += (size_t)n;
		if (nl) {
			*nl = '\0';
			return (int)(nl - buf);
		}
	}
	return -E2BIG;
}
