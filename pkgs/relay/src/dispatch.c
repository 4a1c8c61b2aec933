/* One control request line in, one JSON response line out.
 *
 * A request is {"cmd": VERB, ARG: "value", ...}. Every argument a verb names
 * is a required string; any other field is refused, so a typo never passes
 * silently. Every failure, malformed JSON included, is a JSON error reply.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dispatch.h"
#include "json.h"
#include "verbs.h"

static const verb_fn handlers[VERB__COUNT] = {
	[VERB_HELP] = cmd_help,
	[VERB_PEER_ADD] = cmd_peer_add,
	[VERB_PEER_REMOVE] = cmd_peer_remove,
	[VERB_PEER_LIST] = cmd_peer_list,
	[VERB_LINK_ADD] = cmd_link_add,
	[VERB_LINK_REMOVE] = cmd_link_remove,
	[VERB_LINK_LIST] = cmd_link_list,
	[VERB_SHOW] = cmd_show,
	[VERB_SHOW_DROP_SOURCES] = cmd_show_drop_sources,
	[VERB_SHOW_CONFIG] = cmd_show_config,
};

int ctl_fail(struct ctl_err *e, const char *code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool is_arg(const struct verb_spec *v, const char *key)
{
	for (int i = 0; i < VERB_MAX_ARGS && v->args[i]; i++)
		if (!strcmp(v->args[i], key))
			return true;
	return !strcmp(key, "cmd");
}

static int bind_args(const struct json_obj *o, const struct verb_spec *v, const char **args,
		     struct ctl_err *e)
{
	for (unsigned i = 0; i < o->n; i++)
		if (!is_arg(v, o->f[i].key))
			return ctl_fail(e, "unknown_field", "'%s' takes no field '%s'", v->name,
					o->f[i].key);
	for (int i = 0; i < VERB_MAX_ARGS && v->args[i]; i++) {
		const struct json_field *f = json_get(o, v->args[i]);

		if (!f || f->type != JSON_STRING)
			return ctl_fail(e, "missing_field", "'%s' needs string field '%s'",
					v->name, v->args[i]);
		args[i] = f->str;
	}
	return 0;
}

static int find_verb(const struct json_obj *o, struct ctl_err *e)
{
	const struct json_field *cmd = json_get(o, "cmd");
	int id;

	if (!cmd || cmd->type != JSON_STRING)
		return ctl_fail(e, "missing_field", "request needs string field 'cmd'");
	id = verb_lookup(cmd->str);
	if (id < 0)
		return ctl_fail(e, "unknown_cmd", "unknown cmd '%.64s'; try 'help'", cmd->str);
	return id;
}

static int run(struct relay *r, const char *line, size_t len, struct buf *body,
	       struct ctl_err *e)
{
	static struct json_obj o; /* 4 KiB: keep it off the stack */
	const char *args[VERB_MAX_ARGS] = { 0 };
	int id;

	if (json_parse_object(line, len, &o, e->msg, sizeof(e->msg))) {
		e->code = "bad_json";
		return -EINVAL;
	}
	id = find_verb(&o, e);
	if (id < 0)
		return id;
	if (bind_args(&o, &verbs[id], args, e))
		return -EINVAL;
	return handlers[id](r, args, body, e);
}

void ctl_dispatch(struct relay *r, const char *line, size_t len, struct buf *out)
{
	struct ctl_err e = { 0 };
	struct buf body = { 0 };

	if (run(r, line, len, &body, &e) == 0 && !body.oom) {
		buf_printf(out, "{\"ok\":true%.*s}\n", (int)body.len, body.p ? body.p : "");
	} else {
		if (body.oom)
			ctl_fail(&e, "internal", "out of memory");
		buf_printf(out, "{\"ok\":false,\"error\":{\"code\":");
		buf_json_str(out, e.code ? e.code : "internal");
		buf_printf(out, ",\"message\":");
		buf_json_str(out, e.msg);
		buf_printf(out, "}}\n");
	}
	buf_free(&body);
}
