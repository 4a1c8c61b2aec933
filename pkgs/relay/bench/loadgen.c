/* loadgen: the UDP sender and receiver of `just bench-relay`, batched with
 * sendmmsg/recvmmsg so the measurement is not bound by the harness.
 *
 *   loadgen send BIND_IP[:PORT] DEST_IP:PORT SIZE SECONDS
 *       binds BIND_IP:PORT (default 0), prints "port=N", waits for a line on stdin, then
 *       sends SIZE-byte WireGuard transport-shaped datagrams for SECONDS and
 *       prints "sent=N".
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
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int send_main(char **argv)
{
	static unsigned char msg[MAXDG];
	struct mmsghdr mm[BATCH];
	struct iovec iov = { msg, 0 };
	struct sockaddr_in to;
	char *colon = strrchr(argv[1], ':'), line[16];
	long sent = 0, size = atol(argv[2]);
	double end;
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
	if (!fgets(line, sizeof(line), stdin))
		return 2;
	end = now() + atof(argv[3]);
	while (now() < end) {
		int n = sendmmsg(fd, mm, BATCH, 0);

		if (n > 0)
			sent += n;
	}
	printf("sent=%ld\n", sent);
	return 0;
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
		struct timespec tmo = { 0, 100 * 1000 * 1000 };
		int n = recvmmsg(fd, mm, BATCH, 0, &tmo);
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
	if (argc == 6 && !strcmp(argv[1], "recv"))
		return recv_main(argv + 2);
	fprintf(stderr, "usage: loadgen send BIND_IP[:PORT] DEST_IP:PORT SIZE SECONDS\n"
			"       loadgen recv BIND_IP[:PORT] WARMUP_MS WINDOW_MS TIMEOUT_MS\n");
	return 2;
}
