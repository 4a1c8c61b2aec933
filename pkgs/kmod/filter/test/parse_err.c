/* Every error class: the exact offset and the message (a prefix of it when
 * the rest only quotes the input). Left to right, the first error wins. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "testlib.h"

struct err_case {
	const char *text;
	unsigned offset;
	const char *message;
};

static const struct err_case cases[] = {
	/* keys */
	{ "colour=red", 0, "unknown key \"colour\"" },
	{ "local_port=22 colour=red", 14, "unknown key \"colour\"" },
	{ "ipv4_only  bogus", 11, "unknown key \"bogus\"" },
	{ "Local_port=22", 0, "unknown key \"Local_port\"" },
	{ "local_ports=22", 0, "unknown key \"local_ports\"" },
	{ "ipv4", 0, "unknown key \"ipv4\"" },
	{ "=22", 0, "missing key in \"=22\"" },
	{ "ipv4_only =", 10, "missing key in \"=\"" },
	{ "colour=red local_port=0", 0, "unknown key \"colour\"" },
	{ "local_port=0 colour=red", 11, "bad port \"0\"" },
	/* values */
	{ "local_port", 10, "missing value for \"local_port\"" },
	{ "local_port=", 11, "missing value for \"local_port\"" },
	{ "local_port= 22", 11, "missing value for \"local_port\"" },
	{ "local_port =22", 10, "missing value for \"local_port\"" },
	{ "include_state=", 14, "missing value for \"include_state\"" },
	{ "remote_addr", 11, "missing value for \"remote_addr\"" },
	{ "fields=", 7, "missing value for \"fields\"" },
	{ "format", 6, "missing value for \"format\"" },
	{ "ipv4_only=1", 9, "flag takes no value \"ipv4_only\"" },
	{ "ipv6_only=", 9, "flag takes no value \"ipv6_only\"" },
	/* repeats */
	{ "local_port=22 local_port=80", 14, "repeated key \"local_port\"" },
	{ "remote_port=1 remote_port=1", 14, "repeated key \"remote_port\"" },
	{ "ipv4_only ipv4_only", 10, "repeated key \"ipv4_only\"" },
	{ "format=full format=full", 12, "repeated key \"format\"" },
	{ "fields=all fields=state", 11, "repeated key \"fields\"" },
	{ "include_state=listen include_state=close", 21, "repeated key \"include_state\"" },
	{ "exclude_state=listen exclude_state=close", 21, "repeated key \"exclude_state\"" },
	/* ports */
	{ "local_port=0", 11, "bad port \"0\"" },
	{ "local_port=65536", 11, "bad port \"65536\"" },
	{ "local_port=99999999999999999999", 11, "bad port \"99999999999999999999\"" },
	{ "local_port=022", 11, "bad port \"022\"" },
	{ "local_port=-1", 11, "bad port \"-1\"" },
	{ "local_port=+22", 11, "bad port \"+22\"" },
	{ "local_port=22x", 11, "bad port \"22x\"" },
	{ "local_port=0x16", 11, "bad port \"0x16\"" },
	{ "local_port==22", 11, "bad port \"=22\"" },
	{ "local_port=22,80,abc", 17, "bad port \"abc\"" },
	{ "remote_port=443,0", 16, "bad port \"0\"" },
	{ "local_port=22,22", 14, "duplicate port \"22\"" },
	{ "remote_port=443,80,443", 19, "duplicate port \"443\"" },
	{ "local_port=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", 50, "more than 16 ports" },
	{ "remote_port=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,16", 51, "more than 16 ports" },
	/* lists */
	{ "local_port=22,", 13, "trailing comma" },
	{ "local_port=,22", 11, "empty list item" },
	{ "local_port=22,,80", 14, "empty list item" },
	{ "local_port=,", 11, "empty list item" },
	{ "include_state=listen,", 20, "trailing comma" },
	{ "exclude_state=close,,listen", 20, "empty list item" },
	{ "fields=state,", 12, "trailing comma" },
	{ "fields=,state", 7, "empty list item" },
	/* states */
	{ "include_state=establish", 14, "unknown state \"establish\"" },
	{ "include_state=ESTABLISHED", 14, "unknown state \"ESTABLISHED\"" },
	{ "include_state=unknown", 14, "unknown state \"unknown\"" },
	{ "exclude_state=listen,1", 21, "unknown state \"1\"" },
	{ "include_state=listen,listen", 21, "duplicate state \"listen\"" },
	{ "exclude_state=established,syn_sent,syn_recv,fin_wait1,fin_wait2,time_wait,"
	  "close,close_wait,last_ack,listen,closing,new_syn_recv", 0, "no state left to match" },
	{ "include_state=listen exclude_state=listen", 21, "no state left to match" },
	{ "exclude_state=listen,close include_state=close,listen", 27, "no state left to match" },
	/* families */
	{ "ipv4_only ipv6_only", 10, "ipv4_only and ipv6_only together" },
	{ "ipv6_only ipv4_only", 10, "ipv4_only and ipv6_only together" },
	{ "ipv4_only local_addr=fd00::/8", 21, "IPv6 address with ipv4_only \"fd00::/8\"" },
	{ "local_addr=fd00::/8 ipv4_only", 20, "ipv4_only after an IPv6 address" },
	{ "ipv6_only remote_addr=10.0.0.0/8", 22, "IPv4 address with ipv6_only \"10.0.0.0/8\"" },
	{ "remote_addr=10.0.0.0/8 ipv6_only", 23, "ipv6_only after an IPv4 address" },
	{ "ipv4_only local_addr=::ffff:10.0.0.0/104", 21, "IPv6 address with ipv4_only" },
	{ "local_addr=10.0.0.0/8 remote_addr=fd00::/8", 34,
	  "local_addr and remote_addr families never agree" },
	{ "remote_addr=fd00::/8 local_addr=10.0.0.0/8 local_addr=10.1.0.0/16", 54,
	  "local_addr and remote_addr families never agree" },
	/* prefixes */
	{ "local_addr=10.0.0.1/8", 11, "host bits set \"10.0.0.1/8\"" },
	{ "local_addr=10.0.0.128/24", 11, "host bits set \"10.0.0.128/24\"" },
	{ "local_addr=192.168.1.1/31", 11, "host bits set" },
	{ "local_addr=1.0.0.0/0", 11, "host bits set" },
	{ "local_addr=fd00::1/64", 11, "host bits set \"fd00::1/64\"" },
	{ "local_addr=fd00::1/127", 11, "host bits set" },
	{ "remote_addr=::1/0", 12, "host bits set" },
	{ "local_addr=10.0.0.0/33", 20, "bad prefix \"33\"" },
	{ "local_addr=fd00::/129", 18, "bad prefix \"129\"" },
	{ "local_addr=10.0.0.0/", 20, "bad prefix \"\"" },
	{ "local_addr=10.0.0.0/08", 20, "bad prefix \"08\"" },
	{ "local_addr=10.0.0.0/-1", 20, "bad prefix \"-1\"" },
	{ "local_addr=10.0.0.0/8/8", 20, "bad prefix \"8/8\"" },
	{ "local_addr=10.0.0.0/x", 20, "bad prefix \"x\"" },
	{ "local_addr=::/1000", 14, "bad prefix \"1000\"" },
	/* IPv4 syntax */
	{ "local_addr=10.0.0", 11, "bad address \"10.0.0\"" },
	{ "local_addr=10.0.0.0.0", 11, "bad address \"10.0.0.0.0\"" },
	{ "local_addr=256.0.0.0", 11, "bad address \"256.0.0.0\"" },
	{ "local_addr=010.0.0.1", 11, "bad address \"010.0.0.1\"" },
	{ "local_addr=10..0.1", 11, "bad address \"10..0.1\"" },
	{ "local_addr=.10.0.0.1", 11, "bad address" },
	{ "local_addr=10.0.0.1.", 11, "bad address" },
	{ "local_addr=a.b.c.d", 11, "bad address \"a.b.c.d\"" },
	{ "local_addr=10", 11, "bad address \"10\"" },
	{ "local_addr=localhost", 11, "bad address \"localhost\"" },
	{ "local_addr=/8", 11, "bad address \"\"" },
	/* IPv6 syntax */
	{ "local_addr=fd00:::/8", 11, "bad address \"fd00:::\"" },
	{ "local_addr=:::", 11, "bad address" },
	{ "local_addr=1::2::3", 11, "bad address \"1::2::3\"" },
	{ "local_addr=12345::", 11, "bad address \"12345::\"" },
	{ "local_addr=1:2:3:4:5:6:7:8:9", 11, "bad address" },
	{ "local_addr=1:2:3:4:5:6:7", 11, "bad address" },
	{ "local_addr=1:2:3:4:5:6:7:8::", 11, "bad address" },
	{ "local_addr=::1:2:3:4:5:6:7:8", 11, "bad address" },
	{ "local_addr=:1::", 11, "bad address \":1::\"" },
	{ "local_addr=1:", 11, "bad address \"1:\"" },
	{ "local_addr=1::2:", 11, "bad address" },
	{ "local_addr=g::", 11, "bad address \"g::\"" },
	{ "local_addr=::ffff:1.2.3", 11, "bad address" },
	{ "local_addr=::ffff:1.2.3.256", 11, "bad address" },
	{ "local_addr=1:2:3:4:5:6:7:1.2.3.4", 11, "bad address" },
	{ "local_addr=::1.2.3.4:5", 11, "bad address" },
	{ "local_addr=1.2.3.4::", 11, "bad address" },
	/* address lists, counts, duplicates */
	{ "local_addr=10.0.0.0/8,10.1.0.0/16", 21, "one address per key: repeat the key" },
	{ "local_addr=10.0.0.0/8 local_addr=10.0.0.0/8", 33, "duplicate address \"10.0.0.0/8\"" },
	{ "local_addr=fd00::/8 local_addr=fd00:0::/8", 31, "duplicate address \"fd00:0::/8\"" },
	{ "local_addr=1.0.0.0/8 local_addr=2.0.0.0/8 local_addr=3.0.0.0/8 local_addr=4.0.0.0/8 "
	  "local_addr=5.0.0.0/8 local_addr=6.0.0.0/8 local_addr=7.0.0.0/8 local_addr=8.0.0.0/8 "
	  "local_addr=9.0.0.0/8", 168, "more than 8 local_addr" },
	{ "remote_addr=::1 remote_addr=::2 remote_addr=::3 remote_addr=::4 remote_addr=::5 "
	  "remote_addr=::6 remote_addr=::7 remote_addr=::8 remote_addr=::9", 128,
	  "more than 8 remote_addr" },
	/* fields, format */
	{ "fields=bogus", 7, "unknown field \"bogus\"" },
	{ "fields=state,State", 13, "unknown field \"State\"" },
	{ "fields=state,state", 13, "duplicate field \"state\"" },
	{ "fields=all,all", 11, "duplicate field \"all\"" },
	{ "format=tiny", 7, "unknown format \"tiny\"" },
	{ "format=compact,full", 7, "unknown format \"compact,full\"" },
	{ "format=FULL", 7, "unknown format \"FULL\"" },
	{ "format=full=x", 7, "unknown format \"full=x\"" },
	/* bytes */
	{ "local_port=22\t", 13, "invalid byte 0x09" },
	{ "\tlocal_port=22", 0, "invalid byte 0x09" },
	{ "local_port=22\n", 13, "invalid byte 0x0a" },
	{ "ipv4_only\r", 9, "invalid byte 0x0d" },
	{ "\x7f", 0, "invalid byte 0x7f" },
	{ "\x80", 0, "invalid byte 0x80" },
	{ "local_addr=fd00::\xff", 17, "invalid byte 0xff" },
	{ "colour=\x01", 7, "invalid byte 0x01" },
	/* long input is quoted short */
	{ "local_port=1234567890123456789012345678901234567890", 11,
	  "bad port \"12345678901234567890123456789012...\"" },
	{ "a_key_that_is_far_too_long_to_quote_whole=1", 0,
	  "unknown key \"a_key_that_is_far_too_long_to_qu...\"" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void check(const char *text, size_t len, unsigned offset, const char *message)
{
	char want[256], got[1024];

	snprintf(want, sizeof(want), "error at %u: %s", offset, message);
	describe_parse(text, len, got, sizeof(got));
	t_expect_prefix("parse_err", text, len, want, got);
}

/* Inputs that do not fit a string table: NUL bytes, the length limit. */
static void generated(void)
{
	static char buf[5000];
	size_t max = TCPSTATS_FILTER_MAX_LEN;

	check("local_port=2\0" "2", 14, 12, "invalid byte 0x00");
	check("\0", 1, 0, "invalid byte 0x00");
	memset(buf, ' ', sizeof(buf));
	check(buf, max + 1, (unsigned)max, "filter longer than 1024 bytes");
	check(buf, sizeof(buf), (unsigned)max, "filter longer than 1024 bytes");
	memcpy(buf, "colour=red", 10);
	check(buf, max + 1, (unsigned)max, "filter longer than 1024 bytes");
	memcpy(buf + max - 6, "colour", 6);
	check(buf + 10, max - 10, (unsigned)(max - 16), "unknown key \"colour\"");
	memcpy(buf + max - 11, "local_port=", 11);
	check(buf + 10, max - 10, (unsigned)(max - 10), "missing value for \"local_port\"");
}

void suite_parse_err(void)
{
	size_t i;

	for (i = 0; i < N_CASES; i++)
		check(cases[i].text, strlen(cases[i].text), cases[i].offset, cases[i].message);
	generated();
}
