/* Tracepoints, system "tcpstats": /sys/kernel/tracing/events/tcpstats/. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM tcpstats

#if !defined(TCPSTATS_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define TCPSTATS_TRACE_H

#include <linux/tracepoint.h>

#include "tcpstats.h"

TRACE_EVENT(tcpstats_open,
	TP_PROTO(unsigned int readers),
	TP_ARGS(readers),
	TP_STRUCT__entry(__field(unsigned int, readers)),
	TP_fast_assign(__entry->readers = readers;),
	TP_printk("readers=%u", __entry->readers)
);

TRACE_EVENT(tcpstats_close,
	TP_PROTO(u64 emitted, unsigned int readers),
	TP_ARGS(emitted, readers),
	TP_STRUCT__entry(__field(u64, emitted) __field(unsigned int, readers)),
	TP_fast_assign(__entry->emitted = emitted; __entry->readers = readers;),
	TP_printk("emitted=%llu readers=%u", __entry->emitted, __entry->readers)
);

TRACE_EVENT(tcpstats_filter_set,
	TP_PROTO(const char *text, int err, u32 offset),
	TP_ARGS(text, err, offset),
	TP_STRUCT__entry(__string(text, text) __field(int, err) __field(u32, offset)),
	TP_fast_assign(__assign_str(text, text); __entry->err = err;
		       __entry->offset = offset;),
	TP_printk("err=%d offset=%u text=\"%s\"", __entry->err, __entry->offset,
		  __get_str(text))
);

DECLARE_EVENT_CLASS(tcpstats_sock,
	TP_PROTO(const struct tcpstats_sock_view *v, const char *why),
	TP_ARGS(v, why),
	TP_STRUCT__entry(__field(u8, family) __field(u8, state) __field(u16, lport)
			 __field(u16, rport) __string(why, why)),
	TP_fast_assign(__entry->family = v->family; __entry->state = v->state;
		       __entry->lport = v->local_port; __entry->rport = v->remote_port;
		       __assign_str(why, why);),
	TP_printk("tcp%u state=%u lport=%u rport=%u %s", __entry->family, __entry->state,
		  __entry->lport, __entry->rport, __get_str(why))
);

DEFINE_EVENT(tcpstats_sock, tcpstats_emit,
	TP_PROTO(const struct tcpstats_sock_view *v, const char *why),
	TP_ARGS(v, why));

/* `why` is the skip reason, named by tcpstats_skip_name(). */
DEFINE_EVENT(tcpstats_sock, tcpstats_skip,
	TP_PROTO(const struct tcpstats_sock_view *v, const char *why),
	TP_ARGS(v, why));

#endif

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
