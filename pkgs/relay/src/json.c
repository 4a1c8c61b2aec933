/* A strict parser for the control protocol's requests: one flat JSON object
 * whose values are strings, numbers, booleans or null.
 *
 * Decoded strings go into the object's own store; a decoded string is never
 * longer than its encoding, so JSON_MAX_INPUT bytes always fit. On error the
 * message names the byte offset and quotes the input around it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
	const char *s;
	size_t len, pos;
	struct json_obj *o;
	char *err;
	size_t errlen;
};

static int fail(struct parser *p, const char *what)
{
	char quote[41];
	size_t start = p->pos > 20 ? p->pos - 20 : 0, n = 0;

	for (size_t i = start; i < p->len && n < sizeof(quote) - 1; i++)
		quote[n++] = p->s[i] >= 0x20 && p->s[i] < 0x7f ? p->s[i] : '?';
	quote[n] = '\0';
	snprintf(p->err, p->errlen, "%s at byte %zu in '%s'", what, p->pos, quote);
	return -EINVAL;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]) && p->s[p->pos])
		p->pos++;
}

static int peek(struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int expect(struct parser *p, char c, const char *what)
{
	skip_ws(p);
	if (peek(p) != (unsigned char)c)
		return fail(p, what);
	p->pos++;
	return 0;
}

static int hex4(struct parser *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++, p->pos++) {
		int c = peek(p);

		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if ((c | 32) >= 'a' && (c | 32) <= 'f')
			v = v * 16 + (unsigned)((c | 32) - 'a' + 10);
		else
			return fail(p, "bad \\u escape");
	}
	*out = v;
	return 0;
}

static void put_utf8(char *out, size_t *n, unsigned cp)
{
	if (cp < 0x80) {
		out[(*n)++] = (char)cp;
	} else if (cp < 0x800) {
		out[(*n)++] = (char)(0xc0 | cp >> 6);
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		out[(*n)++] = (char)(0xe0 | cp >> 12);
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		out[(*n)++] = (char)(0xf0 | cp >> 18);
		out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[(*n)++] = (char)(0x80 | (cp & 0x3f));
	}
}

/* After "\u": one code point, joining a surrogate pair. */
static int unicode_escape(struct parser *p, char *out, size_t *n)
{
	unsigned cp, lo;

	if (hex4(p, &cp))
		return -EINVAL;
	if (cp >= 0xdc00 && cp < 0xe000)
		return fail(p, "lone low surrogate");
	if (cp >= 0xd800 && cp < 0xdc00) {
		if (peek(p) != '\\' || p->pos + 1 >= p->len || p->s[p->pos + 1] != 'u')
			return fail(p, "lone high surrogate");
		p->pos += 2;
		if (hex4(p, &lo))
			return -EINVAL;
		if (lo < 0xdc00 || lo >= 0xe000)
			return fail(p, "bad low surrogate");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (cp == 0)
		return fail(p, "\\u0000 not allowed");
	put_utf8(out, n, cp);
	return 0;
}

static int escape(struct parser *p, char *out, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	int c = peek(p);
	const char *hit;

	if (c < 0)
		return fail(p, "unterminated string");
	p->pos++;
	if (c == 'u')
		return unicode_escape(p, out, n);
	hit = strchr(from, c);
	if (!hit || !c)
		return fail(p, "bad escape");
	out[(*n)++] = to[hit - from];
	return 0;
}

static int string(struct parser *p, const char **out)
{
	char *dst = p->o->store + p->o->used;
	size_t n = 0;
	int c;

	if (expect(p, '"', "expected string"))
		return -EINVAL;
	while ((c = peek(p)) != '"') {
		if (c < 0)
			return fail(p, "unterminated string");
		if (c < 0x20)
			return fail(p, "control character in string");
		p->pos++;
		if (c != '\\')
			dst[n++] = (char)c;
		else if (escape(p, dst, &n))
			return -EINVAL;
	}
	p->pos++;
	dst[n] = '\0';
	p->o->used += n + 1;
	*out = dst;
	return 0;
}

static int number(struct parser *p, double *out)
{
	size_t start = p->pos;
	char buf[64];

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) == '0')
		p->pos++;
	else if (peek(p) >= '1' && peek(p) <= '9')
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	else
		return fail(p, "bad number");
	if (peek(p) == '.') {
		p->pos++;
		if (peek(p) < '0' || peek(p) > '9')
			return fail(p, "bad number");
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (peek(p) < '0' || peek(p) > '9')
			return fail(p, "bad number");
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	if (p->pos - start >= sizeof(buf))
		return fail(p, "number too long");
	memcpy(buf, p->s + start, p->pos - start);
	buf[p->pos - start] = '\0';
	*out = strtod(buf, NULL);
	return 0;
}

static int literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n))
		return fail(p, "expected a value");
	p->pos += n;
	return 0;
}

static int value(struct parser *p, struct json_field *f)
{
	int c;

	skip_ws(p);
	c = peek(p);
	if (c == '"') {
		f->type = JSON_STRING;
		return string(p, &f->str);
	}
	if (c < 0)
		return fail(p, "unexpected end of input");
	if (c == '{' || c == '[')
		return fail(p, "nested objects and arrays are not accepted");
	if (c == 't' || c == 'f') {
		f->type = JSON_BOOL;
		f->boolean = c == 't';
		return literal(p, c == 't' ? "true" : "false");
	}
	if (c == 'n') {
		f->type = JSON_NULL;
		return literal(p, "null");
	}
	f->type = JSON_NUMBER;
	return number(p, &f->num);
}

static int member(struct parser *p)
{
	struct json_field *f;
	const char *key;

	if (p->o->n == JSON_MAX_FIELDS)
		return fail(p, "too many fields");
	skip_ws(p);
	if (string(p, &key))
		return -EINVAL;
	if (json_get(p->o, key))
		return fail(p, "duplicate key");
	if (expect(p, ':', "expected ':'"))
		return -EINVAL;
	f = &p->o->f[p->o->n];
	memset(f, 0, sizeof(*f));
	f->key = key;
	if (value(p, f))
		return -EINVAL;
	p->o->n++;
	return 0;
}

static int members(struct parser *p)
{
	skip_ws(p);
	if (peek(p) == '}') {
		p->pos++;
		return 0;
	}
	for (;;) {
		if (member(p))
			return -EINVAL;
		skip_ws(p);
		if (peek(p) == '}') {
			p->pos++;
			return 0;
		}
		if (expect(p, ',', "expected ',' or '}'"))
			return -EINVAL;
	}
}

int json_parse_object(const char *in, size_t len, struct json_obj *o, char *err, size_t errlen)
{
	struct parser p = { .s = in, .len = len, .o = o, .err = err, .errlen = errlen };

	o->n = 0;
	o->used = 0;
	if (len > JSON_MAX_INPUT)
		return fail(&p, "request too long");
	if (expect(&p, '{', "expected '{'") || members(&p))
		return -EINVAL;
	skip_ws(&p);
	if (p.pos != len)
		return fail(&p, "trailing data after object");
	return 0;
}

const struct json_field *json_get(const struct json_obj *o, const char *key)
{
	for (unsigned i = 0; i < o->n; i++)
		if (!strcmp(o->f[i].key, key))
			return &o->f[i];
	return NULL;
}
