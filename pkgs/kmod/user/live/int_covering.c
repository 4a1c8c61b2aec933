/* live_integration / covering: t-way covering arrays (covering.c) over the
 * filter dimensions, t = 2 to 6. Each row is one filter holding a value of
 * every dimension; its expected count comes from the model, like every
 * case. Case names: t<t>.r<row>. */
#include <stdio.h>
#include <string.h>

#include "covering.h"
#include "dims.h"
#include "integration.h"

#define CAT "covering"

static void row_filter(const struct cover_row *r, char *out, size_t cap)
{
	size_t len = 0;
	int d;

	out[0] = '\0';
	for (d = 0; d < n_dims && len < cap; d++)
		len += (size_t)snprintf(out + len, cap - len, "%s%s", d ? " " : "", dims[d].values[r->v[d]]);
}

void int_covering(struct ictx *c)
{
	static struct cover_row rows[COVER_MAX_ROWS];
	char name[32], filter[512];
	int t, n, i, tuples;

	for (t = 2; t <= 6 && t <= n_dims; t++) {
		n = cover_build(t, rows, COVER_MAX_ROWS, &tuples);
		printf("covering t=%d: %d rows cover %d %d-tuples\n", t, n, tuples, t);
		for (i = 0; i < n; i++) {
			snprintf(name, sizeof(name), "t%d.r%d", t, i);
			row_filter(&rows[i], filter, sizeof(filter));
			icase_count(c, CAT, name, filter);
		}
	}
}
