/* The filter unit tests: every suite, then one summary line. The optional
 * argument names the target in that line (unit, asan, ubsan, memcheck). */
#include "testlib.h"

int main(int argc, char **argv)
{
	suite_parse_ok();
	suite_parse_err();
	suite_match();
	suite_misc();
	return t_summary(argc > 1 ? argv[1] : "unit");
}
