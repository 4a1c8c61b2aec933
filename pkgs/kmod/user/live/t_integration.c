/* live_integration: builds the fixture, then runs the selected categories.
 *
 * Fixture, per family (v4 / v6), ports INT_PORT + offset:
 *   listeners   s1:+1 +2 +3, s2:+4, s2:+5 (backlog 0), any:+9
 *   established c1:+100+i -> s1:+1        (accepted, data both ways)
 *   time_wait   c2:+200+i -> s1:+2        (client closes first)
 *   half closed c3:+300+i -> s1:+3        (client FIN_WAIT2, server CLOSE_WAIT)
 *   backlog     c1:+400 -> s2:+5 unaccepted, then c1:+401+i SYN_SENT
 *   loopback    lo:+500+i -> s2:+4 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "integration.h"
#include "live.h"
#include "model.h"
#include "net.h"
#include "probe.h"
#include "report.h"

struct plan {
	int family;
	const char *s1, *s2, *c1, *c2, *c3, *lo, *any;
	int established, time_wait, half, syn_sent, loopback;
};

static const struct plan plans[] = {
	{ 4, "127.10.0.1", "127.10.0.2", "127.10.1.1", "127.10.1.2", "127.10.2.1", "127.0.0.1",
	  "0.0.0.0", 6, 4, 3, 2, 2 },
	{ 6, "fd00:10::1", "fd00:10::2", "fd00:11::1", "fd00:11::2", "fd00:12::1", "::1", "::",
	  5, 3, 2, 3, 1 },
};

static const char *const v6_addrs[] = { "fd00:10::1", "fd00:10::2", "fd00:11::1",
					 "fd00:11::2", "fd00:12::1" };

static struct fx_end end(const struct plan *p, const char *addr, int offset)
{
	return (struct fx_end){ p->family, addr, (uint16_t)(INT_PORT + offset) };
}

static void build_listeners(struct fixture *f, const struct plan *p, int l[6])
{
	l[0] = fx_listener(f, end(p, p->s1, 1), 64);
	l[1] = fx_listener(f, end(p, p->s1, 2), 64);
	l[2] = fx_listener(f, end(p, p->s1, 3), 64);
	l[3] = fx_listener(f, end(p, p->s2, 4), 64);
	l[4] = fx_listener(f, end(p, p->s2, 5), 0);
	l[5] = fx_listener(f, end(p, p->any, 9), 64);
}

static void build_family(struct fixture *f, const struct plan *p)
{
	int l[6], i;

	build_listeners(f, p, l);
	for (i = 0; i < p->established && !f->error[0]; i++)
		fx_established(f, l[0], end(p, p->c1, 100 + i), end(p, p->s1, 1), 3000);
	for (i = 0; i < p->time_wait && !f->error[0]; i++)
		fx_time_wait(f, l[1], end(p, p->c2, 200 + i), end(p, p->s1, 2));
	for (i = 0; i < p->half && !f->error[0]; i++)
		fx_half_closed(f, l[2], end(p, p->c3, 300 + i), end(p, p->s1, 3));
	if (!f->error[0])
		fx_unaccepted(f, end(p, p->c1, 400), end(p, p->s2, 5));
	for (i = 0; i < p->syn_sent && !f->error[0]; i++)
		fx_syn_sent(f, end(p, p->c1, 401 + i), end(p, p->s2, 5));
	for (i = 0; i < p->loopback && !f->error[0]; i++)
		fx_established(f, l[3], end(p, p->lo, 500 + i), end(p, p->s2, 4), 100);
}

static bool setup(struct fixture *f)
{
	size_t i;
	int ret = 0;
	long before;

	for (i = 0; i < sizeof(v6_addrs) / sizeof(v6_addrs[0]) && !ret; i++)
		ret = net_add_addr6(v6_addrs[i], 64);
	if (!report_check("setup", "ipv6_addresses", ret == 0, "adding %s to lo: %s",
			  v6_addrs[i - 1], strerror(-ret)))
		return false;
	before = probe("", 64, NULL, 0);
	report_count("setup", "table_empty_before", "", 0, before);
	for (i = 0; i < 2 && !f->error[0]; i++)
		build_family(f, &plans[i]);
	fx_settle();
	return report_check("setup", "fixture", !f->error[0] && f->n == 66,
			    "%s (%d sockets modelled, 66 planned)", f->error, f->n);
}

int ictx_bufrecs(struct ictx *c)
{
	static const int sizes[] = { 1, 3, 8, 64 };

	return sizes[c->turn++ % 4];
}

bool icase_count(struct ictx *c, const char *cat, const char *name, const char *filter)
{
	long expected = model_count(filter, c->fx);

	if (expected < 0)
		return report_check(cat, name, false, "the model cannot read filter=\"%s\"", filter);
	return report_count(cat, name, filter, expected, probe(filter, ictx_bufrecs(c), NULL, 0));
}

void icase_table(struct ictx *c, const char *cat, const struct icase *cases, int n)
{
	int i;

	for (i = 0; i < n; i++)
		icase_count(c, cat, cases[i].name, cases[i].filter);
}

static const struct {
	const char *name;
	void (*run)(struct ictx *c);
} categories[] = {
	{ "port", int_port },
	{ "state", int_state },
	{ "ipversion", int_ipversion },
	{ "address", int_address },
	{ "combined", int_combined },
	{ "fields_format", int_fields_format },
	{ "concurrent", int_concurrent },
	{ "profiles", int_profiles },
	{ "pairwise", int_pairwise },
	{ "covering", int_covering },
};

#define N_CATEGORIES (sizeof(categories) / sizeof(categories[0]))

const char *integration_category(size_t i)
{
	return i < N_CATEGORIES ? categories[i].name : NULL;
}

bool integration_category_known(const char *name)
{
	size_t i;

	for (i = 0; i < N_CATEGORIES; i++)
		if (!strcmp(categories[i].name, name))
			return true;
	return false;
}

static bool selected(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (!list)
		return true;
	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return true;
		p += n;
	}
	return false;
}

void live_integration(const struct live_opts *o)
{
	static struct fixture fx;
	struct ictx c = { &fx, 0 };
	size_t i;

	if (!live_load("integration"))
		return;
	fx_init(&fx);
	if (setup(&fx))
		for (i = 0; i < N_CATEGORIES; i++)
			if (selected(o->categories, categories[i].name))
				categories[i].run(&c);
	fx_teardown(&fx);
	live_invariant("integration", "after");
	live_unload("integration");
}
