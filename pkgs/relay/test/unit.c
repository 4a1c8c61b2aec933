/* Unit tests run by `make test` under ASan and UBSan: the MAC1 known-answer
 * vectors, the shape filter, the control parser, links and the per-source
 * table. Usage: unit MAC1_VECTORS_FILE */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "addr.h"
#include "config.h"
#include "counters.h"
#include "json.h"
#include "mac1.h"
#include "peers.h"
#include "shape.h"

static int failures, checks;

#define CHECK(cond, ...)                                                   \
	do {                                                               \
		checks++;                                                  \
		if (!(cond)) {                                             \
			failures++;                                        \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                      \
			fputc('\n', stderr);                               \
		}                                                          \
	} while (0)

static struct relay relay;
static struct relay_config cfg;

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	while (n < max && sscanf(s + 2 * n, "%2hhx", &out[n]) == 1)
		n++;
	return n;
}

static const char *field(const char *line, const char *key, char *out, size_t max)
{
	const char *p = strstr(line, key);
	size_t n;

	if (!p)
		return "";
	p += strlen(key);
	n = strcspn(p, " \n");
	snprintf(out, max, "%.*s", (int)(n < max ? n : max - 1), p);
	return out;
}

static void mac1_vector(const char *line)
{
	char b64[64], hex[400];
	uint8_t pub[36], key[32], want_key[32], pkt[148];

	CHECK(EVP_DecodeBlock(pub, (const uint8_t *)field(line, "responder_pub=", b64, 64), 44) == 33,
	      "responder_pub decodes");
	CHECK(mac1_key(pub, key) == 0, "mac1_key");
	unhex(field(line, "mac1_key=", hex, sizeof(hex)), want_key, 32);
	CHECK(!memcmp(key, want_key, 32), "mac1 key matches the vector");
	CHECK(unhex(field(line, "packet=", hex, sizeof(hex)), pkt, 148) == 148, "packet is 148 bytes");
	CHECK(wg_shape(pkt, 148) == WG_INITIATION, "captured initiation is shaped");
	CHECK(mac1_valid(relay.mac1, key, pkt, 148), "MAC1 of the captured initiation verifies");
	pkt[5] ^= 1;
	CHECK(!mac1_valid(relay.mac1, key, pkt, 148), "a flipped bit fails MAC1");
	EVP_DecodeBlock(pub, (const uint8_t *)field(line, "initiator_pub=", b64, 64), 44);
	pkt[5] ^= 1;
	mac1_key(pub, key);
	CHECK(!mac1_valid(relay.mac1, key, pkt, 148), "initiator's key does not verify");
}

static void test_mac1(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0;

	CHECK(f != NULL, "open %s", path);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "vector ", 7) && ++n)
			mac1_vector(line);
	CHECK(n >= 1, "at least one MAC1 vector in %s", path);
	if (f)
		fclose(f);
}

static void test_shape(void)
{
	uint8_t m[256] = { 0 };
	static const struct { uint8_t type; size_t len; enum wg_type want; } cases[] = {
		{ 1, 148, WG_INITIATION }, { 1, 147, 0 }, { 2, 92, WG_RESPONSE }, { 2, 148, 0 },
		{ 3, 64, WG_COOKIE }, { 3, 65, 0 }, { 4, 32, WG_TRANSPORT }, { 4, 48, WG_TRANSPORT },
		{ 4, 16, 0 }, { 4, 33, 0 }, { 5, 64, 0 }, { 0, 32, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m[0] = cases[i].type;
		CHECK(wg_shape(m, cases[i].len) == cases[i].want, "shape type %u len %zu",
		      cases[i].type, cases[i].len);
	}
	m[0] = 4, m[2] = 1;
	CHECK(wg_shape(m, 32) == 0, "nonzero reserved byte");
}

static void test_json(void)
{
	static const struct { const char *in; int ok; } cases[] = {
		{ "{}", 1 }, { " {\"cmd\" : \"show\"} ", 1 }, { "{\"a\":1.5e3,\"b\":null,\"c\":true}", 1 },
		{ "{\"s\":\"\\u00e9\\ud83d\\ude00\\n\"}", 1 }, { "{", 0 }, { "{\"cmd\":", 0 },
		{ "{\"a\":{}}", 0 }, { "{\"a\":[1]}", 0 }, { "{\"a\":1,\"a\":2}", 0 },
		{ "{\"a\":01}", 0 }, { "{\"a\":\"\\ud800\"}", 0 }, { "{\"a\":\"\\u0000\"}", 0 },
		{ "{} x", 0 }, { "[]", 0 }, { "{\"a\":tru}", 0 }, { "{\"a\":\"\x01\"}", 0 },
	};
	static struct json_obj o;
	char err[200];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = json_parse_object(cases[i].in, strlen(cases[i].in), &o, err, sizeof(err));

		CHECK((ret == 0) == cases[i].ok, "json '%s': %s", cases[i].in, ret ? err : "ok");
	}
	json_parse_object("{\"cmd\":\"x\\\"y\"}", 14, &o, err, sizeof(err));
	CHECK(o.n == 1 && !strcmp(json_get(&o, "cmd")->str, "x\"y"), "escaped quote decodes");
}

static int add(const char *name, int port)
{
	uint8_t key[32] = { (uint8_t)port };
	union sockaddr_any ep;
	char s[32];

	snprintf(s, sizeof(s), "127.0.0.1:%d", port);
	addr_parse(s, &ep);
	return peer_add(&relay, name, key, &ep);
}

static void test_links(void)
{
	int a = add("a", 1), b = add("b", 2), c = add("c", 3);

	CHECK(a >= 0 && b >= 0 && c >= 0, "peers added");
	CHECK(add("a", 9) == -EEXIST && add("z", 1) == -EKEYREJECTED, "duplicate name/key");
	CHECK(link_add(&relay, a, -ENOENT) == LINK_PEER_UNKNOWN, "unknown");
	CHECK(link_add(&relay, a, a) == LINK_SELF, "self");
	CHECK(link_add(&relay, a, b) == LINK_OK, "ok");
	CHECK(link_add(&relay, b, a) == LINK_DUPLICATE, "duplicate");
	CHECK(link_add(&relay, a, c) == LINK_LIMIT_EXCEEDED, "limit");
	peer_remove(&relay, a);
	CHECK(relay.peers[b].partner == -1 && relay.nlinks == 0, "remove unlinks");
}

static void test_src_table(void)
{
	union sockaddr_any ip;
	char s[ADDR_STRLEN];

	for (int i = 0; i < 300; i++) {
		snprintf(s, sizeof(s), "10.0.%d.%d:5", i / 256, i % 256);
		addr_parse(s, &ip);
		count_src_drop(&relay, &ip, DROP_UNKNOWN_SRC);
	}
	CHECK(relay.src.count == RELAY_SRC_CAP && relay.src.evictions == 44, "capped, 44 evicted");
	addr_ip_str(&src_table_at(&relay.src, 0)->ip, s);
	CHECK(!strcmp(s, "10.0.0.44"), "oldest kept is #44, got %s", s);
	CHECK(relay.c.drops[DROP_UNKNOWN_SRC] == 300, "aggregate counts every drop");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: unit MAC1_VECTORS_FILE\n");
		return 2;
	}
	cfg.listen.sa.sa_family = AF_INET;
	if (relay_init(&relay, &cfg, AF_INET))
		return 1;
	test_mac1(argv[1]);
	test_shape();
	test_json();
	test_links();
	test_src_table();
	relay_fini(&relay);
	printf("%d passed, %d failed\n", checks - failures, failures);
	return failures ? 1 : 0;
}
