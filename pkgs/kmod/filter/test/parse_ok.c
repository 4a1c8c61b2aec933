/* Valid filters and the exact struct each one parses to, in dump_filter
 * words: only what differs from the empty filter is named. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "testlib.h"

struct ok_case {
	const char *text;
	const char *want;
};

static const struct ok_case cases[] = {
	/* the empty filter and spacing */
	{ "", "any" },
	{ " ", "any" },
	{ "      ", "any" },
	{ "  local_port=22   remote_port=80  ", "lp=22 rp=80" },
	/* ports */
	{ "local_port=22", "lp=22" },
	{ "local_port=22,80,443", "lp=22,80,443" },
	{ "local_port=443,80,22", "lp=443,80,22" },
	{ "remote_port=443", "rp=443" },
	{ "local_port=1", "lp=1" },
	{ "local_port=65535", "lp=65535" },
	{ "local_port=9 remote_port=9", "lp=9 rp=9" },
	{ "local_port=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
	  "lp=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16" },
	{ "remote_port=65535,65534,1000,10000",
	  "rp=65535,65534,1000,10000" },
	/* states */
	{ "include_state=established", "states=0x2" },
	{ "include_state=syn_sent", "states=0x4" },
	{ "include_state=syn_recv", "states=0x8" },
	{ "include_state=fin_wait1", "states=0x10" },
	{ "include_state=fin_wait2", "states=0x20" },
	{ "include_state=time_wait", "states=0x40" },
	{ "include_state=close", "states=0x80" },
	{ "include_state=close_wait", "states=0x100" },
	{ "include_state=last_ack", "states=0x200" },
	{ "include_state=listen", "states=0x400" },
	{ "include_state=closing", "states=0x800" },
	{ "include_state=new_syn_recv", "states=0x1000" },
	{ "include_state=established,listen", "states=0x402" },
	{ "exclude_state=time_wait", "states=0x1fbe" },
	{ "exclude_state=listen,new_syn_recv", "states=0xbfe" },
	{ "include_state=established,time_wait exclude_state=time_wait", "states=0x2" },
	{ "exclude_state=listen include_state=listen,established", "states=0x2" },
	{ "include_state=listen exclude_state=established", "states=0x400" },
	{ "include_state=established,syn_sent,syn_recv,fin_wait1,fin_wait2,time_wait,"
	  "close,close_wait,last_ack,listen,closing,new_syn_recv", "any" },
	{ "exclude_state=established,syn_sent,syn_recv,fin_wait1,fin_wait2,time_wait,"
	  "close_wait,last_ack,listen,closing,new_syn_recv", "states=0x80" },
	/* families */
	{ "ipv4_only", "v4" },
	{ "ipv6_only", "v6" },
	{ "ipv4_only local_addr=10.0.0.0/8", "v4 la=10.0.0.0/8" },
	{ "local_addr=10.0.0.0/8 ipv4_only", "v4 la=10.0.0.0/8" },
	{ "remote_addr=fd00::/8 ipv6_only", "v6 ra=fd00::/8" },
	/* IPv4 addresses */
	{ "local_addr=10.0.0.0/8", "la=10.0.0.0/8" },
	{ "local_addr=10.1.2.3", "la=10.1.2.3/32" },
	{ "local_addr=10.1.2.3/32", "la=10.1.2.3/32" },
	{ "local_addr=0.0.0.0/0", "la=0.0.0.0/0" },
	{ "local_addr=0.0.0.0", "la=0.0.0.0/32" },
	{ "local_addr=255.255.255.255", "la=255.255.255.255/32" },
	{ "remote_addr=192.168.1.128/25", "ra=192.168.1.128/25" },
	{ "remote_addr=172.16.0.0/12", "ra=172.16.0.0/12" },
	{ "remote_addr=128.0.0.0/1", "ra=128.0.0.0/1" },
	{ "local_addr=10.0.0.0/8 local_addr=192.168.0.0/16",
	  "la=10.0.0.0/8,192.168.0.0/16" },
	{ "local_addr=10.0.0.0/8 local_addr=10.0.0.0/16", "la=10.0.0.0/8,10.0.0.0/16" },
	{ "local_addr=10.0.0.0/8 remote_addr=10.0.0.0/8", "la=10.0.0.0/8 ra=10.0.0.0/8" },
	{ "local_addr=1.0.0.0/8 local_addr=2.0.0.0/8 local_addr=3.0.0.0/8 local_addr=4.0.0.0/8 "
	  "local_addr=5.0.0.0/8 local_addr=6.0.0.0/8 local_addr=7.0.0.0/8 local_addr=8.0.0.0/8",
	  "la=1.0.0.0/8,2.0.0.0/8,3.0.0.0/8,4.0.0.0/8,5.0.0.0/8,6.0.0.0/8,7.0.0.0/8,8.0.0.0/8" },
	/* IPv6 addresses */
	{ "local_addr=fd00::/8", "la=fd00::/8" },
	{ "local_addr=::/0", "la=::/0" },
	{ "local_addr=::", "la=::/128" },
	{ "local_addr=::1", "la=::1/128" },
	{ "local_addr=1::", "la=1::/128" },
	{ "local_addr=2001:db8::/32", "la=2001:db8::/32" },
	{ "local_addr=2001:DB8::/32", "la=2001:db8::/32" },
	{ "local_addr=2001:db8:0:0:0:0:0:0/32", "la=2001:db8::/32" },
	{ "local_addr=2001:0db8:0000:0000:0000:0000:0000:0001", "la=2001:db8::1/128" },
	{ "local_addr=1:2:3:4:5:6:7:8", "la=1:2:3:4:5:6:7:8/128" },
	{ "local_addr=1:2:3:4:5:6:7::", "la=1:2:3:4:5:6:7:0/128" },
	{ "local_addr=::2:3:4:5:6:7:8", "la=0:2:3:4:5:6:7:8/128" },
	{ "local_addr=1:2::7:8", "la=1:2::7:8/128" },
	{ "local_addr=fe80::/10", "la=fe80::/10" },
	{ "local_addr=ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	  "la=ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128" },
	{ "local_addr=8000::/1", "la=8000::/1" },
	{ "remote_addr=2001:db8:1:2::/64", "ra=2001:db8:1:2::/64" },
	{ "local_addr=::ffff:10.0.0.1", "la=::ffff:10.0.0.1/128" },
	{ "local_addr=::ffff:0.0.0.0/96", "la=::ffff:0.0.0.0/96" },
	{ "local_addr=64:ff9b::/96", "la=64:ff9b::/96" },
	{ "local_addr=1:2:3:4:5:6:1.2.3.4", "la=1:2:3:4:5:6:102:304/128" },
	{ "local_addr=10.0.0.0/8 local_addr=fd00::/8", "la=10.0.0.0/8,fd00::/8" },
	{ "local_addr=10.0.0.0/8 remote_addr=fd00::/8 local_addr=fd01::/16",
	  "la=10.0.0.0/8,fd01::/16 ra=fd00::/8" },
	{ "local_addr=fd00::/8 local_addr=fd00::/16", "la=fd00::/8,fd00::/16" },
	/* fields and format */
	{ "fields=identity", "fields=0x1" },
	{ "fields=state", "fields=0x3" },
	{ "fields=counters", "fields=0x5" },
	{ "fields=timing", "fields=0x9" },
	{ "fields=window", "fields=0x11" },
	{ "fields=counters,timing", "fields=0xd" },
	{ "fields=all", "any" },
	{ "fields=identity,state,counters,timing,window", "any" },
	{ "fields=window,all", "any" },
	{ "format=compact", "format=1" },
	{ "format=full", "any" },
	{ "format=compact fields=state", "fields=0x3 format=1" },
	/* everything at once */
	{ "ipv4_only include_state=established local_port=22 remote_port=40000,40001 "
	  "local_addr=10.0.0.0/8 remote_addr=192.0.2.0/24 fields=counters format=compact",
	  "v4 states=0x2 fields=0x5 format=1 lp=22 rp=40000,40001 la=10.0.0.0/8 "
	  "ra=192.0.2.0/24" },
	{ "format=full fields=timing,window remote_addr=2001:db8::/48 exclude_state=listen "
	  "ipv6_only remote_port=443",
	  "v6 states=0x1bfe fields=0x19 rp=443 ra=2001:db8::/48" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* A valid filter of exactly `len` bytes: spaces, then `tail`. */
static void padded(char *buf, size_t len, const char *tail)
{
	size_t n = strlen(tail);

	memset(buf, ' ', len - n);
	memcpy(buf + len - n, tail, n);
}

static void check(const char *text, size_t len, const char *want)
{
	char got[1024];

	describe_parse(text, len, got, sizeof(got));
	t_expect("parse_ok", text, len, want, got);
}

static void generated(void)
{
	char buf[TCPSTATS_FILTER_MAX_LEN];
	size_t max = sizeof(buf);

	padded(buf, max, "ipv4_only");
	check(buf, max, "v4");
	padded(buf, max, "local_port=22");
	check(buf, max, "lp=22");
	memcpy(buf, "local_port=22", 13);
	memset(buf + 13, ' ', max - 13);
	check(buf, max, "lp=22");
	/* the length decides, not a NUL */
	check("local_port=223", 13, "lp=22");
	check("ipv4_only\0garbage", 9, "v4");
}

void suite_parse_ok(void)
{
	size_t i;

	for (i = 0; i < N_CASES; i++)
		check(cases[i].text, strlen(cases[i].text), cases[i].want);
	generated();
}

size_t parse_ok_texts(const char **out, size_t max)
{
	size_t i;

	for (i = 0; i < N_CASES && i < max; i++)
		out[i] = cases[i].text;
	return i;
}
