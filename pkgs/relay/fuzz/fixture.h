/* A relay with two linked peers and one unlinked, shared by the fuzz targets.
 * Each input starts from the same snapshot, so runs are reproducible. */
#ifndef FUZZ_FIXTURE_H
#define FUZZ_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "addr.h"
#include "config.h"
#include "peers.h"

/* Public keys from testdata/mac1-vectors.txt, so the packet seeds can carry
 * initiations whose MAC1 really matches. */
static const char *const fixture_keys[] = {
	"W/c9Sg4CSosOIlAG+Rv0nqX3jxQB81fK5o4tUI3GEms=", /* alice: vector 1 responder */
	"HTCUkenOQHNe09U+9MO03wexRzAD88zU46JsBVmZlwQ=", /* bob: vector 1 initiator */
	"wrE93gu/lX/1Q+nGGDGwVrhQDAP2w4ls4zH8X+1QMk4=", /* carol: unlinked */
};
static const char *const fixture_names[] = { "alice", "bob", "carol" };

static struct relay_config fixture_cfg;
static struct relay fixture_relay, fixture_snapshot;

static void fixture_add(int i)
{
	uint8_t key[36];
	union sockaddr_any ep;
	char s[32];

	snprintf(s, sizeof(s), "127.0.0.1:%d", 6001 + i);
	addr_parse(s, &ep);
	EVP_DecodeBlock(key, (const uint8_t *)fixture_keys[i], 44);
	if (peer_add(&fixture_relay, fixture_names[i], key, &ep) != i)
		abort();
}

/* Call at the start of every input. */
static struct relay *fixture_reset(void)
{
	static int ready;

	if (!ready) {
		fixture_cfg.listen.sa.sa_family = AF_INET;
		fixture_cfg.listen_str = "127.0.0.1:0";
		fixture_cfg.control_path = "/nonexistent";
		if (relay_init(&fixture_relay, &fixture_cfg, AF_INET))
			abort();
		for (int i = 0; i < 3; i++)
			fixture_add(i);
		if (link_add(&fixture_relay, 0, 1) != LINK_OK)
			abort();
		fixture_snapshot = fixture_relay;
		ready = 1;
	}
	memcpy(&fixture_relay, &fixture_snapshot, sizeof(fixture_relay));
	return &fixture_relay;
}

#endif
