/* Records as text lines and JSON lines, for tcpstats-read; a rejected
 * filter with a caret under the offending byte, for it and tcpstats-profile. */
#ifndef TCPSTATS_FORMAT_H
#define TCPSTATS_FORMAT_H

#include <stddef.h>

#include "dev.h"

/* "tcp4 established 127.0.0.1:80 127.0.0.1:50000 bytes_acked=..." */
void ts_format_text(const struct ts_rec *rec, char *out, size_t size);
/* {"family":4,"state":"established",...} */
void ts_format_json(const struct ts_rec *rec, char *out, size_t size);
/* "127.0.0.1:80" or "[::1]:80" */
void ts_format_endpoint(int family, const unsigned char *addr, unsigned port, char *out,
			size_t size);
/* To stderr: "PROG: bad filter at byte N: message", the text, a caret. */
void ts_print_filter_error(const char *prog, const char *text,
			   const struct tcpstats_parse_error *err);

#endif
