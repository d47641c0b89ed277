/* sellthrough_rules_test.c: sell-through periods, stock, the order rows are taken in */
#include <string.h>

#include "../test.h"
#include "../core/util.h"
#include "sellthrough.h"

START_TEST(test_days)
{
	char	 out[11];

	ck_assert_int_eq(util_date_days("1970-01-01"), -1);	/* < 2000 */
	ck_assert_int_eq(util_date_days("2000-01-01"), 10957);
	ck_assert_int_eq(util_date_days("2024-03-01") -
	    util_date_days("2024-02-28"), 2);			/* leap */
	ck_assert_int_eq(util_date_days("2100-03-01") -
	    util_date_days("2100-02-28"), 1);			/* not leap */
	ck_assert_int_eq(util_date_days("2026-02-30"), -1);
	util_days_date(util_date_days("2026-12-31") + 1, out, sizeof(out));
	ck_assert_str_eq(out, "2027-01-01");
	util_days_date(util_date_days("2024-02-28") + 1, out, sizeof(out));
	ck_assert_str_eq(out, "2024-02-29");
}
END_TEST

START_TEST(test_periods)
{
	int64_t		 today = util_date_days("2026-11-26");
	const char	*msg;

	ck_assert_int_eq(sellthrough_period_check("2026-11-26", "2026-11-26",
	    today,
	    &msg), 0);
	ck_assert_int_eq(sellthrough_period_check("2026-11-16", "2026-11-22",
	    today,
	    &msg), 0);
	ck_assert_int_eq(sellthrough_period_check("2026-11-16", "2026-11-21",
	    today,
	    &msg), -1);				/* six days */
	ck_assert_ptr_nonnull(strstr(msg, "period_end"));
	ck_assert_int_eq(sellthrough_period_check("2026-11-27", "2026-11-27",
	    today,
	    &msg), -1);				/* tomorrow */
	ck_assert_int_eq(sellthrough_period_check("2026-11-22", "2026-11-16",
	    today,
	    &msg), -1);				/* backwards */
	ck_assert_int_eq(sellthrough_period_check("2024-01-01", "2024-01-01",
	    today,
	    &msg), -1);				/* too old */
	ck_assert_ptr_nonnull(strstr(msg, "period_start"));
	ck_assert_int_eq(sellthrough_period_check("2026-11-xx", "2026-11-26",
	    today,
	    &msg), -1);
}
END_TEST

START_TEST(test_stock)
{
	ck_assert(sellthrough_stock_follows(30, 20, 10, 40));
	ck_assert(!sellthrough_stock_follows(30, 20, 10, 41));
	ck_assert(sellthrough_stock_follows(0, 0, 0, 0));
	ck_assert(!sellthrough_stock_follows(5, 0, 10, 0));	/* sold more
	    than had */
}
END_TEST

START_TEST(test_order)
{
	struct st_row	 r[4];

	memset(r, 0, sizeof(r));
	strcpy(r[0].model, "B");
	r[0].first = 5;
	strcpy(r[1].model, "A");
	r[1].first = 9;
	strcpy(r[2].model, "A");
	r[2].first = 2;
	strcpy(r[3].model, "B");
	r[3].first = 1;
	for (int i = 0; i < 4; i++)
		r[i].index = i;
	sellthrough_rows_order(r, 4);
	ck_assert_int_eq(r[0].index, 2);
	ck_assert_int_eq(r[1].index, 1);
	ck_assert_int_eq(r[2].index, 3);
	ck_assert_int_eq(r[3].index, 0);
}
END_TEST

Suite *
sellthrough_rules_suite(void)
{
	Suite	*s = suite_create("sellthrough_rules");
	TCase	*tc = tcase_create("rules");

	tcase_add_test(tc, test_days);
	tcase_add_test(tc, test_periods);
	tcase_add_test(tc, test_stock);
	tcase_add_test(tc, test_order);
	suite_add_tcase(s, tc);
	return s;
}
