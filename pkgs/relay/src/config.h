/* relayd's command line, validated once into a plain struct. */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdio.h>

#include "relay.h"

#define RELAY_VERSION "0.1.0"
#define RELAY_DEFAULT_CONTROL "/run/relayd.sock"
#define RELAY_DEFAULT_RCVBUF (4 << 20)
#define RELAY_MAX_XDP_IFACES 8 /* XDP_MAX_IFACES: the egress devmap's size */

/* --xdp-mode: drv and skb force that mode, auto tries drv then skb, off attaches nothing. */
enum xdp_mode { XDP_MODE_DRV, XDP_MODE_SKB, XDP_MODE_AUTO, XDP_MODE_OFF };

extern const char *const xdp_mode_names[];

struct relay_config {
	const char *listen_str;
	union sockaddr_any listen;
	const char *control_path;
	bool verify_mac1;
	bool trace;
	int rcvbuf;
	enum xdp_mode xdp_mode;
	const char *xdp_ifaces[RELAY_MAX_XDP_IFACES];
	unsigned n_xdp_ifaces;
};

/* XDP attaches: a mode other than off and at least one interface. */
static inline bool config_xdp(const struct relay_config *cfg)
{
	return cfg->xdp_mode != XDP_MODE_OFF && cfg->n_xdp_ifaces > 0;
}

int config_parse(struct relay_config *cfg, int argc, char **argv);
void config_usage(FILE *f);

#endif
