/* Module parameters. Each is range-checked on write, so the rest of the
 * module can trust what it reads. test_warn holds nothing: writing it WARNs. */
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

#include "params.h"

static unsigned int max_readers = 8;
static unsigned int read_deadline_ms;
static unsigned int test_delay_us_per_socket;

static int set_max_readers(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 1024);
}

static int set_deadline(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, 600000);
}

static int set_delay(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 0, 1000000);
}

/*
 * TEST ONLY: writing 1 makes the module WARN(), a real kernel warning, so a
 * test can prove one fails a live target. Write-only; nothing else reads it.
 */
static int set_test_warn(const char *val, const struct kernel_param *kp)
{
	bool warn;
	int ret = kstrtobool(val, &warn);

	if (ret)
		return ret;
	WARN(warn, "tcpstats: test_warn written, warning as asked\n");
	return 0;
}

static const struct kernel_param_ops max_readers_ops = {
	.set = set_max_readers,
	.get = param_get_uint,
};
static const struct kernel_param_ops deadline_ops = {
	.set = set_deadline,
	.get = param_get_uint,
};
static const struct kernel_param_ops delay_ops = {
	.set = set_delay,
	.get = param_get_uint,
};
static const struct kernel_param_ops test_warn_ops = {
	.set = set_test_warn,
};

module_param_cb(max_readers, &max_readers_ops, &max_readers, 0644);
MODULE_PARM_DESC(max_readers, "open files at most; more fail with EMFILE (1..1024, default 8)");
module_param_cb(read_deadline_ms, &deadline_ops, &read_deadline_ms, 0644);
MODULE_PARM_DESC(read_deadline_ms, "a read walking longer returns what it has (0 = none)");
module_param_cb(test_delay_us_per_socket, &delay_ops, &test_delay_us_per_socket, 0644);
MODULE_PARM_DESC(test_delay_us_per_socket, "TEST ONLY: sleep per visited socket, to make reads slow");
module_param_cb(test_warn, &test_warn_ops, NULL, 0200);
MODULE_PARM_DESC(test_warn, "TEST ONLY: writing 1 makes the module WARN(), to prove a kernel warning fails a test");

unsigned int tcpstats_max_readers(void)
{
	return READ_ONCE(max_readers);
}

unsigned int tcpstats_read_deadline_ms(void)
{
	return READ_ONCE(read_deadline_ms);
}

unsigned int tcpstats_test_delay_us(void)
{
	return READ_ONCE(test_delay_us_per_socket);
}
