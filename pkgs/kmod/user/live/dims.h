/* The filter dimensions the combinatorial categories combine (pairwise,
 * covering), each with up to DIM_VALUES values, and which values can stand
 * in one filter: an address of the other family than ipv4_only/ipv6_only,
 * or local and remote addresses that can never be of one family, are
 * refused by the parser (the combined category covers rejection). */
#ifndef LIVE_DIMS_H
#define LIVE_DIMS_H

#include <stdbool.h>

#define DIM_VALUES 3

struct dim {
	const char *name;
	const char *values[DIM_VALUES]; /* NULL: fewer values */
};

extern const struct dim dims[];
extern const int n_dims;

/* How many values dimension d has. */
int dim_values(int d);
bool dims_compatible(const char *a, const char *b);

#endif
