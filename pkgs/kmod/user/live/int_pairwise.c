/* live_integration / pairwise: every pair of filter dimensions (dims.h),
 * every combination of their values the parser accepts. Case names:
 * <dim>.<i>+<dim>.<j>. */
#include <stdio.h>

#include "dims.h"
#include "integration.h"

#define CAT "pairwise"

static void pair(struct ictx *c, int da, int db)
{
	char name[96], filter[256];
	int i, j;

	for (i = 0; i < dim_values(da); i++)
		for (j = 0; j < dim_values(db); j++) {
			if (!dims_compatible(dims[da].values[i], dims[db].values[j]))
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

	for (a = 0; a < n_dims; a++)
		for (b = a + 1; b < n_dims; b++)
			pair(c, a, b);
}
