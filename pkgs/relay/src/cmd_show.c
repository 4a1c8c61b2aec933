/* Control verbs: help, show, show drop_sources, show config. */
#include <time.h>

#include "addr.h"
#include "config.h"
#include "counters.h"
#include "dispatch.h"
#include "verbs.h"
#include "xdp.h"

int cmd_help(struct relay *r, const char *const *args, struct buf *out, struct ctl_err *e)
{
	(void)r, (void)args, (void)e;
	buf_printf(out, ",\"verbs\":[");
	for (int i = 0; i < VERB__COUNT; i++) {
		buf_printf(out, "%s{\"cmd\":\"%s\",\"args\":[", i ? "," : "", verbs[i].name);
		for (int j = 0; j < VERB_MAX_ARGS && verbs[i].args[j]; j++)
			buf_printf(out, "%s\"%s\"", j ? "," : "", verbs[i].args[j]);
		buf_printf(out, "],\"help\":");
		buf_json_str(out, verbs[i].help);
		buf_printf(out, "}");
	}
	buf_printf(out, "]");
	return 0;
}

static void counters_json(const struct counters *c, struct buf *out)
{
	buf_printf(out, ",\"rx_packets\":%lu,\"fwd_packets\":%lu,\"tx_errors\":%lu,\"roams\":%lu",
		   c->rx_packets, c->fwd_packets, c->tx_errors, c->roams);
	for (int d = 0; d < DROP__COUNT; d++)
		buf_printf(out, ",\"%s\":%lu", drop_names[d], c->drops[d]);
}

/* The XDP program's own counters: what it forwarded never reached userspace. */
static void xdp_counters_json(const struct relay *r, struct buf *out)
{
	uint64_t c[XDP_CNT__COUNT];

	xdp_counters(r->xdp, c);
	buf_printf(out, ",\"xdp_fwd_packets\":%lu,\"xdp_pass\":%lu,\"xdp_drop_not_wg_shaped\":%lu",
		   c[XDP_CNT_FWD], c[XDP_CNT_PASS], c[XDP_CNT_DROP_NOT_WG_SHAPED]);
}

int cmd_show(struct relay *r, const char *const *args, struct buf *out, struct ctl_err *e)
{
	(void)args, (void)e;
	counters_json(&r->c, out);
	xdp_counters_json(r, out);
	buf_printf(out, ",\"peers\":%u,\"links\":%u,\"drop_sources\":%u,\"uptime_s\":%lu",
		   r->npeers, r->nlinks, r->src.count, (uint64_t)time(NULL) - r->started);
	return 0;
}

static void src_json(const struct src_entry *s, struct buf *out)
{
	char ip[ADDR_STRLEN];

	buf_printf(out, "{\"ip\":\"%s\"", addr_ip_str(&s->ip, ip));
	for (int d = 0; d < DROP__COUNT; d++)
		if (d != DROP_NO_LINK && d != DROP_PUBKEY_MISMATCH)
			buf_printf(out, ",\"%s\":%lu", drop_names[d], s->drops[d]);
	buf_printf(out, ",\"last_seen\":%lu}", s->last_seen);
}

int cmd_show_drop_sources(struct relay *r, const char *const *args, struct buf *out,
			  struct ctl_err *e)
{
	(void)args, (void)e;
	buf_printf(out, ",\"capacity\":%d,\"count\":%u,\"evictions\":%lu,\"sources\":[",
		   RELAY_SRC_CAP, r->src.count, r->src.evictions);
	for (unsigned i = 0; i < r->src.count; i++) {
		buf_printf(out, "%s", i ? "," : "");
		src_json(src_table_at(&r->src, i), out);
	}
	buf_printf(out, "]");
	return 0;
}

int cmd_show_config(struct relay *r, const char *const *args, struct buf *out,
		    struct ctl_err *e)
{
	const struct relay_config *c = r->cfg;
	char bound[ADDR_STRLEN];

	(void)args, (void)e;
	buf_printf(out, ",\"version\":\"%s\",\"listen\":", RELAY_VERSION);
	buf_json_str(out, c->listen_str);
	buf_printf(out, ",\"bound\":\"%s\",\"port\":%u,\"control\":", addr_str(&r->bound, bound),
		   ntohs(addr_port(&r->bound)));
	buf_json_str(out, c->control_path);
	buf_printf(out, ",\"verify_mac1\":%s,\"trace_forward_hashes\":%s,\"rcvbuf\":%d",
		   c->verify_mac1 ? "true" : "false", c->trace ? "true" : "false", c->rcvbuf);
	buf_printf(out, ",\"xdp_mode\":\"%s\"", xdp_mode_names[c->xdp_mode]);
	xdp_config_json(r->xdp, out);
	buf_printf(out, ",\"max_peers\":%d,\"drop_sources_capacity\":%d", RELAY_MAX_PEERS,
		   RELAY_SRC_CAP);
	return 0;
}
