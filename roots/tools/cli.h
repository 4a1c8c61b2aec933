/* The command line of a guest tool: a table of subcommands, its usage line, one-line complaints. */
#ifndef TOOLS_CLI_H
#define TOOLS_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "net.h"

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
};

struct cli {
	const char *tool, *usage;
	const struct cli_command *commands;
	size_t count;
};

/* Checks SHA-256 (every tool here hashes), then runs the subcommand argv[1] names. */
int cli_main(const struct cli *cli, int argc, char **argv);
/* The usage line on stderr; returns 2. */
int cli_usage(void);
/* "TOOL SUBCOMMAND: bad WHAT 'ARG'" on stderr; returns 2. */
int cli_bad(const char *what, const char *arg);

/* What every subcommand here is given: the other end (if it connects), a port, a payload COUNT. */
struct cli_ends {
	const char *host;
	struct net_addr addr;
	uint16_t port;
	unsigned long count;
};

/* Parses HOST PORT COUNT (with_host) or PORT COUNT from argv[2] on; 0, or 2 after one line quoting the bad one. */
int cli_ends(char **argv, bool with_host, struct cli_ends *ends);

#endif
