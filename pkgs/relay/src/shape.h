/* The WireGuard shape filter: message type, exact size, zero reserved bytes.
 *
 * Every WireGuard message starts with a one-byte type and three zero bytes.
 * Handshake messages have fixed sizes; a transport message is a 16-byte header
 * plus a ChaCha20-Poly1305 ciphertext (plaintext + 16-byte tag), so at least
 * 32 bytes (an empty keepalive). The plaintext is zero-padded to a multiple of
 * 16, but never past the sender's MTU: a full-MTU packet (1420 on a default
 * wg0) is 1452 bytes, not a multiple of 16. Since an MTU is at least 68, a
 * length off the 16-grid is WireGuard-shaped only from 32 + 68 bytes on.
 * (Found by the relay smoke in guests, where such drops stalled TCP.)
 *
 * It is inline in this header because the XDP program (bpf/xdp_fwd.bpf.c)
 * applies the same filter: one definition for both paths. The caller
 * guarantees 4 readable bytes at `msg` when `len` >= 4.
 */
#ifndef SHAPE_H
#define SHAPE_H

/* A transport message whose padding stopped at the smallest MTU, 68: 32 + 68 bytes. */
#define WG_MIN_CAPPED_TRANSPORT 100

#include <stddef.h>
#include <stdint.h>

enum wg_type {
	WG_NOT_SHAPED = 0,
	WG_INITIATION = 1, /* 148 bytes */
	WG_RESPONSE = 2,   /* 92 bytes */
	WG_COOKIE = 3,     /* 64 bytes */
	WG_TRANSPORT = 4,  /* >= 32 bytes, a multiple of 16 unless capped at an MTU */
};

static inline enum wg_type wg_shape(const uint8_t *msg, size_t len)
{
	if (len < 4 || msg[1] || msg[2] || msg[3])
		return WG_NOT_SHAPED;
	switch (msg[0]) {
	case WG_INITIATION:
		return len == 148 ? WG_INITIATION : WG_NOT_SHAPED;
	case WG_RESPONSE:
		return len == 92 ? WG_RESPONSE : WG_NOT_SHAPED;
	case WG_COOKIE:
		return len == 64 ? WG_COOKIE : WG_NOT_SHAPED;
	case WG_TRANSPORT:
		return len >= 32 && (len % 16 == 0 || len >= WG_MIN_CAPPED_TRANSPORT) ? WG_TRANSPORT
										 : WG_NOT_SHAPED;
	default:
		return WG_NOT_SHAPED;
	}
}

#endif
