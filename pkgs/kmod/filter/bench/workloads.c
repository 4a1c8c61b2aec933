/* Ten filters from the cheapest to the longest the parser accepts, one the
 * parser rejects late, and a fixed socket set to match them against. The
 * `matched` counts pin the matcher's results: a change there fails bench. */
#include <string.h>

#include "workloads.h"

const struct workload workloads[] = {
	{ "empty", "", 1, 1024 },
	{ "one_port", "local_port=22", 1, 134 },
	{ "ports16", "local_port=8443,110,143,993,995,3306,9200,11211,2049,389,636,8000,"
		     "80,443,25,6379", 1, 483 },
	{ "states", "include_state=established,syn_sent,syn_recv,close_wait "
		    "exclude_state=syn_recv", 1, 269 },
	{ "v4_cidr", "local_addr=10.0.0.0/8", 1, 179 },
	{ "v4_cidrs8", "local_addr=10.0.0.0/8 local_addr=172.16.0.0/12 "
		       "local_addr=192.168.0.0/16 local_addr=100.64.0.0/10 "
		       "local_addr=198.18.0.0/15 local_addr=169.254.0.0/16 "
		       "local_addr=127.0.0.0/8 local_addr=192.0.0.0/24", 1, 682 },
	{ "v6_cidrs8", "remote_addr=2001:0db8:0001:0000:0000:0000:0000:0000/48 "
		       "remote_addr=2001:0db8:0002:0000:0000:0000:0000:0000/48 "
		       "remote_addr=2001:0db8:0003:0000:0000:0000:0000:0000/48 "
		       "remote_addr=2001:0db8:0004:0000:0000:0000:0000:0000/48 "
		       "remote_addr=fd00:0000:0000:0000:0000:0000:0000:0000/8 "
		       "remote_addr=fe80:0000:0000:0000:0000:0000:0000:0000/10 "
		       "remote_addr=0000:0000:0000:0000:0000:ffff:0000:0000/96 "
		       "remote_addr=0064:ff9b:0000:0000:0000:0000:0000:0000/96", 1, 267 },
	{ "mixed16", "local_addr=10.0.0.0/8 local_addr=fd00::/8 local_addr=192.168.0.0/16 "
		     "local_addr=2001:db8::/32 local_addr=172.16.0.0/12 local_addr=fe80::/10 "
		     "local_addr=127.0.0.1 local_addr=::1 "
		     "remote_addr=192.0.2.0/24 remote_addr=2001:db8:1::/48 "
		     "remote_addr=198.51.100.0/24 remote_addr=2001:db8:2::/48 "
		     "remote_addr=203.0.113.0/24 remote_addr=2001:db8:3::/48 "
		     "remote_addr=0.0.0.0/0 remote_addr=::/0", 1, 850 },
	{ "full_combo", "ipv4_only include_state=established,close_wait local_port=22,80,443 "
			"remote_port=40000,40001,40002 local_addr=10.0.0.0/8 "
			"local_addr=192.168.0.0/16 remote_addr=192.0.2.0/24 "
			"fields=counters,timing format=compact", 1, 2 },
	{ "longest", "ipv6_only include_state=established,syn_sent,syn_recv,fin_wait1,"
		     "fin_wait2,time_wait,close,close_wait,last_ack,listen,closing "
		     "exclude_state=time_wait "
		     "local_port=22,80,443,8080,8443,25,53,110,143,993,995,3306,5432,6379,"
		     "9200,11211 remote_port=40000,40001,40002,40003,40004,40005,40006,"
		     "40007,40008,40009,40010,40011,40012,40013,40014,40015 "
		     "local_addr=fd00:0000:0000:0000:0000:0000:0000:0000/8 "
		     "local_addr=2001:0db8:0000:0000:0000:0000:0000:0000/32 "
		     "local_addr=fe80:0000:0000:0000:0000:0000:0000:0000/10 "
		     "local_addr=0000:0000:0000:0000:0000:0000:0000:0001/128 "
		     "remote_addr=2001:0db8:0001:0000:0000:0000:0000:0000/48 "
		     "remote_addr=2001:0db8:0002:0000:0000:0000:0000:0000/48 "
		     "remote_addr=2001:0db8:0003:0000:0000:0000:0000:0000/48 "
		     "remote_addr=0000:0000:0000:0000:0000:ffff:0000:0000/96 "
		     "fields=identity,state,counters,timing,window format=full", 1, 109 },
	{ "reject_late", "include_state=established local_port=22,80,443 "
			 "local_addr=10.0.0.0/8 remote_addr=192.0.2.0/24 fields=counters "
			 "format=compact colour=red", 0, 0 },
};

const size_t n_workloads = sizeof(workloads) / sizeof(workloads[0]);

static unsigned next(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static const ts_u16 server_ports[] = { 22, 80, 443, 8080, 5432, 6379, 53, 25 };

static void v4(ts_u8 *a, unsigned r, int local)
{
	static const ts_u8 local_nets[][2] = { { 10, 1 }, { 192, 168 }, { 172, 16 }, { 127, 0 } };
	static const ts_u8 remote_nets[][3] = { { 192, 0, 2 }, { 198, 51, 100 }, { 203, 0, 113 } };

	if (local) {
		memcpy(a, local_nets[r % 4], 2);
		a[2] = (ts_u8)(r >> 4);
	} else {
		memcpy(a, remote_nets[r % 3], 3);
	}
	a[3] = (ts_u8)(r >> 12);
}

static void v6(ts_u8 *a, unsigned r, int local)
{
	memset(a, 0, 16);
	a[0] = local ? ((r & 1) ? 0xfd : 0xfe) : 0x20;
	a[1] = local ? ((r & 1) ? 0x00 : 0x80) : 0x01;
	if (!local) {
		a[2] = 0x0d;
		a[3] = 0xb8;
		a[5] = (ts_u8)(r % 5);
	}
	a[15] = (ts_u8)(r >> 3);
}

void bench_socks(struct tcpstats_sock_view *out)
{
	unsigned seed = 2024, i, r;
	struct tcpstats_sock_view *s;

	for (i = 0; i < BENCH_SOCKS; i++) {
		s = &out[i];
		memset(s, 0, sizeof(*s));
		r = next(&seed);
		s->family = r % 3 == 0 ? 6 : 4;
		s->state = (ts_u8)(1 + (r >> 2) % TCPSTATS_STATE_MAX);
		s->local_port = server_ports[(r >> 6) % 8];
		s->remote_port = (ts_u16)(40000 + (r >> 9) % 24);
		if (s->family == 4) {
			v4(s->local_addr, next(&seed), 1);
			v4(s->remote_addr, next(&seed), 0);
		} else {
			v6(s->local_addr, next(&seed), 1);
			v6(s->remote_addr, next(&seed), 0);
		}
	}
}
