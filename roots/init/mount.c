/*
 * Host trees over virtio-9p: shares (vmgate.share=TAG,PATH[,rw]) and, with
 * vmgate.hostroot=TAG, the host's / read-only under a writable tmpfs overlay,
 * which becomes the command's root. Init stays PID 1 inside it, with /proc,
 * /sys, /dev and /run carried over; /tmp is the host's, copy-on-write.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include "init.h"

#define SYSROOT "/sysroot"
#define NEWROOT SYSROOT "/root"
/* Read-only trees can be cached freely; a rw share must show the host its writes at once. */
#define OPTS_RO "trans=virtio,version=9p2000.L,msize=262144,cache=loose"
#define OPTS_RW "trans=virtio,version=9p2000.L,msize=262144"

int mount_parse_path(char *dst, const char *key, const char *value)
{
	if (value[0] != '/' || strlen(value) >= GUEST_PATH || strstr(value, "..")) {
		fprintf(stderr, "vmgate-init: bad vmgate.%s '%s': an absolute path under %d bytes, without '..'\n", key, value, GUEST_PATH);
		return -EINVAL;
	}
	snprintf(dst, GUEST_PATH, "%s", value);
	return 0;
}

int mount_parse_share(struct params *p, const char *value)
{
	struct share *s = &p->shares[p->nshares];
	char copy[GUEST_PATH + 40], *path, *rw;

	snprintf(copy, sizeof(copy), "%s", value);
	path = strchr(copy, ',');
	if (p->nshares == MAX_SHARES || !path || path - copy >= (long)sizeof(s->tag)) {
		fprintf(stderr, "vmgate-init: bad vmgate.share '%s': expected TAG,PATH[,rw] (at most %d shares)\n", value, MAX_SHARES);
		return -EINVAL;
	}
	*path++ = '\0';
	rw = strchr(path, ',');
	if (rw)
		*rw++ = '\0';
	if (rw && strcmp(rw, "rw")) {
		fprintf(stderr, "vmgate-init: bad vmgate.share '%s': '%s' is not 'rw'\n", value, rw);
		return -EINVAL;
	}
	memcpy(s->tag, copy, (size_t)(path - 1 - copy) + 1);
	s->rw = rw != NULL;
	p->nshares++;
	return mount_parse_path(s->path, "share", path);
}

/* mkdir -p: the parents of a guest path may not exist in the root. */
static int mkdir_p(const char *path)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *at = buf + 1; *at; at++) {
		if (*at != '/')
			continue;
		*at = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*at = '/';
	}
	return mkdir(buf, 0755) < 0 && errno != EEXIST ? -errno : 0;
}

/* One mount, its parents made first; a failure says what was mounted where. */
static int mount_at(const char *src, const char *dir, const char *type, unsigned long flags, const char *opts, char *why, size_t cap)
{
	int err = mkdir_p(dir);

	if (err == 0 && mount(src, dir, type, flags, opts) < 0)
		err = -errno;
	if (err < 0)
		snprintf(why, cap, "mount %s (%s) on %s: %s", src, type ? type : "bind", dir, strerror(-err));
	return err;
}

static int mount_shares(const struct params *p, const char *root, char *why, size_t cap)
{
	char dir[GUEST_PATH + sizeof(NEWROOT)];

	for (int i = 0; i < p->nshares; i++) {
		const struct share *s = &p->shares[i];
		snprintf(dir, sizeof(dir), "%s%s", root, s->path);
		int err = mount_at(s->tag, dir, "9p", s->rw ? 0 : MS_RDONLY, s->rw ? OPTS_RW : OPTS_RO, why, cap);
		if (err < 0)
			return err;
	}
	return 0;
}

/* vmgate-ready and vmgate-mark inside the new root: init's own binary, copied into the overlay. */
static int copy_applets(void)
{
	static char buf[1 << 16];
	int in = open("/init", O_RDONLY | O_CLOEXEC), out, err = 0;
	ssize_t n;

	if (in < 0)
		return -errno;
	mkdir_p(NEWROOT "/usr/local/bin");
	out = open(NEWROOT "/usr/local/bin/vmgate-init", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	while (out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			err = -EIO;
	if (out < 0)
		err = -errno;
	close(in);
	if (out >= 0)
		close(out);
	symlink("vmgate-init", NEWROOT "/usr/local/bin/vmgate-ready");
	symlink("vmgate-init", NEWROOT "/usr/local/bin/vmgate-mark");
	return err;
}

/* The host's / (read-only) under tmpfs, as an overlay at NEWROOT, with the basics carried in. */
static int mount_host_root(const char *tag, char *why, size_t cap)
{
	static const char *carried[] = { "/proc", "/sys", "/dev", "/run" };
	char dir[64];
	int err;

	if ((err = mount_at(tag, SYSROOT "/lower", "9p", MS_RDONLY, OPTS_RO, why, cap)) < 0 ||
	    (err = mount_at("tmpfs", SYSROOT "/rw", "tmpfs", 0, "mode=0755", why, cap)) < 0 ||
	    (err = mkdir_p(SYSROOT "/rw/upper")) < 0 || (err = mkdir_p(SYSROOT "/rw/work")) < 0 ||
	    (err = mount_at("overlay", NEWROOT, "overlay", 0, "lowerdir=" SYSROOT "/lower,upperdir=" SYSROOT "/rw/upper,workdir=" SYSROOT "/rw/work", why, cap)) < 0)
		return err;
	for (size_t i = 0; i < sizeof(carried) / sizeof(carried[0]); i++) {
		snprintf(dir, sizeof(dir), NEWROOT "%s", carried[i]);
		/* Recursive: /proc/cmdline's redacted copy is a mount on /proc. */
		if ((err = mount_at(carried[i], dir, NULL, MS_BIND | MS_REC, NULL, why, cap)) < 0)
			return err;
	}
	/* /tmp stays the host's, copy-on-write like the rest: a project checked out under it must be seen. */
	if ((err = copy_applets()) < 0)
		snprintf(why, cap, "copying vmgate-init into the host root: %s", strerror(-err));
	return err;
}

int mount_user_trees(const struct params *p, char *why, size_t cap)
{
	int err = p->hostroot[0] ? mount_host_root(p->hostroot, why, cap) : 0;

	if (err == 0)
		err = mount_shares(p, p->hostroot[0] ? NEWROOT : "", why, cap);
	if (err == 0 && p->hostroot[0] && (chroot(NEWROOT) < 0 || chdir("/") < 0)) {
		err = -errno;
		snprintf(why, cap, "chroot into the host root: %s", strerror(-err));
	}
	if (err == 0 && p->cwd[0] && chdir(p->cwd) < 0) {
		err = -errno;
		snprintf(why, cap, "chdir %s: %s", p->cwd, strerror(-err));
	}
	return err;
}
