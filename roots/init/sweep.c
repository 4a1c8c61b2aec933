/* After the command: every process still running is a leak. Name them, kill them, reap until ECHILD. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "init.h"

#define PF_KTHREAD 0x00200000

/* Reads "pid (comm) state ppid ... flags" and says whether it is a live user process. */
static int live_user_process(const char *pid, char *comm, size_t cap)
{
	char path[64], buf[512], state;
	unsigned long flags = 0;
	int fd, n;
	char *close_paren;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	close_paren = strrchr(buf, ')');
	if (!close_paren || sscanf(close_paren + 2, "%c %*d %*d %*d %*d %*d %lu", &state, &flags) != 2)
		return 0;
	snprintf(comm, cap, "%.*s", (int)(close_paren - strchr(buf, '(') - 1), strchr(buf, '(') + 1);
	return !(flags & PF_KTHREAD) && state != 'Z';
}

static void find_leaks(struct outcome *out)
{
	DIR *dir = opendir("/proc");
	struct dirent *d;
	char comm[32];
	size_t used = 0;

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (!isdigit((unsigned char)d->d_name[0]) || !strcmp(d->d_name, "1"))
			continue;
		if (!live_user_process(d->d_name, comm, sizeof(comm)))
			continue;
		out->nleaked++;
		if (used + strlen(comm) + strlen(d->d_name) + 4 < sizeof(out->leaked))
			used += (size_t)snprintf(out->leaked + used, sizeof(out->leaked) - used, "%s%s[%s]",
						 used ? " " : "", comm, d->d_name);
	}
	closedir(dir);
}

void sweep_leftovers(struct outcome *out)
{
	int status;

	while (waitpid(-1, &status, WNOHANG) > 0)
		;
	find_leaks(out);
	if (out->nleaked)
		kill(-1, SIGKILL); /* from PID 1: every process but init and kernel threads */
	while (waitpid(-1, &status, 0) > 0 || errno == EINTR)
		;
}
