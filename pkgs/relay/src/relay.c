/* The relay state's lifecycle. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "mac1.h"
#include "relay.h"

int relay_init(struct relay *r, const struct relay_config *cfg, int family)
{
	int ret;

	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->family = family;
	r->started = r->now = (uint64_t)time(NULL);
	for (int i = 0; i < RELAY_HASH_BUCKETS; i++)
		r->buckets[i] = -1;
	for (int i = 0; i < RELAY_MAX_PEERS; i++)
		r->peers[i].partner = r->peers[i].hash_next = -1;
	ret = mac1_new(&r->mac1);
	return ret;
}

void relay_fini(struct relay *r)
{
	mac1_free(r->mac1);
	r->mac1 = NULL;
}
