/* A growable output buffer with JSON string escaping. */
#ifndef BUF_H
#define BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
	bool oom; /* an append failed; the contents are incomplete */
};

void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_json_str(struct buf *b, const char *s);
void buf_consume(struct buf *b, size_t n);
void buf_free(struct buf *b);

#endif
