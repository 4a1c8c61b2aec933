/* One read(): hand out the file's batch (iter.h), taking the next bucket
 * when it runs out; match each socket with the file's filter, copy matches
 * out as whole records.
 *
 * A read stops, keeping the first socket it did not finish for the next:
 *  - when the buffer is full;
 *  - on a pending signal: -EINTR if nothing was copied yet, else the count;
 *  - after read_deadline_ms of walking: the count, or -EAGAIN if nothing
 *    was copied yet (the cursor has still moved on: read again);
 *  - on a bad buffer: -EFAULT if nothing was copied yet, else the count;
 *  - when a bucket's batch cannot be allocated: -ENOMEM, or the count.
 * Every read makes progress: the checks come after at least one socket. */
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/sched/signal.h>

#include "params.h"
#include "reader.h"
#include "record.h"
#include "stats.h"
#include "trace.h"

enum walk_stop { WALK_GO, WALK_FULL, WALK_FAULT, WALK_SIGNAL, WALK_DEADLINE, WALK_NOMEM };

struct walk {
	struct tcpstats_reader *r;
	char __user *buf;
	size_t recsize, room, copied; /* room and copied count records */
	u64 deadline_ns;              /* ktime; 0 = none */
	unsigned int delay_us;        /* test_delay_us_per_socket */
	enum walk_stop stop;
};

static int walk_begin(struct walk *w, struct tcpstats_reader *r, char __user *buf,
		      size_t count)
{
	unsigned int deadline_ms = tcpstats_read_deadline_ms();

	memset(w, 0, sizeof(*w));
	w->r = r;
	w->buf = buf;
	w->recsize = tcpstats_record_size(&r->filter);
	w->room = count / w->recsize;
	if (!w->room)
		return -EINVAL;
	if (deadline_ms)
		w->deadline_ns = ktime_get_ns() + (u64)deadline_ms * NSEC_PER_MSEC;
	w->delay_us = tcpstats_test_delay_us();
	return 0;
}

static void walk_check(struct walk *w)
{
	if (w->stop != WALK_GO)
		return;
	if (signal_pending(current))
		w->stop = WALK_SIGNAL;
	else if (w->deadline_ns && ktime_get_ns() >= w->deadline_ns)
		w->stop = WALK_DEADLINE;
}

/* The test hook: long delays sleep interruptibly, so signals still land. */
static void walk_delay(unsigned int us)
{
	if (us < 1000)
		usleep_range(us, us + 50);
	else
		msleep_interruptible(us / 1000);
}

/* True when the socket is finished with (emitted or skipped). */
static bool walk_one(struct walk *w, struct sock *sk)
{
	struct tcpstats_sock_view v;
	enum tcpstats_skip why;

	tcpstats_view(sk, &v);
	why = tcpstats_filter_match(&w->r->filter, &v);
	if (why != TCPSTATS_MATCH) {
		tcpstats_count_skip(why);
		trace_tcpstats_skip(&v, tcpstats_skip_name(why));
		return true;
	}
	if (w->copied == w->room) {
		w->stop = WALK_FULL;
		return false;
	}
	if (tcpstats_record_put(sk, &v, &w->r->filter, w->buf + w->copied * w->recsize)) {
		w->stop = WALK_FAULT;
		return false;
	}
	w->copied++;
	w->r->emitted++;
	tcpstats_count_emit();
	trace_tcpstats_emit(&v, tcpstats_skip_name(why));
	return true;
}

static void walk_batch(struct walk *w)
{
	struct tcpstats_batch *b = &w->r->batch;

	while (b->next < b->n && w->stop == WALK_GO) {
		if (!walk_one(w, b->sk[b->next]))
			break;
		b->next++;
		if (w->delay_us)
			walk_delay(w->delay_us);
		walk_check(w);
	}
	if (b->next == b->n)
		tcpstats_batch_release(b);
}

static bool walk_done(const struct tcpstats_reader *r)
{
	return tcpstats_cursor_done(&r->cursor) && r->batch.next == r->batch.n;
}

static ssize_t walk_result(const struct walk *w)
{
	if (!w->copied && walk_done(w->r))
		return 0;
	if (w->stop == WALK_SIGNAL)
		tcpstats_count_event(TCPSTATS_EV_INTERRUPTED);
	if (w->stop == WALK_DEADLINE)
		tcpstats_count_event(TCPSTATS_EV_DEADLINE);
	if (w->copied)
		return w->copied * w->recsize;
	switch (w->stop) {
	case WALK_FAULT:
		return -EFAULT;
	case WALK_SIGNAL:
		return -EINTR;
	case WALK_DEADLINE:
		return -EAGAIN;
	case WALK_NOMEM:
		return -ENOMEM;
	default:
		return 0;
	}
}

/* Makes sure the batch has sockets to hand out; false when the walk is
 * done or the next bucket could not be taken. */
static bool walk_refill(struct walk *w)
{
	struct tcpstats_reader *r = w->r;

	if (r->batch.next < r->batch.n)
		return true;
	if (tcpstats_iter_next(r->net, &r->cursor, &r->batch)) {
		w->stop = WALK_NOMEM;
		return false;
	}
	return r->batch.n > 0;
}

ssize_t tcpstats_walk_read(struct tcpstats_reader *r, char __user *buf, size_t count)
{
	struct walk w;

	if (walk_begin(&w, r, buf, count))
		return -EINVAL;
	tcpstats_count_event(TCPSTATS_EV_READS);
	while (w.stop == WALK_GO && walk_refill(&w)) {
		walk_batch(&w);
		cond_resched();
		walk_check(&w);
	}
	return walk_result(&w);
}
