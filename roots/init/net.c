/* NICs named on the command line by MAC (vmgate.nic=MAC,ADDR/LEN,...): found, brought up, addressed. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
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

	if (p->nnics == MAX_NICS || sscanf(value, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &nic->mac[0], &nic->mac[1],
					   &nic->mac[2], &nic->mac[3], &nic->mac[4], &nic->mac[5]) != 6) {
		fprintf(stderr, "vmgate-init: bad vmgate.nic '%s': expected MAC,ADDR/LEN,... (at most %d NICs)\n", value, MAX_NICS);
		return -EINVAL;
	}
	snprintf(copy, sizeof(copy), "%s", value);
	strtok_r(copy, ",", &save);
	while ((word = strtok_r(NULL, ",", &save)) && nic->naddrs < MAX_ADDRS)
		snprintf(nic->addrs[nic->naddrs++], sizeof(nic->addrs[0]), "%s", word);
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

static int configure_nic(int fd, const struct nic *nic)
{
	struct ifreq ifr = { 0 };
	char name[IF_NAMESIZE];
	int index = find_by_mac(fd, nic->mac, name), err;

	if (index < 0) {
		fprintf(stderr, "vmgate-init: no NIC with MAC %02x:%02x:%02x:%02x:%02x:%02x\n", nic->mac[0], nic->mac[1],
			nic->mac[2], nic->mac[3], nic->mac[4], nic->mac[5]);
		return index;
	}
	no_dad(name);
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 || (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr) < 0))
		return -errno;
	for (int i = 0; i < nic->naddrs; i++) {
		err = add_addr(fd, name, index, nic->addrs[i]);
		if (err < 0) {
			fprintf(stderr, "vmgate-init: %s: cannot add '%s': %s\n", name, nic->addrs[i], strerror(-err));
			return err;
		}
	}
	return 0;
}

int net_configure(const struct params *p)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	for (int i = 0; i < p->nnics && err == 0; i++)
		err = configure_nic(fd, &p->nics[i]);
	close(fd);
	return err;
}
