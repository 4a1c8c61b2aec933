/* Helpers shared by the unit tests and the fuzz target: text building,
 * rendering a filter back to filter text or to a compact description, the
 * socket notation of the match tables, and case counting. */
#ifndef TCPSTATS_TESTLIB_H
#define TCPSTATS_TESTLIB_H

#include <stddef.h>

#include "tcpstats.h"

/* A bounded string builder; `full` is set once something did not fit. */
struct sbuf {
	char *p;
	size_t n, size;
	int full;
};

void sb_init(struct sbuf *b, char *p, size_t size);
void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_cidr(struct sbuf *b, const struct tcpstats_cidr *c);
void sb_escaped(struct sbuf *b, const char *text, size_t len);

/* Filter text that parses back to the same struct. -1 if it does not fit. */
int format_filter(const struct tcpstats_filter *f, char *buf, size_t size);

/* What differs from the empty filter, e.g. "v4 lp=22 la=10.0.0.0/8";
 * "any" for the empty filter, " DIRTY" appended if an unused byte is set. */
void dump_filter(const struct tcpstats_filter *f, char *buf, size_t size);

/* Parses `len` bytes and describes the outcome: the dump_filter text, or
 * "error at N: message". */
void describe_parse(const char *text, size_t len, char *buf, size_t size);

/* "STATE LOCAL REMOTE", addresses as 10.0.0.1:22 or [fd00::1]:22, the state a
 * name or a number. Returns 0, or -1 on a malformed table entry. */
int sock_parse(const char *spec, struct tcpstats_sock_view *s);

/* Case counting. A failure prints the suite, the input, expected, actual. */
void t_pass(void);
void t_fail(const char *suite, const char *text, size_t len, const char *want,
	    const char *got);
void t_expect(const char *suite, const char *text, size_t len, const char *want,
	      const char *got);
void t_expect_prefix(const char *suite, const char *text, size_t len, const char *want,
		     const char *got);
int t_summary(const char *label);

/* The valid filter texts of the parse_ok table, for the round trips. */
size_t parse_ok_texts(const char **out, size_t max);

/* The suites; each adds its cases to the counts. */
void suite_parse_ok(void);
void suite_parse_err(void);
void suite_match(void);
void suite_misc(void);

#endif
