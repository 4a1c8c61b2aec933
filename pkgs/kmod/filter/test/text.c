/* A bounded string builder and the renderings tests print: addresses as
 * inet_ntop writes them, raw input with non-printing bytes escaped. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/socket.h>

#include "testlib.h"

void sb_init(struct sbuf *b, char *p, size_t size)
{
	b->p = p;
	b->n = 0;
	b->size = size;
	b->full = 0;
	if (size)
		p[0] = '\0';
}

void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int w;

	if (b->full)
		return;
	va_start(ap, fmt);
	w = vsnprintf(b->p + b->n, b->size - b->n, fmt, ap);
	va_end(ap);
	if (w < 0 || (size_t)w >= b->size - b->n) {
		b->full = 1;
		b->p[b->n] = '\0';
		return;
	}
	b->n += (size_t)w;
}

void sb_cidr(struct sbuf *b, const struct tcpstats_cidr *c)
{
	char s[INET6_ADDRSTRLEN];

	if (!inet_ntop(c->family == 4 ? AF_INET : AF_INET6, c->addr, s, sizeof(s)))
		sb_printf(b, "?family%u", c->family);
	else
		sb_printf(b, "%s/%u", s, c->prefix);
}

void sb_escaped(struct sbuf *b, const char *text, size_t len)
{
	size_t i, shown = len > 160 ? 160 : len;

	for (i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			sb_printf(b, "%c", c);
		else
			sb_printf(b, "\\x%02x", c);
	}
	if (shown < len)
		sb_printf(b, "...(%zu bytes)", len);
}
