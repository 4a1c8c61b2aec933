/* Names, round trips (parse, format, parse: the same struct), the address
 * parser against inet_pton, and the edges of the calling convention. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "testlib.h"

static void names(void)
{
	static const char *const skips[] = {
		"match", "family", "state", "local_port", "remote_port", "local_addr",
		"remote_addr", "unknown",
	};
	char text[64], want[32], got[1024];
	unsigned i;

	for (i = 0; i < sizeof(skips) / sizeof(skips[0]); i++)
		t_expect("skip_name", skips[i], strlen(skips[i]), skips[i],
			 tcpstats_skip_name((enum tcpstats_skip)i));
	t_expect("state_name", "0", 1, "unknown", tcpstats_state_name(0));
	t_expect("state_name", "13", 2, "unknown", tcpstats_state_name(13));
	t_expect("state_name", "listen", 6, "listen", tcpstats_state_name(10));
	/* each name parses back to its own bit */
	for (i = 1; i <= TCPSTATS_STATE_MAX; i++) {
		snprintf(text, sizeof(text), "include_state=%s", tcpstats_state_name(i));
		snprintf(want, sizeof(want), "states=0x%x", 1u << i);
		describe_parse(text, strlen(text), got, sizeof(got));
		t_expect("state_name", text, strlen(text), want, got);
	}
}

static void round_trip(const char *text)
{
	struct tcpstats_filter f, g;
	struct tcpstats_parse_error e;
	char again[2048], got[1024];

	if (tcpstats_filter_parse(text, strlen(text), &f, &e)) {
		t_fail("round_trip", text, strlen(text), "a valid filter", e.message);
		return;
	}
	if (format_filter(&f, again, sizeof(again)) < 0) {
		t_fail("round_trip", text, strlen(text), "formatted", "did not fit");
		return;
	}
	describe_parse(again, strlen(again), got, sizeof(got));
	if (tcpstats_filter_parse(again, strlen(again), &g, &e) || memcmp(&f, &g, sizeof(f)))
		t_fail("round_trip", text, strlen(text), again, got);
	else
		t_pass();
}

static void round_trips(void)
{
	const char *texts[256];
	size_t i, n = parse_ok_texts(texts, 256);

	for (i = 0; i < n; i++)
		round_trip(texts[i]);
}

/* The parser and inet_pton agree on what is an address and its bytes. */
static const char *const addresses[] = {
	"0.0.0.0", "1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5",
	"01.2.3.4", "1.2.3.04", "1..3.4", " 1.2.3.4", "1.2.3.-4", "192.168.100.200",
	"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
	"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":1::", "1::2:", "12345::",
	"fFfF::AbCd", "2001:db8::1", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
	"1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3", "::ffff:256.1.1.1", "::ffff:1.2.3.4:5",
	"1.2.3.4::", "0:0:0:0:0:0:0:0", "0000:0000::0000", "00000::", ":::", "g::", "::g",
	"fe80::1:2:3:4:5", "fe80::1:2:3:4:5:6", "fe80::1:2:3:4:5:6:7",
};

static void against_inet_pton(const char *addr)
{
	int v6 = strchr(addr, ':') != NULL;
	unsigned char want[16];
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;
	char text[128], w[8], g[8];
	int ok_ref, ok_ours;

	memset(want, 0, sizeof(want));
	ok_ref = inet_pton(v6 ? AF_INET6 : AF_INET, addr, want) == 1;
	snprintf(text, sizeof(text), "local_addr=%s", addr);
	ok_ours = tcpstats_filter_parse(text, strlen(text), &f, &e) == 0;
	if (ok_ours && memcmp(f.local_cidrs[0].addr, want, sizeof(want)))
		ok_ours = 2;
	snprintf(w, sizeof(w), "%s", ok_ref ? "valid" : "invalid");
	snprintf(g, sizeof(g), "%s", ok_ours == 2 ? "bytes" : ok_ours ? "valid" : "invalid");
	t_expect("inet_pton", text, strlen(text), w, g);
}

/* Calling convention: no error struct, a failed parse leaves a zeroed
 * filter, a successful one a cleared error. */
static void convention(void)
{
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;
	char got[128];

	t_expect("convention", "colour, err=NULL", 16, "-1",
		 tcpstats_filter_parse("colour", 6, &f, NULL) ? "-1" : "0");
	t_expect("convention", "NULL text, len 0", 16, "0",
		 tcpstats_filter_parse(NULL, 0, &f, &e) ? "-1" : "0");
	tcpstats_filter_parse("local_port=22 colour", 20, &f, &e);
	dump_filter(&f, got, sizeof(got));
	t_expect("convention", "local_port=22 colour", 20, "states=0x0 fields=0x0", got);
	tcpstats_filter_parse("colour", 6, &f, &e);
	tcpstats_filter_parse("ipv4_only", 9, &f, &e);
	snprintf(got, sizeof(got), "%u:%s", (unsigned)e.offset, e.message);
	t_expect("convention", "ipv4_only after an error", 24, "0:", got);
}

void suite_misc(void)
{
	size_t i;

	names();
	round_trips();
	for (i = 0; i < sizeof(addresses) / sizeof(addresses[0]); i++)
		against_inet_pton(addresses[i]);
	convention();
}
