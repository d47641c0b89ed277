/* ledger_rules_test.c: the direction of each kind of ledger entry */
#include <math.h>

#include "../test.h"
#include "../core/util.h"
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

START_TEST(test_months)
{
	char	 out[8];

	ck_assert(util_month_ok("2026-11"));
	ck_assert(util_month_ok("2026-01"));
	ck_assert(!util_month_ok("2026-13"));
	ck_assert(!util_month_ok("2026-00"));
	ck_assert(!util_month_ok("2026-1"));
	ck_assert(!util_month_ok("20-6-11"));
	ck_assert(!util_month_ok("2026-11.csv"));
	ck_assert(!util_month_ok(NULL));
	ledger_next_month("2026-11", out, sizeof(out));
	ck_assert_str_eq(out, "2026-12");
	ledger_next_month("2026-12", out, sizeof(out));
	ck_assert_str_eq(out, "2027-01");
}
END_TEST

START_TEST(test_reconcile)
{
	ck_assert_str_eq(ledger_reconcile("open", "confirm"), "confirmed");
	ck_assert_str_eq(ledger_reconcile("open", "dispute"), "disputed");
	ck_assert_str_eq(ledger_reconcile("disputed", "settle"), "resolved");
	ck_assert_ptr_null(ledger_reconcile("open", "settle"));
	ck_assert_ptr_null(ledger_reconcile("confirmed", "dispute"));
	ck_assert_ptr_null(ledger_reconcile("disputed", "confirm"));
	ck_assert_ptr_null(ledger_reconcile("resolved", "settle"));
	ck_assert_ptr_null(ledger_reconcile("resolved", "dispute"));
	ck_assert_ptr_null(ledger_reconcile(NULL, "confirm"));
}
END_TEST

START_TEST(test_lines)
{
	static const char *const bad[] = {
		"[1, 2, 3, 4]",		/* too many */
		"[5, 5]",		/* twice */
		"[]", "[1.5]", "[0]", "[\"7\"]", "{\"a\":1}", "[1e300]",
	};
	int64_t	 ids[3];
	cJSON	*a;
	size_t	 i;

	a = cJSON_CreateArray();		/* as a form's "nan" would be */
	cJSON_AddItemToArray(a, cJSON_CreateNumber(NAN));
	ck_assert_int_eq(ledger_lines_parse(a, ids, 3), -1);
	cJSON_Delete(a);
	a = cJSON_Parse("[30, 10, 20]");
	ck_assert_int_eq(ledger_lines_parse(a, ids, 3), 3);
	ck_assert(ids[0] == 10 && ids[1] == 20 && ids[2] == 30);
	cJSON_Delete(a);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = cJSON_Parse(bad[i]);
		ck_assert_msg(ledger_lines_parse(a, ids, 3) == -1, "%s", bad[i]);
		cJSON_Delete(a);
	}
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
	tcase_add_test(tc, test_months);
	tcase_add_test(tc, test_reconcile);
	tcase_add_test(tc, test_lines);
	suite_add_tcase(s, tc);
	return s;
}
