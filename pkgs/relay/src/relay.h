/* Shared state of relayd: peers, links, counters and the per-source table.
 *
 * The one-link-per-peer invariant: every peer is in at most one link. That is
 * what lets forwarding key on the source 4-tuple alone. A datagram from a
 * peer's endpoint has exactly one possible destination, its partner, so the
 * relay never has to look inside an encrypted WireGuard message to route it.
 */
#ifndef RELAY_H
#define RELAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define RELAY_MAX_PEERS 1024
#define RELAY_HASH_BUCKETS 1024
#define RELAY_NAME_MAX 32
#define RELAY_SRC_CAP 256
#define WG_KEY_LEN 32

union sockaddr_any {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
};

enum drop_class {
	DROP_UNKNOWN_SRC,
	DROP_NOT_WG_SHAPED,
	DROP_NO_LINK,
	DROP_PUBKEY_MISMATCH,
	DROP_HANDSHAKE_NO_PUBKEY_MATCH,
	DROP__COUNT
};

struct counters {
	uint64_t rx_packets;
	uint64_t fwd_packets;
	uint64_t tx_errors;
	uint64_t roams;
	uint64_t drops[DROP__COUNT];
};

struct peer {
	bool used;
	char name[RELAY_NAME_MAX + 1];
	uint8_t pubkey[WG_KEY_LEN];
	uint8_t mac1_key[WG_KEY_LEN]; /* BLAKE2s-256("mac1----" || pubkey) */
	union sockaddr_any ep;
	int partner;   /* peer index, or -1 when unlinked */
	int hash_next; /* next peer in the same endpoint bucket, or -1 */
	struct counters c; /* rx/fwd/roams and the drops pinned on this peer */
};

struct src_entry {
	union sockaddr_any ip; /* port is zero: the table is per source IP */
	uint64_t drops[DROP__COUNT];
	uint64_t last_seen; /* unix seconds */
};

/* Per-source drops that can't be pinned on a peer. A ring: slot `head` holds
 * the oldest entry once the table is full, and is overwritten first. */
struct src_table {
	struct src_entry e[RELAY_SRC_CAP];
	unsigned head;
	unsigned count;
	uint64_t evictions;
};

struct relay_config;
struct mac1;
struct xdp;

struct relay {
	const struct relay_config *cfg;
	struct mac1 *mac1;
	struct xdp *xdp; /* the XDP fast path's maps, or NULL when it is off */
	int family; /* AF_INET or AF_INET6: the listen socket's family */
	union sockaddr_any bound; /* the address the UDP socket got */
	uint64_t now; /* unix seconds, refreshed once per batch */
	uint64_t started;
	struct peer peers[RELAY_MAX_PEERS];
	int buckets[RELAY_HASH_BUCKETS];
	unsigned npeers;
	unsigned nlinks;
	struct counters c;
	struct src_table src;
};

extern const char *const drop_names[DROP__COUNT];

int relay_init(struct relay *r, const struct relay_config *cfg, int family);
void relay_fini(struct relay *r);

#endif
