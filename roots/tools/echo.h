/*
 * The wire format of udp-echo. Each datagram is its index (4 bytes, big-endian) and
 * up to CHUNK bytes of the payload; the empty one after the last ends it; BYE, sent
 * unanswered once the end's echo is back, lets the server stop at once. Every
 * datagram the server takes or holds is echoed back unchanged.
 */
#ifndef TOOLS_ECHO_H
#define TOOLS_ECHO_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#define CHUNK 1024
#define HEADER 4
#define DATAGRAM (HEADER + CHUNK)
#define BYE UINT32_MAX
/* At most this many datagrams are in flight; the server holds as many that come early. */
#define WINDOW 8

static inline uint32_t echo_index(const uint8_t *d)
{
	uint32_t be;

	memcpy(&be, d, HEADER);
	return ntohl(be);
}

static inline void echo_put_index(uint8_t *d, uint32_t index)
{
	uint32_t be = htonl(index);

	memcpy(d, &be, HEADER);
}

int echo_serve(int argc, char **argv);
int echo_send(int argc, char **argv);

#endif
