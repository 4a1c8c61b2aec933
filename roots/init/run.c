/*
 * Runs the test command with a deadline, forwarding its output to the channel.
 * Never to the console: that carries kernel messages only, so nothing the
 * command prints can pass for a panic, a BUG or a WARN (DESIGN.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>
#include "init.h"

struct stream {
	const char *name;
	int fd;
	char buf[4096];
	size_t len;
};

static char *last_stderr;
static size_t last_stderr_cap;

static void emit_line(struct stream *s, size_t len)
{
	channel_log(s->name, s->buf, len);
	if (len > 0 && last_stderr && !strcmp(s->name, "stderr"))
		snprintf(last_stderr, last_stderr_cap, "%.*s", (int)len, s->buf);
}

/* Reads what is available; forwards whole lines, and a full buffer as one line. */
static void pump(struct stream *s)
{
	ssize_t n = read(s->fd, s->buf + s->len, sizeof(s->buf) - s->len);
	char *nl;

	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			if (s->len)
				emit_line(s, s->len);
			s->len = 0;
			close(s->fd);
			s->fd = -1;
		}
		return;
	}
	s->len += (size_t)n;
	while ((nl = memchr(s->buf, '\n', s->len))) {
		size_t line = (size_t)(nl - s->buf);
		emit_line(s, line);
		memmove(s->buf, nl + 1, s->len - line - 1);
		s->len -= line + 1;
	}
	if (s->len == sizeof(s->buf)) {
		emit_line(s, s->len);
		s->len = 0;
	}
}

/*
 * Forwards what is buffered without waiting on writers the command left behind.
 * Bounded: a leaked process that keeps writing must not keep init here.
 */
static void drain(struct stream *s)
{
	struct pollfd p = { s->fd, POLLIN, 0 };

	for (int reads = 0; reads < 64 && s->fd >= 0 && poll(&p, 1, 0) == 1; reads++)
		pump(s);
	if (s->fd < 0)
		return;
	if (s->len)
		emit_line(s, s->len);
	close(s->fd);
}

/*
 * Gives the command /dev/null and the two pipes. Init's own 0, 1 and 2 are the
 * console: none of them may reach the command, or its output would too.
 */
static int command_stdio(int out, int err)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null < 0)
		return -errno;
	if (dup2(null, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
		return -errno;
	return 0;
}

static pid_t spawn(char *const argv[], int out[2], int err[2])
{
	pid_t pid = fork();
	sigset_t none;
	int ret;

	if (pid != 0)
		return pid;
	/* Init blocks SIGCHLD for its signalfd; a shell that inherited that mask would hang in `wait`. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	ret = command_stdio(out[1], err[1]);
	if (ret < 0) {
		/* stderr may still be the console: this line is init's own, and nothing runs. */
		fprintf(stderr, "vmgate-init: cannot give the command /dev/null and its pipes: %s\n", strerror(-ret));
		_exit(127);
	}
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/tmp", 1);
	execvp(argv[0], argv);
	fprintf(stderr, "vmgate-init: cannot run '%s': %s\n", argv[0], strerror(errno));
	_exit(127);
}

static void record(struct outcome *out, int status)
{
	out->exited = WIFEXITED(status);
	out->status = out->exited ? WEXITSTATUS(status) : WTERMSIG(status);
}

static int sigchld_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* Reaps what has exited; returns 1 once `main` is among them. */
static int reap(pid_t main, struct outcome *out)
{
	int status, done = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (pid == main) {
			record(out, status);
			done = 1;
		}
	return done;
}

int run_command(char *const argv[], unsigned timeout_s, int signal_fd, int ready_by_command, struct outcome *out)
{
	int out_pipe[2], err_pipe[2], sfd = sigchld_fd(), done = 0;
	struct stream streams[2] = { { .name = "stdout" }, { .name = "stderr" } };
	uint64_t start = uptime_ms(), deadline = start + (uint64_t)timeout_s * 1000;
	pid_t child;

	if (sfd < 0 || pipe2(out_pipe, O_CLOEXEC | O_NONBLOCK) < 0 || pipe2(err_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	last_stderr = out->last_stderr;
	last_stderr_cap = sizeof(out->last_stderr);
	child = spawn(argv, out_pipe, err_pipe);
	close(out_pipe[1]);
	close(err_pipe[1]);
	streams[0].fd = out_pipe[0];
	streams[1].fd = err_pipe[0];
	while (!done) {
		struct pollfd pfd[4] = { { streams[0].fd, POLLIN, 0 }, { streams[1].fd, POLLIN, 0 }, { sfd, POLLIN, 0 }, { signal_fd, POLLIN, 0 } };
		uint64_t now = uptime_ms();
		if (now >= deadline && !out->timed_out) {
			out->timed_out = 1;
			kill(-child, SIGKILL);
		}
		poll(pfd, 4, out->timed_out ? 1000 : (int)(deadline - now));
		if (pfd[3].revents)
			signal_forward(signal_fd, ready_by_command);
		for (int i = 0; i < 2; i++)
			if (streams[i].fd >= 0 && pfd[i].revents)
				pump(&streams[i]);
		if (pfd[2].revents) {
			struct signalfd_siginfo info;
			while (read(sfd, &info, sizeof(info)) > 0)
				;
			done = reap(child, out);
		}
	}
	/* Whatever the command wrote before it exited is still in the pipes. */
	for (int i = 0; i < 2; i++)
		drain(&streams[i]);
	out->test_ms = uptime_ms() - start;
	close(sfd);
	return 0;
}

int run_shell(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		setsid();
		/* cttyhack gives the shell the console as its controlling tty, so ^C works. */
		execl("/bin/busybox", "cttyhack", "/bin/sh", "-l", (char *)NULL);
		execl("/bin/sh", "sh", "-l", (char *)NULL);
		_exit(127);
	}
	while (waitpid(-1, &status, 0) != pid)
		;
	return 0;
}
