/* relayd: a WireGuard-aware UDP pair relay. See pkgs/relay/README.md. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "addr.h"
#include "config.h"
#include "log.h"
#include "loop.h"
#include "udp.h"
#include "xdp.h"

static struct relay relay; /* ~300 KiB: static, not on the stack */

static int add_udp(struct loop *l)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_UDP };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, l->udp, &ev) ? -errno : 0;
}

static void announce(const struct relay_config *cfg)
{
	char bound[ADDR_STRLEN];

	if (cfg->trace)
		log_warn("trace_enabled", "msg=\"--trace-forward-hashes logs two lines per "
			 "forwarded datagram; not for production%s\"",
			 relay.xdp ? "; XDP passes every datagram to userspace while tracing, so "
				     "every forward is traced" : "");
	log_info("listening", "addr=%s port=%u control=%s verify_mac1=%d version=%s",
		 addr_str(&relay.bound, bound), ntohs(addr_port(&relay.bound)),
		 cfg->control_path, cfg->verify_mac1, RELAY_VERSION);
}

static int run(const struct relay_config *cfg)
{
	struct loop l = { .relay = &relay };
	union sockaddr_any bound;
	int ret;

	l.udp = ret = udp_open(cfg, &bound);
	if (ret < 0) {
		log_err("bind_failed", "addr=%s reason=\"%s\"", cfg->listen_str, strerror(-ret));
		return ret;
	}
	ret = relay_init(&relay, cfg, cfg->listen.sa.sa_family);
	if (ret)
		goto err_relay;
	relay.bound = bound;
	ret = xdp_start(&relay, cfg);
	if (ret)
		goto err_xdp;
	l.epfd = ret = epoll_create1(EPOLL_CLOEXEC);
	if (ret < 0)
		goto err_epoll;
	ret = fwd_batch_new(&l.batch);
	if (ret)
		goto err_batch;
	ret = control_open(&l.ctl, cfg->control_path, l.epfd);
	if (ret) {
		log_err("control_failed", "path=%s reason=\"%s\"", cfg->control_path,
			strerror(-ret));
		goto err_control;
	}
	l.sigfd = ret = loop_signals(l.epfd);
	if (ret < 0)
		goto err_signals;
	ret = add_udp(&l);
	if (ret)
		goto err_udp;
	announce(cfg);
	ret = loop_run(&l);
err_udp:
	close(l.sigfd);
err_signals:
	control_close(l.ctl);
err_control:
	fwd_batch_free(l.batch);
err_batch:
	close(l.epfd);
err_epoll:
	xdp_close(relay.xdp);
err_xdp:
	relay_fini(&relay);
err_relay:
	close(l.udp);
	return ret;
}

int main(int argc, char **argv)
{
	struct relay_config cfg;

	if (config_parse(&cfg, argc, argv))
		return 2;
	return run(&cfg) ? 1 : 0;
}
