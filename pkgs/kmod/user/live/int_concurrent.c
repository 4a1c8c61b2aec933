/* live_integration / concurrent: several readers at once, each with its own
 * fd and filter (threads and processes), several threads sharing one fd,
 * and opens and closes racing reads. One vCPU still interleaves them: every
 * read below is a few records, so readers switch between syscalls. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dev.h"
#include "integration.h"
#include "kmod.h"
#include "model.h"
#include "probe.h"
#include "report.h"

#define CAT "concurrent"
#define SHARED_THREADS 3
#define SHARED_MAX 128

struct job {
	const char *filter;
	long count;
};

static void *reader_thread(void *arg)
{
	struct job *j = arg;

	j->count = probe(j->filter, 2, NULL, 0);
	return NULL;
}

static void run_threads(struct ictx *c, const char *prefix, struct job *jobs, int n)
{
	pthread_t t[8];
	char name[64];
	int i;

	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, reader_thread, &jobs[i]))
			jobs[i].count = -EAGAIN;
	for (i = 0; i < n; i++) {
		if (jobs[i].count != -EAGAIN)
			pthread_join(t[i], NULL);
		snprintf(name, sizeof(name), "%s_%d", prefix, i);
		report_count(CAT, name, jobs[i].filter, model_count(jobs[i].filter, c->fx),
			     jobs[i].count);
	}
}

static void same_filter(struct ictx *c)
{
	struct job jobs[4];
	int i;

	for (i = 0; i < 4; i++)
		jobs[i] = (struct job){ "include_state=established", 0 };
	run_threads(c, "threads_same_filter", jobs, 4);
}

static void mixed_filters(struct ictx *c)
{
	struct job jobs[6] = {
		{ "ipv4_only", 0 },
		{ "ipv6_only format=compact", 0 },
		{ "include_state=listen", 0 },
		{ "remote_port=40001,40002", 0 },
		{ "local_addr=fd00:10::/64 fields=counters", 0 },
		{ "exclude_state=established,listen", 0 },
	};

	run_threads(c, "threads_mixed_filters", jobs, 6);
}

/* Each child reads with its own filter and reports its count on a pipe. */
static const char *const proc_filters[4] = { "include_state=time_wait", "local_port=40001",
					     "ipv6_only include_state=syn_sent", "format=compact" };

static pid_t spawn(const char *filter, int *rfd)
{
	int fds[2];
	pid_t pid;
	long n;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		n = probe(filter, 3, NULL, 0);
		_exit(write(fds[1], &n, sizeof(n)) == sizeof(n) ? 0 : 1);
	}
	close(fds[1]);
	*rfd = fds[0];
	return pid;
}

static long collect(pid_t pid, int rfd)
{
	long n = -ECHILD;

	if (pid < 0)
		return n;
	if (read(rfd, &n, sizeof(n)) != sizeof(n))
		n = -EIO;
	close(rfd);
	waitpid(pid, NULL, 0);
	return n;
}

static void processes(struct ictx *c)
{
	int rfd[4], i;
	pid_t pid[4];
	char name[64];

	fflush(stdout);
	for (i = 0; i < 4; i++)
		pid[i] = spawn(proc_filters[i], &rfd[i]);
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "processes_%d", i);
		report_count(CAT, name, proc_filters[i], model_count(proc_filters[i], c->fx),
			     collect(pid[i], rfd[i]));
	}
}

/* Threads share one fd: the walk is split between them, nothing twice. */
struct share {
	int fd;
	pthread_mutex_t lock;
	struct tcpstats_record recs[SHARED_MAX];
	long n, err;
};

static void *share_thread(void *arg)
{
	struct share *s = arg;
	struct ts_rec one;
	unsigned char buf[FULL_SIZE];
	ssize_t got;

	while ((got = ts_read_raw(s->fd, buf, sizeof(buf))) > 0) {
		pthread_mutex_lock(&s->lock);
		if (ts_decode(buf, (size_t)got, &one, 1) != 1)
			s->err = -EPROTO;
		else if (s->n < SHARED_MAX)
			s->recs[s->n] = one.r;
		s->n++;
		pthread_mutex_unlock(&s->lock);
	}
	if (got < 0)
		s->err = got;
	return NULL;
}

static long duplicates(const struct share *s)
{
	long i, j, d = 0;

	for (i = 0; i < s->n && i < SHARED_MAX; i++)
		for (j = i + 1; j < s->n && j < SHARED_MAX; j++)
			d += !memcmp(&s->recs[i], &s->recs[j], sizeof(s->recs[i]));
	return d;
}

static void shared_fd(struct ictx *c)
{
	static struct share s;
	const char *filter = "ipv4_only fields=identity,state";
	pthread_t t[SHARED_THREADS];
	int i, started = 0;

	memset(&s, 0, sizeof(s));
	pthread_mutex_init(&s.lock, NULL);
	s.fd = ts_open(TCPSTATS_DEVICE);
	s.err = s.fd < 0 ? s.fd : ts_set_filter(s.fd, filter, NULL);
	for (i = 0; i < SHARED_THREADS && !s.err; i++)
		started += pthread_create(&t[i], NULL, share_thread, &s) == 0;
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	if (s.fd >= 0)
		close(s.fd);
	report_count(CAT, "shared_fd_split", filter, model_count(filter, c->fx), s.err ? s.err : s.n);
	report_count(CAT, "shared_fd_no_duplicates", filter, 0, duplicates(&s));
}

/* Threads open and close while others read; the module ends with nothing. */
static void *churn_thread(void *arg)
{
	long *failures = arg;
	int i, fd;

	for (i = 0; i < 40; i++) {
		fd = ts_open(TCPSTATS_DEVICE);
		if (fd < 0 && fd != -EMFILE)
			(*failures)++;
		if (fd >= 0 && ts_set_filter(fd, i % 2 ? "ipv6_only" : "include_state=listen", NULL))
			(*failures)++;
		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

static void open_close_race(struct ictx *c)
{
	struct job readers[2] = { { "ipv4_only", 0 }, { "include_state=established", 0 } };
	long failures[3] = { 0, 0, 0 };
	pthread_t t[5];
	int i;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, churn_thread, &failures[i]);
	pthread_create(&t[3], NULL, reader_thread, &readers[0]);
	pthread_create(&t[4], NULL, reader_thread, &readers[1]);
	for (i = 0; i < 5; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 2; i++)
		report_count(CAT, i ? "race_reader_established" : "race_reader_ipv4",
			     readers[i].filter, model_count(readers[i].filter, c->fx),
			     readers[i].count);
	report_check(CAT, "race_leaves_nothing",
		     failures[0] + failures[1] + failures[2] == 0 && kmod_counter("readers") == 0 &&
			     kmod_counter("live_objects") == 0,
		     "open/filter failures=%ld readers=%lld live_objects=%lld",
		     failures[0] + failures[1] + failures[2], kmod_counter("readers"),
		     kmod_counter("live_objects"));
}

void int_concurrent(struct ictx *c)
{
	same_filter(c);
	mixed_filters(c);
	processes(c);
	shared_fd(c);
	open_close_race(c);
}
