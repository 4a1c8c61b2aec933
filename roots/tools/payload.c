/* `seq 1 COUNT` made in memory: the current number is kept as decimal text and incremented in place. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "payload.h"

#define MAX_COUNT 1000000000000000000UL

void payload_init(struct payload *p, unsigned long count)
{
	*p = (struct payload){ .next = 1, .count = count, .line = "1\n", .width = 1 };
}

/* Moves line on to the next number: 9 → 10 widens it by a digit. */
static void advance(struct payload *p)
{
	size_t i = p->width;

	while (i > 0 && p->line[i - 1] == '9')
		p->line[--i] = '0';
	if (i > 0) {
		p->line[i - 1]++;
	} else {
		memmove(p->line + 1, p->line, p->width);
		p->line[0] = '1';
		p->line[++p->width] = '\n';
	}
	p->next++;
	p->off = 0;
}

size_t payload_read(struct payload *p, void *buf, size_t len)
{
	char *out = buf;
	size_t done = 0;

	while (done < len && p->next <= p->count) {
		size_t left = p->width + 1 - p->off;
		size_t take = left < len - done ? left : len - done;
		memcpy(out + done, p->line + p->off, take);
		done += take;
		p->off += take;
		if (p->off == p->width + 1)
			advance(p);
	}
	return done;
}

uint64_t payload_size(unsigned long count)
{
	uint64_t size = 0, low = 1;

	for (unsigned digits = 1; low <= count; digits++, low *= 10) {
		uint64_t high = low * 10 - 1 < count ? low * 10 - 1 : count;
		size += (high - low + 1) * (digits + 1);
	}
	return size;
}

void payload_sha256_hex(unsigned long count, char hex[SHA256_HEX])
{
	struct payload p;
	struct sha256 s;
	uint8_t buf[16384], digest[SHA256_LEN];
	size_t n;

	payload_init(&p, count);
	sha256_init(&s);
	while ((n = payload_read(&p, buf, sizeof(buf))) > 0)
		sha256_update(&s, buf, n);
	sha256_final(&s, digest);
	sha256_hex(digest, hex);
}

int payload_parse_count(const char *s, unsigned long *count)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*count = strtoul(s, &end, 10);
	return *end || errno || *count > MAX_COUNT ? -EINVAL : 0;
}
