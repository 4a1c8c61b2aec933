/* --trace-forward-hashes: a SHA-256 line at ingress and egress of a forward.
 *
 * The ingress line is written once the relay has decided to forward, from the
 * receive buffer; the egress line after the kernel accepted the datagram, from
 * the buffer handed to sendmmsg. Equal hashes show the relay did not change a
 * byte. It costs a hash and a write per datagram, hence the warning at start.
 */
#include <stdio.h>

#include <openssl/evp.h>

#include "addr.h"
#include "log.h"
#include "trace.h"

#define TRACE_HASH_BYTES 16 /* the printed prefix of the SHA-256 */

static void hex(const uint8_t *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/* SHA-256 fetched and its context made once, on the first trace line: EVP_Digest
 * with EVP_sha256() looks the implementation up and allocates a context on every
 * call, which under TCG was a third of each datagram's hash (70 us against 45). */
static int digest(const uint8_t *msg, size_t len, uint8_t *md, unsigned int *n)
{
	static EVP_MD *sha256;
	static EVP_MD_CTX *ctx;

	if (!sha256 && !(sha256 = EVP_MD_fetch(NULL, "SHA256", NULL)))
		return 0;
	if (!ctx && !(ctx = EVP_MD_CTX_new()))
		return 0;
	return EVP_DigestInit_ex(ctx, sha256, NULL) && EVP_DigestUpdate(ctx, msg, len) &&
	       EVP_DigestFinal_ex(ctx, md, n);
}

void trace_forward(const char *event, const struct relay *r, int src, int dst,
		   const uint8_t *msg, size_t len)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	char sha[2 * TRACE_HASH_BYTES + 1] = "?";
	char from[ADDR_STRLEN], to[ADDR_STRLEN];
	unsigned int n = 0;

	if (digest(msg, len, md, &n) && n >= TRACE_HASH_BYTES)
		hex(md, TRACE_HASH_BYTES, sha);
	log_event("trace", event, "sha256=%s len=%zu type=%u src_peer=%s dst_peer=%s src=%s dst=%s",
		  sha, len, len ? msg[0] : 0, r->peers[src].name, r->peers[dst].name,
		  addr_str(&r->peers[src].ep, from), addr_str(&r->peers[dst].ep, to));
}
