/* One open /dev/tcpstats: its filter, its walk cursor, and the file
 * operations on it. */
#ifndef TCPSTATS_READER_H
#define TCPSTATS_READER_H

#include <linux/fs.h>
#include <linux/mutex.h>
#include <net/net_namespace.h>

#include "iter.h"
#include "tcpstats.h"

struct tcpstats_reader {
	struct mutex lock; /* one read, seek or filter change at a time */
	struct net *net;   /* the opener's netns: only its sockets are seen */
	struct tcpstats_filter filter;
	struct tcpstats_cursor cursor;
	struct tcpstats_batch batch; /* the bucket being handed out */
	u64 emitted;       /* records this file returned, for tcpstats_close */
};

extern const struct file_operations tcpstats_fops;

/* Starts a new walk: drops the batch, rewinds the cursor. Under r->lock. */
void tcpstats_reader_restart(struct tcpstats_reader *r);

/* walk.c: one read() from the cursor on. */
ssize_t tcpstats_walk_read(struct tcpstats_reader *r, char __user *buf, size_t count);

/* ioctl.c: SET_FILTER and RESET. */
long tcpstats_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
/* The empty filter: every socket, every field. */
int tcpstats_filter_default(struct tcpstats_filter *f);
/* Copies a tcpstats_filter_arg in and parses its text into *f: 0, -EINVAL
 * with its `error` filled back, or -errno. */
int tcpstats_parse_arg(struct tcpstats_filter_arg __user *uarg, struct tcpstats_filter *f);
/* Installs *f on the file and starts a new walk with it. */
int tcpstats_apply_filter(struct tcpstats_reader *r, const struct tcpstats_filter *f);

/* profiles.c: the PROFILE_* ioctls; -ENOTTY for any other command. */
long tcpstats_profile_ioctl(struct tcpstats_reader *r, unsigned int cmd, unsigned long arg);

#endif
