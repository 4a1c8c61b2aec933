/* vmgate-init: PID 1 of every vmgate guest. See DESIGN.md, "Guest protocol". */
#ifndef VMGATE_INIT_H
#define VMGATE_INIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define MAX_ARGS 64
#define MAX_NICS 4
#define MAX_ADDRS 4
#define MAX_SHARES 8
#define MAX_MODULES 8
#define GUEST_PATH 128

struct nic {
	unsigned char mac[6];     /* the MAC qemu gave it: found by this */
	unsigned char run_mac[6]; /* the MAC this run gives it (mac=...), when has_run_mac */
	int has_run_mac;
	char driver[32]; /* the driver the host expects bound to it: virtio_net, e1000, e1000e */
	char addrs[MAX_ADDRS][48]; /* "10.0.0.1/24" or "fd00::1/64" */
	int naddrs;
};

/* A host directory exported over virtio-9p (vmgate.share=TAG,PATH[,rw]). */
struct share {
	char tag[32];
	char path[GUEST_PATH];
	int rw;
};

struct params {
	char nonce[65];
	char role[33];
	char *argv[MAX_ARGS + 1]; /* the command; argv[0] == NULL when none */
	unsigned timeout_s;       /* test deadline */
	int debug;                /* give a shell on the console */
	int ready_by_command;     /* the command says when it is ready (vmgate-ready) */
	struct nic nics[MAX_NICS];
	int nnics;
	struct share shares[MAX_SHARES];
	int nshares;
	char hostroot[32];                       /* 9p tag of the host's /: the command's root (vmgate.hostroot) */
	char cwd[GUEST_PATH];                    /* the command's working directory (vmgate.cwd) */
	char modules[MAX_MODULES][GUEST_PATH];   /* loaded in order before the command (vmgate.module) */
	int nmodules;
	struct timespec clock;                   /* the host's wall clock at send time (vmgate.clock) */
	int has_clock;
	unsigned char entropy[64];               /* fresh host randomness for the CRNG (vmgate.entropy) */
	size_t nentropy;
};

struct outcome {
	int exited;       /* 1: exit status valid; 0: killed by a signal */
	int status;       /* exit status or signal number */
	int timed_out;
	uint64_t test_ms;
	char leaked[256]; /* "name[pid] ..." of processes left behind */
	int nleaked;
	char last_stderr[128]; /* the command's last line on stderr: the likeliest why */
};

/* params.c */
void params_defaults(struct params *p);
int params_parse(struct params *p, char *text);
int params_read_cmdline(struct params *p);

/* channel.c */
int channel_open(const char *name);
void channel_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void channel_log(const char *stream, const char *line, size_t len);
int channel_read_line(char *buf, size_t cap);
size_t json_escape(char *dst, size_t cap, const char *src, size_t len);
uint64_t uptime_ms(void);

/* system.c */
int system_mount(void);
int system_loopback_up(void);
void system_crng_mark(void);
int system_set_clock(const struct timespec *now);
int system_seed_entropy(const unsigned char *bytes, size_t len);
void system_poweroff(void) __attribute__((noreturn));

/* net.c */
int net_parse_nic(struct params *p, const char *value);
int net_configure(const struct params *p, char *why, size_t cap);

/* mount.c */
int mount_parse_share(struct params *p, const char *value);
int mount_parse_path(char *dst, const char *key, const char *value);
int mount_user_trees(const struct params *p, char *why, size_t cap);

/* module.c */
int module_parse(struct params *p, const char *value);
int module_load_all(const struct params *p, char *why, size_t cap);

/* signal.c */
int signal_open(void);
void signal_forward(int fd, int ready_by_command);
int signal_applet(const char *applet, int argc, char **argv);

/* run.c */
int run_command(char *const argv[], unsigned timeout_s, int signal_fd, int ready_by_command, struct outcome *out);
int run_shell(void);

/* sweep.c */
void sweep_leftovers(struct outcome *out);

#endif
