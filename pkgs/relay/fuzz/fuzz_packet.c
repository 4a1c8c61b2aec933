/* libFuzzer target for the packet path: shape filter, peer lookup, MAC1,
 * roaming and every counter, through classify().
 *
 * An input is a sequence of records: one source byte, a 16-bit little-endian
 * length, then the datagram. Source byte bits 0-1 pick alice, bob, carol or
 * an unknown address (bits 2-7 pick which one); bit 7 also turns on
 * --verify-mac1 for the whole input when set on the first record. */
#include <stdint.h>

#include "classify.h"
#include "fixture.h"

static void source(struct relay *r, uint8_t sel, union sockaddr_any *from)
{
	char s[32];

	if ((sel & 3) < 3) {
		*from = r->peers[sel & 3].ep;
		return;
	}
	snprintf(s, sizeof(s), "127.0.%u.%u:%u", sel >> 2, sel, 7000u + sel);
	addr_parse(s, from);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct relay *r = fixture_reset();
	union sockaddr_any from;
	struct verdict v;

	fixture_cfg.verify_mac1 = size && (data[0] & 0x80);
	while (size >= 3) {
		size_t len = (size_t)data[1] | (size_t)data[2] << 8;

		source(r, data[0], &from);
		data += 3, size -= 3;
		if (len > size)
			len = size;
		classify(r, &from, data, len, &v);
		if (v.dst >= 0 && (!r->peers[v.dst].used || r->peers[v.src].partner != v.dst))
			__builtin_trap(); /* forwarded somewhere other than the partner */
		data += len, size -= len;
	}
	if (r->src.count > RELAY_SRC_CAP)
		__builtin_trap();
	return 0;
}
