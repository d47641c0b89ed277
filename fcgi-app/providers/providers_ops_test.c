/* providers_ops_test.c: who administers which providers; hours; degrees */
#include <string.h>

#include "../auth/auth.h"
#include "../test.h"
#include "providers.h"

START_TEST(test_providers_reach)
{
	struct principal	 p;
	int64_t			 region;

	memset(&p, 0, sizeof(p));
	p.kind = ORG_HQ;
	p.roles = ROLE_ADMIN;
	ck_assert_int_eq(providers_reach(&p, &region), 0);
	ck_assert_int_eq(region, 0);
	p.roles = ROLE_SERVICE_AGENT;
	ck_assert_int_eq(providers_reach(&p, &region), 0);
	ck_assert_int_eq(region, 0);
	p.roles = ROLE_HQ_KEY_ACCOUNT | ROLE_FINANCE_CLERK;
	ck_assert_int_eq(providers_reach(&p, &region), -1);
	p.kind = ORG_REGION;
	p.org_id = 7;
	p.region_id = 7;
	p.roles = ROLE_SERVICE_AGENT;
	ck_assert_int_eq(providers_reach(&p, &region), 0);
	ck_assert_int_eq(region, 7);
	p.roles = ROLE_REGION_APPROVER | ROLE_ACCOUNT_MANAGER;
	ck_assert_int_eq(providers_reach(&p, &region), -1);
	p.kind = ORG_DEALER;
	p.roles = ROLES_DEALER;
	ck_assert_int_eq(providers_reach(&p, &region), -1);
	p.kind = ORG_PROVIDER;
	p.roles = ROLE_PROVIDER_AGENT;
	ck_assert_int_eq(providers_reach(&p, &region), -1);
}
END_TEST

START_TEST(test_providers_hours_degrees)
{
	int64_t	 e6 = 0;

	ck_assert_int_eq(providers_hhmm_ok("08:00"), 1);
	ck_assert_int_eq(providers_hhmm_ok("23:59"), 1);
	ck_assert_int_eq(providers_hhmm_ok("24:00"), 0);
	ck_assert_int_eq(providers_hhmm_ok("08:60"), 0);
	ck_assert_int_eq(providers_hhmm_ok("8:00"), 0);
	ck_assert_int_eq(providers_hhmm_ok("08:00:00"), 0);
	ck_assert_int_eq(providers_hhmm_ok(NULL), 0);
	ck_assert_int_eq(providers_degrees("39.9042", 90, &e6), 0);
	ck_assert_int_eq(e6, 39904200);
	ck_assert_int_eq(providers_degrees("-0.0000005", 90, &e6), 0);
	ck_assert_int_eq(e6, -1);	/* rounded half away from zero */
	ck_assert_int_eq(providers_degrees("-180", 180, &e6), 0);
	ck_assert_int_eq(e6, -180000000);
	ck_assert_int_eq(providers_degrees("90.1", 90, &e6), -1);
	ck_assert_int_eq(providers_degrees("nan", 90, &e6), -1);
	ck_assert_int_eq(providers_degrees("39.9x", 90, &e6), -1);
	ck_assert_int_eq(providers_degrees("", 90, &e6), -1);
}
END_TEST

Suite *
providers_ops_suite(void)
{
	Suite	*s = suite_create("providers_ops");
	TCase	*tc = tcase_create("providers_ops");

	tcase_add_test(tc, test_providers_reach);
	tcase_add_test(tc, test_providers_hours_degrees);
	suite_add_tcase(s, tc);
	return s;
}
