/* Case counting and failure reports. A failed case is one line in the form
 * the kmod runner forwards (ts/src/kmod/outcome.ts):
 *   not ok N suite: filter="..." expected="..." actual="..."
 * with the input escaped, so NUL and control bytes show as \xNN. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>

#include "testlib.h"

static unsigned passed, failed;

void t_pass(void)
{
	passed++;
}

void t_fail(const char *suite, const char *text, size_t len, const char *want, const char *got)
{
	char shown[1024];
	struct sbuf b;

	sb_init(&b, shown, sizeof(shown));
	sb_escaped(&b, text, len);
	failed++;
	printf("not ok %u %s: filter=\"%s\" expected=\"%s\" actual=\"%s\"\n", passed + failed,
	       suite, shown, want, got);
}

void t_expect(const char *suite, const char *text, size_t len, const char *want, const char *got)
{
	if (strcmp(want, got) == 0)
		t_pass();
	else
		t_fail(suite, text, len, want, got);
}

void t_expect_prefix(const char *suite, const char *text, size_t len, const char *want,
		     const char *got)
{
	if (strncmp(want, got, strlen(want)) == 0)
		t_pass();
	else
		t_fail(suite, text, len, want, got);
}

int t_summary(const char *label)
{
	printf("kmod-target %s: %u passed, %u failed\n", label, passed, failed);
	return failed ? 1 : 0;
}
