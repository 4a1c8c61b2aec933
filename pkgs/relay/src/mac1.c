/* WireGuard MAC1, through OpenSSL's BLAKE2s (libcrypto).
 *
 *   key  = BLAKE2s-256("mac1----" || receiver's static public key)
 *   mac1 = BLAKE2s-128(key, every byte of the message before the mac1 field)
 *
 * The mac1 field sits 32 bytes before the end of an initiation (148 bytes)
 * or a response (92 bytes), followed by the 16-byte mac2.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "mac1.h"

struct mac1 {
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx;
};

int mac1_new(struct mac1 **out)
{
	struct mac1 *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->mac = EVP_MAC_fetch(NULL, "BLAKE2SMAC", NULL);
	if (!m->mac)
		goto err_fetch;
	m->ctx = EVP_MAC_CTX_new(m->mac);
	if (!m->ctx)
		goto err_ctx;
	*out = m;
	return 0;
err_ctx:
	EVP_MAC_free(m->mac);
err_fetch:
	free(m);
	return -ENOSYS;
}

void mac1_free(struct mac1 *m)
{
	if (!m)
		return;
	EVP_MAC_CTX_free(m->ctx);
	EVP_MAC_free(m->mac);
	free(m);
}

int mac1_key(const uint8_t pubkey[32], uint8_t key[32])
{
	static const char label[8] = "mac1----";
	uint8_t in[sizeof(label) + 32];
	unsigned int n = 32;

	memcpy(in, label, sizeof(label));
	memcpy(in + sizeof(label), pubkey, 32);
	if (!EVP_Digest(in, sizeof(in), key, &n, EVP_blake2s256(), NULL) || n != 32)
		return -EIO;
	return 0;
}

int mac1_compute(struct mac1 *m, const uint8_t key[32], const uint8_t *msg, size_t len,
		 uint8_t out[MAC1_LEN])
{
	size_t size = MAC1_LEN, n = 0;
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size),
		OSSL_PARAM_construct_end(),
	};

	if (!EVP_MAC_init(m->ctx, key, 32, params) || !EVP_MAC_update(m->ctx, msg, len) ||
	    !EVP_MAC_final(m->ctx, out, &n, MAC1_LEN) || n != MAC1_LEN)
		return -EIO;
	return 0;
}

/* `msg` is a whole, already shape-checked initiation or response. */
bool mac1_valid(struct mac1 *m, const uint8_t key[32], const uint8_t *msg, size_t len)
{
	uint8_t want[MAC1_LEN];
	size_t off = len - 2 * MAC1_LEN;

	if (len < 2 * MAC1_LEN || mac1_compute(m, key, msg, off, want))
		return false;
	return CRYPTO_memcmp(want, msg + off, MAC1_LEN) == 0;
}
