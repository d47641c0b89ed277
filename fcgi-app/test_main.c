/* test_main.c: runs every unit suite; prints Check's summary line */
#include <stdlib.h>

#include "test.h"

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(NULL);
#define TEST_ADD(suite)	srunner_add_suite(sr, suite());
	TEST_SUITES(TEST_ADD)
#undef TEST_ADD
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
