/* live_integration categories given as tables of filters: port, state,
 * ipversion, address, combined. Ports are INT_PORT (40000) + offset; see
 * the fixture map in t_integration.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "integration.h"
#include "model.h"
#include "probe.h"
#include "report.h"

#define N(t) ((int)(sizeof(t) / sizeof((t)[0])))

static const struct icase port_cases[] = {
	{ "listen_s1_first", "local_port=40001" },
	{ "listen_time_wait_server", "local_port=40002" },
	{ "listen_half_closed_server", "local_port=40003" },
	{ "listen_s2_loopback", "local_port=40004" },
	{ "listen_backlog_zero", "local_port=40005" },
	{ "listen_wildcard", "local_port=40009" },
	{ "unused_port", "local_port=40099" },
	{ "client_first", "local_port=40100" },
	{ "client_list", "local_port=40100,40101,40102" },
	{ "client_time_wait", "local_port=40200,40201" },
	{ "client_syn_sent", "local_port=40401,40402,40403" },
	{ "client_loopback", "local_port=40500,40501" },
	{ "remote_established", "remote_port=40001" },
	{ "remote_time_wait", "remote_port=40002" },
	{ "remote_half_closed", "remote_port=40003" },
	{ "remote_backlog", "remote_port=40005" },
	{ "remote_client", "remote_port=40100" },
	{ "remote_list", "remote_port=40001,40002,40003" },
	{ "both_sides", "local_port=40001 remote_port=40100" },
	{ "both_sides_disjoint", "local_port=40002 remote_port=40100" },
	{ "sixteen_ports", "local_port=40001,40002,40003,40004,40005,40009,40100,40101,"
			   "40102,40103,40104,40105,40200,40300,40400,40500" },
};

static const struct icase state_cases[] = {
	{ "listen", "include_state=listen" },
	{ "established", "include_state=established" },
	{ "time_wait", "include_state=time_wait" },
	{ "close_wait", "include_state=close_wait" },
	{ "fin_wait2", "include_state=fin_wait2" },
	{ "syn_sent", "include_state=syn_sent" },
	{ "syn_recv_none", "include_state=syn_recv" },
	{ "last_ack_none", "include_state=last_ack" },
	{ "fin_wait1_none", "include_state=fin_wait1" },
	{ "new_syn_recv_none", "include_state=new_syn_recv" },
	{ "listen_or_time_wait", "include_state=listen,time_wait" },
	{ "closing_states", "include_state=fin_wait2,close_wait,time_wait" },
	{ "exclude_established", "exclude_state=established" },
	{ "exclude_two", "exclude_state=established,listen" },
	{ "exclude_syn_sent", "exclude_state=syn_sent" },
	{ "include_minus_exclude", "include_state=established,listen exclude_state=listen" },
};

static const struct icase ipversion_cases[] = {
	{ "ipv4_only", "ipv4_only" },
	{ "ipv6_only", "ipv6_only" },
	{ "ipv4_listen", "ipv4_only include_state=listen" },
	{ "ipv6_time_wait", "ipv6_only include_state=time_wait" },
	{ "ipv6_port", "ipv6_only local_port=40001" },
	{ "ipv4_remote_port", "ipv4_only remote_port=40005" },
	{ "ipv6_not_established", "ipv6_only exclude_state=established" },
	{ "ipv4_loopback_net", "ipv4_only local_addr=127.0.0.0/8" },
	{ "ipv6_any_addr", "ipv6_only local_addr=::/0" },
	{ "ipv4_syn_sent", "ipv4_only include_state=syn_sent" },
};

static const struct icase address_cases[] = {
	{ "local_v4_host", "local_addr=127.10.0.1/32" },
	{ "local_v4_host_no_prefix", "local_addr=127.10.0.1" },
	{ "local_v4_24", "local_addr=127.10.0.0/24" },
	{ "local_v4_16", "local_addr=127.10.0.0/16" },
	{ "local_v4_8", "local_addr=127.0.0.0/8" },
	{ "local_v4_wildcard", "local_addr=0.0.0.0/32" },
	{ "local_v4_all", "local_addr=0.0.0.0/0" },
	{ "local_v4_elsewhere", "local_addr=10.0.0.0/8" },
	{ "remote_v4_s1", "remote_addr=127.10.0.1/32" },
	{ "remote_v4_s2", "remote_addr=127.10.0.2/32" },
	{ "remote_v4_clients", "remote_addr=127.10.1.0/24" },
	{ "remote_v4_loopback", "remote_addr=127.0.0.1/32" },
	{ "remote_v4_unset", "remote_addr=0.0.0.0/32" },
	{ "local_v6_64", "local_addr=fd00:10::/64" },
	{ "local_v6_host", "local_addr=fd00:10::1/128" },
	{ "local_v6_8", "local_addr=fd00::/8" },
	{ "local_v6_loopback", "local_addr=::1/128" },
	{ "local_v6_wildcard", "local_addr=::/128" },
	{ "remote_v6_clients", "remote_addr=fd00:11::/64" },
	{ "remote_v6_half_closed", "remote_addr=fd00:12::/64" },
	{ "remote_v6_all", "remote_addr=::/0" },
	{ "local_both_families", "local_addr=127.10.0.1/32 local_addr=fd00:10::1/128" },
	{ "local_and_remote", "local_addr=127.10.2.0/24 remote_addr=127.10.0.1/32" },
	{ "odd_prefix", "local_addr=127.10.0.0/23" },
};

static const struct icase combined_cases[] = {
	{ "state_port_family", "include_state=established local_port=40001 ipv4_only" },
	{ "state_remote_addr", "include_state=established remote_port=40001 local_addr=127.10.1.0/24" },
	{ "v6_syn_sent_to_s2", "ipv6_only include_state=syn_sent remote_addr=fd00:10::2/128" },
	{ "half_closed_server", "include_state=close_wait,fin_wait2 local_port=40003" },
	{ "servers_of_two_clients", "exclude_state=listen local_addr=127.10.0.0/24 remote_port=40100,40101" },
	{ "time_wait_to_v6_servers", "include_state=time_wait remote_addr=fd00:10::/64" },
	{ "same_port_both_sides", "local_port=40001 remote_port=40001" },
	{ "listeners_any_family", "include_state=listen local_addr=0.0.0.0/0 local_addr=::/0" },
	{ "identity_fields", "fields=identity include_state=established local_port=40004" },
	{ "compact_listeners", "format=compact ipv4_only include_state=listen" },
	{ "everything_named", "ipv4_only include_state=established exclude_state=listen "
			      "local_port=40001 remote_port=40100,40101,40102 "
			      "local_addr=127.10.0.1/32 remote_addr=127.10.1.1/32 fields=all format=full" },
};

/* A filter the kernel must refuse, and the filter set before it, which
 * must stay in force. */
struct reject {
	const char *name, *bad;
};

static const char reject_previous[] = "include_state=listen";

static const struct reject reject_cases[] = {
	{ "reject_family_clash", "ipv4_only local_addr=fd00::/8" },
	{ "reject_port_zero", "local_port=0" },
	{ "reject_no_state_left", "include_state=listen exclude_state=listen" },
	{ "reject_prefix_too_long", "local_addr=127.10.0.1/33" },
	{ "reject_unknown_key", "include_state=listen bogus=1" },
	{ "reject_families_disagree", "remote_addr=127.0.0.1 local_addr=::1" },
	{ "reject_unknown_state", "include_state=listening" },
};

void int_port(struct ictx *c)
{
	icase_table(c, "port", port_cases, N(port_cases));
}

void int_state(struct ictx *c)
{
	icase_table(c, "state", state_cases, N(state_cases));
}

void int_ipversion(struct ictx *c)
{
	icase_table(c, "ipversion", ipversion_cases, N(ipversion_cases));
}

void int_address(struct ictx *c)
{
	icase_table(c, "address", address_cases, N(address_cases));
}

/* Two lines: the rejection itself, then a read under the previous filter. */
static void run_reject(struct ictx *c, const struct reject *r)
{
	struct tcpstats_parse_error err;
	char name[96], filter[512];
	int fd = ts_open(TCPSTATS_DEVICE), ret = -EBADF;
	long n = fd;

	if (fd >= 0 && (ret = ts_set_filter(fd, reject_previous, NULL)) == 0)
		ret = ts_set_filter(fd, r->bad, &err);
	report_check("combined", r->name,
		     ret == -EINVAL && err.offset <= strlen(r->bad) && err.message[0],
		     "filter=\"%s\": expected EINVAL with an error, got %s (offset %u \"%s\")",
		     r->bad, strerror(-ret), ret == -EINVAL ? err.offset : 0,
		     ret == -EINVAL ? err.message : "");
	if (fd >= 0) {
		size_t got = 0;

		ret = ts_read_all(fd, (size_t)ictx_bufrecs(c) * FULL_SIZE, NULL, 0, &got);
		n = ret ? ret : (long)got;
		close(fd);
	}
	snprintf(name, sizeof(name), "%s_keeps_previous", r->name);
	snprintf(filter, sizeof(filter), "%s (then rejected: %s)", reject_previous, r->bad);
	report_count("combined", name, filter, model_count(reject_previous, c->fx), n);
}

void int_combined(struct ictx *c)
{
	int i;

	icase_table(c, "combined", combined_cases, N(combined_cases));
	for (i = 0; i < N(reject_cases); i++)
		run_reject(c, &reject_cases[i]);
}
