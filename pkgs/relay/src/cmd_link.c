/* Control verbs: link add, link remove, link list. */
#include "dispatch.h"
#include "peers.h"

static int link_error(enum link_result res, const char *a, const char *b, int ia,
		      struct ctl_err *e)
{
	switch (res) {
	case LINK_PEER_UNKNOWN:
		return ctl_fail(e, "wg_peer_unknown", "no peer '%.40s'", ia < 0 ? a : b);
	case LINK_SELF:
		return ctl_fail(e, "wg_link_self", "can't link peer '%s' to itself", a);
	case LINK_DUPLICATE:
		return ctl_fail(e, "wg_link_duplicate", "'%s' and '%s' are already linked", a, b);
	case LINK_LIMIT_EXCEEDED:
	default:
		return ctl_fail(e, "link_limit_exceeded",
				"each peer is in at most one link (forwarding keys on the source "
				"endpoint alone); remove the existing link of '%s' or '%s' first",
				a, b);
	}
}

int cmd_link_add(struct relay *r, const char *const *args, struct buf *out, struct ctl_err *e)
{
	int a = peer_find(r, args[0]), b = peer_find(r, args[1]);
	enum link_result res = link_add(r, a, b);

	if (res != LINK_OK)
		return link_error(res, args[0], args[1], a, e);
	buf_printf(out, ",\"link\":[\"%s\",\"%s\"]", r->peers[a].name, r->peers[b].name);
	return 0;
}

int cmd_link_remove(struct relay *r, const char *const *args, struct buf *out,
		    struct ctl_err *e)
{
	int a = peer_find(r, args[0]), b = peer_find(r, args[1]);

	if (a < 0 || b < 0)
		return ctl_fail(e, "wg_peer_unknown", "no peer '%.40s'", a < 0 ? args[0] : args[1]);
	if (link_remove(r, a, b))
		return ctl_fail(e, "link_unknown", "'%s' and '%s' are not linked", args[0],
				args[1]);
	buf_printf(out, ",\"link\":[\"%s\",\"%s\"]", r->peers[a].name, r->peers[b].name);
	return 0;
}

int cmd_link_list(struct relay *r, const char *const *args, struct buf *out, struct ctl_err *e)
{
	const char *sep = "";

	(void)args, (void)e;
	buf_printf(out, ",\"links\":[");
	for (int i = 0; i < RELAY_MAX_PEERS; i++) {
		const struct peer *p = &r->peers[i];

		if (!p->used || p->partner < i) /* each pair once, lower index first */
			continue;
		buf_printf(out, "%s[\"%s\",\"%s\"]", sep, p->name, r->peers[p->partner].name);
		sep = ",";
	}
	buf_printf(out, "]");
	return 0;
}
