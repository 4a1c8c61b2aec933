/* tcpstats filter: the text parser and the socket matcher, one file shared by
 * tcpstats.ko and userland. The syntax is in include/tcpstats.h; the rules
 * (limits, duplicates, errors and their offsets) are in ../README.md.
 *
 * Kernel-safe on purpose: no allocation, no recursion, no floating point,
 * no libc beyond memset/memcpy/memcmp/strlen, and small stack frames. */
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#include "tcpstats.h"

#define STATE_ALL ((1u << (TCPSTATS_STATE_MAX + 1)) - 2u) /* bits 1..12 */
#define FAM_V4 1u
#define FAM_V6 2u
#define QUOTE_MAX 32 /* longest piece of input an error message quotes */
#define STR_(x) #x
#define STR(x) STR_(x)

struct span {
	size_t off, len;
};

struct parse {
	const char *text;
	struct tcpstats_filter *out;
	struct tcpstats_parse_error *err;
	ts_u32 seen;              /* bit k: key k was given */
	ts_u32 include, exclude;  /* states named by include_state/exclude_state */
	ts_u8 local_fams, remote_fams; /* FAM_* among the parsed addresses */
	size_t tok;               /* offset of the token being parsed */
	size_t last_addr;         /* offset of the last address parsed */
};

static const char *const state_names[TCPSTATS_STATE_MAX + 1] = {
	"unknown", "established", "syn_sent", "syn_recv", "fin_wait1",
	"fin_wait2", "time_wait", "close", "close_wait", "last_ack",
	"listen", "closing", "new_syn_recv",
};

static const char *const skip_names[TCPSTATS_SKIP_REASONS] = {
	"match", "family", "state", "local_port", "remote_port",
	"local_addr", "remote_addr",
};

static const char *const field_names[] = {
	"identity", "state", "counters", "timing", "window", "all",
};
static const ts_u32 field_bits[] = {
	TCPSTATS_FIELD_IDENTITY, TCPSTATS_FIELD_STATE, TCPSTATS_FIELD_COUNTERS,
	TCPSTATS_FIELD_TIMING, TCPSTATS_FIELD_WINDOW, TCPSTATS_FIELD_ALL,
};

/* ---- error messages ------------------------------------------------------ */

static void msg_add(struct tcpstats_parse_error *e, size_t *n, const char *s, size_t len)
{
	while (len-- && *n + 1 < sizeof(e->message))
		e->message[(*n)++] = *s++;
	e->message[*n] = '\0';
}

/* Sets the offset and the reason; returns the message length so far. */
static size_t msg_start(struct tcpstats_parse_error *e, size_t off, const char *what)
{
	size_t n = 0;

	e->offset = (ts_u32)off;
	msg_add(e, &n, what, strlen(what));
	return n;
}

static int fail(struct parse *p, size_t off, const char *what)
{
	if (p->err)
		msg_start(p->err, off, what);
	return -1;
}

/* `what "quoted input"`, the input cut to QUOTE_MAX bytes and marked "...". */
static int fail_quote(struct parse *p, size_t off, const char *what, struct span q)
{
	size_t len = q.len > QUOTE_MAX ? QUOTE_MAX : q.len, n;

	if (!p->err)
		return -1;
	n = msg_start(p->err, off, what);
	msg_add(p->err, &n, " \"", 2);
	msg_add(p->err, &n, p->text + q.off, len);
	if (len < q.len)
		msg_add(p->err, &n, "...", 3);
	msg_add(p->err, &n, "\"", 1);
	return -1;
}

static int fail_byte(struct parse *p, size_t off)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char c = (unsigned char)p->text[off];
	char tail[2] = { hex[c >> 4], hex[c & 15] };
	size_t n;

	if (!p->err)
		return -1;
	n = msg_start(p->err, off, "invalid byte 0x");
	msg_add(p->err, &n, tail, 2);
	return -1;
}

/* ---- small pieces --------------------------------------------------------- */

static int span_is(const struct parse *p, struct span s, const char *word)
{
	return s.len == strlen(word) && !memcmp(p->text + s.off, word, s.len);
}

static int lookup(const struct parse *p, struct span s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (span_is(p, s, names[i]))
			return i;
	return -1;
}

/* Decimal without sign or leading zeros, at most `max`; -1 if not. */
static long parse_dec(const char *s, size_t len, long max)
{
	long v = 0;
	size_t i;

	if (len == 0 || (len > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return -1;
	}
	return v;
}

static int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A comma-separated list being walked: pos > end once it is used up. */
struct list {
	size_t pos, end;
};

static struct list list_of(struct span val)
{
	struct list l = { val.off, val.off + val.len };

	return l;
}

/* Splits off the next item. Returns 1 with *item set, 0 at the end, -1
 * (reported) on an empty item. */
static int list_next(struct parse *p, struct list *l, struct span *item)
{
	size_t i = l->pos;

	if (l->pos > l->end)
		return 0;
	while (i < l->end && p->text[i] != ',')
		i++;
	if (i == l->pos && i == l->end)
		return fail(p, i - 1, "trailing comma");
	if (i == l->pos)
		return fail(p, i, "empty list item");
	item->off = l->pos;
	item->len = i - l->pos;
	l->pos = i + 1;
	return 1;
}

/* ---- addresses ------------------------------------------------------------ */

static int parse_ipv4(const char *s, size_t len, ts_u8 *out)
{
	size_t i = 0, j;
	int part;
	long v;

	for (part = 0; part < 4; part++) {
		for (j = i; j < len && s[j] != '.'; j++)
			;
		v = parse_dec(s + i, j - i, 255);
		if (v < 0 || (part < 3) != (j < len))
			return -1;
		out[part] = (ts_u8)v;
		i = j + 1;
	}
	return 0;
}

/* 1 to 4 hex digits; -1 if not. */
static long hex_group(const char *s, size_t len)
{
	long v = 0;
	size_t i;
	int d;

	if (len == 0 || len > 4)
		return -1;
	for (i = 0; i < len; i++) {
		d = hex_val(s[i]);
		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	return v;
}

/* Up to 8 groups, one "::" for one or more zero groups, an IPv4 tail. The
 * groups go straight into `out`; those after "::" move to the end. */
static int parse_ipv6(const char *s, size_t len, ts_u8 *out)
{
	int n = 0, gap = -1;
	size_t pos = 0, end;
	long v;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		pos = 2;
	}
	while (pos < len) {
		for (end = pos; end < len && s[end] != ':' && s[end] != '.'; end++)
			;
		if (end < len && s[end] == '.') {
			if (n > 6 || parse_ipv4(s + pos, len - pos, out + 2 * n))
				return -1;
			n += 2;
			break;
		}
		v = n < 8 ? hex_group(s + pos, end - pos) : -1;
		if (v < 0)
			return -1;
		out[2 * n] = (ts_u8)(v >> 8);
		out[2 * n++ + 1] = (ts_u8)v;
		if (end + 1 < len && s[end + 1] == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			end++;
		} else if (end + 1 == len) {
			return -1; /* a single trailing ':' */
		}
		pos = end + 1;
	}
	if (gap < 0 ? n != 8 : n > 7)
		return -1;
	if (gap >= 0) {
		memmove(out + 16 - 2 * (n - gap), out + 2 * gap, 2 * (n - gap));
		memset(out + 2 * gap, 0, 2 * (8 - n));
	}
	return 0;
}

static int host_bits_zero(const struct tcpstats_cidr *c)
{
	int i, bytes = c->family == 4 ? 4 : 16;

	for (i = c->prefix / 8; i < bytes; i++) {
		unsigned keep = i == c->prefix / 8 ? 0xffu << (8 - c->prefix % 8) : 0;

		if (c->addr[i] & ~keep & 0xffu)
			return 0;
	}
	return 1;
}

static int parse_cidr(struct parse *p, struct span item, struct tcpstats_cidr *c)
{
	const char *s = p->text + item.off;
	struct span addr = item, pfx = { 0, 0 };
	size_t i;
	long v;

	for (i = 0; i < item.len && s[i] != '/'; i++)
		;
	addr.len = i;
	memset(c, 0, sizeof(*c));
	c->family = memchr(s, ':', i) ? 6 : 4;
	if (c->family == 4 ? parse_ipv4(s, i, c->addr) : parse_ipv6(s, i, c->addr))
		return fail_quote(p, item.off, "bad address", addr);
	c->prefix = c->family == 4 ? 32 : 128;
	if (i < item.len) {
		pfx.off = item.off + i + 1;
		pfx.len = item.len - i - 1;
		v = parse_dec(s + i + 1, pfx.len, c->prefix);
		if (v < 0)
			return fail_quote(p, pfx.off, "bad prefix", pfx);
		c->prefix = (ts_u8)v;
	}
	if (!host_bits_zero(c))
		return fail_quote(p, item.off, "host bits set", item);
	return 0;
}

/* ---- keys ------------------------------------------------------------------ */

/* ipv4_only with an IPv6 address (or the reverse) is an error at whichever
 * of the two comes second. */
static int family_clash(const struct parse *p)
{
	ts_u8 fams = p->local_fams | p->remote_fams;

	return (p->out->family == 4 && (fams & FAM_V6)) ||
	       (p->out->family == 6 && (fams & FAM_V4));
}

static int key_addr(struct parse *p, struct span val, int remote)
{
	struct tcpstats_filter *f = p->out;
	struct tcpstats_cidr *list = remote ? f->remote_cidrs : f->local_cidrs;
	ts_u8 *n = remote ? &f->n_remote_cidrs : &f->n_local_cidrs;
	const char *comma = memchr(p->text + val.off, ',', val.len);
	int i;

	if (comma)
		return fail(p, (size_t)(comma - p->text), "one address per key: repeat the key");
	if (*n == TCPSTATS_MAX_CIDRS)
		return fail(p, p->tok, remote ? "more than " STR(TCPSTATS_MAX_CIDRS) " remote_addr" :
						"more than " STR(TCPSTATS_MAX_CIDRS) " local_addr");
	if (parse_cidr(p, val, &list[*n]))
		return -1;
	for (i = 0; i < *n; i++)
		if (!memcmp(&list[i], &list[*n], sizeof(list[i])))
			return fail_quote(p, val.off, "duplicate address", val);
	if (remote)
		p->remote_fams |= list[*n].family == 4 ? FAM_V4 : FAM_V6;
	else
		p->local_fams |= list[*n].family == 4 ? FAM_V4 : FAM_V6;
	(*n)++;
	p->last_addr = val.off;
	if (family_clash(p))
		return fail_quote(p, val.off, f->family == 4 ? "IPv6 address with ipv4_only" :
				  "IPv4 address with ipv6_only", val);
	return 0;
}

static int key_family(struct parse *p, struct span val, int family)
{
	(void)val;
	if (p->out->family)
		return fail(p, p->tok, "ipv4_only and ipv6_only together");
	p->out->family = (ts_u8)family;
	if (family_clash(p))
		return fail(p, p->tok, family == 4 ? "ipv4_only after an IPv6 address" :
					       "ipv6_only after an IPv4 address");
	return 0;
}

static int key_ports(struct parse *p, struct span val, int remote)
{
	ts_u16 *ports = remote ? p->out->remote_ports : p->out->local_ports;
	ts_u8 *n = remote ? &p->out->n_remote_ports : &p->out->n_local_ports;
	struct list l = list_of(val);
	struct span item;
	long v;
	int r, i;

	while ((r = list_next(p, &l, &item)) > 0) {
		if (*n == TCPSTATS_MAX_PORTS)
			return fail(p, item.off, "more than " STR(TCPSTATS_MAX_PORTS) " ports");
		v = parse_dec(p->text + item.off, item.len, 65535);
		if (v < 1)
			return fail_quote(p, item.off, "bad port", item);
		for (i = 0; i < *n; i++)
			if (ports[i] == v)
				return fail_quote(p, item.off, "duplicate port", item);
		ports[(*n)++] = (ts_u16)v;
	}
	return r;
}

/* include_state and exclude_state meet in state_mask; both are given at most
 * once, so a mask that is empty here stays empty. */
static int key_states(struct parse *p, struct span val, int exclude)
{
	ts_u32 *bits = exclude ? &p->exclude : &p->include;
	struct list l = list_of(val);
	struct span item;
	int r, s;

	while ((r = list_next(p, &l, &item)) > 0) {
		s = lookup(p, item, state_names + 1, TCPSTATS_STATE_MAX) + 1;
		if (s == 0)
			return fail_quote(p, item.off, "unknown state", item);
		if (*bits & (1u << s))
			return fail_quote(p, item.off, "duplicate state", item);
		*bits |= 1u << s;
	}
	if (r < 0)
		return r;
	p->out->state_mask = (p->include ? p->include : STATE_ALL) & ~p->exclude;
	if (!p->out->state_mask)
		return fail(p, p->tok, "no state left to match");
	return 0;
}

static int key_fields(struct parse *p, struct span val, int unused)
{
	struct list l = list_of(val);
	struct span item;
	ts_u32 named = 0;
	int r, i;

	(void)unused;
	p->out->fields = TCPSTATS_FIELD_IDENTITY;
	while ((r = list_next(p, &l, &item)) > 0) {
		i = lookup(p, item, field_names, (int)(sizeof(field_bits) / sizeof(field_bits[0])));
		if (i < 0)
			return fail_quote(p, item.off, "unknown field", item);
		if (named & (1u << i))
			return fail_quote(p, item.off, "duplicate field", item);
		named |= 1u << i;
		p->out->fields |= field_bits[i];
	}
	return r;
}

static int key_format(struct parse *p, struct span val, int unused)
{
	(void)unused;
	if (span_is(p, val, "full"))
		p->out->format = TCPSTATS_FORMAT_FULL;
	else if (span_is(p, val, "compact"))
		p->out->format = TCPSTATS_FORMAT_COMPACT;
	else
		return fail_quote(p, val.off, "unknown format", val);
	return 0;
}

enum key_kind { KEY_ONCE, KEY_FLAG, KEY_REPEATABLE };

struct key {
	const char *name;
	int (*parse)(struct parse *p, struct span val, int arg);
	int arg;
	enum key_kind kind;
};

static const struct key keys[] = {
	{ "local_port", key_ports, 0, KEY_ONCE },
	{ "remote_port", key_ports, 1, KEY_ONCE },
	{ "include_state", key_states, 0, KEY_ONCE },
	{ "exclude_state", key_states, 1, KEY_ONCE },
	{ "ipv4_only", key_family, 4, KEY_FLAG },
	{ "ipv6_only", key_family, 6, KEY_FLAG },
	{ "local_addr", key_addr, 0, KEY_REPEATABLE },
	{ "remote_addr", key_addr, 1, KEY_REPEATABLE },
	{ "fields", key_fields, 0, KEY_ONCE },
	{ "format", key_format, 0, KEY_ONCE },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

/* ---- tokens ---------------------------------------------------------------- */

static const struct key *find_key(const struct parse *p, struct span name)
{
	size_t i;

	for (i = 0; i < N_KEYS; i++)
		if (span_is(p, name, keys[i].name))
			return &keys[i];
	return NULL;
}

/* Checks a key against its kind; on success *val is the value. */
static int check_key(struct parse *p, struct span tok, const struct key *k, size_t eq,
		     struct span *val)
{
	struct span name = { tok.off, eq };
	ts_u32 bit = 1u << (k - keys);

	if ((p->seen & bit) && k->kind != KEY_REPEATABLE)
		return fail_quote(p, tok.off, "repeated key", name);
	p->seen |= bit;
	if (k->kind == KEY_FLAG && eq < tok.len)
		return fail_quote(p, tok.off + eq, "flag takes no value", name);
	if (k->kind != KEY_FLAG && eq + 1 >= tok.len)
		return fail_quote(p, tok.off + tok.len, "missing value for", name);
	val->off = tok.off + eq + 1;
	val->len = eq < tok.len ? tok.len - eq - 1 : 0;
	return 0;
}

static int parse_token(struct parse *p, struct span tok)
{
	const unsigned char *s = (const unsigned char *)p->text + tok.off;
	struct span name = tok, val;
	const struct key *k;
	size_t i;

	for (i = 0; i < tok.len; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return fail_byte(p, tok.off + i);
	for (i = 0; i < tok.len && s[i] != '='; i++)
		;
	name.len = i;
	k = find_key(p, name);
	if (!k && i == 0)
		return fail_quote(p, tok.off, "missing key in", tok);
	if (!k)
		return fail_quote(p, tok.off, "unknown key", name);
	if (check_key(p, tok, k, i, &val))
		return -1;
	p->tok = tok.off;
	return k->parse(p, val, k->arg);
}

static int parse_tokens(struct parse *p, size_t len)
{
	struct span tok;
	size_t i = 0;

	if (len > TCPSTATS_FILTER_MAX_LEN)
		return fail(p, TCPSTATS_FILTER_MAX_LEN,
			    "filter longer than " STR(TCPSTATS_FILTER_MAX_LEN) " bytes");
	while (i < len) {
		if (p->text[i] == ' ') {
			i++;
			continue;
		}
		tok.off = i;
		while (i < len && p->text[i] != ' ')
			i++;
		tok.len = i - tok.off;
		if (parse_token(p, tok))
			return -1;
	}
	if (p->local_fams && p->remote_fams && !(p->local_fams & p->remote_fams))
		return fail(p, p->last_addr, "local_addr and remote_addr families never agree");
	return 0;
}

int tcpstats_filter_parse(const char *text, size_t len, struct tcpstats_filter *out,
			  struct tcpstats_parse_error *err)
{
	struct parse p;

	memset(&p, 0, sizeof(p));
	p.text = text;
	p.out = out;
	p.err = err;
	memset(out, 0, sizeof(*out));
	out->state_mask = STATE_ALL;
	out->fields = TCPSTATS_FIELD_ALL;
	if (err)
		memset(err, 0, sizeof(*err));
	if (parse_tokens(&p, len) == 0)
		return 0;
	memset(out, 0, sizeof(*out)); /* fail closed: matches nothing */
	return -1;
}

/* ---- matching -------------------------------------------------------------- */

static int port_in(const ts_u16 *ports, unsigned n, ts_u16 port)
{
	unsigned i;

	if (n == 0)
		return 1;
	for (i = 0; i < n && i < TCPSTATS_MAX_PORTS; i++)
		if (ports[i] == port)
			return 1;
	return 0;
}

static int cidr_has(const struct tcpstats_cidr *c, ts_u8 family, const ts_u8 *addr)
{
	unsigned full = c->prefix / 8, rest = c->prefix % 8;

	if (c->family != family || c->prefix > (family == 4 ? 32 : 128))
		return 0;
	if (memcmp(c->addr, addr, full))
		return 0;
	return rest == 0 || !((c->addr[full] ^ addr[full]) & (0xffu << (8 - rest)) & 0xffu);
}

/* Any entry matches; an empty list matches everything. */
static int cidr_in(const struct tcpstats_cidr *list, unsigned n, ts_u8 family, const ts_u8 *addr)
{
	unsigned i;

	if (n == 0)
		return 1;
	for (i = 0; i < n && i < TCPSTATS_MAX_CIDRS; i++)
		if (cidr_has(&list[i], family, addr))
			return 1;
	return 0;
}

enum tcpstats_skip tcpstats_filter_match(const struct tcpstats_filter *f,
					 const struct tcpstats_sock_view *s)
{
	if (f->family && f->family != s->family)
		return TCPSTATS_SKIP_FAMILY;
	if (s->state > TCPSTATS_STATE_MAX || !(f->state_mask & (1u << s->state)))
		return TCPSTATS_SKIP_STATE;
	if (!port_in(f->local_ports, f->n_local_ports, s->local_port))
		return TCPSTATS_SKIP_LOCAL_PORT;
	if (!port_in(f->remote_ports, f->n_remote_ports, s->remote_port))
		return TCPSTATS_SKIP_REMOTE_PORT;
	if (!cidr_in(f->local_cidrs, f->n_local_cidrs, s->family, s->local_addr))
		return TCPSTATS_SKIP_LOCAL_ADDR;
	if (!cidr_in(f->remote_cidrs, f->n_remote_cidrs, s->family, s->remote_addr))
		return TCPSTATS_SKIP_REMOTE_ADDR;
	return TCPSTATS_MATCH;
}

const char *tcpstats_skip_name(enum tcpstats_skip reason)
{
	return (unsigned)reason < TCPSTATS_SKIP_REASONS ? skip_names[reason] : "unknown";
}

const char *tcpstats_state_name(unsigned state)
{
	return state <= TCPSTATS_STATE_MAX ? state_names[state] : "unknown";
}
