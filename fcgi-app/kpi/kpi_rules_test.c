/* kpi_rules_test.c: the four figures on a hand-computed set, and no data */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../test.h"
#include "kpi.h"

static double
num(const cJSON *j, const char *key)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

START_TEST(test_figures)
{
	/*
	 * Model A, week 1: stock 6 x 7 days, sold 4, revenue 12,000 yuan,
	 * cost 4 x 2,500; week 2: stock 4 x 7, sold 2, revenue 6,000, cost
	 * 2 x 2,500.  Model B, a day: stock 5, sold 0.  Category sales
	 * 50,000 + 40,000 + 10,000.  Two complaints, one on time.
	 */
	struct kpi_sums	 s = { 42 + 28 + 5, 4 + 2, 1200000 + 600000,
	    1000000 + 500000, 5000000 + 4000000 + 1000000, 2, 1 };
	cJSON		*j = cJSON_CreateObject();

	kpi_figures(&s, j);
	ck_assert(num(j, "inventory_turnover_days") == 12.5);	/* 75 / 6 */
	ck_assert(fabs(num(j, "margin") - 1.0 / 6.0) < 1e-12);
	ck_assert(num(j, "complaint_resolution") == 0.5);
	ck_assert(num(j, "share") == 0.18);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_no_data)
{
	struct kpi_sums	 zero, nosales = { 35, 0, 0, 0, 1000000, 0, 0 };
	cJSON		*j = cJSON_CreateObject();

	memset(&zero, 0, sizeof(zero));
	kpi_figures(&zero, j);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "inventory_turnover_days")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "margin")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "complaint_resolution")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "share")));
	cJSON_Delete(j);
	j = cJSON_CreateObject();
	kpi_figures(&nosales, j);		/* stock, but nothing sold */
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "inventory_turnover_days")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "margin")));
	ck_assert(num(j, "share") == 0);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_months)
{
	char	 f[8], t[8];

	ck_assert_int_eq(kpi_month_range(NULL, NULL, "2026-11", f, t), 0);
	ck_assert_str_eq(f, "2025-12");
	ck_assert_str_eq(t, "2026-11");
	ck_assert_int_eq(kpi_month_range("", "2026-03", "2026-11", f, t), 0);
	ck_assert_str_eq(f, "2025-04");
	ck_assert_int_eq(kpi_month_range("2026-01", "2026-01", "x", f, t), 0);
	ck_assert_int_eq(kpi_month_range("2026-02", "2026-01", "x", f, t), -1);
	ck_assert_int_eq(kpi_month_range("2026-13", NULL, "2026-11", f, t), -1);
	ck_assert_int_eq(kpi_month_range("2026-01-01", NULL, "2026-11", f, t),
	    -1);
	ck_assert_int_eq(kpi_month_range("2023-12", "2026-11", "x", f, t), 0);
	ck_assert_int_eq(kpi_month_range("2023-11", "2026-11", "x", f, t),
	    -1);				/* 37 months */
}
END_TEST

Suite *
kpi_rules_suite(void)
{
	Suite	*s = suite_create("kpi_rules");
	TCase	*tc = tcase_create("figures");

	tcase_add_test(tc, test_figures);
	tcase_add_test(tc, test_no_data);
	tcase_add_test(tc, test_months);
	suite_add_tcase(s, tc);
	return s;
}
