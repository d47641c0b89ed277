/* rules_test.c: the direction of each kind of ledger entry */
#include "../test.h"
#include "ledger.h"

START_TEST(test_directions)
{
	ck_assert(ledger_kind_ok("fee", 100));
	ck_assert(!ledger_kind_ok("fee", -100));
	ck_assert(ledger_kind_ok("payment", -100));
	ck_assert(!ledger_kind_ok("payment", 100));
	ck_assert(ledger_kind_ok("credit_note", -1));
	ck_assert(ledger_kind_ok("rebate", -1));
	ck_assert(!ledger_kind_ok("rebate", 1));
	ck_assert(ledger_kind_ok("adjustment", 1));
	ck_assert(ledger_kind_ok("adjustment", -1));
}
END_TEST

START_TEST(test_refused)
{
	ck_assert(!ledger_kind_ok("adjustment", 0));
	ck_assert(!ledger_kind_ok("invoice", 100));	/* shipping posts them */
	ck_assert(!ledger_kind_ok("gift", 100));
	ck_assert(!ledger_kind_ok(NULL, 100));
	ck_assert(!ledger_kind_ok("fee", LEDGER_MAX + 1));
	ck_assert(ledger_kind_ok("fee", LEDGER_MAX));
}
END_TEST

START_TEST(test_yuan)
{
	char	 out[32];

	ledger_yuan(123450, out, sizeof(out));
	ck_assert_str_eq(out, "1234.50");
	ledger_yuan(-5, out, sizeof(out));
	ck_assert_str_eq(out, "-0.05");
	ledger_yuan(INT64_MIN, out, sizeof(out));
	ck_assert_str_eq(out, "-92233720368547758.08");
}
END_TEST

Suite *
ledger_rules_suite(void)
{
	Suite	*s = suite_create("ledger_rules");
	TCase	*tc = tcase_create("kinds");

	tcase_add_test(tc, test_directions);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_yuan);
	suite_add_tcase(s, tc);
	return s;
}
