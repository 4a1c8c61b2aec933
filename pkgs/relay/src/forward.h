/* The datagram path: recvmmsg a batch, classify each, sendmmsg the forwards. */
#ifndef FORWARD_H
#define FORWARD_H

#include "relay.h"

#define FWD_BATCH 64
#define FWD_MAX_DGRAM 65536
#define FWD_GSO_SEGMENTS 64 /* the kernel allows up to 64 (128 since 6.9) */
#define FWD_GSO_BYTES 65000 /* a GSO message is still one IP datagram's worth */

struct fwd_batch;

int fwd_batch_new(struct fwd_batch **out);
void fwd_batch_free(struct fwd_batch *b);
int forward_drain(struct relay *r, int fd, struct fwd_batch *b, unsigned max_batches);

#endif
