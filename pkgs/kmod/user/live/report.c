/* Case reporting: numbering, the pass/fail tally, the injected wrong
 * expectation, and every failure line composed in one place. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static int passed, failed;
static const char *wrong_id;
static bool wrong_used, verbose;

void report_verbose(bool on)
{
	verbose = on;
}

void report_wrong_expectation(const char *id)
{
	wrong_id = id;
}

static bool is_wrong(const char *cat, const char *name)
{
	size_t n = strlen(cat);

	if (!wrong_id || strncmp(wrong_id, cat, n) || wrong_id[n] != '/' ||
	    strcmp(wrong_id + n + 1, name))
		return false;
	wrong_used = true;
	return true;
}

static void line(bool ok, const char *cat, const char *name, const char *detail)
{
	if (ok)
		passed++;
	else
		failed++;
	if (ok)
		printf("ok %d %s/%s\n", passed + failed, cat, name);
	else
		printf("not ok %d %s/%s: %s\n", passed + failed, cat, name, detail);
	fflush(stdout);
}

bool report_count(const char *cat, const char *name, const char *filter, long expected,
		  long actual)
{
	char detail[1400], err[80] = "";

	if (is_wrong(cat, name))
		expected++;
	if (actual < 0)
		snprintf(err, sizeof(err), " (%s)", strerror((int)-actual));
	snprintf(detail, sizeof(detail), "filter=\"%s\" expected=%ld actual=%ld%s", filter,
		 expected, actual, err);
	if (verbose)
		fprintf(stderr, "# %s/%s: %s\n", cat, name, detail);
	line(actual == expected, cat, name, detail);
	return actual == expected;
}

bool report_check(const char *cat, const char *name, bool ok, const char *why, ...)
{
	char detail[1024];
	va_list ap;

	va_start(ap, why);
	vsnprintf(detail, sizeof(detail), why, ap);
	va_end(ap);
	if (is_wrong(cat, name) && ok) {
		ok = false;
		snprintf(detail, sizeof(detail), "--wrong-expectation named a check, not a count");
	}
	line(ok, cat, name, detail);
	return ok;
}

int report_failed(void)
{
	return failed;
}

int report_finish(const char *target)
{
	if (wrong_id && !wrong_used)
		report_check("live", "wrong_expectation", false,
			     "--wrong-expectation %s names no case that ran", wrong_id);
	printf("kmod-target %s: %d passed, %d failed\n", target, passed, failed);
	fflush(stdout);
	return failed ? 1 : 0;
}
