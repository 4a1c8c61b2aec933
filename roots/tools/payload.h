/*
 * The test payload: exactly the bytes `seq 1 COUNT` prints ("1\n2\n…COUNT\n"), made
 * on each end from COUNT alone, so nothing travels with the guest and a host can
 * check a reported hash with `seq 1 COUNT | sha256sum`.
 */
#ifndef TOOLS_PAYLOAD_H
#define TOOLS_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "sha256.h"

struct payload {
	unsigned long next, count;
	char line[24]; /* the decimal digits of next, then '\n' */
	size_t width, off;
};

void payload_init(struct payload *p, unsigned long count);
/* Fills buf with up to len further bytes; returns how many (0 at the end). */
size_t payload_read(struct payload *p, void *buf, size_t len);
/* The payload's length in bytes, without making it. */
uint64_t payload_size(unsigned long count);
/* The payload's SHA-256, as hex. */
void payload_sha256_hex(unsigned long count, char hex[SHA256_HEX]);
/* Parses COUNT: decimal digits only, at most 10^18; 0 or -EINVAL. */
int payload_parse_count(const char *s, unsigned long *count);

#endif
