/* The control verbs: names, arguments and help. Shared by relayd, which
 * serves them, and relayctl, which maps its command line onto them. */
#include <errno.h>
#include <string.h>

#include "verbs.h"

const struct verb_spec verbs[VERB__COUNT] = {
	[VERB_HELP] = { "help", { 0 }, "List the verbs, their arguments and this help." },
	[VERB_PEER_ADD] = { "peer add", { "name", "pubkey", "endpoint" },
		"Register a peer: a unique NAME ([A-Za-z0-9._-], at most 32), its WireGuard "
		"public key in base64 as `wg pubkey` prints it, and the ENDPOINT "
		"(IPv4:PORT or [IPv6]:PORT) its datagrams come from. Names, keys and "
		"endpoints are unique. Errors: bad_request, peer_exists, pubkey_in_use, "
		"endpoint_in_use, peer_limit_exceeded." },
	[VERB_PEER_REMOVE] = { "peer remove", { "name" },
		"Remove a peer, and its link if it has one. Errors: wg_peer_unknown." },
	[VERB_PEER_LIST] = { "peer list", { 0 },
		"List peers: key, endpoint, partner, traffic, and the drops pinned on each "
		"(drop_not_wg_shaped, drop_no_link, drop_pubkey_mismatch)." },
	[VERB_LINK_ADD] = { "link add", { "a", "b" },
		"Link peers A and B: datagrams from either's endpoint go unchanged to the "
		"other's. Each peer is in at most one link, because forwarding keys on the "
		"source endpoint alone; a second link for a peer is refused. Errors: "
		"wg_peer_unknown (no such peer), wg_link_self (A is B), wg_link_duplicate "
		"(A and B are already linked), link_limit_exceeded (A or B already has "
		"a link: remove it first)." },
	[VERB_LINK_REMOVE] = { "link remove", { "a", "b" },
		"Remove the link between A and B. Errors: wg_peer_unknown, link_unknown." },
	[VERB_LINK_LIST] = { "link list", { 0 }, "List links as pairs of peer names." },
	[VERB_SHOW] = { "show", { 0 },
		"Aggregate counters: rx_packets, fwd_packets, tx_errors, roams and every "
		"drop class; peer and link counts; uptime." },
	[VERB_SHOW_DROP_SOURCES] = { "show drop_sources", { 0 },
		"Drops that can't be pinned on a peer, per source IP, oldest first, with "
		"last_seen (unix seconds). At most 256 sources; the oldest is evicted." },
	[VERB_SHOW_CONFIG] = { "show config", { 0 },
		"The running configuration: listen address and bound port, control "
		"socket, flags, version." },
};

int verb_lookup(const char *name)
{
	for (int i = 0; i < VERB__COUNT; i++)
		if (!strcmp(verbs[i].name, name))
			return i;
	return -ENOENT;
}
