/* Case results, one line each:
 *   ok <n> <category>/<name>
 *   not ok <n> <category>/<name>: filter="<text>" expected=<e> actual=<a>
 *   not ok <n> <category>/<name>: <reason>
 * and at the end `kmod-target <TARGET>: <P> passed, <F> failed`. */
#ifndef LIVE_REPORT_H
#define LIVE_REPORT_H

#include <stdbool.h>

/* The case "<category>/<name>" whose expected count is raised by one, to
 * prove that a wrong count fails (--wrong-expectation). NULL for none. */
void report_wrong_expectation(const char *id);
/* --verbose: every count case also goes to stderr with its numbers. */
void report_verbose(bool on);

/* A count case. `actual` < 0 is -errno: the read or the filter failed. */
bool report_count(const char *cat, const char *name, const char *filter, long expected,
		  long actual);
/* Any other case: `why` (printf) says what went wrong when !ok. */
bool report_check(const char *cat, const char *name, bool ok, const char *why, ...)
	__attribute__((format(printf, 4, 5)));

/* Prints the summary line; the exit code (0 iff nothing failed). */
int report_finish(const char *target);
int report_failed(void);

#endif
