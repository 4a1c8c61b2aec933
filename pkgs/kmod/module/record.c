/* Records. tcp_get_info() may sleep (lock_sock_fast), so this runs with a
 * socket reference held and no bucket lock. */
#include <linux/tcp.h>
#include <linux/uaccess.h>
#include <net/inet_timewait_sock.h>
#include <net/tcp.h>

#include "record.h"

#define INFO_FIELDS (TCPSTATS_FIELD_COUNTERS | TCPSTATS_FIELD_TIMING | TCPSTATS_FIELD_WINDOW)

static u8 state_of(const struct sock *sk)
{
	if (sk->sk_state == TCP_TIME_WAIT)
		return inet_twsk(sk)->tw_substate;
	return sk->sk_state;
}

void tcpstats_view(const struct sock *sk, struct tcpstats_sock_view *v)
{
	memset(v, 0, sizeof(*v));
	v->state = state_of(sk);
	v->local_port = sk->sk_num;
	v->remote_port = ntohs(sk->sk_dport);
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6) {
		v->family = 6;
		memcpy(v->local_addr, &sk->sk_v6_rcv_saddr, 16);
		memcpy(v->remote_addr, &sk->sk_v6_daddr, 16);
		return;
	}
#endif
	v->family = 4;
	memcpy(v->local_addr, &sk->sk_rcv_saddr, 4);
	memcpy(v->remote_addr, &sk->sk_daddr, 4);
}

size_t tcpstats_record_size(const struct tcpstats_filter *f)
{
	if (f->format == TCPSTATS_FORMAT_COMPACT)
		return sizeof(struct tcpstats_compact);
	return sizeof(struct tcpstats_record);
}

static void fill_info(struct sock *sk, u32 want, struct tcpstats_record *rec)
{
	struct tcp_info info;

	tcp_get_info(sk, &info);
	if (want & TCPSTATS_FIELD_COUNTERS) {
		rec->bytes_acked = info.tcpi_bytes_acked;
		rec->bytes_received = info.tcpi_bytes_received;
		rec->segs_out = info.tcpi_segs_out;
		rec->segs_in = info.tcpi_segs_in;
		rec->total_retrans = info.tcpi_total_retrans;
	}
	if (want & TCPSTATS_FIELD_TIMING) {
		rec->rtt_us = info.tcpi_rtt;
		rec->rttvar_us = info.tcpi_rttvar;
		rec->rto_us = info.tcpi_rto;
	}
	if (want & TCPSTATS_FIELD_WINDOW) {
		rec->snd_cwnd = info.tcpi_snd_cwnd;
		rec->snd_ssthresh = info.tcpi_snd_ssthresh;
		rec->snd_mss = info.tcpi_snd_mss;
	}
	rec->fields |= want;
}

static int put_full(struct sock *sk, const struct tcpstats_sock_view *v, u32 fields,
		    void __user *dst)
{
	struct tcpstats_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.version = TCPSTATS_RECORD_VERSION;
	rec.size = sizeof(rec);
	rec.family = v->family;
	rec.fields = TCPSTATS_FIELD_IDENTITY;
	rec.local_port = v->local_port;
	rec.remote_port = v->remote_port;
	memcpy(rec.local_addr, v->local_addr, 16);
	memcpy(rec.remote_addr, v->remote_addr, 16);
	if (fields & TCPSTATS_FIELD_STATE) {
		rec.state = v->state;
		rec.fields |= TCPSTATS_FIELD_STATE;
	}
	if ((fields & INFO_FIELDS) && sk_fullsock(sk))
		fill_info(sk, fields & INFO_FIELDS, &rec);
	return copy_to_user(dst, &rec, sizeof(rec)) ? -EFAULT : 0;
}

static int put_compact(const struct tcpstats_sock_view *v, u32 fields, void __user *dst)
{
	struct tcpstats_compact rec;

	memset(&rec, 0, sizeof(rec));
	rec.version = TCPSTATS_RECORD_VERSION;
	rec.size = sizeof(rec);
	rec.family = v->family;
	rec.state = (fields & TCPSTATS_FIELD_STATE) ? v->state : 0;
	rec.local_port = v->local_port;
	rec.remote_port = v->remote_port;
	memcpy(rec.local_addr, v->local_addr, 16);
	memcpy(rec.remote_addr, v->remote_addr, 16);
	return copy_to_user(dst, &rec, sizeof(rec)) ? -EFAULT : 0;
}

int tcpstats_record_put(struct sock *sk, const struct tcpstats_sock_view *v,
			const struct tcpstats_filter *f, void __user *dst)
{
	if (f->format == TCPSTATS_FORMAT_COMPACT)
		return put_compact(v, f->fields, dst);
	return put_full(sk, v, f->fields, dst);
}
