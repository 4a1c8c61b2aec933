/* See covering.h. A t-tuple is a set of t dimensions (a bit mask) and a
 * value for each: key = mask << 12 | the values, 2 bits per dimension.
 * Candidates are every acceptable full row; each step takes the one that
 * covers the most tuples not yet covered (the first on a tie), so the same
 * t always gives the same rows. */
#include <string.h>

#include "covering.h"
#include "dims.h"

#define KEYS (1 << (COVER_MAX_DIMS + 2 * COVER_MAX_DIMS))

static unsigned char needed[KEYS / 8], covered[KEYS / 8];
static struct cover_row candidates[COVER_MAX_ROWS];

static bool bit(const unsigned char *set, int key)
{
	return set[key / 8] & (1u << (key % 8));
}

static void set_bit(unsigned char *set, int key)
{
	set[key / 8] |= (unsigned char)(1u << (key % 8));
}

static int key_of(const struct cover_row *r, int mask)
{
	int key = mask << (2 * COVER_MAX_DIMS), d;

	for (d = 0; d < n_dims; d++)
		if (mask & (1 << d))
			key |= r->v[d] << (2 * d);
	return key;
}

static bool acceptable(const struct cover_row *r)
{
	int a, b;

	for (a = 0; a < n_dims; a++)
		for (b = a + 1; b < n_dims; b++)
			if (!dims_compatible(dims[a].values[r->v[a]], dims[b].values[r->v[b]]))
				return false;
	return true;
}

/* Every acceptable full row, in odometer order. */
static int enumerate(void)
{
	struct cover_row r = { { 0 } };
	int n = 0, d;

	for (;;) {
		if (acceptable(&r) && n < COVER_MAX_ROWS)
			candidates[n++] = r;
		for (d = n_dims - 1; d >= 0 && ++r.v[d] == dim_values(d); d--)
			r.v[d] = 0;
		if (d < 0)
			return n;
	}
}

/* Tuples of strength t in row r not yet covered; marks them when `take`. */
static int gain(const struct cover_row *r, int t, bool take)
{
	int mask, n = 0;

	for (mask = 1; mask < (1 << n_dims); mask++) {
		int key = key_of(r, mask);

		if (__builtin_popcount((unsigned)mask) != t || !bit(needed, key) || bit(covered, key))
			continue;
		n++;
		if (take)
			set_bit(covered, key);
	}
	return n;
}

int cover_build(int t, struct cover_row *rows, int max, int *tuples)
{
	int n_cand = enumerate(), n = 0, i, best, best_gain, g;

	memset(needed, 0, sizeof(needed));
	memset(covered, 0, sizeof(covered));
	for (i = 0; i < n_cand; i++) /* what some acceptable row holds is what must be covered */
		for (g = 1; g < (1 << n_dims); g++)
			if (__builtin_popcount((unsigned)g) == t)
				set_bit(needed, key_of(&candidates[i], g));
	*tuples = 0;
	while (n < max) {
		best = -1, best_gain = 0;
		for (i = 0; i < n_cand; i++)
			if ((g = gain(&candidates[i], t, false)) > best_gain)
				best = i, best_gain = g;
		if (best < 0)
			break;
		*tuples += gain(&candidates[best], t, true);
		rows[n++] = candidates[best];
	}
	return n;
}
