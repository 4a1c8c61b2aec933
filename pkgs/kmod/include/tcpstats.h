/* tcpstats user/kernel ABI: the records read from /dev/tcpstats, the filter
 * that an ioctl sets on an open file, and the parser/matcher both sides share.
 *
 * This header compiles in the kernel (linux/types.h) and in userland
 * (stdint.h). It is the contract between pkgs/kmod/filter (parser, matcher),
 * pkgs/kmod/module (tcpstats.ko) and pkgs/kmod/user (tcpstats-read, tests).
 * Change the layout only together with TCPSTATS_RECORD_VERSION. */
#ifndef TCPSTATS_H
#define TCPSTATS_H

#ifdef __KERNEL__
#include <linux/ioctl.h>
#include <linux/types.h>
typedef __u8 ts_u8;
typedef __u16 ts_u16;
typedef __u32 ts_u32;
typedef __u64 ts_u64;
#else
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>
typedef uint8_t ts_u8;
typedef uint16_t ts_u16;
typedef uint32_t ts_u32;
typedef uint64_t ts_u64;
#endif

#define TCPSTATS_DEVICE "/dev/tcpstats"
#define TCPSTATS_RECORD_VERSION 1

/* Field groups a filter can ask for (fields=...). Identity is always filled. */
#define TCPSTATS_FIELD_IDENTITY (1u << 0) /* family, addresses, ports */
#define TCPSTATS_FIELD_STATE (1u << 1)    /* TCP state */
#define TCPSTATS_FIELD_COUNTERS (1u << 2) /* bytes, segments, retransmits */
#define TCPSTATS_FIELD_TIMING (1u << 3)   /* rtt, rttvar, rto */
#define TCPSTATS_FIELD_WINDOW (1u << 4)   /* cwnd, ssthresh, mss */
#define TCPSTATS_FIELD_ALL 0x1fu

/* format=full (default) emits struct tcpstats_record; format=compact emits
 * struct tcpstats_compact: identity and state only, a third of the size. */
#define TCPSTATS_FORMAT_FULL 0
#define TCPSTATS_FORMAT_COMPACT 1

/* TCP states as the kernel numbers them (TCP_ESTABLISHED = 1 ... TCP_NEW_SYN_RECV = 12). */
#define TCPSTATS_STATE_MAX 12

struct tcpstats_record {
	ts_u16 version;     /* TCPSTATS_RECORD_VERSION */
	ts_u16 size;        /* sizeof(struct tcpstats_record) */
	ts_u8 family;       /* 4 or 6 */
	ts_u8 state;        /* 1..TCPSTATS_STATE_MAX, 0 if not requested */
	ts_u16 fields;      /* TCPSTATS_FIELD_* filled in this record */
	ts_u16 local_port;  /* host order */
	ts_u16 remote_port; /* host order */
	ts_u32 reserved;
	ts_u8 local_addr[16];  /* IPv4 in the first 4 bytes, network order */
	ts_u8 remote_addr[16];
	/* TCPSTATS_FIELD_COUNTERS */
	ts_u64 bytes_acked;
	ts_u64 bytes_received;
	ts_u32 segs_out;
	ts_u32 segs_in;
	ts_u32 total_retrans;
	/* TCPSTATS_FIELD_TIMING, microseconds */
	ts_u32 rtt_us;
	ts_u32 rttvar_us;
	ts_u32 rto_us;
	/* TCPSTATS_FIELD_WINDOW */
	ts_u32 snd_cwnd;
	ts_u32 snd_ssthresh;
	ts_u32 snd_mss;
	ts_u32 pad;
};

struct tcpstats_compact {
	ts_u16 version;
	ts_u16 size; /* sizeof(struct tcpstats_compact) */
	ts_u8 family;
	ts_u8 state;
	ts_u16 local_port;
	ts_u16 remote_port;
	ts_u16 pad;
	ts_u8 local_addr[16];
	ts_u8 remote_addr[16];
};

/* ---- the filter ---------------------------------------------------------
 * Text form, tokens separated by spaces, each one key=value or a flag:
 *   local_port=22,80        remote_port=443          (up to 16 each, 1..65535)
 *   include_state=established,listen   exclude_state=time_wait
 *   ipv4_only | ipv6_only
 *   local_addr=10.0.0.0/8   remote_addr=fd00::/64    (repeatable, up to 8 each)
 *   fields=identity,state,counters,timing,window | fields=all
 *   format=full | format=compact
 * The empty string matches every socket with every field. */

#define TCPSTATS_MAX_PORTS 16
#define TCPSTATS_MAX_CIDRS 8
#define TCPSTATS_FILTER_MAX_LEN 1024

struct tcpstats_cidr {
	ts_u8 family; /* 4 or 6 */
	ts_u8 prefix; /* 0..32 or 0..128 */
	ts_u8 addr[16]; /* network order, host bits zero */
};

struct tcpstats_filter {
	ts_u32 state_mask; /* bit s set: state s is emitted; 0 never happens after parse */
	ts_u32 fields;     /* TCPSTATS_FIELD_* */
	ts_u8 family;      /* 0 any, 4 ipv4_only, 6 ipv6_only */
	ts_u8 format;      /* TCPSTATS_FORMAT_* */
	ts_u8 n_local_ports, n_remote_ports;
	ts_u8 n_local_cidrs, n_remote_cidrs;
	ts_u16 local_ports[TCPSTATS_MAX_PORTS];
	ts_u16 remote_ports[TCPSTATS_MAX_PORTS];
	struct tcpstats_cidr local_cidrs[TCPSTATS_MAX_CIDRS];
	struct tcpstats_cidr remote_cidrs[TCPSTATS_MAX_CIDRS];
};

/* What a parse failure reports: the byte offset where the bad token starts
 * (or the byte that broke it) and a short reason. */
struct tcpstats_parse_error {
	ts_u32 offset;
	char message[96];
};

/* What the matcher needs of one socket; the module fills it from the sock. */
struct tcpstats_sock_view {
	ts_u8 family; /* 4 or 6 */
	ts_u8 state;
	ts_u16 local_port, remote_port;
	ts_u8 local_addr[16], remote_addr[16];
};

/* Why a socket was skipped: the module counts each reason. */
enum tcpstats_skip {
	TCPSTATS_MATCH = 0,
	TCPSTATS_SKIP_FAMILY,
	TCPSTATS_SKIP_STATE,
	TCPSTATS_SKIP_LOCAL_PORT,
	TCPSTATS_SKIP_REMOTE_PORT,
	TCPSTATS_SKIP_LOCAL_ADDR,
	TCPSTATS_SKIP_REMOTE_ADDR,
	TCPSTATS_SKIP_REASONS,
};

/* Parses `len` bytes of `text` (no NUL needed) into `out`. Returns 0, or -1
 * with `err` filled. Pure C, no allocation, no libc beyond memset/memcpy:
 * the same file compiles into tcpstats.ko. */
int tcpstats_filter_parse(const char *text, size_t len, struct tcpstats_filter *out,
			  struct tcpstats_parse_error *err);

/* TCPSTATS_MATCH, or the first reason, in enum order, the socket fails. */
enum tcpstats_skip tcpstats_filter_match(const struct tcpstats_filter *filter,
					 const struct tcpstats_sock_view *sock);

/* The names the text form uses for skip reasons and states ("listen", ...). */
const char *tcpstats_skip_name(enum tcpstats_skip reason);
const char *tcpstats_state_name(unsigned state);

/* ---- ioctl ---------------------------------------------------------------
 * SET_FILTER: the kernel copies `text` (len bytes), parses it with the shared
 * parser and, on success, applies it to this open file from the next read on.
 * On a parse error it returns -EINVAL, fills `error`, and the previous filter
 * stays. RESET puts the file back to the empty filter. */
struct tcpstats_filter_arg {
	ts_u64 text; /* user pointer */
	ts_u32 len;
	ts_u32 reserved;
	struct tcpstats_parse_error error; /* out */
};

#define TCPSTATS_IOC_MAGIC 'T'
#define TCPSTATS_IOC_SET_FILTER _IOWR(TCPSTATS_IOC_MAGIC, 1, struct tcpstats_filter_arg)
#define TCPSTATS_IOC_RESET _IO(TCPSTATS_IOC_MAGIC, 2)

/* ---- named profiles -------------------------------------------------------
 * A profile is a filter the module keeps under a name, for any open file to
 * use; profiles are the module's, shared by every file and network namespace,
 * and go with the module when it unloads.
 *   PROFILE_SET     parses `filter` as SET_FILTER does and keeps it under
 *                   `name`, replacing a profile of that name. A parse error is
 *                   -EINVAL with `filter.error` filled; nothing is kept.
 *   PROFILE_USE     copies the named profile's filter to this file, as
 *                   SET_FILTER would (a new walk); changing or removing the
 *                   profile later does not reach the file.
 *   PROFILE_LIST    copies the names, sorted, into `names` (up to `capacity`
 *                   of TCPSTATS_PROFILE_NAME_MAX bytes each, NUL-padded) and
 *                   sets `count` to how many there are.
 *   PROFILE_REMOVE  drops the named profile.
 * A name is 1..31 bytes of a-z 0-9 _ -, NUL-terminated: else -EINVAL.
 * An unknown name is -ENOENT; a new name while TCPSTATS_MAX_PROFILES exist
 * is -ENOSPC (replacing one still works). */
#define TCPSTATS_PROFILE_NAME_MAX 32
#define TCPSTATS_MAX_PROFILES 16

struct tcpstats_profile_name {
	char name[TCPSTATS_PROFILE_NAME_MAX];
};

struct tcpstats_profile_arg {
	char name[TCPSTATS_PROFILE_NAME_MAX];
	struct tcpstats_filter_arg filter;
};

struct tcpstats_profile_list {
	ts_u64 names;    /* user pointer: capacity * TCPSTATS_PROFILE_NAME_MAX bytes */
	ts_u32 capacity; /* in */
	ts_u32 count;    /* out: profiles there are; the first `capacity` are copied */
};

#define TCPSTATS_IOC_PROFILE_SET _IOWR(TCPSTATS_IOC_MAGIC, 3, struct tcpstats_profile_arg)
#define TCPSTATS_IOC_PROFILE_USE _IOW(TCPSTATS_IOC_MAGIC, 4, struct tcpstats_profile_name)
#define TCPSTATS_IOC_PROFILE_LIST _IOWR(TCPSTATS_IOC_MAGIC, 5, struct tcpstats_profile_list)
#define TCPSTATS_IOC_PROFILE_REMOVE _IOW(TCPSTATS_IOC_MAGIC, 6, struct tcpstats_profile_name)

#endif
