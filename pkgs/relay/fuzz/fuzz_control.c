/* libFuzzer target for the control protocol: the JSON parser, argument
 * binding and every verb handler, through ctl_dispatch(). Each input line is
 * one request; each must get exactly one JSON object line back. */
#include <stdint.h>

#include "dispatch.h"
#include "fixture.h"

static void check_reply(const struct buf *out, size_t before)
{
	const char *p = out->p + before;
	size_t n = out->len - before;

	if (out->oom)
		return;
	if (n < 10 || strncmp(p, "{\"ok\":", 6) || p[n - 1] != '\n' || memchr(p, '\n', n - 1))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct relay *r = fixture_reset();
	struct buf out = { 0 };
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p), before = out.len;

		ctl_dispatch(r, p, len, &out);
		check_reply(&out, before);
		p += len + 1;
	}
	buf_free(&out);
	return 0;
}
