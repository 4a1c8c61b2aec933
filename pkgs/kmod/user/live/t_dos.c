/* live_dos: the limits. max_readers, read_deadline_ms, signals during slow
 * reads (made slow with the test-only test_delay_us_per_socket), unloading
 * with a reader open, and bad input (filters, buffers, ioctls) leaving the
 * file usable. Ports 47000+, 127.30/16. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dev.h"
#include "dos.h"
#include "fixture.h"
#include "kmod.h"
#include "live.h"
#include "model.h"
#include "probe.h"
#include "report.h"

#define NOTHING "local_port=1"
#define DELAY_US 20000  /* per visited socket: a 60-socket walk takes > 1.2 s */
#define DEADLINE_MS 150

static bool build(struct fixture *f)
{
	int i;

	for (i = 0; i < LISTENERS; i++)
		fx_listener(f, (struct fx_end){ 4, "127.30.0.1", (uint16_t)(PORT + 1 + i) }, 4);
	return report_check(CAT, "fixture", !f->error[0] && f->n == LISTENERS, "%s", f->error);
}

static void max_readers(void)
{
	int fds[5], i, refused;
	long long refusals = kmod_counter("emfile_refusals");

	kmod_param_set("max_readers", 4);
	for (i = 0; i < 5; i++)
		fds[i] = ts_open(TCPSTATS_DEVICE);
	refused = fds[4];
	report_check(CAT, "max_readers_emfile",
		     fds[0] >= 0 && fds[3] >= 0 && refused == -EMFILE &&
			     kmod_counter("readers") == 4 &&
			     kmod_counter("emfile_refusals") == refusals + 1,
		     "5th open with max_readers=4: %s, readers=%lld",
		     refused >= 0 ? "succeeded" : strerror(-refused), kmod_counter("readers"));
	close(fds[0]);
	fds[0] = ts_open(TCPSTATS_DEVICE);
	report_check(CAT, "max_readers_reopen", fds[0] >= 0, "open after a close: %s",
		     fds[0] < 0 ? strerror(-fds[0]) : "ok");
	for (i = 0; i < 5; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	kmod_param_set("max_readers", 8);
	report_check(CAT, "max_readers_all_closed",
		     kmod_counter("readers") == 0 && kmod_counter("live_objects") == 0,
		     "readers=%lld live_objects=%lld", kmod_counter("readers"),
		     kmod_counter("live_objects"));
}

static void slow(int delay_us, int deadline_ms)
{
	kmod_param_set("test_delay_us_per_socket", delay_us);
	kmod_param_set("read_deadline_ms", deadline_ms);
}

/* One read of up to 128 records under `filter`: records, or -errno. */
static long read_once(int fd, const char *filter)
{
	static unsigned char buf[128 * FULL_SIZE];
	ssize_t got;

	if (filter && ts_set_filter(fd, filter, NULL))
		return -EBADE;
	got = read(fd, buf, sizeof(buf));
	return got < 0 ? -errno : got / (long)FULL_SIZE;
}

static void deadline(void)
{
	long long hits = kmod_counter("deadline_hits");
	int fd = ts_open(TCPSTATS_DEVICE);
	long first, rest = 0, t0, ms;
	size_t more = 0;

	slow(DELAY_US, DEADLINE_MS);
	t0 = now_ms();
	first = read_once(fd, SCOPE);
	ms = now_ms() - t0;
	report_check(CAT, "deadline_partial", first > 0 && first < LISTENERS && ms < 1000,
		     "filter=\"%s\": first read gave %ld of %d records in %ld ms (deadline %d ms)",
		     SCOPE, first, LISTENERS, ms, DEADLINE_MS);
	if (first > 0)
		rest = ts_read_all(fd, 128 * FULL_SIZE, NULL, 0, &more);
	report_count(CAT, "deadline_resumes", SCOPE, LISTENERS, rest ? rest : first + (long)more);
	report_check(CAT, "deadline_counted", kmod_counter("deadline_hits") > hits,
		     "deadline_hits stayed at %lld", hits);
	report_count(CAT, "deadline_nothing_yet_eagain", NOTHING, -EAGAIN, read_once(fd, NOTHING));
	close(fd);
	slow(0, 0);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A read interrupted by SIGALRM after 100 ms: -EINTR or a partial count. */
static long interrupted(const char *filter, long *ms)
{
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	struct itimerval it = { { 0, 0 }, { 0, 100 * 1000 } };
	int fd = ts_open(TCPSTATS_DEVICE);
	long n, t0;

	sigaction(SIGALRM, &sa, NULL);
	ts_set_filter(fd, filter, NULL);
	t0 = now_ms();
	setitimer(ITIMER_REAL, &it, NULL);
	n = read_once(fd, NULL);
	*ms = now_ms() - t0;
	close(fd);
	signal(SIGALRM, SIG_DFL);
	return n;
}

static void signals(void)
{
	long long before = kmod_counter("interrupted_reads");
	long n, ms;

	slow(DELAY_US, 0);
	n = interrupted(NOTHING, &ms);
	report_check(CAT, "signal_eintr", n == -EINTR && ms < 1000,
		     "filter=\"%s\": read returned %ld (%s) after %ld ms", NOTHING, n,
		     n < 0 ? strerror((int)-n) : "records", ms);
	n = interrupted(SCOPE, &ms);
	report_check(CAT, "signal_partial", n > 0 && n < LISTENERS && ms < 1000,
		     "filter=\"%s\": read returned %ld after %ld ms, expected 1..%d", SCOPE, n, ms,
		     LISTENERS - 1);
	report_check(CAT, "signal_counted", kmod_counter("interrupted_reads") >= before + 2,
		     "interrupted_reads went from %lld to %lld", before,
		     kmod_counter("interrupted_reads"));
	slow(0, 0);
}

/* SIGKILL a child stuck in a slow read: it must die at once. */
static void sigkill(void)
{
	long t0, ms;
	pid_t pid;

	slow(50000, 0);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		int fd = ts_open(TCPSTATS_DEVICE);

		_exit(read_once(fd, SCOPE) < 0 ? 1 : 0);
	}
	sleep_ms(200);
	t0 = now_ms();
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ms = now_ms() - t0;
	slow(0, 0);
	report_check(CAT, "sigkill_slow_reader",
		     ms < 1000 && kmod_counter("readers") == 0 && kmod_counter("live_objects") == 0,
		     "reaped %ld ms after SIGKILL; readers=%lld live_objects=%lld", ms,
		     kmod_counter("readers"), kmod_counter("live_objects"));
}

static void unload_with_reader(void)
{
	int fd = ts_open(TCPSTATS_DEVICE), ret;
	size_t n = 0;

	ret = kmod_unload();
	report_check(CAT, "unload_busy", (ret == -EWOULDBLOCK || ret == -EBUSY) && kmod_loaded() &&
						path_exists(TCPSTATS_DEVICE),
		     "delete_module with a reader open: %s", ret ? strerror(-ret) : "succeeded");
	ret = fd < 0 ? fd : ts_set_filter(fd, SCOPE, NULL);
	if (!ret)
		ret = ts_read_all(fd, 16 * FULL_SIZE, NULL, 0, &n);
	report_count(CAT, "read_after_refused_unload", SCOPE, LISTENERS, ret ? ret : (long)n);
	if (fd >= 0)
		close(fd);
	ret = kmod_unload();
	report_check(CAT, "unload_after_close",
		     !ret && !path_exists(TCPSTATS_DEVICE) && !path_exists(KMOD_SYSFS),
		     "delete_module after close: %s; /dev/tcpstats %s",
		     ret ? strerror(-ret) : "ok", path_exists(TCPSTATS_DEVICE) ? "remains" : "gone");
	ret = kmod_load();
	report_check(CAT, "reload", !ret && kmod_counter("visited") == 0,
		     "finit_module again: %s, visited=%lld", ret ? strerror(-ret) : "ok",
		     kmod_counter("visited"));
}

void live_dos(const struct live_opts *o)
{
	static struct fixture fx;

	(void)o;
	if (!live_load(CAT))
		return;
	fx_init(&fx);
	if (build(&fx)) {
		fx_settle();
		max_readers();
		deadline();
		signals();
		sigkill();
		dos_bad_input();
		unload_with_reader();
	}
	fx_teardown(&fx);
	live_invariant(CAT, "after");
	live_unload(CAT);
}
