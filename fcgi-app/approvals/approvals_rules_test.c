/* approvals_rules_test.c: the credit rule, one test per case of DESIGN §3.3 */
#include "../test.h"
#include "approvals.h"

/* limit 1,000,000 fen; owes 300,000; 200,000 approved not invoiced */
static const struct credit c = { 1000000, 300000, 200000, 0 };

START_TEST(test_exposure)
{
	ck_assert_int_eq(approvals_credit_exposure(&c), 500000);
	ck_assert_int_eq(approvals_credit_headroom_after(&c, 400000), 100000);
	ck_assert_int_eq(approvals_credit_headroom_after(&c, 600000), -100000);
}
END_TEST

START_TEST(test_fits)
{
	/* exactly at both limits still passes */
	ck_assert_int_eq(approvals_blocks(&c, 500000, 0, 500000), 0);
	ck_assert_int_eq(approvals_blocks(&c, 1, 0, 500000), 0);
}
END_TEST

START_TEST(test_over_region_limit)
{
	ck_assert_int_eq(approvals_blocks(&c, 400001, 0, 400000),
	    APPROVAL_OVER_LIMIT);
	/* a region limit of 0 sends every order to HQ */
	ck_assert_int_eq(approvals_blocks(&c, 1, 0, 0), APPROVAL_OVER_LIMIT);
}
END_TEST

/* the limit spans the window: what was approved in it counts (issue #18) */
START_TEST(test_over_region_limit_in_window)
{
	ck_assert_int_eq(approvals_blocks(&c, 200000, 200000, 400000), 0);
	ck_assert_int_eq(approvals_blocks(&c, 200001, 200000, 400000),
	    APPROVAL_OVER_LIMIT);
	ck_assert_int_eq(approvals_blocks(&c, 1, 400000, 400000),
	    APPROVAL_OVER_LIMIT);
}
END_TEST

START_TEST(test_over_credit)
{
	ck_assert_int_eq(approvals_blocks(&c, 500001, 0, 9000000),
	    APPROVAL_OVER_CREDIT);
	ck_assert_int_eq(approvals_blocks(&c, 500001, 0, 500000),
	    APPROVAL_OVER_LIMIT | APPROVAL_OVER_CREDIT);
}
END_TEST

START_TEST(test_payments_make_room)
{
	/* a dealer in credit (negative balance) has more headroom */
	struct credit	 paid = { 100000, -50000, 0, 0 };

	ck_assert_int_eq(approvals_blocks(&paid, 150000, 0, 9000000), 0);
	ck_assert_int_eq(approvals_blocks(&paid, 150001, 0, 9000000),
	    APPROVAL_OVER_CREDIT);
	/* no credit row: limit 0, nothing fits */
	struct credit	 none = { 0, 0, 0, 0 };

	ck_assert_int_eq(approvals_blocks(&none, 1, 0, 9000000),
	    APPROVAL_OVER_CREDIT);
}
END_TEST

/* what the dealer is told: the most the region approves, exactly */
START_TEST(test_region_max)
{
	struct approvals_outlook o = { c, { 400000, 24, 100000 }, 0, 0, 0 };
	struct credit		 over = { 100000, 90000, 20000, 0 };
	int64_t			 v;

	/* the approval limit's room (300,000) is below the headroom */
	ck_assert_int_eq(approvals_region_max(&c, 100000, 400000), 300000);
	/* the headroom (500,000) is below the room */
	ck_assert_int_eq(approvals_region_max(&c, 0, 9000000), 500000);
	/* at or over either: nothing */
	ck_assert_int_eq(approvals_region_max(&c, 400000, 400000), 0);
	ck_assert_int_eq(approvals_region_max(&c, 500000, 400000), 0);
	ck_assert_int_eq(approvals_region_max(&over, 0, 9000000), 0);
	/* it is approvals_blocks() solved: up to it passes, a fen more not */
	for (v = 1; v <= 700000; v += 99999) {
		o.value = v;
		approvals_outlook_figure(&o);
		ck_assert_int_eq(o.region_max, 300000);
		ck_assert_int_eq(o.blocks == 0, v <= o.region_max);
	}
	o.value = 300000;
	approvals_outlook_figure(&o);
	ck_assert_int_eq(o.blocks, 0);
	o.value = 300001;
	approvals_outlook_figure(&o);
	ck_assert_int_eq(o.blocks, APPROVAL_OVER_LIMIT);
	o.value = 500001;
	approvals_outlook_figure(&o);
	ck_assert_int_eq(o.blocks, APPROVAL_OVER_LIMIT | APPROVAL_OVER_CREDIT);
}
END_TEST

Suite *
approvals_rules_suite(void)
{
	Suite	*s = suite_create("approvals_rules");
	TCase	*tc = tcase_create("credit");

	tcase_add_test(tc, test_exposure);
	tcase_add_test(tc, test_fits);
	tcase_add_test(tc, test_over_region_limit);
	tcase_add_test(tc, test_over_region_limit_in_window);
	tcase_add_test(tc, test_over_credit);
	tcase_add_test(tc, test_payments_make_room);
	tcase_add_test(tc, test_region_max);
	suite_add_tcase(s, tc);
	return s;
}
