/* /dev/tcpstats file operations and the per-file state.
 *
 * Read semantics (see ../README.md, "Module and userland"):
 *  - read() returns whole records only; a buffer smaller than one record is
 *    -EINVAL. Each read continues the walk where the last one stopped; 0
 *    means the walk is done (EOF) and stays done.
 *  - lseek(fd, 0, SEEK_SET), SET_FILTER and RESET start a new walk; any
 *    other seek is -EINVAL. Reopening starts one too.
 *  - A socket that exists for the whole walk is reported exactly once
 *    (iter.h); one that comes or goes meanwhile may or may not be.
 *  - read_deadline_ms, signals: see walk.c. */
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "params.h"
#include "reader.h"
#include "stats.h"
#include "trace.h"

static struct tcpstats_reader *reader_alloc(void)
{
	struct tcpstats_reader *r;
	int ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	tcpstats_count_alloc();
	ret = tcpstats_filter_default(&r->filter);
	if (ret) {
		kfree(r);
		tcpstats_count_free();
		return ERR_PTR(ret);
	}
	mutex_init(&r->lock);
	r->net = get_net(current->nsproxy->net_ns);
	tcpstats_cursor_rewind(&r->cursor);
	return r;
}

void tcpstats_reader_restart(struct tcpstats_reader *r)
{
	tcpstats_batch_release(&r->batch);
	tcpstats_cursor_rewind(&r->cursor);
}

static void reader_free(struct tcpstats_reader *r)
{
	tcpstats_batch_free(&r->batch);
	put_net(r->net);
	mutex_destroy(&r->lock);
	kfree(r);
	tcpstats_count_free();
}

static int tcpstats_open(struct inode *inode, struct file *file)
{
	struct tcpstats_reader *r;
	int ret;

	if (!tcpstats_readers_enter(tcpstats_max_readers()))
		return -EMFILE;
	r = reader_alloc();
	if (IS_ERR(r)) {
		ret = PTR_ERR(r);
		goto err_alloc;
	}
	file->private_data = r;
	trace_tcpstats_open(tcpstats_readers());
	return 0;

err_alloc:
	tcpstats_readers_leave();
	return ret;
}

static int tcpstats_release(struct inode *inode, struct file *file)
{
	struct tcpstats_reader *r = file->private_data;
	u64 emitted = r->emitted;

	reader_free(r);
	tcpstats_readers_leave();
	trace_tcpstats_close(emitted, tcpstats_readers());
	return 0;
}

static ssize_t tcpstats_read(struct file *file, char __user *buf, size_t count,
			     loff_t *ppos)
{
	struct tcpstats_reader *r = file->private_data;
	ssize_t ret;

	if (mutex_lock_interruptible(&r->lock))
		return -EINTR;
	ret = tcpstats_walk_read(r, buf, count);
	mutex_unlock(&r->lock);
	if (ret > 0)
		*ppos += ret;
	return ret;
}

static loff_t tcpstats_llseek(struct file *file, loff_t offset, int whence)
{
	struct tcpstats_reader *r = file->private_data;

	if (whence != SEEK_SET || offset != 0)
		return -EINVAL;
	if (mutex_lock_interruptible(&r->lock))
		return -EINTR;
	tcpstats_reader_restart(r);
	file->f_pos = 0;
	mutex_unlock(&r->lock);
	return 0;
}

const struct file_operations tcpstats_fops = {
	.owner = THIS_MODULE,
	.open = tcpstats_open,
	.release = tcpstats_release,
	.read = tcpstats_read,
	.llseek = tcpstats_llseek,
	.unlocked_ioctl = tcpstats_ioctl,
};
