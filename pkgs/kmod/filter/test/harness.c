/* Case counting and failure reports: one block per failed case with the
 * input (escaped), what was expected and what came out. */
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
	printf("FAIL %s: \"%s\"\n  expected: %s\n  actual:   %s\n", suite, shown, want, got);
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
