/* The XDP fast path's lifecycle: load the embedded program (bpf/xdp_fwd.bpf.c,
 * built into xdp_obj.S), attach it per NIC, detach on the way out.
 *
 * Each attach is in exactly the mode asked for (XDP_FLAGS_DRV_MODE or
 * XDP_FLAGS_SKB_MODE, never the kernel's own pick), so a row labelled drv is
 * drv: a NIC without native XDP fails the start instead of quietly running
 * the generic path. Only --xdp-mode auto tries skb after drv, and says so.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

#include "addr.h"
#include "buf.h"
#include "config.h"
#include "log.h"
#include "xdp.h"
#include "xdp_map.h"

extern const char xdp_obj_start[], xdp_obj_end[];

/* libbpf's warnings as relayd log lines, one per line of the message (a
 * verifier log is many); its debug chatter is dropped. */
__attribute__((format(printf, 2, 0))) static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char msg[8192], *line, *save = NULL;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	for (char *c = msg; *c; c++)
		if (*c == '"')
			*c = '\'';
	for (line = strtok_r(msg, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		log_warn("libbpf", "msg=\"%s\"", line);
	return 0;
}

/* The NIC's driver from sysfs, or "?" (loopback, a missing interface). */
static void nic_driver(const char *iface, char *out, size_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/device/driver", iface);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0) {
		snprintf(out, size, "?");
		return;
	}
	target[n] = '\0';
	snprintf(out, size, "%s", basename(target));
}

static const char *kernel_release(void)
{
	static struct utsname u;

	return uname(&u) ? "?" : u.release;
}

static bool sysctl_on(const char *family, const char *iface)
{
	char path[PATH_MAX], v = '0';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/forwarding", family, iface);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fread(&v, 1, 1, f) != 1)
		v = '0';
	fclose(f);
	return v == '1';
}

/* bpf_fib_lookup, which picks the egress NIC and MACs, answers only on an
 * interface that forwards (FWD_DISABLED otherwise). Rather than attach a
 * program that would pass every datagram up, name the sysctl to set. IPv4
 * always (on [::] IPv4 peers arrive v4-mapped), IPv6 on an IPv6 socket. */
static int forwarding_off(const char *iface, int family, char *why, size_t size)
{
	static const char *const fams[] = { "ipv4", "ipv6" };

	for (int i = 0; i < (family == AF_INET6 ? 2 : 1); i++) {
		if (sysctl_on(fams[i], iface))
			continue;
		snprintf(why, size, "%s forwarding is off and bpf_fib_lookup routes only where it is on: "
			 "sysctl -w net.%s.conf.%s.forwarding=1", fams[i], fams[i], iface);
		return -ENETDOWN;
	}
	return 0;
}

static int attach_mode(struct xdp_nic *nic, int prog_fd, enum xdp_mode mode)
{
	__u32 flags = mode == XDP_MODE_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE;
	int ret = bpf_xdp_attach(nic->ifindex, prog_fd, flags | XDP_FLAGS_UPDATE_IF_NOEXIST, NULL);

	if (ret)
		return ret;
	nic->flags = flags;
	nic->mode = mode;
	return 0;
}

static int attach_nic(struct xdp *x, struct xdp_nic *nic, const char *iface, enum xdp_mode mode)
{
	char why[256] = "";
	int ret = -ENODEV;

	snprintf(nic->name, sizeof(nic->name), "%s", iface);
	nic->ifindex = (int)if_nametoindex(iface);
	nic_driver(iface, nic->driver, sizeof(nic->driver));
	if (nic->ifindex)
		ret = forwarding_off(iface, x->bound.sa.sa_family, why, sizeof(why));
	if (!ret) {
		ret = attach_mode(nic, x->prog_fd, mode == XDP_MODE_SKB ? XDP_MODE_SKB : XDP_MODE_DRV);
		if (ret && mode == XDP_MODE_AUTO)
			ret = attach_mode(nic, x->prog_fd, XDP_MODE_SKB);
	}
	if (ret) {
		log_err("xdp_attach_failed",
			"iface=%s ifindex=%d mode=%s driver=%s kernel=%s reason=\"%s\"", iface,
			nic->ifindex, xdp_mode_names[mode], nic->driver, kernel_release(),
			*why ? why : strerror(-ret));
		return ret;
	}
	log_info("xdp_attached", "iface=%s ifindex=%d mode=%s driver=%s kernel=%s%s", iface,
		 nic->ifindex, xdp_mode_names[nic->mode], nic->driver, kernel_release(),
		 mode == XDP_MODE_AUTO ? " requested=auto" : "");
	return 0;
}

static void detach_all(struct xdp *x)
{
	while (x->nnics > 0) {
		struct xdp_nic *nic = &x->nics[--x->nnics];

		bpf_xdp_detach(nic->ifindex, nic->flags, NULL);
	}
}

static int attach_all(struct xdp *x, const struct relay_config *cfg)
{
	for (unsigned i = 0; i < cfg->n_xdp_ifaces; i++) {
		struct xdp_nic *nic = &x->nics[x->nnics];
		__u32 ifindex;
		int ret = attach_nic(x, nic, cfg->xdp_ifaces[i], cfg->xdp_mode);

		if (ret)
			return ret;
		x->nnics++;
		ifindex = (__u32)nic->ifindex;
		if (bpf_map_update_elem(x->tx_fd, &ifindex, &ifindex, BPF_ANY))
			return -errno;
	}
	return 0;
}

static int load(struct xdp *x)
{
	struct bpf_program *prog;
	int ret;

	libbpf_set_print(libbpf_log);
	x->obj = bpf_object__open_mem(xdp_obj_start, (size_t)(xdp_obj_end - xdp_obj_start), NULL);
	if (!x->obj)
		return -errno;
	ret = bpf_object__load(x->obj);
	if (ret)
		return ret;
	prog = bpf_object__find_program_by_name(x->obj, "relay_xdp");
	if (!prog)
		return -ENOENT;
	x->prog_fd = bpf_program__fd(prog);
	x->fwd_fd = bpf_object__find_map_fd_by_name(x->obj, "fwd_map");
	x->tx_fd = bpf_object__find_map_fd_by_name(x->obj, "tx_ports");
	x->conf_fd = bpf_object__find_map_fd_by_name(x->obj, "conf_map");
	x->cnt_fd = bpf_object__find_map_fd_by_name(x->obj, "counters");
	return x->fwd_fd < 0 || x->tx_fd < 0 || x->conf_fd < 0 || x->cnt_fd < 0 ? -ENOENT : 0;
}

static int configure(struct xdp *x, const struct relay_config *cfg, const union sockaddr_any *bound)
{
	struct xdp_conf conf = { .port = addr_port(bound), .pass_all = cfg->trace };
	__u32 zero = 0;

	return bpf_map_update_elem(x->conf_fd, &zero, &conf, BPF_ANY) ? -errno : 0;
}

int xdp_open(struct xdp **out, const struct relay_config *cfg, const union sockaddr_any *bound)
{
	struct xdp *x = calloc(1, sizeof(*x));
	int ret;

	if (!x)
		return -ENOMEM;
	x->bound = *bound;
	ret = load(x);
	if (ret) {
		log_err("xdp_load_failed", "kernel=%s reason=\"%s\"", kernel_release(), strerror(-ret));
		goto err_load;
	}
	ret = configure(x, cfg, bound);
	if (ret)
		goto err_load;
	ret = attach_all(x, cfg);
	if (ret)
		goto err_attach;
	*out = x;
	return 0;
err_attach:
	detach_all(x);
err_load:
	bpf_object__close(x->obj);
	free(x);
	return ret;
}

int xdp_start(struct relay *r, const struct relay_config *cfg)
{
	if (cfg->n_xdp_ifaces && cfg->xdp_mode == XDP_MODE_OFF)
		log_info("xdp_off", "interfaces=%u reason=\"--xdp-mode off\"", cfg->n_xdp_ifaces);
	if (!config_xdp(cfg))
		return 0;
	return xdp_open(&r->xdp, cfg, &r->bound);
}

void xdp_close(struct xdp *x)
{
	if (!x)
		return;
	detach_all(x);
	bpf_object__close(x->obj);
	free(x);
}

void xdp_counters(const struct xdp *x, uint64_t out[XDP_CNT__COUNT])
{
	int ncpus = libbpf_num_possible_cpus();
	uint64_t per_cpu[256];

	memset(out, 0, sizeof(uint64_t) * XDP_CNT__COUNT);
	if (!x || ncpus <= 0 || ncpus > 256)
		return;
	for (__u32 c = 0; c < XDP_CNT__COUNT; c++) {
		if (bpf_map_lookup_elem(x->cnt_fd, &c, per_cpu))
			continue;
		for (int cpu = 0; cpu < ncpus; cpu++)
			out[c] += per_cpu[cpu];
	}
}

void xdp_config_json(const struct xdp *x, struct buf *out)
{
	buf_printf(out, ",\"xdp\":[");
	for (unsigned i = 0; x && i < x->nnics; i++) {
		const struct xdp_nic *nic = &x->nics[i];

		buf_printf(out, "%s{\"iface\":\"%s\",\"ifindex\":%d,\"mode\":\"%s\",\"driver\":\"%s\"}",
			   i ? "," : "", nic->name, nic->ifindex, xdp_mode_names[nic->mode], nic->driver);
	}
	buf_printf(out, "]");
}
