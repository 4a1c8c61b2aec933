/* See dims.h. */
#include <string.h>

#include "dims.h"

const struct dim dims[] = {
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

const int n_dims = (int)(sizeof(dims) / sizeof(dims[0]));

int dim_values(int d)
{
	int n = 0;

	while (n < DIM_VALUES && dims[d].values[n])
		n++;
	return n;
}

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

bool dims_compatible(const char *a, const char *b)
{
	int fa = family_of(a), fb = family_of(b);

	return !fa || !fb || fa == fb;
}
