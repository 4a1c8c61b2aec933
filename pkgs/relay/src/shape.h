/* The WireGuard shape filter: message type, exact size, zero reserved bytes. */
#ifndef SHAPE_H
#define SHAPE_H

#include <stddef.h>
#include <stdint.h>

enum wg_type {
	WG_NOT_SHAPED = 0,
	WG_INITIATION = 1, /* 148 bytes */
	WG_RESPONSE = 2,   /* 92 bytes */
	WG_COOKIE = 3,     /* 64 bytes */
	WG_TRANSPORT = 4,  /* >= 32 bytes, a multiple of 16 */
};

enum wg_type wg_shape(const uint8_t *msg, size_t len);

#endif
