/* The module from inside the guest: load and unload it with the raw
 * syscalls, read its counters and parameters through sysfs. */
#ifndef LIVE_KMOD_H
#define LIVE_KMOD_H

#include <stdbool.h>

#define KMOD_FILE "/lib/modules/tcpstats.ko"
#define KMOD_NAME "tcpstats"
#define KMOD_SYSFS "/sys/kernel/tcpstats"
#define KMOD_PARAMS "/sys/module/tcpstats/parameters"

/* finit_module on KMOD_FILE (or $TCPSTATS_KO). 0 or -errno. */
int kmod_load(void);
/* delete_module(O_NONBLOCK). 0 or -errno (-EWOULDBLOCK while in use). */
int kmod_unload(void);
bool kmod_loaded(void);

/* /sys/kernel/tcpstats/<name>; -1 when it cannot be read. */
long long kmod_counter(const char *name);

struct kmod_counters {
	long long visited, emitted, skipped; /* skipped: sum of skipped_* */
	long long readers, live_objects, socket_refs;
};
int kmod_counters(struct kmod_counters *c);

/* /sys/module/tcpstats/parameters/<name>. 0 or -errno. */
int kmod_param_get(const char *name, long *value);
int kmod_param_set(const char *name, long value);

/* Small file helpers. */
int file_read(const char *path, char *buf, int size);
int file_write(const char *path, const char *text);
bool path_exists(const char *path);

#endif
