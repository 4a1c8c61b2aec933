/* The event loop: UDP datagrams, control requests, and signals. */
#ifndef LOOP_H
#define LOOP_H

#include "control.h"
#include "forward.h"

#define TAG_UDP 1
#define TAG_SIGNAL 2

struct loop {
	int epfd, udp, sigfd;
	struct relay *relay;
	struct control *ctl;
	struct fwd_batch *batch;
};

int loop_signals(int epfd);
int loop_run(struct loop *l);

#endif
