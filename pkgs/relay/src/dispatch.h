/* One control request line in, one JSON response line out. */
#ifndef DISPATCH_H
#define DISPATCH_H

#include "buf.h"
#include "relay.h"

struct ctl_err {
	const char *code;
	char msg[320];
};

/* A verb handler appends `,"key":value` members to `out` and returns 0, or
 * fills `e` through ctl_fail() and returns its -EINVAL. */
typedef int (*verb_fn)(struct relay *r, const char *const *args, struct buf *out,
		       struct ctl_err *e);

int ctl_fail(struct ctl_err *e, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ctl_dispatch(struct relay *r, const char *line, size_t len, struct buf *out);

int cmd_help(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_peer_add(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_peer_remove(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_peer_list(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_link_add(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_link_remove(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_link_list(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_show(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_show_drop_sources(struct relay *, const char *const *, struct buf *, struct ctl_err *);
int cmd_show_config(struct relay *, const char *const *, struct buf *, struct ctl_err *);

#endif
