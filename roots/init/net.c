/*
 * NICs named in the run by MAC (vmgate.nic=MAC,DRIVER[,mac=RUNMAC],ADDR/LEN,...):
 * found, checked to be driven by the driver the host expects, given the run's
 * own MAC (a snapshot's NICs have the MACs of the shape it was saved for),
 * brought up and addressed. A NIC whose driver is missing never appears as an interface, so
 * "no NIC with that MAC" is told apart from "its driver is not in this kernel".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <libgen.h>
#include <net/if_arp.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include "init.h"

struct in6_ifreq_compat {
	struct in6_addr addr;
	uint32_t prefixlen;
	int ifindex;
};

int net_parse_nic(struct params *p, const char *value)
{
	struct nic *nic = &p->nics[p->nnics];
	char copy[256], *save, *word;
	int used = 0;

	if (p->nnics < MAX_NICS)
		used = sscanf(value, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx,%31[a-z0-9_-]", &nic->mac[0], &nic->mac[1],
			      &nic->mac[2], &nic->mac[3], &nic->mac[4], &nic->mac[5], nic->driver);
	if (used != 7) {
		fprintf(stderr, "vmgate-init: bad vmgate.nic '%s': expected MAC,DRIVER,ADDR/LEN,... (at most %d NICs)\n", value, MAX_NICS);
		return -EINVAL;
	}
	snprintf(copy, sizeof(copy), "%s", value);
	strtok_r(copy, ",", &save);
	strtok_r(NULL, ",", &save);
	while ((word = strtok_r(NULL, ",", &save))) {
		unsigned char *m = nic->run_mac;
		if (!strncmp(word, "mac=", 4)) {
			if (sscanf(word + 4, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) != 6) {
				fprintf(stderr, "vmgate-init: bad vmgate.nic '%s': '%s' is not mac=MAC\n", value, word);
				return -EINVAL;
			}
			nic->has_run_mac = 1;
		} else if (nic->naddrs < MAX_ADDRS) {
			snprintf(nic->addrs[nic->naddrs++], sizeof(nic->addrs[0]), "%s", word);
		}
	}
	p->nnics++;
	return 0;
}

static int find_by_mac(int fd, const unsigned char *mac, char name[IF_NAMESIZE])
{
	struct if_nameindex *all = if_nameindex(), *i;
	int found = -ENODEV;

	for (i = all; i && i->if_index && found < 0; i++) {
		struct ifreq ifr = { 0 };
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->if_name);
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 && !memcmp(ifr.ifr_hwaddr.sa_data, mac, 6)) {
			snprintf(name, IF_NAMESIZE, "%s", i->if_name);
			found = (int)i->if_index;
		}
	}
	if_freenameindex(all);
	return found;
}

/* Addresses on a fresh link are usable at once: duplicate detection would hold IPv6 back ~1 s. */
static void no_dad(const char *ifname)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/accept_dad", ifname);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "0", 1) < 0)
			fprintf(stderr, "vmgate-init: %s: %s\n", path, strerror(errno));
		close(fd);
	}
}

static int add_v4(int fd, const char *ifname, const char *ip, unsigned len)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	sin->sin_family = AF_INET;
	if (len > 32 || inet_pton(AF_INET, ip, &sin->sin_addr) != 1)
		return -EINVAL;
	if (ioctl(fd, SIOCSIFADDR, &ifr) < 0)
		return -errno;
	sin->sin_addr.s_addr = len ? htonl(~0u << (32 - len)) : 0;
	return ioctl(fd, SIOCSIFNETMASK, &ifr) < 0 ? -errno : 0;
}

static int add_v6(int ifindex, const char *ip, unsigned len)
{
	struct in6_ifreq_compat req = { .prefixlen = len, .ifindex = ifindex };
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	if (len > 128 || inet_pton(AF_INET6, ip, &req.addr) != 1)
		err = -EINVAL;
	else if (ioctl(fd, SIOCSIFADDR, &req) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int add_addr(int fd, const char *ifname, int ifindex, const char *cidr)
{
	char ip[48];
	const char *slash = strchr(cidr, '/');
	unsigned len = slash ? (unsigned)strtoul(slash + 1, NULL, 10) : 0;

	if (!slash || (size_t)(slash - cidr) >= sizeof(ip))
		return -EINVAL;
	snprintf(ip, sizeof(ip), "%.*s", (int)(slash - cidr), cidr);
	return strchr(ip, ':') ? add_v6(ifindex, ip, len) : add_v4(fd, ifname, ip, len);
}

/* Whether the kernel has the driver at all: every bus lists its drivers under /sys/bus/BUS/drivers. */
static int driver_present(const char *driver)
{
	char pattern[96];
	glob_t found;
	int present;

	snprintf(pattern, sizeof(pattern), "/sys/bus/*/drivers/%s", driver);
	present = glob(pattern, GLOB_NOSORT, NULL, &found) == 0;
	globfree(&found);
	return present;
}

/* The NIC's interface is there: its device must be bound to the driver the host expects. */
static int check_driver(const char *ifname, const char *want, char *why, size_t cap)
{
	char path[96], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/device/driver", ifname);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		snprintf(why, cap, "%s: no driver link at %s (%s); expected driver %s", ifname, path, strerror(errno), want);
		return -ENODEV;
	}
	target[n] = '\0';
	if (strcmp(basename(target), want)) {
		snprintf(why, cap, "%s: bound to driver %s, expected %s", ifname, basename(target), want);
		return -ENODEV;
	}
	return 0;
}

static void no_nic(const struct nic *nic, char *why, size_t cap)
{
	char mac[18];

	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", nic->mac[0], nic->mac[1], nic->mac[2], nic->mac[3],
		 nic->mac[4], nic->mac[5]);
	if (!driver_present(nic->driver))
		snprintf(why, cap, "no NIC with MAC %s: its driver %s is not in this kernel; add that driver's fragment to the kernel definition", mac, nic->driver);
	else
		snprintf(why, cap, "no NIC with MAC %s, though driver %s is in the kernel", mac, nic->driver);
}

static int configure_nic(int fd, const struct nic *nic, char *why, size_t cap)
{
	struct ifreq ifr = { 0 };
	char name[IF_NAMESIZE];
	int index = find_by_mac(fd, nic->mac, name), err;

	if (index < 0) {
		no_nic(nic, why, cap);
		return index;
	}
	err = check_driver(name, nic->driver, why, cap);
	if (err < 0)
		return err;
	no_dad(name);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (nic->has_run_mac) {
		ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
		memcpy(ifr.ifr_hwaddr.sa_data, nic->run_mac, 6);
		if (ioctl(fd, SIOCSIFHWADDR, &ifr) < 0) {
			snprintf(why, cap, "%s: cannot set the run's MAC: %s", name, strerror(errno));
			return -errno;
		}
	}
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 || (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)) {
		snprintf(why, cap, "%s: cannot bring it up: %s", name, strerror(errno));
		return -errno;
	}
	for (int i = 0; i < nic->naddrs; i++) {
		err = add_addr(fd, name, index, nic->addrs[i]);
		if (err < 0) {
			snprintf(why, cap, "%s: cannot add '%s': %s", name, nic->addrs[i], strerror(-err));
			return err;
		}
	}
	return 0;
}

/* On failure `why` says which NIC and what went wrong, for the verdict and the console. */
int net_configure(const struct params *p, char *why, size_t cap)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0) {
		snprintf(why, cap, "socket: %s", strerror(errno));
		return -errno;
	}
	for (int i = 0; i < p->nnics && err == 0; i++)
		err = configure_nic(fd, &p->nics[i], why, cap);
	close(fd);
	if (err < 0)
		fprintf(stderr, "vmgate-init: %s\n", why);
	return err;
}
