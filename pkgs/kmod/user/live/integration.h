/* live_integration: one fixture of real loopback connections, then cases in
 * categories. Expected counts come from the fixture's model. */
#ifndef LIVE_INTEGRATION_H
#define LIVE_INTEGRATION_H

#include <stdbool.h>

#include "fixture.h"

#define INT_PORT 40000 /* every fixture port is INT_PORT + a small offset */

struct ictx {
	struct fixture *fx;
	int turn; /* rotates read buffer sizes across cases */
};

/* Read buffer size for the next case, in full records: 1, 3, 8 or 64. */
int ictx_bufrecs(struct ictx *c);
/* Sets `filter` on a fresh fd, reads it all, compares with the model. */
bool icase_count(struct ictx *c, const char *cat, const char *name, const char *filter);

struct icase {
	const char *name, *filter;
};
void icase_table(struct ictx *c, const char *cat, const struct icase *cases, int n);

void int_port(struct ictx *c);
void int_state(struct ictx *c);
void int_ipversion(struct ictx *c);
void int_address(struct ictx *c);
void int_combined(struct ictx *c);
void int_fields_format(struct ictx *c);
void int_concurrent(struct ictx *c);
void int_profiles(struct ictx *c);
void int_pairwise(struct ictx *c);
void int_covering(struct ictx *c);

#endif
