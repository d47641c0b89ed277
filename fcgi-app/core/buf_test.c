/* buf_test.c: unit tests of buf.c and util.c */
#include <string.h>

#include "../test.h"
#include "buf.h"
#include "util.h"

START_TEST(test_buf_grows)
{
	struct buf	 b;
	int		 i;

	buf_init(&b);
	ck_assert_str_eq(buf_cstr(&b), "");
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(buf_printf(&b, "%03d", i), 0);
	ck_assert_uint_eq(b.len, 3000);
	ck_assert(strncmp(b.data + 2997, "999", 3) == 0);
	buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(buf_cstr(&b), "");
	buf_free(&b);
}
END_TEST

START_TEST(test_utf8)
{
	ck_assert(util_utf8_valid("abc", 3));
	ck_assert(util_utf8_valid("冰箱", strlen("冰箱")));
	ck_assert(!util_utf8_valid("\xc0\xaf", 2));		/* overlong */
	ck_assert(!util_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	ck_assert(!util_utf8_valid("\xf4\x90\x80\x80", 4));	/* > U+10FFFF */
	ck_assert(!util_utf8_valid("\xe5\x86", 2));		/* truncated */
}
END_TEST

START_TEST(test_random_hex)
{
	char	 a[33], b[33];

	ck_assert_int_eq(util_random_hex(a, sizeof(a)), 0);
	ck_assert_int_eq(util_random_hex(b, sizeof(b)), 0);
	ck_assert_uint_eq(strlen(a), 32);
	ck_assert_str_ne(a, b);
	ck_assert_uint_eq(strspn(a, "0123456789abcdef"), 32);
}
END_TEST

START_TEST(test_date_ok)
{
	ck_assert(util_date_ok("2026-11-26"));
	ck_assert(!util_date_ok("2026-13-01"));
	ck_assert(!util_date_ok("2026-1-01"));
	/* the calendar: month lengths and leap years */
	ck_assert(!util_date_ok("2030-02-31"));
	ck_assert(!util_date_ok("2026-04-31"));
	ck_assert(!util_date_ok("2026-02-29"));
	ck_assert(util_date_ok("2028-02-29"));
	ck_assert(!util_date_ok("2100-02-29"));
	ck_assert(util_date_ok("2000-02-29"));
	ck_assert(!util_date_ok("2026-+1-01"));
	ck_assert(util_blank(" \t\xe3\x80\x80"));
	ck_assert(util_blank(""));
	ck_assert(!util_blank(" x "));
	ck_assert(!util_date_ok("2026-11-26x"));
	ck_assert(!util_date_ok("26-11-2026"));
	ck_assert(!util_date_ok(NULL));
}
END_TEST

Suite *
buf_suite(void)
{
	Suite	*s = suite_create("buf");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_buf_grows);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_random_hex);
	tcase_add_test(tc, test_date_ok);
	suite_add_tcase(s, tc);
	return s;
}
