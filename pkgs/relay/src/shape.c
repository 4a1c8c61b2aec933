/* The WireGuard shape filter: message type, exact size, zero reserved bytes.
 *
 * Every WireGuard message starts with a one-byte type and three zero bytes.
 * Handshake messages have fixed sizes; a transport message is a 16-byte header
 * plus a ChaCha20-Poly1305 ciphertext of a zero-padded plaintext, so at least
 * 32 bytes (the 16-byte tag of an empty keepalive) and always a multiple of 16.
 */
#include "shape.h"

enum wg_type wg_shape(const uint8_t *msg, size_t len)
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
		return len >= 32 && len % 16 == 0 ? WG_TRANSPORT : WG_NOT_SHAPED;
	default:
		return WG_NOT_SHAPED;
	}
}
