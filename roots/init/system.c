/* Bringing the guest up and down: mounts, loopback, entropy, power. */
#include <errno.h>
#include <fcntl.h>
#include <linux/random.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "init.h"

static const struct {
	const char *type, *target;
	unsigned long flags;
} mounts[] = {
	{ "proc", "/proc", MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs", "/sys", MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "devtmpfs", "/dev", MS_NOSUID },
	{ "tmpfs", "/tmp", MS_NOSUID | MS_NODEV },
	{ "tmpfs", "/run", MS_NOSUID | MS_NODEV },
};

int system_mount(void)
{
	for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		mkdir(mounts[i].target, 0755);
		if (mount(mounts[i].type, mounts[i].target, mounts[i].type, mounts[i].flags, NULL) < 0 && errno != EBUSY) {
			fprintf(stderr, "vmgate-init: mount %s on %s: %s\n", mounts[i].type, mounts[i].target, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

int system_loopback_up(void)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), err = 0;

	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 || (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr) < 0))
		err = -errno;
	close(fd);
	return err;
}

/* Reports when the CRNG became ready: a guest without entropy stalls silently otherwise. */
void system_crng_mark(void)
{
	char byte;
	int ready = getrandom(&byte, 1, GRND_NONBLOCK) == 1;

	if (!ready) {
		struct pollfd pfd = { .fd = open("/dev/random", O_RDONLY | O_CLOEXEC), .events = POLLIN };
		ready = pfd.fd >= 0 && poll(&pfd, 1, 3000) == 1;
		if (pfd.fd >= 0)
			close(pfd.fd);
	}
	channel_event("{\"event\":\"mark\",\"name\":\"crng\",\"ready\":%s,\"ms\":%llu}", ready ? "true" : "false",
		      (unsigned long long)uptime_ms());
}

int system_set_clock(const struct timespec *now)
{
	return clock_settime(CLOCK_REALTIME, now) < 0 ? -errno : 0;
}

/*
 * Mixes the host's bytes into the input pool, credits them, and reseeds the
 * CRNG at once: guests restored from one snapshot share its random state until
 * then, and must part ways before anything draws from it.
 */
int system_seed_entropy(const unsigned char *bytes, size_t len)
{
	struct {
		struct rand_pool_info info;
		unsigned char buf[64];
	} seed = { .info = { .entropy_count = (int)len * 8, .buf_size = (int)len } };
	int fd = open("/dev/random", O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	memcpy(seed.buf, bytes, len < sizeof(seed.buf) ? len : sizeof(seed.buf));
	if (ioctl(fd, RNDADDENTROPY, &seed.info) < 0 || ioctl(fd, RNDRESEEDCRNG) < 0)
		err = -errno;
	close(fd);
	return err;
}

void system_poweroff(void)
{
	sync();
	umount2("/tmp", MNT_DETACH);
	umount2("/run", MNT_DETACH);
	/* With reboot=t and qemu -no-reboot, a reboot ends the VM on every machine type. */
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}
