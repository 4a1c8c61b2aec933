/* tcpstats-profile set NAME FILTER | list | remove NAME  [--device PATH]
 *
 * Manages the module's named filter profiles; `tcpstats-read --profile NAME`
 * reads through one. set replaces a profile of that name. A filter the kernel
 * rejects is printed with a caret under the offending byte. Exit 0, 1 when
 * the device or the ioctl fails, 2 on a usage error or a rejected filter or
 * name. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dev.h"
#include "format.h"

#define PROG "tcpstats-profile"

static int usage(FILE *to, int code)
{
	fprintf(to, "usage: " PROG " set NAME FILTER | list | remove NAME  [--device PATH]\n"
		    "  NAME: 1..31 of a-z 0-9 _ -; at most %d profiles\n",
		TCPSTATS_MAX_PROFILES);
	return code;
}

static int list(int fd)
{
	char names[TCPSTATS_MAX_PROFILES][TCPSTATS_PROFILE_NAME_MAX];
	unsigned n, i;
	int ret = ts_profile_list(fd, names, TCPSTATS_MAX_PROFILES, &n);

	if (ret < 0) {
		fprintf(stderr, PROG ": list: %s\n", strerror(-ret));
		return 1;
	}
	for (i = 0; i < n && i < TCPSTATS_MAX_PROFILES; i++)
		printf("%.*s\n", TCPSTATS_PROFILE_NAME_MAX, names[i]);
	return 0;
}

/* The exit code for a failed set or remove. */
static int refused(const char *what, const char *name, const char *text, int ret,
		   const struct tcpstats_parse_error *err)
{
	if (ret == -EINVAL && text && err->message[0]) {
		ts_print_filter_error(PROG, text, err);
		return 2;
	}
	if (ret == -EINVAL)
		fprintf(stderr, PROG ": bad name \"%s\": 1..31 of a-z 0-9 _ -\n", name);
	else if (ret == -ENOENT)
		fprintf(stderr, PROG ": no profile \"%s\"\n", name);
	else if (ret == -ENOSPC)
		fprintf(stderr, PROG ": %d profiles already: remove one first\n",
			TCPSTATS_MAX_PROFILES);
	else
		fprintf(stderr, PROG ": %s %s: %s\n", what, name, strerror(-ret));
	return ret == -EINVAL ? 2 : 1;
}

static int run(int fd, int argc, char **argv)
{
	struct tcpstats_parse_error err = { 0, "" };
	int ret;

	if (!strcmp(argv[0], "list") && argc == 1)
		return list(fd);
	if (!strcmp(argv[0], "set") && argc == 3) {
		ret = ts_profile_set(fd, argv[1], argv[2], &err);
		return ret ? refused("set", argv[1], argv[2], ret, &err) : 0;
	}
	if (!strcmp(argv[0], "remove") && argc == 2) {
		ret = ts_profile_remove(fd, argv[1]);
		return ret ? refused("remove", argv[1], NULL, ret, &err) : 0;
	}
	return usage(stderr, 2);
}

int main(int argc, char **argv)
{
	const char *device = TCPSTATS_DEVICE;
	int fd, ret;

	if (argc > 2 && !strcmp(argv[argc - 2], "--device")) {
		device = argv[argc - 1];
		argc -= 2;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return usage(stdout, 0);
	if (argc < 2)
		return usage(stderr, 2);
	fd = ts_open(device);
	if (fd < 0) {
		fprintf(stderr, PROG ": %s: %s (is tcpstats.ko loaded?)\n", device, strerror(-fd));
		return 1;
	}
	ret = run(fd, argc - 1, argv + 1);
	close(fd);
	return ret;
}
