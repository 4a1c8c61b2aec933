/* Named filter profiles (TCPSTATS_IOC_PROFILE_*): a fixed table, kept sorted
 * by name, under one mutex. It is static, not allocated, so a profile is no
 * live object and needs nothing freed at unload. */
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "reader.h"

struct profile {
	char name[TCPSTATS_PROFILE_NAME_MAX];
	struct tcpstats_filter filter;
};

static struct profile profiles[TCPSTATS_MAX_PROFILES];
static int n_profiles;
static DEFINE_MUTEX(profiles_lock);

/* Copies a name in: 0, or -EINVAL unless it is 1..31 bytes of a-z 0-9 _ -. */
static int copy_name(char *name, const char __user *from)
{
	size_t i;

	if (copy_from_user(name, from, TCPSTATS_PROFILE_NAME_MAX))
		return -EFAULT;
	if (!name[0] || strnlen(name, TCPSTATS_PROFILE_NAME_MAX) == TCPSTATS_PROFILE_NAME_MAX)
		return -EINVAL;
	for (i = 0; name[i]; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_' || name[i] == '-'))
			return -EINVAL;
	memset(name + i, 0, TCPSTATS_PROFILE_NAME_MAX - i);
	return 0;
}

/* The index of `name`, or -(where it would go) - 1. Under profiles_lock. */
static int find(const char *name)
{
	int i, cmp;

	for (i = 0; i < n_profiles; i++) {
		cmp = strcmp(profiles[i].name, name);
		if (cmp == 0)
			return i;
		if (cmp > 0)
			break;
	}
	return -i - 1;
}

static int keep(const char *name, const struct tcpstats_filter *f)
{
	int at = find(name);

	if (at < 0) {
		if (n_profiles == TCPSTATS_MAX_PROFILES)
			return -ENOSPC;
		at = -at - 1;
		memmove(&profiles[at + 1], &profiles[at], (n_profiles - at) * sizeof(profiles[0]));
		n_profiles++;
		memcpy(profiles[at].name, name, TCPSTATS_PROFILE_NAME_MAX);
	}
	profiles[at].filter = *f;
	return 0;
}

static int profile_set(struct tcpstats_profile_arg __user *uarg)
{
	char name[TCPSTATS_PROFILE_NAME_MAX];
	struct tcpstats_filter f;
	int ret;

	ret = copy_name(name, uarg->name);
	if (!ret)
		ret = tcpstats_parse_arg(&uarg->filter, &f);
	if (ret)
		return ret;
	mutex_lock(&profiles_lock);
	ret = keep(name, &f);
	mutex_unlock(&profiles_lock);
	return ret;
}

/* Copies the name in and takes profiles_lock, with *at the profile's index
 * (negative: none of that name). Not locked when it returns an error. */
static int lock_named(const struct tcpstats_profile_name __user *uarg, int *at)
{
	char name[TCPSTATS_PROFILE_NAME_MAX];
	int ret;

	ret = copy_name(name, uarg->name);
	if (ret)
		return ret;
	mutex_lock(&profiles_lock);
	*at = find(name);
	return 0;
}

static int profile_use(struct tcpstats_reader *r, struct tcpstats_profile_name __user *uarg)
{
	struct tcpstats_filter f;
	int ret, at;

	ret = lock_named(uarg, &at);
	if (ret)
		return ret;
	if (at >= 0)
		f = profiles[at].filter;
	mutex_unlock(&profiles_lock);
	return at < 0 ? -ENOENT : tcpstats_apply_filter(r, &f);
}

static int profile_remove(struct tcpstats_profile_name __user *uarg)
{
	int ret, at;

	ret = lock_named(uarg, &at);
	if (ret)
		return ret;
	if (at >= 0) {
		n_profiles--;
		memmove(&profiles[at], &profiles[at + 1], (n_profiles - at) * sizeof(profiles[0]));
	}
	mutex_unlock(&profiles_lock);
	return at < 0 ? -ENOENT : 0;
}

/* The names are copied out of a snapshot: no user copy under the lock. */
static int profile_list(struct tcpstats_profile_list __user *uarg)
{
	static char names[TCPSTATS_MAX_PROFILES][TCPSTATS_PROFILE_NAME_MAX];
	static DEFINE_MUTEX(names_lock);
	struct tcpstats_profile_list arg;
	u32 i, n;
	int ret = 0;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	mutex_lock(&names_lock);
	mutex_lock(&profiles_lock);
	n = n_profiles;
	for (i = 0; i < n; i++)
		memcpy(names[i], profiles[i].name, TCPSTATS_PROFILE_NAME_MAX);
	mutex_unlock(&profiles_lock);
	if (copy_to_user(u64_to_user_ptr(arg.names), names,
			 (size_t)min(n, arg.capacity) * TCPSTATS_PROFILE_NAME_MAX) ||
	    put_user(n, &uarg->count))
		ret = -EFAULT;
	mutex_unlock(&names_lock);
	return ret;
}

long tcpstats_profile_ioctl(struct tcpstats_reader *r, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case TCPSTATS_IOC_PROFILE_SET:
		return profile_set(uarg);
	case TCPSTATS_IOC_PROFILE_USE:
		return profile_use(r, uarg);
	case TCPSTATS_IOC_PROFILE_LIST:
		return profile_list(uarg);
	case TCPSTATS_IOC_PROFILE_REMOVE:
		return profile_remove(uarg);
	default:
		return -ENOTTY;
	}
}
