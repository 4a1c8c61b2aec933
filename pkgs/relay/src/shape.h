/* The WireGuard shape filter: message type, exact size, zero reserved bytes. */
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
	WG_TRANSPORT = 4,  /* >= 32 bytes, a multiple of 16 unless capped at an MTU (shape.c) */
};

enum wg_type wg_shape(const uint8_t *msg, size_t len);

#endif
