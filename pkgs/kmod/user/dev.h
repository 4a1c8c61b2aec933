/* /dev/tcpstats from userland: open, set a filter, read records. Shared by
 * tcpstats-read and tcpstats-live. Functions return -errno on failure. */
#ifndef TCPSTATS_DEV_H
#define TCPSTATS_DEV_H

#include <stddef.h>
#include <sys/types.h>

#include "tcpstats.h"

/* A record in either format, widened to the full layout. A compact record
 * has fields = IDENTITY, plus STATE when its state is set. */
struct ts_rec {
	int compact;
	struct tcpstats_record r;
};

int ts_open(const char *path);
/* 0; -EINVAL with *err filled when the kernel rejects the text; -errno. */
int ts_set_filter(int fd, const char *text, struct tcpstats_parse_error *err);
int ts_reset(int fd);

/* Named profiles (TCPSTATS_IOC_PROFILE_*): 0 or -errno. set fills *err
 * (may be NULL) when the kernel rejects the text; list stores up to `cap`
 * names and sets *count to how many there are. */
int ts_profile_set(int fd, const char *name, const char *text, struct tcpstats_parse_error *err);
int ts_profile_use(int fd, const char *name);
int ts_profile_remove(int fd, const char *name);
int ts_profile_list(int fd, char (*names)[TCPSTATS_PROFILE_NAME_MAX], unsigned cap,
		    unsigned *count);

/* One read(2) of up to `size` bytes: bytes read, 0 at EOF, or -errno. */
ssize_t ts_read_raw(int fd, void *buf, size_t size);
/* Decodes whole records from `len` bytes into out[0..max): the number
 * decoded, or -EPROTO on a bad version or size. */
int ts_decode(const void *buf, size_t len, struct ts_rec *out, size_t max);

/* Reads to EOF, `bufsize` bytes per read(2), retrying -EAGAIN (a read that
 * hit the deadline before finding anything). Stores up to `max` records;
 * *n counts all of them. 0 or -errno. */
int ts_read_all(int fd, size_t bufsize, struct ts_rec *out, size_t max, size_t *n);

#endif
