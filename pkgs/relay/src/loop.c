/* The event loop: UDP datagrams, control requests, and signals.
 *
 * SIGTERM and SIGINT arrive through a signalfd, so they are handled between
 * batches: the loop stops taking control requests, relays what is already
 * queued on the UDP socket, and returns 0.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"

#define BATCHES_PER_WAKEUP 16 /* then let the control socket in */
#define DRAIN_BATCHES 1024    /* the most relayed after SIGTERM */

int loop_signals(int epfd)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = TAG_SIGNAL };
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)) {
		close(fd);
		return -errno;
	}
	signal(SIGPIPE, SIG_IGN);
	return fd;
}

static int drain_and_stop(struct loop *l)
{
	struct signalfd_siginfo si;
	int n;

	if (read(l->sigfd, &si, sizeof(si)) != sizeof(si))
		return -EAGAIN; /* spurious wakeup */
	n = forward_drain(l->relay, l->udp, l->batch, DRAIN_BATCHES);
	log_info("shutdown", "signal=%u drained=%d rx_packets=%lu fwd_packets=%lu",
		 si.ssi_signo, n < 0 ? 0 : n, l->relay->c.rx_packets, l->relay->c.fwd_packets);
	return 0;
}

static int handle(struct loop *l, const struct epoll_event *ev)
{
	int n;

	if (ev->data.u64 == TAG_SIGNAL)
		return drain_and_stop(l);
	if (ev->data.u64 != TAG_UDP) {
		control_event(l->ctl, l->relay, ev->data.u64, ev->events);
		return -EAGAIN;
	}
	n = forward_drain(l->relay, l->udp, l->batch, BATCHES_PER_WAKEUP);
	if (n < 0)
		log_warn("recv_failed", "reason=\"%s\"", strerror(-n));
	return -EAGAIN;
}

/* Returns 0 after a clean shutdown, or -errno. */
int loop_run(struct loop *l)
{
	struct epoll_event evs[16];

	for (;;) {
		int n = epoll_wait(l->epfd, evs, 16, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (int i = 0; i < n; i++)
			if (handle(l, &evs[i]) == 0)
				return 0;
	}
}
