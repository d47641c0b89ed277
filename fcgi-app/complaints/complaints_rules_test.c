/* complaints_rules_test.c: the complaint clocks, one test per rule of DESIGN §5 */
#include "../test.h"
#include "complaints.h"

#define H	3600
#define FILED	1000000000	/* any time */

/* filed at FILED, normal severity: a week to resolve */
static struct clocks
fresh(void)
{
	struct clocks	 c = { FILED + 24 * H, FILED + 168 * H, 0, 0, 0 };

	return c;
}

START_TEST(test_in_time)
{
	struct clocks	 c = fresh();
	int		 clock;

	ck_assert_int_eq(complaints_escalation_due(&c, FILED + 24 * H, &clock),
	    0);
}
END_TEST

START_TEST(test_first_response_late)
{
	struct clocks	 c = fresh();
	int		 clock;

	/* 25 hours on, unanswered: the region's lead */
	ck_assert_int_eq(complaints_escalation_due(&c, FILED + 25 * H, &clock),
	    1);
	ck_assert_int_eq(clock, 0);
	/* a day later still: HQ */
	ck_assert_int_eq(complaints_escalation_due(&c, FILED + 49 * H, &clock),
	    2);
	/* answered in time: nothing until the resolution is due */
	c.first_responded_at = FILED + 2 * H;
	ck_assert_int_eq(complaints_escalation_due(&c, FILED + 49 * H, &clock),
	    0);
}
END_TEST

START_TEST(test_resolution_late)
{
	struct clocks	 c = fresh();
	int		 clock;

	c.first_responded_at = FILED + H;
	/* an hour past the resolution: the region's lead first */
	ck_assert_int_eq(complaints_escalation_due(&c, FILED + 169 * H,
	    &clock), 1);
	ck_assert_int_eq(clock, 1);
	/* a day past it: HQ */
	ck_assert_int_eq(complaints_escalation_due(&c, FILED + 193 * H,
	    &clock), 2);
	ck_assert_int_eq(clock, 1);
	/* resolved: no clock runs */
	c.resolved_at = FILED + 100 * H;
	ck_assert_int_eq(complaints_escalation_due(&c, FILED + 500 * H,
	    &clock), 0);
}
END_TEST

START_TEST(test_never_down)
{
	struct clocks	 c = fresh();
	int		 clock;

	c.level = 2;
	ck_assert_int_eq(complaints_escalation_due(&c, FILED, &clock), 2);
}
END_TEST

START_TEST(test_reopen_window)
{
	ck_assert(complaints_may_reopen(CP_RESOLVED, FILED, FILED + 14 *
	    86400));
	ck_assert(!complaints_may_reopen(CP_RESOLVED, FILED,
	    FILED + 14 * 86400 + 1));
	ck_assert(!complaints_may_reopen(CP_IN_PROGRESS, FILED, FILED + 1));
}
END_TEST

START_TEST(test_names)
{
	enum complaint_status	 s;
	int			 i;

	for (i = 0; i < CP__MAX; i++) {
		ck_assert_int_eq(complaints_status_parse(complaints_status_name(
		    (enum complaint_status)i), &s), 0);
		ck_assert_int_eq(s, i);
	}
	ck_assert_int_eq(complaints_status_parse("closed", &s), -1);
}
END_TEST

Suite *
complaints_rules_suite(void)
{
	Suite	*s = suite_create("complaints_rules");
	TCase	*tc = tcase_create("clocks");

	tcase_add_test(tc, test_in_time);
	tcase_add_test(tc, test_first_response_late);
	tcase_add_test(tc, test_resolution_late);
	tcase_add_test(tc, test_never_down);
	tcase_add_test(tc, test_reopen_window);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
