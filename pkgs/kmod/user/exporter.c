/* tcpstats-exporter [--port N | --unix PATH] [--device PATH] [--sysfs DIR]
 *
 * Serves GET /metrics (Prometheus text format, see metrics.c) on
 * 127.0.0.1:N (default 9417), or on a unix socket, through libmicrohttpd,
 * one request at a time. The live targets scrape it over the unix socket:
 * a TCP listener and the scrapes' TIME_WAIT sockets would be sockets in the
 * very table they count.
 * Nothing is read between requests: the device is opened per scrape and closed,
 * so the exporter holds no module reference. 503 while the module is absent.
 * Runs until SIGTERM or SIGINT. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "metrics.h"

#define PAGE_BYTES (256 * 1024)

struct config {
	unsigned port;
	const char *device, *sysfs, *unix_path;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *text, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)text, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", status == 200 ? "text/plain; version=0.0.4" : "text/plain");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *data, size_t *size, void **state)
{
	static char page[PAGE_BYTES];
	const struct config *cfg = cls;
	char why[160];
	int len;

	(void)version, (void)data, (void)size, (void)state;
	if (strcmp(method, "GET"))
		return reply(c, 405, "GET only\n", 9);
	if (strcmp(url, "/metrics"))
		return reply(c, 404, "try /metrics\n", 13);
	len = metrics_render(page, sizeof(page), cfg->sysfs, cfg->device);
	if (len >= 0)
		return reply(c, 200, page, (size_t)len);
	len = snprintf(why, sizeof(why), "tcpstats not readable: %s\n", strerror(-len));
	return reply(c, 503, why, (size_t)len);
}

static int parse_args(int argc, char **argv, struct config *cfg)
{
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--port"))
			cfg->port = (unsigned)strtoul(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--device"))
			cfg->device = argv[i + 1];
		else if (!strcmp(argv[i], "--sysfs"))
			cfg->sysfs = argv[i + 1];
		else if (!strcmp(argv[i], "--unix"))
			cfg->unix_path = argv[i + 1];
		else
			break;
	}
	if (i != argc || cfg->port == 0 || cfg->port > 65535) {
		fprintf(stderr, "usage: tcpstats-exporter [--port 1..65535 | --unix PATH] [--device PATH] [--sysfs DIR]\n");
		return -EINVAL;
	}
	return 0;
}

/* A listening unix socket at path (replacing a stale one), or -errno. */
static int listen_unix(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || strlen(path) >= sizeof(a.sun_path))
		return fd < 0 ? -errno : -ENAMETOOLONG;
	strcpy(a.sun_path, path);
	unlink(path);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 16) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static struct MHD_Daemon *start(struct config *cfg)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	int fd;

	if (cfg->unix_path) {
		fd = listen_unix(cfg->unix_path);
		if (fd < 0)
			return NULL;
		return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_request, cfg,
					MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_END);
	}
	addr.sin_port = htons((unsigned short)cfg->port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (unsigned short)cfg->port, NULL, NULL, on_request, cfg,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_END);
}

int main(int argc, char **argv)
{
	struct config cfg = { 9417, "/dev/tcpstats", "/sys/kernel/tcpstats", NULL };
	struct MHD_Daemon *d;

	if (parse_args(argc, argv, &cfg) < 0)
		return 2;
	d = start(&cfg);
	if (!d) {
		fprintf(stderr, "tcpstats-exporter: cannot listen on %s\n", cfg.unix_path ? cfg.unix_path : "127.0.0.1");
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (cfg.unix_path)
		fprintf(stderr, "tcpstats-exporter: serving /metrics on %s\n", cfg.unix_path);
	else
		fprintf(stderr, "tcpstats-exporter: serving http://127.0.0.1:%u/metrics\n", cfg.port);
	while (!stop)
		pause();
	MHD_stop_daemon(d);
	return 0;
}
