/* live_integration / pairwise: every pair of filter dimensions, every
 * combination of their values. Pairs the parser must refuse (an address
 * of the other family than ipv4_only/ipv6_only, or local and remote
 * addresses that can never be of one family) are left out: the combined
 * category covers rejection. Case names: <dim>.<i>+<dim>.<j>. */
#include <stdio.h>
#include <string.h>

#include "integration.h"

#define CAT "pairwise"
#define VALUES 3

struct dim {
	const char *name;
	const char *values[VALUES]; /* NULL: fewer values */
};

static const struct dim dims[] = {
	{ "local_port", { "local_port=40001", "local_port=40100,40101", "local_port=40004,40500" } },
	{ "remote_port", { "remote_port=40001", "remote_port=40100", "remote_port=40002,40005" } },
	{ "state", { "include_state=established", "include_state=listen,time_wait",
		     "exclude_state=established" } },
	{ "family", { "ipv4_only", "ipv6_only", NULL } },
	{ "local_addr", { "local_addr=127.10.0.0/24", "local_addr=fd00:10::/64",
			  "local_addr=127.0.0.0/8" } },
	{ "remote_addr", { "remote_addr=127.10.1.0/24", "remote_addr=fd00:11::/64",
			   "remote_addr=::/0" } },
};

#define N_DIMS ((int)(sizeof(dims) / sizeof(dims[0])))

/* 4 or 6 for a family flag or an address value, 0 for anything else. */
static int family_of(const char *value)
{
	const char *addr = strchr(value, '=');

	if (!strcmp(value, "ipv4_only"))
		return 4;
	if (!strcmp(value, "ipv6_only"))
		return 6;
	if (!strstr(value, "_addr=") || !addr)
		return 0;
	return strchr(addr, ':') ? 6 : 4;
}

static bool compatible(const char *a, const char *b)
{
	int fa = family_of(a), fb = family_of(b);

	return !fa || !fb || fa == fb;
}

static void pair(struct ictx *c, int da, int db)
{
	char name[96], filter[256];
	int i, j;

	for (i = 0; i < VALUES && dims[da].values[i]; i++)
		for (j = 0; j < VALUES && dims[db].values[j]; j++) {
			if (!compatible(dims[da].values[i], dims[db].values[j]))
				continue;
			snprintf(name, sizeof(name), "%s.%d+%s.%d", dims[da].name, i, dims[db].name, j);
			snprintf(filter, sizeof(filter), "%s %s", dims[da].values[i],
				 dims[db].values[j]);
			icase_count(c, CAT, name, filter);
		}
}

void int_pairwise(struct ictx *c)
{
	int a, b;

	for (a = 0; a < N_DIMS; a++)
		for (b = a + 1; b < N_DIMS; b++)
			pair(c, a, b);
}
