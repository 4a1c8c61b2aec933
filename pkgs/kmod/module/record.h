/* From a socket to what the matcher sees and to the record a reader gets. */
#ifndef TCPSTATS_RECORD_H
#define TCPSTATS_RECORD_H

#include <net/sock.h>

#include "tcpstats.h"

/* Identity and state of any TCP socket: full, TIME_WAIT or request sock.
 * A TIME_WAIT sock reports its substate (time_wait, or fin_wait2 when an
 * orphaned FIN_WAIT2 socket was turned into one), as ss does. */
void tcpstats_view(const struct sock *sk, struct tcpstats_sock_view *v);

/* Size of one record in the filter's format. */
size_t tcpstats_record_size(const struct tcpstats_filter *f);

/* Builds the record the filter asks for and copies it to `dst`.
 * Counters, timing and window come from tcp_get_info() and only for full
 * sockets; `fields` says what was filled. 0 or -EFAULT. */
int tcpstats_record_put(struct sock *sk, const struct tcpstats_sock_view *v,
			const struct tcpstats_filter *f, void __user *dst);

#endif
