/* The socket notation of the match tables: "STATE LOCAL REMOTE", e.g.
 * "established 10.0.0.1:22 192.0.2.9:40000" or "listen [::1]:22 [::]:0". */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "testlib.h"

static int state_of(const char *word, size_t len)
{
	char *end;
	unsigned s;
	long v;

	for (s = 0; s <= TCPSTATS_STATE_MAX; s++) {
		const char *name = tcpstats_state_name(s);

		if (strlen(name) == len && !memcmp(name, word, len))
			return (int)s;
	}
	v = strtol(word, &end, 10);
	return end == word + len && v >= 0 && v <= 255 ? (int)v : -1;
}

/* "10.0.0.1:22" or "[fd00::1]:22" into family, addr, port. */
static int endpoint(const char *s, size_t len, ts_u8 *family, ts_u8 *addr, ts_u16 *port)
{
	char host[64];
	const char *colon;
	int v6 = s[0] == '[';
	size_t hlen;

	colon = v6 ? memchr(s, ']', len) : memchr(s, ':', len);
	if (!colon || (v6 && colon[1] != ':'))
		return -1;
	hlen = (size_t)(colon - s) - (size_t)v6;
	if (hlen >= sizeof(host))
		return -1;
	memcpy(host, s + v6, hlen);
	host[hlen] = '\0';
	*family = v6 ? 6 : 4;
	*port = (ts_u16)atoi(colon + 1 + v6);
	return inet_pton(v6 ? AF_INET6 : AF_INET, host, addr) == 1 ? 0 : -1;
}

int sock_parse(const char *spec, struct tcpstats_sock_view *s)
{
	const char *a = strchr(spec, ' '), *b = a ? strchr(a + 1, ' ') : NULL;
	ts_u8 fam2;
	int state;

	memset(s, 0, sizeof(*s));
	if (!a || !b)
		return -1;
	state = state_of(spec, (size_t)(a - spec));
	if (state < 0)
		return -1;
	s->state = (ts_u8)state;
	if (endpoint(a + 1, (size_t)(b - a - 1), &s->family, s->local_addr, &s->local_port) ||
	    endpoint(b + 1, strlen(b + 1), &fam2, s->remote_addr, &s->remote_port))
		return -1;
	return fam2 == s->family ? 0 : -1;
}
