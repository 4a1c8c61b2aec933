/* Structured logs: one `key=value` line per event on stderr. */
#ifndef LOG_H
#define LOG_H

/* `fmt` continues the line after `ts=… level=… event=…`, e.g. "port=%u".
 * Values that may hold spaces must be quoted by the format: reason="%s". */
void log_event(const char *level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_info(ev, ...) log_event("info", ev, __VA_ARGS__)
#define log_warn(ev, ...) log_event("warn", ev, __VA_ARGS__)
#define log_err(ev, ...) log_event("error", ev, __VA_ARGS__)

#endif
