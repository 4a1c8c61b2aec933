/* libFuzzer target for the filter parser and matcher. Any input is filter
 * text. A rejected input must leave a short, terminated message at an
 * offset inside the input (or at the length limit) and a zeroed filter. An
 * accepted one must hold every invariant of struct tcpstats_filter, format
 * back to text that parses to the same struct, and match a few sockets the
 * same way a slow reference matcher does. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define STATE_ALL 0x1ffeu

static void require(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_filter: invariant broken: %s\n", what);
		abort();
	}
}

static void check_error(const struct tcpstats_parse_error *e, const struct tcpstats_filter *f,
			size_t size)
{
	static const struct tcpstats_filter zero;
	size_t n = strnlen(e->message, sizeof(e->message));

	require(n > 0 && n < sizeof(e->message), "message empty or unterminated");
	require(e->offset <= size, "offset past the input");
	require(size <= TCPSTATS_FILTER_MAX_LEN || e->offset == TCPSTATS_FILTER_MAX_LEN,
		"overlong input not reported at the limit");
	require(!memcmp(f, &zero, sizeof(zero)), "rejected filter not zeroed");
}

static int bit(const ts_u8 *addr, unsigned i)
{
	return addr[i / 8] >> (7 - i % 8) & 1;
}

static void check_cidrs(const struct tcpstats_cidr *c, unsigned n, unsigned family)
{
	unsigned i, b, bits;

	require(n <= TCPSTATS_MAX_CIDRS, "too many cidrs");
	for (i = 0; i < n; i++) {
		require(c[i].family == 4 || c[i].family == 6, "cidr family");
		require(!family || c[i].family == family, "cidr against the family flag");
		bits = c[i].family == 4 ? 32 : 128;
		require(c[i].prefix <= bits, "prefix out of range");
		for (b = c[i].prefix; b < 128; b++)
			require(!bit(c[i].addr, b), "host bits or bytes past the family set");
	}
}

static void check_ports(const ts_u16 *p, unsigned n)
{
	unsigned i, j;

	require(n <= TCPSTATS_MAX_PORTS, "too many ports");
	for (i = 0; i < n; i++) {
		require(p[i] != 0, "port 0");
		for (j = 0; j < i; j++)
			require(p[i] != p[j], "duplicate port");
	}
}

static void check_filter(const struct tcpstats_filter *f)
{
	require(f->state_mask != 0 && !(f->state_mask & ~STATE_ALL), "state_mask");
	require((f->fields & TCPSTATS_FIELD_IDENTITY) && !(f->fields & ~TCPSTATS_FIELD_ALL),
		"fields");
	require(f->family == 0 || f->family == 4 || f->family == 6, "family");
	require(f->format <= TCPSTATS_FORMAT_COMPACT, "format");
	check_ports(f->local_ports, f->n_local_ports);
	check_ports(f->remote_ports, f->n_remote_ports);
	check_cidrs(f->local_cidrs, f->n_local_cidrs, f->family);
	check_cidrs(f->remote_cidrs, f->n_remote_cidrs, f->family);
}

static void check_round_trip(const struct tcpstats_filter *f)
{
	struct tcpstats_filter g;
	struct tcpstats_parse_error e;
	char text[2048];
	int n = format_filter(f, text, sizeof(text));

	require(n >= 0, "formatted filter does not fit");
	require(tcpstats_filter_parse(text, (size_t)n, &g, &e) == 0, "formatted filter rejected");
	require(!memcmp(f, &g, sizeof(g)), "round trip changed the filter");
}

/* The slow matcher: bit by bit, no shortcuts. */
static int ref_cidrs(const struct tcpstats_cidr *c, unsigned n, unsigned family,
		     const ts_u8 *addr)
{
	unsigned i, b;

	for (i = 0; i < n; i++) {
		for (b = 0; c[i].family == family && b < c[i].prefix; b++)
			if (bit(c[i].addr, b) != bit(addr, b))
				break;
		if (c[i].family == family && b == c[i].prefix)
			return 1;
	}
	return n == 0;
}

static int ref_ports(const ts_u16 *p, unsigned n, ts_u16 port)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (p[i] == port)
			return 1;
	return n == 0;
}

static enum tcpstats_skip ref_match(const struct tcpstats_filter *f,
				    const struct tcpstats_sock_view *s)
{
	if (f->family && f->family != s->family)
		return TCPSTATS_SKIP_FAMILY;
	if (s->state >= 32 || !(f->state_mask >> s->state & 1))
		return TCPSTATS_SKIP_STATE;
	if (!ref_ports(f->local_ports, f->n_local_ports, s->local_port))
		return TCPSTATS_SKIP_LOCAL_PORT;
	if (!ref_ports(f->remote_ports, f->n_remote_ports, s->remote_port))
		return TCPSTATS_SKIP_REMOTE_PORT;
	if (!ref_cidrs(f->local_cidrs, f->n_local_cidrs, s->family, s->local_addr))
		return TCPSTATS_SKIP_LOCAL_ADDR;
	if (!ref_cidrs(f->remote_cidrs, f->n_remote_cidrs, s->family, s->remote_addr))
		return TCPSTATS_SKIP_REMOTE_ADDR;
	return TCPSTATS_MATCH;
}

static const char *const socks[] = {
	"established 10.0.0.1:22 192.0.2.9:40000",
	"listen 0.0.0.0:80 0.0.0.0:0",
	"established [fd00::1]:443 [2001:db8::9]:50000",
	"time_wait [::ffff:10.0.0.1]:22 [::ffff:192.0.2.9]:1",
	"0 127.0.0.1:1 127.0.0.1:65535",
	"new_syn_recv [fe80::1]:8080 [fe80::2]:8081",
};

static void check_one(const struct tcpstats_filter *f, const struct tcpstats_sock_view *s)
{
	enum tcpstats_skip r = tcpstats_filter_match(f, s);

	require(r < TCPSTATS_SKIP_REASONS, "reason out of range");
	require(r == ref_match(f, s), "matcher and reference disagree");
}

/* The fixed sockets, then one built from the filter's own first entries so
 * that positive matches are exercised too. */
static void check_matches(const struct tcpstats_filter *f)
{
	struct tcpstats_sock_view s;
	size_t i;

	for (i = 0; i < sizeof(socks) / sizeof(socks[0]); i++) {
		require(sock_parse(socks[i], &s) == 0, "bad fixed socket");
		check_one(f, &s);
	}
	memset(&s, 0, sizeof(s));
	s.family = f->n_local_cidrs ? f->local_cidrs[0].family : f->family ? f->family : 4;
	s.state = 1;
	s.local_port = f->n_local_ports ? f->local_ports[0] : 1;
	s.remote_port = f->n_remote_ports ? f->remote_ports[f->n_remote_ports - 1] : 1;
	if (f->n_local_cidrs)
		memcpy(s.local_addr, f->local_cidrs[0].addr, 16);
	if (f->n_remote_cidrs)
		memcpy(s.remote_addr, f->remote_cidrs[0].addr, 16);
	check_one(f, &s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;

	if (tcpstats_filter_parse((const char *)data, size, &f, &e)) {
		check_error(&e, &f, size);
		return 0;
	}
	check_filter(&f);
	check_round_trip(&f);
	check_matches(&f);
	return 0;
}
