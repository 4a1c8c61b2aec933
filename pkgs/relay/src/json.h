/* A strict parser for the control protocol's requests: one flat JSON object
 * whose values are strings, numbers, booleans or null. */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>

#define JSON_MAX_FIELDS 16
#define JSON_MAX_INPUT 4096

enum json_type { JSON_STRING, JSON_NUMBER, JSON_BOOL, JSON_NULL };

struct json_field {
	const char *key;
	enum json_type type;
	const char *str; /* JSON_STRING: decoded, NUL-terminated */
	double num;
	bool boolean;
};

struct json_obj {
	unsigned n;
	struct json_field f[JSON_MAX_FIELDS];
	char store[JSON_MAX_INPUT + 1];
	size_t used;
};

int json_parse_object(const char *in, size_t len, struct json_obj *o, char *err, size_t errlen);
const struct json_field *json_get(const struct json_obj *o, const char *key);

#endif
