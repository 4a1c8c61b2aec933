/* Control verbs: peer add, peer remove, peer list. */
#include <errno.h>
#include <string.h>

#include <openssl/evp.h>

#include "addr.h"
#include "dispatch.h"
#include "peers.h"

#define WG_KEY_B64_LEN 44

/* Accepts exactly the canonical base64 of a 32-byte key, as `wg` prints it. */
static int parse_pubkey(const char *s, uint8_t key[WG_KEY_LEN])
{
	uint8_t raw[WG_KEY_LEN + 3];
	char again[WG_KEY_B64_LEN + 1];

	if (strlen(s) != WG_KEY_B64_LEN)
		return -EINVAL;
	if (EVP_DecodeBlock(raw, (const unsigned char *)s, WG_KEY_B64_LEN) != WG_KEY_LEN + 1)
		return -EINVAL;
	EVP_EncodeBlock((unsigned char *)again, raw, WG_KEY_LEN);
	if (strcmp(again, s))
		return -EINVAL;
	memcpy(key, raw, WG_KEY_LEN);
	return 0;
}

static int add_error(int ret, const char *const *args, struct ctl_err *e)
{
	switch (ret) {
	case -EINVAL:
		return ctl_fail(e, "bad_request",
				"bad peer name '%s': use 1-32 of [A-Za-z0-9._-]", args[0]);
	case -EEXIST:
		return ctl_fail(e, "peer_exists", "peer '%s' already exists", args[0]);
	case -EKEYREJECTED:
		return ctl_fail(e, "pubkey_in_use", "public key '%s' belongs to another peer",
				args[1]);
	case -EADDRINUSE:
		return ctl_fail(e, "endpoint_in_use", "endpoint '%s' belongs to another peer",
				args[2]);
	case -ENOSPC:
		return ctl_fail(e, "peer_limit_exceeded", "at most %d peers", RELAY_MAX_PEERS);
	default:
		return ctl_fail(e, "internal", "peer add failed: %s", strerror(-ret));
	}
}

int cmd_peer_add(struct relay *r, const char *const *args, struct buf *out, struct ctl_err *e)
{
	uint8_t key[WG_KEY_LEN];
	union sockaddr_any ep;
	int ret;

	if (parse_pubkey(args[1], key))
		return ctl_fail(e, "bad_request",
				"bad pubkey '%.60s': expected 44 characters of base64", args[1]);
	if (addr_parse(args[2], &ep))
		return ctl_fail(e, "bad_request",
				"bad endpoint '%.60s': expected IPv4:PORT or [IPv6]:PORT", args[2]);
	if (addr_to_family(&ep, r->family))
		return ctl_fail(e, "bad_request",
				"endpoint '%.60s' is IPv6 but relayd listens on IPv4", args[2]);
	ret = peer_add(r, args[0], key, &ep);
	if (ret < 0)
		return add_error(ret, args, e);
	buf_printf(out, ",\"peer\":");
	buf_json_str(out, args[0]);
	return 0;
}

int cmd_peer_remove(struct relay *r, const char *const *args, struct buf *out,
		    struct ctl_err *e)
{
	int idx = peer_find(r, args[0]);

	if (idx < 0)
		return ctl_fail(e, "wg_peer_unknown", "no peer '%.40s'", args[0]);
	peer_remove(r, idx);
	buf_printf(out, ",\"peer\":");
	buf_json_str(out, args[0]);
	return 0;
}

static void peer_json(const struct relay *r, const struct peer *p, struct buf *out)
{
	char key[WG_KEY_B64_LEN + 1], ep[ADDR_STRLEN];

	EVP_EncodeBlock((unsigned char *)key, p->pubkey, WG_KEY_LEN);
	buf_printf(out, "{\"name\":\"%s\",\"pubkey\":\"%s\",\"endpoint\":\"%s\",\"partner\":",
		   p->name, key, addr_str(&p->ep, ep));
	if (p->partner >= 0)
		buf_printf(out, "\"%s\"", r->peers[p->partner].name);
	else
		buf_printf(out, "null");
	buf_printf(out,
		   ",\"rx_packets\":%lu,\"fwd_packets\":%lu,\"roams\":%lu"
		   ",\"drop_not_wg_shaped\":%lu,\"drop_no_link\":%lu,\"drop_pubkey_mismatch\":%lu}",
		   p->c.rx_packets, p->c.fwd_packets, p->c.roams,
		   p->c.drops[DROP_NOT_WG_SHAPED], p->c.drops[DROP_NO_LINK],
		   p->c.drops[DROP_PUBKEY_MISMATCH]);
}

int cmd_peer_list(struct relay *r, const char *const *args, struct buf *out, struct ctl_err *e)
{
	const char *sep = "";

	(void)args, (void)e;
	buf_printf(out, ",\"peers\":[");
	for (int i = 0; i < RELAY_MAX_PEERS; i++) {
		if (!r->peers[i].used)
			continue;
		buf_printf(out, "%s", sep);
		peer_json(r, &r->peers[i], out);
		sep = ",";
	}
	buf_printf(out, "]");
	return 0;
}
