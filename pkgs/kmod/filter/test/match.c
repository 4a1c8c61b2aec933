/* The matcher, one dimension at a time and then in combination: the
 * expected value is the first failing reason in enum order, or "match". */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "testlib.h"

struct match_case {
	const char *filter;
	const char *sock;
	const char *want;
};

#define EST4 "established 10.0.0.1:22 192.0.2.9:40000"
#define EST6 "established [fd00::1]:22 [2001:db8::9]:40000"

static const struct match_case cases[] = {
	/* the empty filter */
	{ "", EST4, "match" },
	{ "", EST6, "match" },
	{ "", "listen 0.0.0.0:22 0.0.0.0:0", "match" },
	{ "", "0 10.0.0.1:22 192.0.2.9:40000", "state" },
	{ "", "13 10.0.0.1:22 192.0.2.9:40000", "state" },
	{ "", "255 10.0.0.1:22 192.0.2.9:40000", "state" },
	/* family */
	{ "ipv4_only", EST4, "match" },
	{ "ipv4_only", EST6, "family" },
	{ "ipv6_only", EST6, "match" },
	{ "ipv6_only", EST4, "family" },
	{ "ipv6_only", "established [::ffff:10.0.0.1]:22 [::ffff:192.0.2.9]:1", "match" },
	/* state */
	{ "include_state=listen", "listen 10.0.0.1:22 0.0.0.0:0", "match" },
	{ "include_state=listen", EST4, "state" },
	{ "include_state=established,listen", EST4, "match" },
	{ "exclude_state=time_wait", "time_wait 10.0.0.1:22 192.0.2.9:1", "state" },
	{ "exclude_state=time_wait", "close_wait 10.0.0.1:22 192.0.2.9:1", "match" },
	{ "include_state=new_syn_recv", "new_syn_recv [fd00::1]:22 [fd00::2]:1", "match" },
	{ "include_state=new_syn_recv", "closing [fd00::1]:22 [fd00::2]:1", "state" },
	{ "exclude_state=listen", "0 10.0.0.1:22 0.0.0.0:0", "state" },
	/* ports */
	{ "local_port=22", EST4, "match" },
	{ "local_port=23", EST4, "local_port" },
	{ "local_port=80,443,22", EST6, "match" },
	{ "local_port=1", "listen 10.0.0.1:65535 0.0.0.0:0", "local_port" },
	{ "local_port=65535", "listen 10.0.0.1:65535 0.0.0.0:0", "match" },
	{ "remote_port=40000", EST4, "match" },
	{ "remote_port=443,8443", EST4, "remote_port" },
	{ "remote_port=22", EST4, "remote_port" },
	{ "local_port=40000", EST4, "local_port" },
	/* local addresses, IPv4 */
	{ "local_addr=10.0.0.0/8", EST4, "match" },
	{ "local_addr=10.0.0.0/8", "established 10.255.255.255:22 192.0.2.9:1", "match" },
	{ "local_addr=10.0.0.0/8", "established 11.0.0.0:22 192.0.2.9:1", "local_addr" },
	{ "local_addr=10.0.0.0/8", "established 9.255.255.255:22 192.0.2.9:1", "local_addr" },
	{ "local_addr=192.168.1.128/25", "established 192.168.1.127:22 192.0.2.9:1", "local_addr" },
	{ "local_addr=192.168.1.128/25", "established 192.168.1.128:22 192.0.2.9:1", "match" },
	{ "local_addr=192.168.1.128/25", "established 192.168.1.255:22 192.0.2.9:1", "match" },
	{ "local_addr=10.0.0.1", EST4, "match" },
	{ "local_addr=10.0.0.2", EST4, "local_addr" },
	{ "local_addr=10.0.0.0/31", EST4, "match" },
	{ "local_addr=0.0.0.0/0", EST4, "match" },
	{ "local_addr=0.0.0.0/0", EST6, "local_addr" },
	{ "local_addr=192.0.2.9", EST4, "local_addr" },
	/* local addresses, IPv6 and v4-mapped */
	{ "local_addr=fd00::/8", EST6, "match" },
	{ "local_addr=fd00::/8", "established [fdff::1]:22 [::1]:1", "match" },
	{ "local_addr=fd00::/8", "established [fe00::1]:22 [::1]:1", "local_addr" },
	{ "local_addr=fe80::/10", "established [febf:ffff::1]:22 [::1]:1", "match" },
	{ "local_addr=fe80::/10", "established [fec0::1]:22 [::1]:1", "local_addr" },
	{ "local_addr=fd00::1", EST6, "match" },
	{ "local_addr=fd00::", EST6, "local_addr" },
	{ "local_addr=fd00::/127", EST6, "match" },
	{ "local_addr=fd00::2/127", EST6, "local_addr" },
	{ "local_addr=::/0", EST6, "match" },
	{ "local_addr=::/0", EST4, "local_addr" },
	{ "local_addr=::ffff:10.0.0.0/104", EST4, "local_addr" },
	{ "local_addr=::ffff:10.0.0.0/104", "established [::ffff:10.0.0.1]:22 [::1]:1", "match" },
	{ "local_addr=10.0.0.0/8", "established [::ffff:10.0.0.1]:22 [::1]:1", "local_addr" },
	/* address lists: any entry */
	{ "local_addr=10.0.0.0/8 local_addr=192.168.0.0/16",
	  "established 192.168.5.5:22 192.0.2.9:1", "match" },
	{ "local_addr=10.0.0.0/8 local_addr=192.168.0.0/16",
	  "established 172.16.0.1:22 192.0.2.9:1", "local_addr" },
	{ "local_addr=10.0.0.0/8 local_addr=fd00::/8", EST6, "match" },
	{ "local_addr=10.0.0.0/8 local_addr=fd00::/8", EST4, "match" },
	{ "local_addr=10.0.0.0/8 local_addr=fd00::/8", "established [fe00::1]:22 [::1]:1",
	  "local_addr" },
	/* remote addresses */
	{ "remote_addr=192.0.2.0/24", EST4, "match" },
	{ "remote_addr=198.51.100.0/24", EST4, "remote_addr" },
	{ "remote_addr=2001:db8::/32", EST6, "match" },
	{ "remote_addr=2001:db9::/32", EST6, "remote_addr" },
	{ "remote_addr=10.0.0.1", EST4, "remote_addr" },
	{ "remote_addr=192.0.2.9 remote_addr=2001:db8::9", EST6, "match" },
	/* the first failing reason in enum order */
	{ "ipv6_only include_state=listen local_port=23", EST4, "family" },
	{ "include_state=listen local_port=23 remote_port=1", EST4, "state" },
	{ "local_port=23 remote_port=1 local_addr=11.0.0.0/8", EST4, "local_port" },
	{ "remote_port=1 local_addr=11.0.0.0/8 remote_addr=1.0.0.0/8", EST4, "remote_port" },
	{ "local_addr=11.0.0.0/8 remote_addr=1.0.0.0/8", EST4, "local_addr" },
	{ "local_addr=10.0.0.0/8 remote_addr=1.0.0.0/8", EST4, "remote_addr" },
	{ "remote_addr=1.0.0.0/8 local_port=23", EST4, "local_port" },
	{ "ipv4_only include_state=established local_port=22 remote_port=40000 "
	  "local_addr=10.0.0.0/8 remote_addr=192.0.2.0/24 fields=state format=compact",
	  EST4, "match" },
	{ "ipv6_only exclude_state=listen local_port=22 remote_port=40000 "
	  "local_addr=fd00::/16 remote_addr=2001:db8::/32", EST6, "match" },
	/* the same address as local and remote */
	{ "local_addr=192.0.2.9", "established 192.0.2.9:22 10.0.0.1:1", "match" },
	{ "remote_addr=192.0.2.9", "established 192.0.2.9:22 10.0.0.1:1", "remote_addr" },
};

#define N_CASES (sizeof(cases) / sizeof(cases[0]))

static void check(const struct match_case *c)
{
	struct tcpstats_filter f;
	struct tcpstats_parse_error e;
	struct tcpstats_sock_view s;
	char label[512];

	snprintf(label, sizeof(label), "%s  <-  %s", c->filter, c->sock);
	if (sock_parse(c->sock, &s))
		t_fail("match", label, strlen(label), c->want, "bad socket in the table");
	else if (tcpstats_filter_parse(c->filter, strlen(c->filter), &f, &e))
		t_fail("match", label, strlen(label), c->want, e.message);
	else
		t_expect("match", label, strlen(label), c->want,
			 tcpstats_skip_name(tcpstats_filter_match(&f, &s)));
}

/* Filters no parse produces: the matcher must still stay in bounds. */
static void hand_built(void)
{
	struct tcpstats_filter f;
	struct tcpstats_sock_view s;

	sock_parse(EST6, &s);
	memset(&f, 0, sizeof(f));
	t_expect("match", "zeroed filter", 13, "state",
		 tcpstats_skip_name(tcpstats_filter_match(&f, &s)));
	f.state_mask = 0x1ffe;
	f.n_local_cidrs = 1;
	f.local_cidrs[0].family = 6;
	f.local_cidrs[0].prefix = 200;
	t_expect("match", "prefix 200", 10, "local_addr",
		 tcpstats_skip_name(tcpstats_filter_match(&f, &s)));
	f.n_local_cidrs = 0;
	f.n_local_ports = 255;
	t_expect("match", "255 ports, all zero", 19, "local_port",
		 tcpstats_skip_name(tcpstats_filter_match(&f, &s)));
}

void suite_match(void)
{
	size_t i;

	for (i = 0; i < N_CASES; i++)
		check(&cases[i]);
	hand_built();
}
