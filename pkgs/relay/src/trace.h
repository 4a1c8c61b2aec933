/* --trace-forward-hashes: a SHA-256 line at ingress and egress of a forward. */
#ifndef TRACE_H
#define TRACE_H

#include "relay.h"

void trace_forward(const char *event, const struct relay *r, int src, int dst,
		   const uint8_t *msg, size_t len);

#endif
