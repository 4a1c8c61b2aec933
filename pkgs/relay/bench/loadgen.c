/* loadgen: the UDP sender and receiver of `just bench-relay`, batched with
 * sendmmsg/recvmmsg so the measurement is not bound by the harness.
 *
 *   loadgen send BIND_IP[:PORT] DEST_IP:PORT SIZE SECONDS
 *       binds BIND_IP:PORT (default 0), prints "port=N", waits for a line on stdin, then
 *       sends SIZE-byte WireGuard transport-shaped datagrams for SECONDS and
 *       prints "sent=N".
 *   loadgen send-raw IFACE BIND_IP:PORT DEST_IP:PORT SIZE SECONDS [PPS]
 *       the same datagrams written as whole frames to a packet socket on IFACE,
 *       at most PPS a second when given (a sender that spins takes a core from
 *       what it loads)
 *       (PACKET_QDISC_BYPASS): no IP stack, routing or qdisc per datagram, so a
 *       sender under TCG costs far less per packet than the relay it loads. The
 *       destination's MAC comes from ARP, resolved by one datagram on a UDP socket.
 *   loadgen recv BIND_IP[:PORT] WARMUP_MS WINDOW_MS TIMEOUT_MS
 *       binds BIND_IP:PORT (default 0), prints "port=N"; from the first datagram it skips
 *       WARMUP_MS, then counts for WINDOW_MS and prints
 *       "packets=N seconds=S pps=R bad=B" (B: datagrams of the wrong size).
 *       Gives up with pps=0 when nothing arrives within TIMEOUT_MS.
 *
 * Loopback only: it refuses any address outside 127.0.0.0/8, unless
 * LOADGEN_ANY_ADDRESS=1 says it runs in a guest on a private link (the guests
 * of `vmgate bench xdp`, where the relay has its own NICs).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define MAXDG 2048

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int any_address(void)
{
	const char *v = getenv("LOADGEN_ANY_ADDRESS");

	return v && !strcmp(v, "1");
}

static int loopback(const char *ip, struct sockaddr_in *sa, int port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, ip, &sa->sin_addr) != 1) {
		fprintf(stderr, "loadgen: '%s' is not an IPv4 address\n", ip);
		return -EINVAL;
	}
	if ((ntohl(sa->sin_addr.s_addr) >> 24) != 127 && !any_address()) {
		fprintf(stderr, "loadgen: '%s' is not a loopback IPv4 address (LOADGEN_ANY_ADDRESS=1 allows any)\n", ip);
		return -EINVAL;
	}
	return 0;
}

/* BIND_IP or BIND_IP:PORT. */
static int bind_any(char *ip)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), buf = 4 << 20;
	char *colon = strchr(ip, ':');
	int port = 0;

	if (colon)
		*colon = '\0', port = atoi(colon + 1);
	if (fd < 0 || loopback(ip, &sa, port))
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || getsockname(fd, (struct sockaddr *)&sa, &len)) {
		perror("loadgen: bind");
		return -1;
	}
	printf("port=%u\n", ntohs(sa.sin_port));
	fflush(stdout);
	return fd;
}

/* Waits for a line on stdin (the go), then sends the batch over and over for
 * SECONDS, no faster than PPS a second when PPS > 0. */
static int send_for(int fd, struct mmsghdr *mm, double seconds, double pps)
{
	char line[16];
	long sent = 0;
	double start, end, t;

	if (!fgets(line, sizeof(line), stdin))
		return 2;
	start = now(), end = start + seconds;
	while ((t = now()) < end) {
		int n = sendmmsg(fd, mm, BATCH, 0);

		if (n > 0)
			sent += n;
		if (pps > 0 && start + sent / pps > t) {
			double wait = start + sent / pps - t;
			struct timespec ts = { (time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9) };

			nanosleep(&ts, NULL);
		}
	}
	printf("sent=%ld\n", sent);
	return 0;
}

static int send_main(char **argv)
{
	static unsigned char msg[MAXDG];
	struct mmsghdr mm[BATCH];
	struct iovec iov = { msg, 0 };
	struct sockaddr_in to;
	char *colon = strrchr(argv[1], ':');
	long size = atol(argv[2]);
	int fd = bind_any(argv[0]);

	if (fd < 0 || !colon || size < 32 || size > MAXDG)
		return 2;
	*colon = '\0';
	if (loopback(argv[1], &to, atoi(colon + 1)) || connect(fd, (struct sockaddr *)&to, sizeof(to)))
		return 2;
	msg[0] = 4; /* a WireGuard transport message: type 4, reserved zero */
	iov.iov_len = (size_t)size;
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < BATCH; i++)
		mm[i].msg_hdr.msg_iov = &iov, mm[i].msg_hdr.msg_iovlen = 1;
	return send_for(fd, mm, atof(argv[3]), 0);
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t add16(uint32_t sum, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

/* The MAC that ARP gives DEST on IFACE, asking by sending datagrams of SIZE (the
 * receiver counts them with the rest) on the connected fd. */
static int neighbour_mac(int fd, const char *iface, const struct sockaddr_in *dest, size_t size,
			 unsigned char mac[ETH_ALEN])
{
	static unsigned char probe[MAXDG] = { 4 };
	struct arpreq req;

	memset(&req, 0, sizeof(req));
	memcpy(&req.arp_pa, dest, sizeof(*dest));
	snprintf(req.arp_dev, sizeof(req.arp_dev), "%s", iface);
	for (int tries = 0; tries < 50; tries++) {
		if (send(fd, probe, size, 0) < 0 && errno != EAGAIN)
			break;
		usleep(tries ? 100 * 1000 : 1000);
		if (!ioctl(fd, SIOCGARP, &req) && (req.arp_flags & ATF_COM)) {
			memcpy(mac, req.arp_ha.sa_data, ETH_ALEN);
			return 0;
		}
	}
	fprintf(stderr, "loadgen: no ARP answer from %s on %s in 5 s\n", inet_ntoa(dest->sin_addr), iface);
	return -1;
}

/* Ethernet, IPv4 and UDP headers (checksums filled) around a SIZE-byte WireGuard-shaped payload. */
static size_t build_frame(unsigned char *frame, const unsigned char src_mac[ETH_ALEN],
			  const unsigned char dst_mac[ETH_ALEN], const struct sockaddr_in *src,
			  const struct sockaddr_in *dst, size_t size)
{
	struct ether_header *eth = (struct ether_header *)frame;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	unsigned char *payload = (unsigned char *)(udp + 1);
	uint32_t pseudo = 0;

	memset(frame, 0, sizeof(*eth) + sizeof(*ip) + sizeof(*udp) + size);
	memcpy(eth->ether_dhost, dst_mac, ETH_ALEN);
	memcpy(eth->ether_shost, src_mac, ETH_ALEN);
	eth->ether_type = htons(ETHERTYPE_IP);
	*ip = (struct iphdr){ .version = 4, .ihl = 5, .ttl = 64, .protocol = IPPROTO_UDP };
	ip->tot_len = htons((uint16_t)(sizeof(*ip) + sizeof(*udp) + size));
	ip->frag_off = htons(IP_DF);
	ip->saddr = src->sin_addr.s_addr, ip->daddr = dst->sin_addr.s_addr;
	ip->check = htons(fold(add16(0, ip, sizeof(*ip))));
	*udp = (struct udphdr){ .source = src->sin_port, .dest = dst->sin_port };
	udp->len = htons((uint16_t)(sizeof(*udp) + size));
	payload[0] = 4; /* a WireGuard transport message: type 4, reserved zero */
	pseudo = add16(pseudo, &ip->saddr, 8);
	pseudo += IPPROTO_UDP + ntohs(udp->len);
	udp->check = htons(fold(add16(pseudo, udp, sizeof(*udp) + size)));
	if (!udp->check)
		udp->check = 0xffff;
	return sizeof(*eth) + sizeof(*ip) + sizeof(*udp) + size;
}

/* A packet socket on IFACE that hands frames straight to the driver. */
static int packet_socket(const char *iface, unsigned char mac[ETH_ALEN])
{
	int fd = socket(AF_PACKET, SOCK_RAW, 0), bypass = 1;
	struct ifreq ifr;
	struct sockaddr_ll ll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP) };

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (fd < 0 || ioctl(fd, SIOCGIFINDEX, &ifr)) {
		fprintf(stderr, "loadgen: no interface '%s': %s\n", iface, strerror(errno));
		return -1;
	}
	ll.sll_ifindex = ifr.ifr_ifindex;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) || bind(fd, (struct sockaddr *)&ll, sizeof(ll)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &bypass, sizeof(bypass))) {
		fprintf(stderr, "loadgen: packet socket on %s: %s\n", iface, strerror(errno));
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	return fd;
}

static int send_raw_main(char **argv)
{
	static unsigned char frame[MAXDG + 64];
	struct mmsghdr mm[BATCH];
	struct iovec iov = { frame, 0 };
	struct sockaddr_in to, from;
	socklen_t len = sizeof(from);
	unsigned char src_mac[ETH_ALEN], dst_mac[ETH_ALEN];
	char *colon = strrchr(argv[2], ':');
	long size = atol(argv[3]);
	int udp = bind_any(argv[1]), raw;

	if (udp < 0 || !colon || size < 32 || size > MAXDG)
		return 2;
	*colon = '\0';
	if (loopback(argv[2], &to, atoi(colon + 1)) || connect(udp, (struct sockaddr *)&to, sizeof(to)) ||
	    getsockname(udp, (struct sockaddr *)&from, &len))
		return 2;
	raw = packet_socket(argv[0], src_mac);
	if (raw < 0 || neighbour_mac(udp, argv[0], &to, (size_t)size, dst_mac))
		return 1;
	iov.iov_len = build_frame(frame, src_mac, dst_mac, &from, &to, (size_t)size);
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < BATCH; i++)
		mm[i].msg_hdr.msg_iov = &iov, mm[i].msg_hdr.msg_iovlen = 1;
	return send_for(raw, mm, atof(argv[4]), argv[5] ? atof(argv[5]) : 0);
}

static int recv_main(char **argv)
{
	static unsigned char buf[BATCH][MAXDG];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	double warmup = atof(argv[1]) / 1e3, window = atof(argv[2]) / 1e3, t0 = 0, start = 0;
	long packets = 0, bad = 0, size = 0;
	int fd = bind_any(argv[0]);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (fd < 0)
		return 2;
	for (int i = 0; i < BATCH; i++) {
		iov[i] = (struct iovec){ buf[i], MAXDG };
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i], mm[i].msg_hdr.msg_iovlen = 1;
	}
	if (poll(&pfd, 1, atoi(argv[3])) != 1) {
		printf("packets=0 seconds=0 pps=0 bad=0\n");
		return 1;
	}
	t0 = now();
	for (;;) {
		/* recvmmsg's own timeout is checked only after a datagram: once the
		 * senders stop it would block for ever, so poll, then take what is there. */
		int n = poll(&pfd, 1, 100) == 1 ? recvmmsg(fd, mm, BATCH, MSG_DONTWAIT, NULL) : 0;
		double t = now();

		if (t - t0 >= warmup + window)
			break;
		if (n <= 0 || t - t0 < warmup)
			continue;
		if (!start)
			start = t;
		for (int i = 0; i < n; i++) {
			if (!size)
				size = mm[i].msg_len;
			bad += mm[i].msg_len != size;
		}
		packets += n;
	}
	window = now() - (start ? start : t0);
	printf("packets=%ld seconds=%.3f pps=%.0f bad=%ld\n", packets, window, packets / window, bad);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "send"))
		return send_main(argv + 2);
	if ((argc == 7 || argc == 8) && !strcmp(argv[1], "send-raw"))
		return send_raw_main(argv + 2);
	if (argc == 6 && !strcmp(argv[1], "recv"))
		return recv_main(argv + 2);
	fprintf(stderr, "usage: loadgen send BIND_IP[:PORT] DEST_IP:PORT SIZE SECONDS\n"
			"       loadgen send-raw IFACE BIND_IP:PORT DEST_IP:PORT SIZE SECONDS [PPS]\n"
			"       loadgen recv BIND_IP[:PORT] WARMUP_MS WINDOW_MS TIMEOUT_MS\n");
	return 2;
}
