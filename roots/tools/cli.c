#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "payload.h"
#include "sha256.h"

static const struct cli *current;
static const char *subcommand = "";

int cli_usage(void)
{
	fprintf(stderr, "usage: %s\n", current->usage);
	return 2;
}

int cli_bad(const char *what, const char *arg)
{
	fprintf(stderr, "%s %s: bad %s '%s'\n", current->tool, subcommand, what, arg);
	return 2;
}

int cli_ends(char **argv, bool with_host, struct cli_ends *ends)
{
	char **arg = argv + 2 + with_host;

	ends->host = with_host ? argv[2] : NULL;
	if (net_parse_port(arg[0], &ends->port) < 0)
		return cli_bad("port", arg[0]);
	if (with_host && net_parse_addr(ends->host, ends->port, &ends->addr) < 0)
		return cli_bad("address", ends->host);
	if (payload_parse_count(arg[1], &ends->count) < 0)
		return cli_bad("count", arg[1]);
	return 0;
}

int cli_main(const struct cli *cli, int argc, char **argv)
{
	current = cli;
	if (sha256_self_check() < 0) {
		fprintf(stderr, "%s: the SHA-256 self-check failed: this build hashes wrongly\n", cli->tool);
		return 3;
	}
	for (size_t i = 0; argc > 1 && i < cli->count; i++) {
		if (!strcmp(argv[1], cli->commands[i].name)) {
			subcommand = argv[1];
			return cli->commands[i].run(argc, argv);
		}
	}
	return cli_usage();
}
