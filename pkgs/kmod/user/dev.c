/* /dev/tcpstats access: thin wrappers that turn errno into return values. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dev.h"

int ts_open(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

static void filter_arg(struct tcpstats_filter_arg *arg, const char *text)
{
	memset(arg, 0, sizeof(*arg));
	arg->text = (uint64_t)(uintptr_t)text;
	arg->len = (uint32_t)strlen(text);
}

int ts_set_filter(int fd, const char *text, struct tcpstats_parse_error *err)
{
	struct tcpstats_filter_arg arg;

	filter_arg(&arg, text);
	if (ioctl(fd, TCPSTATS_IOC_SET_FILTER, &arg) == 0)
		return 0;
	if (err)
		*err = arg.error;
	return -errno;
}

/* A name longer than the field is cut, so the kernel sees (and refuses) 31+ bytes. */
static void profile_name(char *to, const char *name)
{
	memset(to, 0, TCPSTATS_PROFILE_NAME_MAX);
	memcpy(to, name, strnlen(name, TCPSTATS_PROFILE_NAME_MAX));
}

int ts_profile_set(int fd, const char *name, const char *text, struct tcpstats_parse_error *err)
{
	struct tcpstats_profile_arg arg;

	profile_name(arg.name, name);
	filter_arg(&arg.filter, text);
	if (ioctl(fd, TCPSTATS_IOC_PROFILE_SET, &arg) == 0)
		return 0;
	if (err)
		*err = arg.filter.error;
	return -errno;
}

static int profile_by_name(int fd, unsigned long cmd, const char *name)
{
	struct tcpstats_profile_name arg;

	profile_name(arg.name, name);
	return ioctl(fd, cmd, &arg) ? -errno : 0;
}

int ts_profile_use(int fd, const char *name)
{
	return profile_by_name(fd, TCPSTATS_IOC_PROFILE_USE, name);
}

int ts_profile_remove(int fd, const char *name)
{
	return profile_by_name(fd, TCPSTATS_IOC_PROFILE_REMOVE, name);
}

int ts_profile_list(int fd, char (*names)[TCPSTATS_PROFILE_NAME_MAX], unsigned cap,
		    unsigned *count)
{
	struct tcpstats_profile_list arg = { (uint64_t)(uintptr_t)names, cap, 0 };

	if (ioctl(fd, TCPSTATS_IOC_PROFILE_LIST, &arg))
		return -errno;
	*count = arg.count;
	return 0;
}

int ts_reset(int fd)
{
	return ioctl(fd, TCPSTATS_IOC_RESET) ? -errno : 0;
}

ssize_t ts_read_raw(int fd, void *buf, size_t size)
{
	ssize_t n = read(fd, buf, size);

	return n < 0 ? -errno : n;
}

static void widen_compact(const struct tcpstats_compact *c, struct ts_rec *out)
{
	memset(out, 0, sizeof(*out));
	out->compact = 1;
	out->r.version = c->version;
	out->r.size = c->size;
	out->r.family = c->family;
	out->r.state = c->state;
	out->r.fields = TCPSTATS_FIELD_IDENTITY | (c->state ? TCPSTATS_FIELD_STATE : 0);
	out->r.local_port = c->local_port;
	out->r.remote_port = c->remote_port;
	memcpy(out->r.local_addr, c->local_addr, 16);
	memcpy(out->r.remote_addr, c->remote_addr, 16);
}

int ts_decode(const void *buf, size_t len, struct ts_rec *out, size_t max)
{
	const unsigned char *p = buf;
	size_t off = 0;
	int n = 0;
	uint16_t version, size;

	while (off + 4 <= len && (size_t)n < max) {
		memcpy(&version, p + off, 2);
		memcpy(&size, p + off + 2, 2);
		if (version != TCPSTATS_RECORD_VERSION || off + size > len)
			return -EPROTO;
		if (size == sizeof(struct tcpstats_record)) {
			out[n].compact = 0;
			memcpy(&out[n].r, p + off, size);
		} else if (size == sizeof(struct tcpstats_compact)) {
			struct tcpstats_compact c;

			memcpy(&c, p + off, size);
			widen_compact(&c, &out[n]);
		} else {
			return -EPROTO;
		}
		off += size;
		n++;
	}
	return off == len ? n : -EPROTO;
}

int ts_read_all(int fd, size_t bufsize, struct ts_rec *out, size_t max, size_t *n)
{
	size_t cap = bufsize / sizeof(struct tcpstats_compact) + 1;
	unsigned char *buf = malloc(bufsize);
	struct ts_rec *batch = calloc(cap, sizeof(*batch));
	ssize_t got;
	int ret = 0, k, i;

	*n = 0;
	if (!buf || !batch)
		ret = -ENOMEM;
	while (!ret && (got = ts_read_raw(fd, buf, bufsize)) != 0) {
		if (got == -EAGAIN)
			continue;
		k = got < 0 ? (int)got : ts_decode(buf, (size_t)got, batch, cap);
		if (k < 0)
			ret = k;
		for (i = 0; i < k; i++, (*n)++)
			if (*n < max)
				out[*n] = batch[i];
	}
	free(batch);
	free(buf);
	return ret;
}
