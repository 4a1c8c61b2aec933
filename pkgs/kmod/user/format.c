/* Record formatting. State names come from the shared filter code, so the
 * names printed are the names a filter accepts. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "format.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len >= o->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void address(int family, const unsigned char *addr, char *out, size_t size)
{
	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, addr, out, (socklen_t)size))
		snprintf(out, size, "?");
}

void ts_format_endpoint(int family, const unsigned char *addr, unsigned port, char *out,
			size_t size)
{
	char a[INET6_ADDRSTRLEN];

	address(family, addr, a, sizeof(a));
	snprintf(out, size, family == 6 ? "[%s]:%u" : "%s:%u", a, port);
}

static const char *state_of(const struct tcpstats_record *r)
{
	return (r->fields & TCPSTATS_FIELD_STATE) ? tcpstats_state_name(r->state) : "-";
}

void ts_format_text(const struct ts_rec *rec, char *out, size_t size)
{
	const struct tcpstats_record *r = &rec->r;
	struct out o = { out, size, 0 };
	char l[64], rm[64];

	out[0] = '\0';
	ts_format_endpoint(r->family, r->local_addr, r->local_port, l, sizeof(l));
	ts_format_endpoint(r->family, r->remote_addr, r->remote_port, rm, sizeof(rm));
	put(&o, "tcp%u %-12s %-28s %-28s", r->family, state_of(r), l, rm);
	if (r->fields & TCPSTATS_FIELD_COUNTERS)
		put(&o, " bytes_acked=%llu bytes_received=%llu segs_out=%u segs_in=%u retrans=%u",
		    (unsigned long long)r->bytes_acked, (unsigned long long)r->bytes_received,
		    r->segs_out, r->segs_in, r->total_retrans);
	if (r->fields & TCPSTATS_FIELD_TIMING)
		put(&o, " rtt_us=%u rttvar_us=%u rto_us=%u", r->rtt_us, r->rttvar_us, r->rto_us);
	if (r->fields & TCPSTATS_FIELD_WINDOW)
		put(&o, " cwnd=%u ssthresh=%u mss=%u", r->snd_cwnd, r->snd_ssthresh, r->snd_mss);
	while (o.len > 0 && o.len < size && out[o.len - 1] == ' ')
		out[--o.len] = '\0';
}

void ts_format_json(const struct ts_rec *rec, char *out, size_t size)
{
	const struct tcpstats_record *r = &rec->r;
	struct out o = { out, size, 0 };
	char l[INET6_ADDRSTRLEN], rm[INET6_ADDRSTRLEN];

	out[0] = '\0';
	address(r->family, r->local_addr, l, sizeof(l));
	address(r->family, r->remote_addr, rm, sizeof(rm));
	put(&o, "{\"family\":%u,\"format\":\"%s\"", r->family, rec->compact ? "compact" : "full");
	if (r->fields & TCPSTATS_FIELD_STATE)
		put(&o, ",\"state\":\"%s\"", tcpstats_state_name(r->state));
	put(&o, ",\"local_addr\":\"%s\",\"local_port\":%u", l, r->local_port);
	put(&o, ",\"remote_addr\":\"%s\",\"remote_port\":%u", rm, r->remote_port);
	if (r->fields & TCPSTATS_FIELD_COUNTERS)
		put(&o, ",\"bytes_acked\":%llu,\"bytes_received\":%llu,\"segs_out\":%u,"
			"\"segs_in\":%u,\"total_retrans\":%u",
		    (unsigned long long)r->bytes_acked, (unsigned long long)r->bytes_received,
		    r->segs_out, r->segs_in, r->total_retrans);
	if (r->fields & TCPSTATS_FIELD_TIMING)
		put(&o, ",\"rtt_us\":%u,\"rttvar_us\":%u,\"rto_us\":%u", r->rtt_us, r->rttvar_us,
		    r->rto_us);
	if (r->fields & TCPSTATS_FIELD_WINDOW)
		put(&o, ",\"snd_cwnd\":%u,\"snd_ssthresh\":%u,\"snd_mss\":%u", r->snd_cwnd,
		    r->snd_ssthresh, r->snd_mss);
	put(&o, "}");
}

void ts_print_filter_error(const char *prog, const char *text,
			   const struct tcpstats_parse_error *err)
{
	size_t at = err->offset, len = strlen(text);

	fprintf(stderr, "%s: bad filter at byte %u: %s\n", prog, err->offset, err->message);
	fprintf(stderr, "  %s\n  %*s^\n", text, (int)(at > len ? len : at), "");
}
