/* The expectation model: the filter language evaluated over a fixture's
 * entries, written here independently of the shared parser and matcher
 * (../../filter/filter.c), so the module is checked against a second
 * reading of the spec. It knows valid filters only; the cases that expect
 * rejection say so themselves. */
#ifndef LIVE_MODEL_H
#define LIVE_MODEL_H

#include <stdbool.h>

#include "fixture.h"

/* How many of f's sockets `filter` matches; -1 if the model cannot read it. */
long model_count(const char *filter, const struct fixture *f);
/* Whether `filter` matches s; false too when the model cannot read it. */
bool model_matches(const char *filter, const struct fx_sock *s);
/* The TCP state named `name` ("time_wait"), or 0. */
int model_state(const char *name);

#endif
