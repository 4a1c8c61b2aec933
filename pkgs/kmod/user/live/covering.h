/* t-way covering arrays over the filter dimensions (dims.h), built greedily:
 * rows (one value per dimension, a filter the parser accepts) are chosen
 * until every t-tuple of values that some acceptable row holds is in one. */
#ifndef LIVE_COVERING_H
#define LIVE_COVERING_H

#define COVER_MAX_DIMS 6
#define COVER_MAX_ROWS 1024

struct cover_row {
	int v[COVER_MAX_DIMS];
};

/* Fills rows[] for strength t (2..n_dims): the number of rows; *tuples
 * counts the t-tuples they cover. */
int cover_build(int t, struct cover_row *rows, int max, int *tuples);

#endif
