/* The control verbs: names, arguments and help. Shared by relayd, which
 * serves them, and relayctl, which maps its command line onto them. */
#ifndef VERBS_H
#define VERBS_H

#define VERB_MAX_ARGS 3

enum verb_id {
	VERB_HELP,
	VERB_PEER_ADD,
	VERB_PEER_REMOVE,
	VERB_PEER_LIST,
	VERB_LINK_ADD,
	VERB_LINK_REMOVE,
	VERB_LINK_LIST,
	VERB_SHOW,
	VERB_SHOW_DROP_SOURCES,
	VERB_SHOW_CONFIG,
	VERB__COUNT
};

struct verb_spec {
	const char *name;
	const char *args[VERB_MAX_ARGS]; /* required string fields, in order */
	const char *help;
};

extern const struct verb_spec verbs[VERB__COUNT];

int verb_lookup(const char *name);

#endif
