/* The control socket: a unix stream socket speaking line-delimited JSON. */
#ifndef CONTROL_H
#define CONTROL_H

#include <stdint.h>

#include "relay.h"

#define CTL_TAG_LISTEN 16 /* epoll tags: the listener, then one per client */

struct control;

int control_open(struct control **out, const char *path, int epfd);
void control_close(struct control *c);
void control_event(struct control *c, struct relay *r, uint64_t tag, uint32_t events);

#endif
