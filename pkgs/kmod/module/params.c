/* Module parameters. Each is range-checked on write, so the rest of the
 * module can trust what it reads. */
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

module_param_cb(max_readers, &max_readers_ops, &max_readers, 0644);
MODULE_PARM_DESC(max_readers, "open files at most; more fail with EMFILE (1..1024, default 8)");
module_param_cb(read_deadline_ms, &deadline_ops, &read_deadline_ms, 0644);
MODULE_PARM_DESC(read_deadline_ms, "a read walking longer returns what it has (0 = none)");
module_param_cb(test_delay_us_per_socket, &delay_ops, &test_delay_us_per_socket, 0644);
MODULE_PARM_DESC(test_delay_us_per_socket, "TEST ONLY: sleep per visited socket, to make reads slow");

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
