/* tcpstats.ko: TCP sockets, filtered, as fixed-size records from
 * /dev/tcpstats. Init brings up the counters, then the device; exit takes
 * them down in reverse. An open file pins the module (fops owner), so rmmod
 * with a reader open fails and the device never outlives its code. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/miscdevice.h>
#include <linux/module.h>

#include "reader.h"
#include "stats.h"

static struct miscdevice tcpstats_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "tcpstats",
	.fops = &tcpstats_fops,
	.mode = 0600,
};

static int __init tcpstats_init(void)
{
	int ret;

	ret = tcpstats_stats_init();
	if (ret)
		goto err_stats;
	ret = misc_register(&tcpstats_misc);
	if (ret)
		goto err_misc;
	pr_info("/dev/tcpstats ready (record version %u)\n", TCPSTATS_RECORD_VERSION);
	return 0;

err_misc:
	tcpstats_stats_exit();
err_stats:
	pr_err("/dev/tcpstats: init failed: %d\n", ret);
	return ret;
}

static void __exit tcpstats_exit(void)
{
	misc_deregister(&tcpstats_misc);
	tcpstats_stats_exit();
	pr_info("/dev/tcpstats removed\n");
}

module_init(tcpstats_init);
module_exit(tcpstats_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("TCP socket statistics through /dev/tcpstats, with a shared filter");
MODULE_AUTHOR("vmgate");
