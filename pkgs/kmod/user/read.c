/* tcpstats-read [--filter TEXT | --profile NAME] [--json] [--device PATH]
 *
 * Prints the sockets /dev/tcpstats reports, one line each, as text or as
 * JSON lines. --profile reads through a named profile (tcpstats-profile). A
 * filter the kernel rejects is printed with a caret under the offending
 * byte, and an unknown profile is named; exit 2. Exit 1 when the device
 * cannot be read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "format.h"

#define BATCH_BYTES (64 * sizeof(struct tcpstats_record))

struct options {
	const char *filter, *profile, *device;
	int json;
};

static int usage(FILE *to, int code)
{
	fprintf(to, "usage: tcpstats-read [--filter TEXT | --profile NAME] [--json] [--device PATH]\n");
	return code;
}

#define ARGS_OK (-1)

/* ARGS_OK, or the exit code to leave with (0 after --help). */
static int parse_args(int argc, char **argv, struct options *o)
{
	int i;

	o->filter = o->profile = NULL;
	o->device = TCPSTATS_DEVICE;
	o->json = 0;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			o->json = 1;
		else if (!strcmp(argv[i], "--filter") && i + 1 < argc)
			o->filter = argv[++i];
		else if (!strcmp(argv[i], "--profile") && i + 1 < argc)
			o->profile = argv[++i];
		else if (!strcmp(argv[i], "--device") && i + 1 < argc)
			o->device = argv[++i];
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return usage(stdout, 0);
		else
			return usage(stderr, 2);
	}
	return o->filter && o->profile ? usage(stderr, 2) : ARGS_OK;
}

/* 0, or the exit code: the filter or profile was refused. */
static int choose(int fd, const struct options *o)
{
	struct tcpstats_parse_error err;
	int ret = 0;

	if (o->filter && (ret = ts_set_filter(fd, o->filter, &err)) == -EINVAL)
		ts_print_filter_error("tcpstats-read", o->filter, &err);
	else if (o->profile && (ret = ts_profile_use(fd, o->profile)) == -ENOENT)
		fprintf(stderr, "tcpstats-read: no profile \"%s\" (tcpstats-profile list)\n", o->profile);
	else if (ret < 0)
		fprintf(stderr, "tcpstats-read: %s: %s\n", o->filter ? "set filter" : "use profile",
			strerror(-ret));
	return ret < 0 ? 2 : 0;
}

static int print_records(int fd, int json)
{
	static unsigned char buf[BATCH_BYTES];
	struct ts_rec recs[BATCH_BYTES / sizeof(struct tcpstats_compact) + 1];
	char line[512];
	ssize_t got;
	int n, i;

	while ((got = ts_read_raw(fd, buf, sizeof(buf))) != 0) {
		if (got == -EAGAIN)
			continue;
		n = got < 0 ? (int)got : ts_decode(buf, (size_t)got, recs, sizeof(recs) / sizeof(recs[0]));
		if (n < 0) {
			fprintf(stderr, "tcpstats-read: read: %s\n", strerror(-n));
			return 1;
		}
		for (i = 0; i < n; i++) {
			(json ? ts_format_json : ts_format_text)(&recs[i], line, sizeof(line));
			puts(line);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	int fd, ret;

	ret = parse_args(argc, argv, &o);
	if (ret != ARGS_OK)
		return ret;
	fd = ts_open(o.device);
	if (fd < 0) {
		fprintf(stderr, "tcpstats-read: %s: %s (is tcpstats.ko loaded?)\n", o.device,
			strerror(-fd));
		return 1;
	}
	ret = choose(fd, &o);
	if (!ret)
		ret = print_records(fd, o.json);
	close(fd);
	return ret;
}
