/* An independent evaluator for the filter text: tokens split on spaces,
 * lists on commas, a socket matches when every given key matches (any item
 * of a list; any of the repeated addresses); CIDRs match sockets of their
 * own family only. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static const char *const states[] = {
	"", "established", "syn_sent", "syn_recv", "fin_wait1", "fin_wait2", "time_wait",
	"close", "close_wait", "last_ack", "listen", "closing", "new_syn_recv",
};

struct cidr {
	int family, prefix;
	unsigned char addr[16];
};

struct mfilter {
	int family;
	unsigned include, exclude;
	int nlp, nrp, nlc, nrc;
	unsigned short lp[64], rp[64];
	struct cidr lc[16], rc[16];
};

int model_state(const char *name)
{
	int s;

	for (s = 1; s < (int)(sizeof(states) / sizeof(states[0])); s++)
		if (!strcmp(states[s], name))
			return s;
	return 0;
}

static int parse_ports(char *list, unsigned short *out, int *n)
{
	char *item, *save;

	for (item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save))
		out[(*n)++] = (unsigned short)atoi(item);
	return 0;
}

static int parse_states(char *list, unsigned *bits)
{
	char *item, *save;
	int s;

	for (item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		s = model_state(item);
		if (!s)
			return -1;
		*bits |= 1u << s;
	}
	return 0;
}

static int parse_cidr(char *text, struct cidr *c)
{
	char *slash = strchr(text, '/');

	memset(c, 0, sizeof(*c));
	if (slash)
		*slash = '\0';
	c->family = strchr(text, ':') ? 6 : 4;
	if (inet_pton(c->family == 6 ? AF_INET6 : AF_INET, text, c->addr) != 1)
		return -1;
	c->prefix = slash ? atoi(slash + 1) : (c->family == 6 ? 128 : 32);
	return 0;
}

static int parse_token(char *tok, struct mfilter *m)
{
	char *eq = strchr(tok, '=');
	char *val = eq ? eq + 1 : NULL;

	if (eq)
		*eq = '\0';
	if (!strcmp(tok, "ipv4_only") || !strcmp(tok, "ipv6_only"))
		m->family = tok[3] - '0';
	else if (!val)
		return -1;
	else if (!strcmp(tok, "local_port"))
		return parse_ports(val, m->lp, &m->nlp);
	else if (!strcmp(tok, "remote_port"))
		return parse_ports(val, m->rp, &m->nrp);
	else if (!strcmp(tok, "include_state"))
		return parse_states(val, &m->include);
	else if (!strcmp(tok, "exclude_state"))
		return parse_states(val, &m->exclude);
	else if (!strcmp(tok, "local_addr"))
		return parse_cidr(val, &m->lc[m->nlc++]);
	else if (!strcmp(tok, "remote_addr"))
		return parse_cidr(val, &m->rc[m->nrc++]);
	else if (strcmp(tok, "fields") && strcmp(tok, "format"))
		return -1;
	return 0;
}

static int parse(const char *filter, struct mfilter *m)
{
	char text[1100], *tok, *save;

	memset(m, 0, sizeof(*m));
	if (strlen(filter) >= sizeof(text))
		return -1;
	strcpy(text, filter);
	for (tok = strtok_r(text, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
		if (parse_token(tok, m))
			return -1;
	return 0;
}

static bool port_ok(const unsigned short *ports, int n, unsigned port)
{
	int i;

	for (i = 0; i < n; i++)
		if (ports[i] == port)
			return true;
	return n == 0;
}

static bool in_cidr(const struct cidr *c, int family, const unsigned char *addr)
{
	int bit;

	if (c->family != family)
		return false;
	for (bit = 0; bit < c->prefix; bit++) {
		unsigned mask = 0x80u >> (bit % 8);

		if ((c->addr[bit / 8] & mask) != (addr[bit / 8] & mask))
			return false;
	}
	return true;
}

static bool addr_ok(const struct cidr *list, int n, int family, const unsigned char *addr)
{
	int i;

	for (i = 0; i < n; i++)
		if (in_cidr(&list[i], family, addr))
			return true;
	return n == 0;
}

static bool match(const struct mfilter *m, const struct fx_sock *s)
{
	if (m->family && m->family != s->family)
		return false;
	if ((m->include && !(m->include & (1u << s->state))) || (m->exclude & (1u << s->state)))
		return false;
	return port_ok(m->lp, m->nlp, s->lport) && port_ok(m->rp, m->nrp, s->rport) &&
	       addr_ok(m->lc, m->nlc, s->family, s->laddr) &&
	       addr_ok(m->rc, m->nrc, s->family, s->raddr);
}

bool model_matches(const char *filter, const struct fx_sock *s)
{
	struct mfilter m;

	return parse(filter, &m) == 0 && match(&m, s);
}

long model_count(const char *filter, const struct fixture *f)
{
	struct mfilter m;
	long n = 0;
	int i;

	if (parse(filter, &m))
		return -1;
	for (i = 0; i < f->n; i++)
		n += match(&m, &f->socks[i]);
	return n;
}
