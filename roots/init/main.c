/*
 * vmgate-init: mounts the basics, says hello on the virtio-serial port vmgate.0
 * and waits there for the run (a booted guest may be saved at this point and
 * restored many times), runs its command with a deadline, reaps and sweeps,
 * reports one verdict on the port and powers off. The verdict never travels
 * over the console.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include "init.h"

static void reason_for(const struct outcome *o, unsigned timeout_s, char *buf, size_t cap)
{
	if (o->timed_out)
		snprintf(buf, cap, "timeout: command still running after %us (test phase)", timeout_s);
	else if (!o->exited)
		snprintf(buf, cap, "killed by signal %d (%s)", o->status, strsignal(o->status));
	else if (o->status != 0 && o->status != 77 && o->last_stderr[0])
		snprintf(buf, cap, "exit status %d: %s", o->status, o->last_stderr);
	else
		snprintf(buf, cap, "exit status %d", o->status);
}

static const char *status_for(const struct outcome *o)
{
	if (o->timed_out || !o->exited || o->nleaked)
		return "fail";
	if (o->status == 77) /* the automake convention for "skipped" */
		return "skip";
	return o->status == 0 ? "pass" : "fail";
}

static void report(const struct params *p, struct outcome *o, const char *setup_error)
{
	char reason[320], full[640], esc[1280];

	reason_for(o, p->timeout_s, reason, sizeof(reason));
	if (setup_error)
		snprintf(reason, sizeof(reason), "%s", setup_error);
	if (o->nleaked)
		snprintf(full, sizeof(full), "%s; leaked processes: %s", reason, o->leaked);
	else
		snprintf(full, sizeof(full), "%s", reason);
	json_escape(esc, sizeof(esc), full, strlen(full));
	channel_event("{\"event\":\"result\",\"nonce\":\"%s\",\"status\":\"%s\",\"reason\":\"%s\","
		      "\"metrics\":{\"exit_status\":%d,\"signal\":%d,\"timed_out\":%d,\"leaked\":%d,\"test_ms\":%llu,\"uptime_ms\":%llu}}",
		      p->nonce, status_for(o), esc, o->exited ? o->status : -1, o->exited ? 0 : o->status,
		      o->timed_out, o->nleaked, (unsigned long long)o->test_ms, (unsigned long long)uptime_ms());
}

/* A setup step that failed before the command could run: the verdict says why. */
static void setup_failed(const struct params *p, const char *why) __attribute__((noreturn));
static void setup_failed(const struct params *p, const char *why)
{
	struct outcome o = { .exited = 1, .status = -1 };

	report(p, &o, why);
	system_poweroff();
}

/*
 * Everything that differs per run arrives here, after the point a snapshot is
 * taken: the nonce, the command, addresses, the deadline, the wall clock and
 * fresh entropy.
 */
static int receive_run(struct params *p)
{
	static char line[48 * 1024];
	int n, err;

	channel_event("{\"event\":\"hello\",\"ms\":%llu}", (unsigned long long)uptime_ms());
	n = channel_read_line(line, sizeof(line));
	if (n < 0) {
		fprintf(stderr, "vmgate-init: reading the run from vmgate.0: %s\n", strerror(-n));
		return n;
	}
	if (params_parse(p, line) < 0)
		return -EINVAL;
	if (p->has_clock && (err = system_set_clock(&p->clock)) < 0)
		fprintf(stderr, "vmgate-init: setting the clock: %s\n", strerror(-err));
	if (p->nentropy && (err = system_seed_entropy(p->entropy, p->nentropy)) < 0)
		fprintf(stderr, "vmgate-init: seeding the CRNG: %s\n", strerror(-err));
	return 0;
}

int main(int argc, char **argv)
{
	struct params p;
	struct outcome o = { 0 };
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	int signal_fd;
	char why[256];

	if (getpid() != 1 && argc > 0)
		return signal_applet(name ? name + 1 : argv[0], argc, argv);
	/* /proc/1/comm says who PID 1 is, whatever the initramfs calls the file. */
	prctl(PR_SET_NAME, "vmgate-init");
	params_defaults(&p);
	if (system_mount() < 0 || params_read_cmdline(&p) < 0)
		system_poweroff();
	if (channel_open("vmgate.0") < 0) {
		fprintf(stderr, "vmgate-init: no virtio-serial port named vmgate.0; is CONFIG_VIRTIO_CONSOLE set?\n");
		system_poweroff();
	}
	if (receive_run(&p) < 0)
		system_poweroff();
	channel_event("{\"event\":\"mark\",\"name\":\"init\",\"ms\":%llu}", (unsigned long long)uptime_ms());
	system_loopback_up();
	if (net_configure(&p, why, sizeof(why)) < 0)
		setup_failed(&p, why);
	/* Modules first: they are in the initramfs, which a host root hides. */
	if (module_load_all(&p, why, sizeof(why)) < 0 || mount_user_trees(&p, why, sizeof(why)) < 0)
		setup_failed(&p, why);
	system_crng_mark();
	signal_fd = signal_open();
	if (signal_fd < 0)
		fprintf(stderr, "vmgate-init: cannot open the signal fifo (%s): vmgate-ready and vmgate-mark will not be heard\n", strerror(-signal_fd));
	if (!p.ready_by_command)
		channel_event("{\"event\":\"ready\",\"role\":\"%s\",\"ms\":%llu}", p.role, (unsigned long long)uptime_ms());
	if (p.debug) {
		run_shell();
		system_poweroff();
	}
	if (!p.argv[0]) {
		fprintf(stderr, "vmgate-init: no command (vmgate.cmd) on the kernel command line\n");
		system_poweroff();
	}
	run_command(p.argv, p.timeout_s, signal_fd, p.ready_by_command, &o);
	sweep_leftovers(&o);
	report(&p, &o, NULL);
	system_poweroff();
}
