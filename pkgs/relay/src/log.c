/* Structured logs: one `key=value` line per event on stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

void log_event(const char *level, const char *event, const char *fmt, ...)
{
	char line[1024];
	struct timespec ts;
	va_list ap;
	int n, m;

	clock_gettime(CLOCK_REALTIME, &ts);
	n = snprintf(line, sizeof(line), "ts=%lld.%06ld level=%s event=%s ",
		     (long long)ts.tv_sec, ts.tv_nsec / 1000, level, event);
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n += m < 0 ? 0 : m;
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	while (n > 0 && line[n - 1] == ' ')
		n--;
	line[n++] = '\n';
	/* One write per line, so lines from a trace never interleave. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}
