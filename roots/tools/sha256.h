/* SHA-256 (FIPS 180-4), streamed, with a known-answer self-check. */
#ifndef TOOLS_SHA256_H
#define TOOLS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEX (2 * SHA256_LEN + 1)

struct sha256 {
	uint32_t h[8];
	uint8_t block[64];
	uint64_t bytes;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, uint8_t out[SHA256_LEN]);
void sha256_hex(const uint8_t digest[SHA256_LEN], char hex[SHA256_HEX]);
/* 0 when the FIPS 180-2 example vectors hash as published, else -EPROTO. */
int sha256_self_check(void);

#endif
