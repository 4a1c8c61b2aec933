/* TCPSTATS_IOC_SET_FILTER and TCPSTATS_IOC_RESET; the profile ioctls go on
 * to profiles.c. The text is parsed by the shared parser (../filter/filter.c,
 * compiled into this module); a parse error is -EINVAL with `error` copied
 * back, and the previous filter stays. */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "reader.h"
#include "stats.h"
#include "trace.h"

int tcpstats_filter_default(struct tcpstats_filter *f)
{
	struct tcpstats_parse_error err;

	return tcpstats_filter_parse("", 0, f, &err) ? -EINVAL : 0;
}

/* Installs `f` and starts a new walk with it. */
int tcpstats_apply_filter(struct tcpstats_reader *r, const struct tcpstats_filter *f)
{
	if (mutex_lock_interruptible(&r->lock))
		return -EINTR;
	r->filter = *f;
	tcpstats_reader_restart(r);
	mutex_unlock(&r->lock);
	tcpstats_count_event(TCPSTATS_EV_FILTERS_SET);
	return 0;
}

static int reject(struct tcpstats_filter_arg __user *uarg,
		  const struct tcpstats_parse_error *err)
{
	tcpstats_count_event(TCPSTATS_EV_FILTER_ERRORS);
	if (copy_to_user(&uarg->error, err, sizeof(*err)))
		return -EFAULT;
	return -EINVAL;
}

static int too_long(struct tcpstats_filter_arg __user *uarg)
{
	struct tcpstats_parse_error err = { .offset = TCPSTATS_FILTER_MAX_LEN };

	strscpy(err.message, "filter longer than 1024 bytes", sizeof(err.message));
	return reject(uarg, &err);
}

/* Copies the text in and parses it. 0, -EINVAL with *err filled, or -errno. */
static int parse_user(const struct tcpstats_filter_arg *arg, struct tcpstats_filter *f,
		      struct tcpstats_parse_error *err)
{
	char *text;
	int ret;

	text = memdup_user_nul(u64_to_user_ptr(arg->text), arg->len);
	if (IS_ERR(text))
		return PTR_ERR(text);
	tcpstats_count_alloc();
	memset(err, 0, sizeof(*err));
	ret = tcpstats_filter_parse(text, arg->len, f, err) ? -EINVAL : 0;
	trace_tcpstats_filter_set(text, ret, err->offset);
	kfree(text);
	tcpstats_count_free();
	return ret;
}

int tcpstats_parse_arg(struct tcpstats_filter_arg __user *uarg, struct tcpstats_filter *f)
{
	struct tcpstats_filter_arg arg;
	struct tcpstats_parse_error err;
	int ret;

	if (copy_from_user(&arg, uarg, sizeof(arg)))
		return -EFAULT;
	if (arg.reserved)
		return -EINVAL;
	if (arg.len > TCPSTATS_FILTER_MAX_LEN)
		return too_long(uarg);
	ret = parse_user(&arg, f, &err);
	return ret == -EINVAL ? reject(uarg, &err) : ret;
}

static int set_filter(struct tcpstats_reader *r, struct tcpstats_filter_arg __user *uarg)
{
	struct tcpstats_filter f;
	int ret;

	ret = tcpstats_parse_arg(uarg, &f);
	return ret ? ret : tcpstats_apply_filter(r, &f);
}

static int reset_filter(struct tcpstats_reader *r)
{
	struct tcpstats_filter f;
	int ret;

	ret = tcpstats_filter_default(&f);
	if (ret)
		return ret;
	return tcpstats_apply_filter(r, &f);
}

long tcpstats_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct tcpstats_reader *r = file->private_data;

	switch (cmd) {
	case TCPSTATS_IOC_SET_FILTER:
		return set_filter(r, (struct tcpstats_filter_arg __user *)arg);
	case TCPSTATS_IOC_RESET:
		return reset_filter(r);
	default:
		return tcpstats_profile_ioctl(r, cmd, arg);
	}
}
