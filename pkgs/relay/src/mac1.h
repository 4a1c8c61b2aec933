/* WireGuard MAC1, through OpenSSL's BLAKE2s (libcrypto). */
#ifndef MAC1_H
#define MAC1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAC1_LEN 16

struct mac1;

int mac1_new(struct mac1 **out);
void mac1_free(struct mac1 *m);
int mac1_key(const uint8_t pubkey[32], uint8_t key[32]);
int mac1_compute(struct mac1 *m, const uint8_t key[32], const uint8_t *msg, size_t len,
		 uint8_t out[MAC1_LEN]);
bool mac1_valid(struct mac1 *m, const uint8_t key[32], const uint8_t *msg, size_t len);

#endif
