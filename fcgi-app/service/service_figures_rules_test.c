/* service_figures_rules_test.c: nearest-rank medians, months, cells, no data */
#include <stdlib.h>
#include <string.h>

#include "../test.h"
#include "service_figures.h"

static double
num(const cJSON *j, const char *key)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

START_TEST(test_rank)
{
	struct service_figures_values	 a;
	double				 v;
	const double			 in[] = { 600, 60, 300, 240 };
	size_t				 i;

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(service_figures_rank(&a, 1, 2, &v), -1);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(service_figures_value_add(&a, in[i]), 0);
	/* nearest rank: ceil(4 x 1/2) = 2nd, ceil(4 x 9/10) = 4th */
	ck_assert_int_eq(service_figures_rank(&a, 1, 2, &v), 0);
	ck_assert(v == 240);
	ck_assert_int_eq(service_figures_rank(&a, 9, 10, &v), 0);
	ck_assert(v == 600);
	/* ten values: the 5th and the 9th */
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(service_figures_value_add(&a, 1000 + i), 0);
	ck_assert_int_eq(service_figures_rank(&a, 1, 2, &v), 0);
	ck_assert(v == 1000);
	ck_assert_int_eq(service_figures_rank(&a, 9, 10, &v), 0);
	ck_assert(v == 1004);
	free(a.v);
	/* one value is every quantile */
	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(service_figures_value_add(&a, 7), 0);
	ck_assert_int_eq(service_figures_rank(&a, 9, 10, &v), 0);
	ck_assert(v == 7);
	free(a.v);
}
END_TEST

START_TEST(test_months)
{
	char	 f[8], t[8];

	ck_assert_int_eq(service_figures_months(NULL, NULL, "2026-03", f, t),
	    0);
	ck_assert_str_eq(f, "2025-10");		/* six months to now's */
	ck_assert_str_eq(t, "2026-03");
	ck_assert_int_eq(service_figures_months("2024-02", "2026-01", "x", f,
	    t), 0);				/* 24 months */
	ck_assert_int_eq(service_figures_months("2024-01", "2026-01", "x", f,
	    t), -1);				/* 25 */
	ck_assert_int_eq(service_figures_months("2026-05", "2026-04", "x", f,
	    t), -1);
	ck_assert_int_eq(service_figures_months("2026-13", NULL, "2026-11", f,
	    t), -1);
	ck_assert_int_eq(service_figures_months("2026-01-01", NULL, "2026-11",
	    f, t), -1);
}
END_TEST

START_TEST(test_cells)
{
	struct service_figures	 g;
	struct service_figure	*c;

	memset(&g, 0, sizeof(g));
	c = service_figures_cell(&g, "2026-04", 5);
	c->jobs = 1;
	c = service_figures_cell(&g, "2026-03", 9);
	c->code = strdup("B");
	c = service_figures_cell(&g, "2026-03", 0);	/* no provider */
	c = service_figures_cell(&g, "2026-03", 2);
	c->code = strdup("C");
	ck_assert_ptr_eq(service_figures_cell(&g, "2026-04", 5), &g.rows[3]);
	ck_assert_int_eq(g.rows[3].jobs, 1);
	ck_assert_uint_eq(g.n, 4);
	service_figures_sort(&g);	/* by month, code; no provider last */
	ck_assert_str_eq(g.rows[0].code, "B");
	ck_assert_str_eq(g.rows[1].code, "C");
	ck_assert_int_eq(g.rows[2].id, 0);
	ck_assert_str_eq(g.rows[3].month, "2026-04");
	service_figures_free(&g);
	ck_assert_uint_eq(g.n, 0);
}
END_TEST

START_TEST(test_no_data)
{
	struct service_figure	 c;
	cJSON			*j;

	memset(&c, 0, sizeof(c));
	j = service_figures_row_json(&c);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "id")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "acceptance_rate")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j,
	    "dispatch_median_seconds")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(j, "satisfaction_mean")));
	ck_assert(num(j, "jobs") == 0);
	cJSON_Delete(j);
	/* 4 accepted of 6 answered; reached 4 of 5, ratings 5+2+1+4 */
	c.accepted = 4;
	c.declined = 1;
	c.timed_out = 1;
	c.reached = 4;
	c.not_reached = 1;
	c.rated = 4;
	c.satisfaction_sum = 12;
	j = service_figures_row_json(&c);
	ck_assert(num(j, "acceptance_rate") == 4.0 / 6.0);
	ck_assert(num(j, "followup_reach") == 0.8);
	ck_assert(num(j, "satisfaction_mean") == 3);
	cJSON_Delete(j);
}
END_TEST

Suite *
service_figures_rules_suite(void)
{
	Suite	*s = suite_create("service_figures_rules");
	TCase	*tc = tcase_create("figures");

	tcase_add_test(tc, test_rank);
	tcase_add_test(tc, test_months);
	tcase_add_test(tc, test_cells);
	tcase_add_test(tc, test_no_data);
	suite_add_tcase(s, tc);
	return s;
}
