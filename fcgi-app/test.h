/* test.h: the unit test suites, one per tested source file */
#ifndef TEST_H
#define TEST_H

#include <check.h>

/* TEST_SUITES(X): X(name_suite) for every *_test.c (the Makefile's) */
#include "../build/test_suites.h"

#define TEST_DECLARE(suite)	Suite *suite(void);
TEST_SUITES(TEST_DECLARE)
#undef TEST_DECLARE

#endif
