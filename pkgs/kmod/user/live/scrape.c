/* See scrape.h. A plain HTTP/1.0 GET over the exporter's unix socket (no TCP
 * socket of its own in the table being counted): the client side of the
 * exporter, which serves through libmicrohttpd. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "scrape.h"

#define RESPONSE_BYTES (256 * 1024)

static char response[RESPONSE_BYTES];
static struct scrape before;
static bool have_before;

static int connect_exporter(char *why, int cap)
{
	const char *path = getenv("TCPSTATS_EXPORTER_SOCKET");
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct timeval limit = { 5, 0 };
	int fd;

	if (!path || !*path)
		return SCRAPE_UNSET;
	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		int err = -errno;

		snprintf(why, cap, "connect %s: %s", path, strerror(-err));
		close(fd);
		return err;
	}
	return fd;
}

/* The response's length, or -errno. */
static int get_metrics(char *why, int cap)
{
	static const char req[] = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
	int fd = connect_exporter(why, cap), len = 0;
	ssize_t n;

	if (fd < 0)
		return fd;
	if (write(fd, req, sizeof(req) - 1) != (ssize_t)sizeof(req) - 1) {
		snprintf(why, cap, "send: %s", strerror(errno));
		close(fd);
		return -EIO;
	}
	while (len < RESPONSE_BYTES - 1 && (n = read(fd, response + len, RESPONSE_BYTES - 1 - len)) > 0)
		len += (int)n;
	close(fd);
	response[len] = '\0';
	return len;
}

static void parse_line(struct scrape *s, const char *line)
{
	const char *space = strrchr(line, ' ');

	if (line[0] == '#' || !space || s->n == SCRAPE_MAX || space - line >= (long)sizeof(s->name[0]))
		return;
	memcpy(s->name[s->n], line, (size_t)(space - line));
	s->name[s->n][space - line] = '\0';
	s->value[s->n++] = strtod(space + 1, NULL);
}

/* The page as served, for promtool (remote/live.sh checks it): $TCPSTATS_SCRAPE_SAVE. */
static void save_body(const char *body)
{
	const char *path = getenv("TCPSTATS_SCRAPE_SAVE");
	FILE *f;

	if (!path || !(f = fopen(path, "we")))
		return;
	fputs(body, f);
	fclose(f);
}

int scrape_fetch(struct scrape *s, char *why, int cap)
{
	char *body, *line, *save;
	int len = get_metrics(why, cap);

	s->n = 0;
	if (len < 0)
		return len;
	if (strncmp(response, "HTTP/1.", 7) || strncmp(response + 9, "200", 3)) {
		snprintf(why, cap, "status: %.40s", strtok(response, "\r\n") ? response : "none");
		return -EPROTO;
	}
	body = strstr(response, "\r\n\r\n");
	if (!body) {
		snprintf(why, cap, "no body");
		return -EPROTO;
	}
	save_body(body + 4); /* whole, before the parse below cuts it into lines */
	for (line = strtok_r(body + 4, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		parse_line(s, line);
	return 0;
}

bool scrape_value(const struct scrape *s, const char *name, double *value)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name)) {
			*value = s->value[i];
			return true;
		}
	return false;
}

void scrape_begin(const char *cat)
{
	char why[160] = "";
	int ret = scrape_fetch(&before, why, sizeof(why));

	have_before = ret == 0;
	if (ret < 0 && ret != SCRAPE_UNSET)
		printf("scrape %s before: failed (%s); not a test failure\n", cat, why);
}

void scrape_end(const char *cat)
{
	static struct scrape after;
	char why[160] = "", line[2048];
	int ret = scrape_fetch(&after, why, sizeof(why)), i, len = 0;
	double old = 0;

	if (ret == SCRAPE_UNSET)
		return;
	if (ret < 0 || !have_before) {
		printf("scrape %s after: %s; not a test failure\n", cat, ret < 0 ? why : "no scrape before to compare");
		return;
	}
	for (i = 0; i < after.n && len < (int)sizeof(line) - 128; i++) {
		if (!scrape_value(&before, after.name[i], &old))
			old = 0;
		if (old != after.value[i])
			len += snprintf(line + len, sizeof(line) - len, " %s%+.0f", after.name[i], after.value[i] - old);
	}
	printf("scrape %s deltas:%s\n", cat, len ? line : " none");
}
