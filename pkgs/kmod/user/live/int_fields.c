/* live_integration / fields_format: what the records carry (field groups,
 * formats, identity against the model) and how reads hand them out (whole
 * records, small buffers, EOF, seek and filter restarts). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "integration.h"
#include "model.h"
#include "probe.h"
#include "report.h"

#define CAT "fields_format"
#define MAX_RECS 256
#define INFO (TCPSTATS_FIELD_COUNTERS | TCPSTATS_FIELD_TIMING | TCPSTATS_FIELD_WINDOW)
#define ID_STATE (TCPSTATS_FIELD_IDENTITY | TCPSTATS_FIELD_STATE)

/* A check over all records of a case: NULL, or why it failed. Not every
 * check needs the fixture. */
#define UNUSED __attribute__((unused))
typedef const char *(*rec_check)(const struct ictx *c, const struct ts_rec *r, long n);

static char why[512];
static const struct ts_rec *current; /* the records being checked */

/* "record 3 (tcp4 state 1 :40100 -> :40001 fields=0x1f ...): what" */
static const char *bad(long i, const char *what)
{
	const struct tcpstats_record *r = &current[i].r;

	snprintf(why, sizeof(why),
		 "record %ld (tcp%u state %u :%u -> :%u fields=0x%x bytes_acked=%llu "
		 "bytes_received=%llu segs=%u/%u rtt=%u rto=%u cwnd=%u mss=%u): %s",
		 i, r->family, r->state, r->local_port, r->remote_port, r->fields,
		 (unsigned long long)r->bytes_acked, (unsigned long long)r->bytes_received,
		 r->segs_in, r->segs_out, r->rtt_us, r->rto_us, r->snd_cwnd, r->snd_mss, what);
	return why;
}

static const char *full_all(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (r[i].compact || r[i].r.size != FULL_SIZE || r[i].r.version != 1 ||
		    r[i].r.fields != TCPSTATS_FIELD_ALL)
			return bad(i, "not a full record with every field");
	return NULL;
}

static const char *compact(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (!r[i].compact || r[i].r.size != COMPACT_SIZE || !r[i].r.state)
			return bad(i, "not a compact record with a state");
	return NULL;
}

static const char *identity_only(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (r[i].r.fields != TCPSTATS_FIELD_IDENTITY || r[i].r.state || r[i].r.segs_in ||
		    r[i].r.rtt_us || r[i].r.snd_mss)
			return bad(i, "fields other than identity are set");
	return NULL;
}

static bool same_identity(const struct fx_sock *s, const struct tcpstats_record *r)
{
	return s->family == r->family && s->lport == r->local_port && s->rport == r->remote_port &&
	       !memcmp(s->laddr, r->local_addr, 16) && !memcmp(s->raddr, r->remote_addr, 16);
}

/* Each record is one model entry, same state, and no entry is used twice. */
static const char *in_model(const struct ictx *c, const struct ts_rec *r, long n)
{
	static bool used[FX_MAX_SOCKS];
	long i;
	int k;

	memset(used, 0, sizeof(used));
	for (i = 0; i < n; i++) {
		for (k = 0; k < c->fx->n; k++)
			if (!used[k] && same_identity(&c->fx->socks[k], &r[i].r) &&
			    c->fx->socks[k].state == r[i].r.state)
				break;
		if (k == c->fx->n)
			return bad(i, "no unused fixture socket with this identity and state");
		used[k] = true;
	}
	return NULL;
}

static const char *state_field(const struct ictx *c, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (r[i].r.fields != ID_STATE)
			return bad(i, "fields is not identity,state");
	return in_model(c, r, n);
}

static const char *counters(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if ((r[i].r.fields & INFO) != TCPSTATS_FIELD_COUNTERS || r[i].r.bytes_received < 3000 ||
		    r[i].r.bytes_acked < 3000 || !r[i].r.segs_in || !r[i].r.segs_out)
			return bad(i, "counters missing, or fewer than the 3000 bytes each way");
	return NULL;
}

/* rto is never below TCP_RTO_MIN (200 ms). rtt may be 0: on loopback under
 * a jiffies-grained guest clock every RTT sample can measure 0 us. */
static const char *timing(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if ((r[i].r.fields & INFO) != TCPSTATS_FIELD_TIMING || r[i].r.rto_us < 200000)
			return bad(i, "timing missing, or an rto below 200 ms");
	return NULL;
}

static const char *window(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if ((r[i].r.fields & INFO) != TCPSTATS_FIELD_WINDOW || !r[i].r.snd_mss ||
		    !r[i].r.snd_cwnd)
			return bad(i, "window missing or zero");
	return NULL;
}

/* TIME_WAIT minisocks have no tcp_info: identity and state only. */
static const char *minisock(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (r[i].r.fields != ID_STATE || r[i].r.state != FX_TIME_WAIT)
			return bad(i, "a TIME_WAIT record claims more than identity and state");
	return NULL;
}

static const char *compact_no_state(const struct ictx *c UNUSED, const struct ts_rec *r, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (!r[i].compact || r[i].r.state)
			return bad(i, "compact with fields=identity carries a state");
	return NULL;
}

static const char *unset_remote(const struct ictx *c, const struct ts_rec *r, long n)
{
	static const unsigned char zero[16];
	long i;

	for (i = 0; i < n; i++)
		if (r[i].r.remote_port || memcmp(r[i].r.remote_addr, zero, 16))
			return bad(i, "a listener with a remote end");
	return in_model(c, r, n);
}

static const struct {
	const char *name, *filter;
	rec_check check;
} record_cases[] = {
	{ "full_default_fields", "ipv4_only local_port=40001", full_all },
	{ "full_explicit_all", "fields=all format=full ipv6_only local_port=40001", full_all },
	{ "compact_format", "format=compact local_port=40001", compact },
	{ "identity_only", "fields=identity local_port=40001", identity_only },
	{ "state_field", "fields=state local_port=40001,40003", state_field },
	{ "counters", "fields=counters include_state=established local_port=40001", counters },
	{ "timing", "fields=timing include_state=established remote_port=40001", timing },
	{ "window", "fields=window include_state=established remote_port=40001", window },
	{ "time_wait_minisock", "fields=all include_state=time_wait", minisock },
	{ "compact_syn_sent", "format=compact include_state=syn_sent", compact },
	{ "compact_identity_no_state", "format=compact fields=identity include_state=listen",
	  compact_no_state },
	{ "listeners_unset_remote", "include_state=listen", unset_remote },
	{ "identity_v4_in_model", "ipv4_only", in_model },
	{ "identity_v6_in_model", "ipv6_only format=compact", in_model },
};

static void record_case(struct ictx *c, const char *name, const char *filter, rec_check check)
{
	static struct ts_rec recs[MAX_RECS];
	long expected = model_count(filter, c->fx);
	long n = probe(filter, ictx_bufrecs(c), recs, MAX_RECS);
	const char *reason;

	current = recs;
	reason = n == expected && n <= MAX_RECS ? check(c, recs, n) : NULL;

	if (reason)
		report_check(CAT, name, false, "filter=\"%s\": %s", filter, reason);
	else
		report_count(CAT, name, filter, expected, n);
}

/* Reads with `size`-byte buffers; each read must return whole records of
 * `recsize`, at most `per_read`. The count, or -errno, or -EPROTO. */
static long read_sized(int fd, size_t size, size_t recsize, size_t per_read)
{
	unsigned char buf[4096];
	long n = 0;
	ssize_t got;

	while ((got = read(fd, buf, size)) > 0) {
		if (got % (ssize_t)recsize || (size_t)got / recsize > per_read)
			return -EPROTO;
		n += got / (ssize_t)recsize;
	}
	return got < 0 ? -errno : n;
}

static long on_fresh_fd(const char *filter, size_t size, size_t recsize, size_t per_read)
{
	int fd = ts_open(TCPSTATS_DEVICE);
	long n = fd;

	if (fd >= 0 && (n = ts_set_filter(fd, filter, NULL)) == 0)
		n = read_sized(fd, size, recsize, per_read);
	if (fd >= 0)
		close(fd);
	return n;
}

static void buffer_cases(struct ictx *c)
{
	const char *v4 = "ipv4_only", *cv6 = "format=compact ipv6_only";

	report_count(CAT, "buffer_one_record", v4, model_count(v4, c->fx),
		     on_fresh_fd(v4, FULL_SIZE, FULL_SIZE, 1));
	report_count(CAT, "buffer_two_and_a_half", v4, model_count(v4, c->fx),
		     on_fresh_fd(v4, FULL_SIZE * 5 / 2, FULL_SIZE, 2));
	report_count(CAT, "buffer_compact_one", cv6, model_count(cv6, c->fx),
		     on_fresh_fd(cv6, COMPACT_SIZE, COMPACT_SIZE, 1));
	report_count(CAT, "buffer_too_small", v4, -EINVAL,
		     on_fresh_fd(v4, FULL_SIZE - 1, FULL_SIZE, 1));
	report_count(CAT, "buffer_compact_size_full_format", "", -EINVAL,
		     on_fresh_fd("", COMPACT_SIZE, FULL_SIZE, 1));
}

/* EOF stays EOF; lseek(0) and a new filter both start the walk again. */
static void restart_cases(struct ictx *c)
{
	const char *f1 = "ipv6_only", *f2 = "include_state=listen";
	int fd = ts_open(TCPSTATS_DEVICE);
	long first = -EBADF, again = -EBADF, eof = -EBADF, switched = -EBADF;
	unsigned char one[FULL_SIZE];

	if (fd >= 0 && ts_set_filter(fd, f1, NULL) == 0) {
		first = read_sized(fd, 3 * FULL_SIZE, FULL_SIZE, 3);
		eof = read(fd, one, sizeof(one));
		eof = eof < 0 ? -errno : eof;
		again = lseek(fd, 0, SEEK_SET) == 0 ? read_sized(fd, 8 * FULL_SIZE, FULL_SIZE, 8)
						    : -errno;
		lseek(fd, 0, SEEK_SET);
		if (read(fd, one, sizeof(one)) == (ssize_t)sizeof(one) && !ts_set_filter(fd, f2, NULL))
			switched = read_sized(fd, 5 * FULL_SIZE, FULL_SIZE, 5);
	}
	if (fd >= 0)
		close(fd);
	report_count(CAT, "walk_to_eof", f1, model_count(f1, c->fx), first);
	report_count(CAT, "eof_stays_eof", f1, 0, eof);
	report_count(CAT, "lseek_zero_restarts", f1, model_count(f1, c->fx), again);
	report_count(CAT, "new_filter_restarts", f2, model_count(f2, c->fx), switched);
}

void int_fields_format(struct ictx *c)
{
	size_t i;

	for (i = 0; i < sizeof(record_cases) / sizeof(record_cases[0]); i++)
		record_case(c, record_cases[i].name, record_cases[i].filter, record_cases[i].check);
	buffer_cases(c);
	restart_cases(c);
}
