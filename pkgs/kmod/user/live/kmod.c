/* Module control and sysfs. insmod is not used on purpose: the guest may
 * not have it, and the test should see the syscalls' own errors. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kmod.h"

int kmod_load(void)
{
	const char *path = getenv("TCPSTATS_KO") ? getenv("TCPSTATS_KO") : KMOD_FILE;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = (int)syscall(SYS_finit_module, fd, "", 0);
	ret = ret < 0 ? -errno : 0;
	close(fd);
	return ret;
}

int kmod_unload(void)
{
	return syscall(SYS_delete_module, KMOD_NAME, O_NONBLOCK) < 0 ? -errno : 0;
}

bool kmod_loaded(void)
{
	return path_exists("/sys/module/" KMOD_NAME);
}

bool path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

int file_read(const char *path, char *buf, int size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -errno;
	n = (int)read(fd, buf, (size_t)size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

int file_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

long long kmod_counter(const char *name)
{
	char path[256], buf[64];

	snprintf(path, sizeof(path), KMOD_SYSFS "/%s", name);
	if (file_read(path, buf, sizeof(buf)) <= 0)
		return -1;
	return strtoll(buf, NULL, 10);
}

static long long sum_skipped(void)
{
	DIR *d = opendir(KMOD_SYSFS);
	struct dirent *e;
	long long sum = 0, v;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "skipped_", 8) && (v = kmod_counter(e->d_name)) >= 0)
			sum += v;
	closedir(d);
	return sum;
}

int kmod_counters(struct kmod_counters *c)
{
	c->visited = kmod_counter("visited");
	c->emitted = kmod_counter("emitted");
	c->skipped = sum_skipped();
	c->readers = kmod_counter("readers");
	c->live_objects = kmod_counter("live_objects");
	c->socket_refs = kmod_counter("socket_refs");
	if (c->visited < 0 || c->emitted < 0 || c->skipped < 0 || c->readers < 0)
		return -ENOENT;
	return 0;
}

int kmod_param_get(const char *name, long *value)
{
	char path[256], buf[64];
	int n;

	snprintf(path, sizeof(path), KMOD_PARAMS "/%s", name);
	n = file_read(path, buf, sizeof(buf));
	if (n <= 0)
		return n < 0 ? n : -EIO;
	*value = strtol(buf, NULL, 10);
	return 0;
}

int kmod_param_set(const char *name, long value)
{
	char path[256], buf[32];

	snprintf(path, sizeof(path), KMOD_PARAMS "/%s", name);
	snprintf(buf, sizeof(buf), "%ld", value);
	return file_write(path, buf);
}
