/* relayctl: the command-line client of relayd's control socket.
 *
 *   relayctl [-s PATH] VERB [ARG...]     e.g. relayctl link add alice bob
 *   relayctl [-s PATH] --raw JSON        send one request line as is
 *   relayctl help                        the verbs, from the shared table
 *
 * It prints the response line on stdout and exits 0 when it says "ok":true,
 * 1 when relayd answered with an error, 2 on a usage error, 3 when relayd
 * can't be reached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "verbs.h"

static void print_wrapped(const char *text)
{
	int col = 0;

	fputs("      ", stdout);
	for (const char *w = text; *w;) {
		int n = (int)strcspn(w, " ");

		if (col && col + n > 70) {
			fputs("\n      ", stdout);
			col = 0;
		}
		col += printf("%s%.*s", col ? " " : "", n, w);
		w += n;
		w += strspn(w, " ");
	}
	putchar('\n');
}

static int usage(FILE *f)
{
	fprintf(f, "Usage: relayctl [-s SOCKET] VERB [ARG...] | --raw JSON\n"
		   "SOCKET defaults to $RELAYD_CONTROL, else " RELAY_DEFAULT_CONTROL ".\n\n");
	for (int i = 0; f == stdout && i < VERB__COUNT; i++) {
		printf("  %s", verbs[i].name);
		for (int j = 0; j < VERB_MAX_ARGS && verbs[i].args[j]; j++)
			printf(" %s", verbs[i].args[j]);
		putchar('\n');
		print_wrapped(verbs[i].help);
	}
	return f == stdout ? 0 : 2;
}

/* The verb named by the first one or two words; *used says how many. */
static int match_verb(int argc, char **argv, int *used)
{
	char two[64];
	int id;

	if (argc >= 2 && snprintf(two, sizeof(two), "%s %s", argv[0], argv[1]) < (int)sizeof(two)) {
		id = verb_lookup(two);
		if (id >= 0) {
			*used = 2;
			return id;
		}
	}
	*used = 1;
	return verb_lookup(argv[0]);
}

static int build_request(int argc, char **argv, struct buf *req)
{
	int used, id = match_verb(argc, argv, &used), nargs = 0;

	if (id < 0) {
		fprintf(stderr, "relayctl: unknown verb '%s'; see relayctl help\n", argv[0]);
		return -EINVAL;
	}
	while (nargs < VERB_MAX_ARGS && verbs[id].args[nargs])
		nargs++;
	if (argc - used != nargs) {
		fprintf(stderr, "relayctl: '%s' takes %d argument(s), got %d\n", verbs[id].name,
			nargs, argc - used);
		return -EINVAL;
	}
	buf_printf(req, "{\"cmd\":\"%s\"", verbs[id].name);
	for (int i = 0; i < nargs; i++) {
		buf_printf(req, ",\"%s\":", verbs[id].args[i]);
		buf_json_str(req, argv[used + i]);
	}
	buf_printf(req, "}\n");
	return 0;
}

static int roundtrip(const char *path, const struct buf *req)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char chunk[4096];
	ssize_t n;
	int fd, ok = -1;
	struct buf resp = { 0 };

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(fd, req->p, req->len, MSG_NOSIGNAL) != (ssize_t)req->len) {
		fprintf(stderr, "relayctl: can't reach relayd at %s: %s\n", path, strerror(errno));
		return 3;
	}
	while (!(resp.len && resp.p[resp.len - 1] == '\n') && (n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_printf(&resp, "%.*s", (int)n, chunk);
	close(fd);
	if (resp.len && resp.p[resp.len - 1] == '\n')
		resp.len--;
	if (resp.len) {
		printf("%.*s\n", (int)resp.len, resp.p);
		ok = !strncmp(resp.p, "{\"ok\":true", 10) ? 0 : 1;
	} else {
		fprintf(stderr, "relayctl: relayd closed the connection without a reply\n");
		ok = 3;
	}
	buf_free(&resp);
	return ok;
}

int main(int argc, char **argv)
{
	const char *path = getenv("RELAYD_CONTROL");
	struct buf req = { 0 };
	int i = 1, ret;

	if (!path)
		path = RELAY_DEFAULT_CONTROL;
	if (i + 1 < argc && (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--socket"))) {
		path = argv[i + 1];
		i += 2;
	}
	if (i >= argc)
		return usage(stderr);
	if (!strcmp(argv[i], "help") || !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
		return usage(stdout);
	if (!strcmp(argv[i], "--raw") && i + 2 == argc)
		buf_printf(&req, "%s\n", argv[i + 1]);
	else if (build_request(argc - i, argv + i, &req))
		return 2;
	ret = roundtrip(path, &req);
	buf_free(&req);
	return ret;
}
