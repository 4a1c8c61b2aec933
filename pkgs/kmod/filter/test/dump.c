/* A parsed filter as a few words, for the expectation tables: only what
 * differs from the empty filter, so "lp=22" states the whole struct. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "testlib.h"

#define STATE_ALL 0x1ffeu

static void ports(struct sbuf *b, const char *key, const ts_u16 *p, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		sb_printf(b, "%s%u", i ? "," : key, p[i]);
}

static void cidrs(struct sbuf *b, const char *key, const struct tcpstats_cidr *c, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		sb_printf(b, "%s", i ? "," : key);
		sb_cidr(b, &c[i]);
	}
}

/* The struct rebuilt from its meaningful fields only: any difference from
 * the original is a stray byte in an unused slot or in padding. */
static int dirty(const struct tcpstats_filter *f)
{
	struct tcpstats_filter g;

	memset(&g, 0, sizeof(g));
	g.state_mask = f->state_mask;
	g.fields = f->fields;
	g.family = f->family;
	g.format = f->format;
	g.n_local_ports = f->n_local_ports;
	g.n_remote_ports = f->n_remote_ports;
	g.n_local_cidrs = f->n_local_cidrs;
	g.n_remote_cidrs = f->n_remote_cidrs;
	memcpy(g.local_ports, f->local_ports, f->n_local_ports * sizeof(g.local_ports[0]));
	memcpy(g.remote_ports, f->remote_ports, f->n_remote_ports * sizeof(g.remote_ports[0]));
	memcpy(g.local_cidrs, f->local_cidrs, f->n_local_cidrs * sizeof(g.local_cidrs[0]));
	memcpy(g.remote_cidrs, f->remote_cidrs, f->n_remote_cidrs * sizeof(g.remote_cidrs[0]));
	return memcmp(&g, f, sizeof(g)) != 0;
}

void dump_filter(const struct tcpstats_filter *f, char *buf, size_t size)
{
	struct sbuf b;

	sb_init(&b, buf, size);
	if (f->family)
		sb_printf(&b, " v%u", f->family);
	if (f->state_mask != STATE_ALL)
		sb_printf(&b, " states=0x%x", (unsigned)f->state_mask);
	if (f->fields != TCPSTATS_FIELD_ALL)
		sb_printf(&b, " fields=0x%x", (unsigned)f->fields);
	if (f->format)
		sb_printf(&b, " format=%u", f->format);
	ports(&b, " lp=", f->local_ports, f->n_local_ports);
	ports(&b, " rp=", f->remote_ports, f->n_remote_ports);
	cidrs(&b, " la=", f->local_cidrs, f->n_local_cidrs);
	cidrs(&b, " ra=", f->remote_cidrs, f->n_remote_cidrs);
	if (dirty(f))
		sb_printf(&b, " DIRTY");
	if (b.n == 0)
		sb_printf(&b, " any");
	memmove(buf, buf + 1, strlen(buf));
}

void describe_parse(const char *text, size_t len, char *buf, size_t size)
{
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;
	struct sbuf b;

	memset(&e, 0x5a, sizeof(e));
	if (tcpstats_filter_parse(text, len, &f, &e) == 0) {
		dump_filter(&f, buf, size);
		return;
	}
	sb_init(&b, buf, size);
	if (memchr(e.message, '\0', sizeof(e.message)) == NULL)
		sb_printf(&b, "error at %u: UNTERMINATED MESSAGE", (unsigned)e.offset);
	else
		sb_printf(&b, "error at %u: %s", (unsigned)e.offset, e.message);
}
