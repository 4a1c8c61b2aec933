/* relayd's command line, validated once into a plain struct. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdio.h>

#include "relay.h"

#define RELAY_VERSION "0.1.0"
#define RELAY_DEFAULT_CONTROL "/run/relayd.sock"
#define RELAY_DEFAULT_RCVBUF (4 << 20)

struct relay_config {
	const char *listen_str;
	union sockaddr_any listen;
	const char *control_path;
	bool verify_mac1;
	bool trace;
	int rcvbuf;
};

int config_parse(struct relay_config *cfg, int argc, char **argv);
void config_usage(FILE *f);

#endif
