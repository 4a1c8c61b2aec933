/* Filter text from a parsed filter: the inverse of tcpstats_filter_parse,
 * used by the round-trip tests and the fuzz target. States are always
 * written as include_state, fields without "all". */
#define _POSIX_C_SOURCE 200809L
#include "testlib.h"

#define STATE_ALL 0x1ffeu

static void ports(struct sbuf *b, const char *key, const ts_u16 *p, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		sb_printf(b, "%s%u", i ? "," : key, p[i]);
	if (n)
		sb_printf(b, " ");
}

static void cidrs(struct sbuf *b, const char *key, const struct tcpstats_cidr *c, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		sb_printf(b, "%s", key);
		sb_cidr(b, &c[i]);
		sb_printf(b, " ");
	}
}

static void states(struct sbuf *b, ts_u32 mask)
{
	const char *sep = "include_state=";
	unsigned s;

	if (mask == STATE_ALL)
		return;
	for (s = 1; s <= TCPSTATS_STATE_MAX; s++) {
		if (mask & (1u << s)) {
			sb_printf(b, "%s%s", sep, tcpstats_state_name(s));
			sep = ",";
		}
	}
	sb_printf(b, " ");
}

static void fields(struct sbuf *b, ts_u32 bits)
{
	static const char *const names[] = { "identity", "state", "counters", "timing", "window" };
	const char *sep = "fields=";
	unsigned i;

	if (bits == TCPSTATS_FIELD_ALL)
		return;
	for (i = 0; i < 5; i++) {
		if (bits & (1u << i)) {
			sb_printf(b, "%s%s", sep, names[i]);
			sep = ",";
		}
	}
	sb_printf(b, " ");
}

int format_filter(const struct tcpstats_filter *f, char *buf, size_t size)
{
	struct sbuf b;

	sb_init(&b, buf, size);
	if (f->family)
		sb_printf(&b, "ipv%u_only ", f->family);
	states(&b, f->state_mask);
	ports(&b, "local_port=", f->local_ports, f->n_local_ports);
	ports(&b, "remote_port=", f->remote_ports, f->n_remote_ports);
	cidrs(&b, "local_addr=", f->local_cidrs, f->n_local_cidrs);
	cidrs(&b, "remote_addr=", f->remote_cidrs, f->n_remote_cidrs);
	fields(&b, f->fields);
	if (f->format == TCPSTATS_FORMAT_COMPACT)
		sb_printf(&b, "format=compact ");
	if (b.full)
		return -1;
	if (b.n && buf[b.n - 1] == ' ')
		buf[--b.n] = '\0';
	return (int)b.n;
}
