/* relayd's command line, validated once into a plain struct. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "config.h"

#include <net/if.h>

enum { OPT_VERIFY_MAC1 = 256, OPT_TRACE, OPT_RCVBUF, OPT_XDP_INTERFACE, OPT_XDP_MODE };

const char *const xdp_mode_names[] = {
	[XDP_MODE_DRV] = "drv", [XDP_MODE_SKB] = "skb", [XDP_MODE_AUTO] = "auto", [XDP_MODE_OFF] = "off",
};

static const struct option options[] = {
	{ "listen", required_argument, NULL, 'l' },
	{ "control", required_argument, NULL, 'c' },
	{ "verify-mac1", no_argument, NULL, OPT_VERIFY_MAC1 },
	{ "trace-forward-hashes", no_argument, NULL, OPT_TRACE },
	{ "rcvbuf", required_argument, NULL, OPT_RCVBUF },
	{ "xdp-interface", required_argument, NULL, OPT_XDP_INTERFACE },
	{ "xdp-mode", required_argument, NULL, OPT_XDP_MODE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ 0 }
};

void config_usage(FILE *f)
{
	fprintf(f,
		"Usage: relayd --listen ADDR:PORT [options]\n"
		"\n"
		"A WireGuard-aware UDP pair relay. Datagrams from a linked peer's endpoint\n"
		"go unchanged to its partner's endpoint. Peers and links are managed over\n"
		"the control socket with relayctl.\n"
		"\n"
		"  -l, --listen ADDR:PORT     UDP address to relay on: 0.0.0.0:51820,\n"
		"                             [::]:51820 (dual stack), port 0 = any\n"
		"  -c, --control PATH         control socket (default " RELAY_DEFAULT_CONTROL ")\n"
		"      --verify-mac1          drop handshakes from a known peer whose MAC1\n"
		"                             is not for its partner (drop_pubkey_mismatch)\n"
		"      --trace-forward-hashes log a SHA-256 line at ingress and egress of\n"
		"                             every forwarded datagram; NOT for production.\n"
		"                             With XDP attached, every datagram then goes up\n"
		"                             to userspace, so every forward is traced\n"
		"      --rcvbuf BYTES         UDP receive buffer (default %d)\n"
		"      --xdp-interface IF     forward linked peers' datagrams in XDP on IF;\n"
		"                             repeatable (up to %d), one per NIC peers reach\n"
		"      --xdp-mode MODE        drv (default): native XDP in the NIC's driver;\n"
		"                             skb: generic XDP, any NIC, slower; auto: drv,\n"
		"                             else skb, logged; off: attach nothing. drv or\n"
		"                             skb failing on a NIC is fatal, never a fallback.\n"
		"                             Native XDP: virtio_net, veth, most 10G+ NICs\n"
		"                             (mlx5, i40e, ice, ixgbe); not e1000 or e1000e\n"
		"  -h, --help                 this text\n"
		"  -V, --version              print the version\n",
		RELAY_DEFAULT_RCVBUF, RELAY_MAX_XDP_IFACES);
}

static int parse_rcvbuf(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 4096 || v > (1 << 30)) {
		fprintf(stderr, "relayd: bad --rcvbuf '%s': expected 4096..1073741824\n", s);
		return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

static int parse_xdp_mode(const char *s, enum xdp_mode *out)
{
	for (int m = XDP_MODE_DRV; m <= XDP_MODE_OFF; m++)
		if (!strcmp(s, xdp_mode_names[m])) {
			*out = (enum xdp_mode)m;
			return 0;
		}
	fprintf(stderr, "relayd: bad --xdp-mode '%s': expected drv, skb, auto or off\n", s);
	return -EINVAL;
}

static int add_xdp_iface(struct relay_config *cfg, const char *name)
{
	if (!*name || strlen(name) >= IF_NAMESIZE) {
		fprintf(stderr, "relayd: bad --xdp-interface '%s': expected an interface name\n", name);
		return -EINVAL;
	}
	for (unsigned i = 0; i < cfg->n_xdp_ifaces; i++)
		if (!strcmp(cfg->xdp_ifaces[i], name)) {
			fprintf(stderr, "relayd: --xdp-interface '%s' given twice\n", name);
			return -EINVAL;
		}
	if (cfg->n_xdp_ifaces == RELAY_MAX_XDP_IFACES) {
		fprintf(stderr, "relayd: too many --xdp-interface (at most %d): '%s'\n",
			RELAY_MAX_XDP_IFACES, name);
		return -EINVAL;
	}
	cfg->xdp_ifaces[cfg->n_xdp_ifaces++] = name;
	return 0;
}

static int apply_option(struct relay_config *cfg, int opt, const char *arg)
{
	switch (opt) {
	case 'l':
		cfg->listen_str = arg;
		return 0;
	case 'c':
		cfg->control_path = arg;
		return 0;
	case OPT_VERIFY_MAC1:
		cfg->verify_mac1 = true;
		return 0;
	case OPT_TRACE:
		cfg->trace = true;
		return 0;
	case OPT_RCVBUF:
		return parse_rcvbuf(arg, &cfg->rcvbuf);
	case OPT_XDP_INTERFACE:
		return add_xdp_iface(cfg, arg);
	case OPT_XDP_MODE:
		return parse_xdp_mode(arg, &cfg->xdp_mode);
	case 'h':
		config_usage(stdout);
		exit(0);
	case 'V':
		printf("relayd %s\n", RELAY_VERSION);
		exit(0);
	default:
		config_usage(stderr);
		return -EINVAL;
	}
}

int config_parse(struct relay_config *cfg, int argc, char **argv)
{
	int opt, ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->control_path = RELAY_DEFAULT_CONTROL;
	cfg->rcvbuf = RELAY_DEFAULT_RCVBUF;
	while ((opt = getopt_long(argc, argv, "l:c:hV", options, NULL)) != -1) {
		ret = apply_option(cfg, opt, optarg);
		if (ret)
			return ret;
	}
	if (optind < argc) {
		fprintf(stderr, "relayd: unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	if (!cfg->listen_str) {
		fprintf(stderr, "relayd: --listen ADDR:PORT is required\n");
		return -EINVAL;
	}
	if (addr_parse(cfg->listen_str, &cfg->listen)) {
		fprintf(stderr, "relayd: bad --listen address '%s': expected IPv4:PORT or [IPv6]:PORT\n",
			cfg->listen_str);
		return -EINVAL;
	}
	return 0;
}
