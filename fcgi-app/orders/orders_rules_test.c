/* orders_rules_test.c: the status machine, every edge */
#include <stdio.h>
#include <string.h>

#include "../test.h"
#include "../views/views.h"
#include "orders.h"

START_TEST(test_path_to_closed)
{
	enum order_status	 path[] = { ORDER_SUBMITTED, ORDER_APPROVED,
	    ORDER_SCHEDULED, ORDER_IN_PRODUCTION, ORDER_SHIPPED,
	    ORDER_DELIVERED, ORDER_CLOSED };
	size_t			 i;

	for (i = 0; i + 1 < sizeof(path) / sizeof(path[0]); i++)
		ck_assert(orders_can_move(path[i], path[i + 1]));
}
END_TEST

START_TEST(test_illegal_moves)
{
	int	 a, b, legal = 0;

	for (a = 0; a < ORDER__MAX; a++)
		for (b = 0; b < ORDER__MAX; b++)
			legal += orders_can_move((enum order_status)a,
			    (enum order_status)b);
	/* exactly the arrows of §3.4, and the dealer's own step's two */
	ck_assert_int_eq(legal, 12);
	ck_assert(orders_can_move(ORDER_AWAITING_RELEASE, ORDER_SUBMITTED));
	ck_assert(orders_can_move(ORDER_AWAITING_RELEASE, ORDER_SENT_BACK));
	ck_assert(!orders_can_move(ORDER_AWAITING_RELEASE, ORDER_APPROVED));
	ck_assert(!orders_can_move(ORDER_SENT_BACK, ORDER_SUBMITTED));
	ck_assert(!orders_can_move(ORDER_SUBMITTED, ORDER_SHIPPED));
	ck_assert(!orders_can_move(ORDER_SHIPPED, ORDER_SCHEDULED));
	ck_assert(!orders_can_move(ORDER_CLOSED, ORDER_DELIVERED));
	ck_assert(!orders_can_move(ORDER_CANCELLED, ORDER_APPROVED));
	ck_assert(!orders_can_move(ORDER_SHIPPED, ORDER_SHIPPED));
}
END_TEST

START_TEST(test_cancel)
{
	ck_assert(orders_can_cancel(ORDER_SUBMITTED, 1));
	ck_assert(!orders_can_cancel(ORDER_APPROVED, 1));
	ck_assert(orders_can_cancel(ORDER_SCHEDULED, 0));
	ck_assert(!orders_can_cancel(ORDER_IN_PRODUCTION, 0));
	ck_assert(!orders_can_cancel(ORDER_CANCELLED, 0));
	/* the buyer withdraws what waits for its release; staff never
	 * see it, and what was sent back is over */
	ck_assert(orders_can_cancel(ORDER_AWAITING_RELEASE, 1));
	ck_assert(!orders_can_cancel(ORDER_AWAITING_RELEASE, 0));
	ck_assert(!orders_can_cancel(ORDER_SENT_BACK, 1));
}
END_TEST

START_TEST(test_names)
{
	enum order_status	 s;
	int			 i;

	for (i = 0; i < ORDER__MAX; i++) {
		ck_assert_int_eq(orders_status_parse(orders_status_name(
		    (enum order_status)i), &s), 0);
		ck_assert_int_eq(s, i);
	}
	ck_assert_int_eq(orders_status_parse("lost", &s), -1);
}
END_TEST

/*
 * Every status of the machine has a label of its own in both languages:
 * found under the orders' key (not another feature's), and no two alike.
 */
START_TEST(test_status_labels)
{
	static const char *const en[ORDER__MAX] = { "Submitted", "Approved",
	    "Rejected", "Escalated to HQ", "Scheduled", "In production",
	    "Shipped", "Delivered", "Closed", "Cancelled",
	    "Awaiting internal release", "Sent back", "Withdrawn" };
	const char	*seen[LANG__MAX][ORDER__MAX];
	char		 key[40], err[256];
	int		 s, t, l;

	ck_assert_msg(views_init("templates", err, sizeof(err)) == 0, "%s",
	    err);
	for (s = 0; s < ORDER__MAX; s++) {
		ck_assert_ptr_nonnull(orders_status_name((enum order_status)s));
		snprintf(key, sizeof(key), "orders_status_%s",
		    orders_status_name((enum order_status)s));
		for (l = 0; l < LANG__MAX; l++) {
			seen[l][s] = views_text((enum lang)l, key);
			ck_assert_msg(strcmp(seen[l][s], key) != 0,
			    "%s has no label in %s", key,
			    views_lang_code((enum lang)l));
			for (t = 0; t < s; t++)
				ck_assert_msg(strcmp(seen[l][s], seen[l][t]) != 0,
				    "%s: two statuses read \"%s\"", views_lang_code(
				    (enum lang)l), seen[l][s]);
		}
		ck_assert_str_eq(seen[LANG_EN][s], en[s]);
	}
	views_free();
}
END_TEST

/* A line split into shipments always sums to its total, exactly. */
START_TEST(test_ship_amount)
{
	static const int64_t	 splits[][4] = {
		{ 1, 1, 1, 0 }, { 3, 0, 0, 0 }, { 1, 2, 0, 0 },
		{ 2, 1, 0, 0 }, { 1, 1, 1, 1 }, { 4, 3, 2, 1 },
	};
	int64_t			 totals[] = { 0, 1, 99, 100, 1000, 12345677,
	    99999999999 };
	int64_t			 sum, a, before;
	size_t			 i, k, t;

	/* 100 fen over 3 units: 33, 33, then the last takes 34 */
	ck_assert_int_eq(orders_ship_amount(100, 3, 0, 1), 33);
	ck_assert_int_eq(orders_ship_amount(100, 3, 1, 1), 33);
	ck_assert_int_eq(orders_ship_amount(100, 3, 2, 1), 34);
	ck_assert_int_eq(orders_ship_amount(100, 3, 0, 2), 66);
	ck_assert_int_eq(orders_ship_amount(100, 3, 0, 3), 100);
	/* an exact division: every unit its price */
	ck_assert_int_eq(orders_ship_amount(259800, 2, 0, 1), 129900);
	ck_assert_int_eq(orders_ship_amount(259800, 2, 1, 1), 129900);
	for (t = 0; t < sizeof(totals) / sizeof(totals[0]); t++)
		for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
			int64_t	 qty = 0;

			for (k = 0; k < 4; k++)
				qty += splits[i][k];
			for (k = 0, sum = 0, before = 0; k < 4; k++) {
				if (splits[i][k] == 0)
					continue;
				a = orders_ship_amount(totals[t], qty, before,
				    splits[i][k]);
				ck_assert_int_ge(a, 0);
				sum += a;
				before += splits[i][k];
			}
			ck_assert_int_eq(sum, totals[t]);
		}
	/* the largest line, unit by unit: no overflow, exact */
	for (before = 0, sum = 0; before < ORDER_QUANTITY_MAX;
	    before += 99999)
		sum += orders_ship_amount(INT64_C(900000000000000),
		    ORDER_QUANTITY_MAX, before, before + 99999 >
		    ORDER_QUANTITY_MAX ? ORDER_QUANTITY_MAX - before : 99999);
	ck_assert_int_eq(sum, INT64_C(900000000000000));
	/* nonsense */
	ck_assert_int_eq(orders_ship_amount(100, 3, 2, 2), -1);
	ck_assert_int_eq(orders_ship_amount(100, 3, 0, 0), -1);
	ck_assert_int_eq(orders_ship_amount(100, 0, 0, 1), -1);
	ck_assert_int_eq(orders_ship_amount(-1, 3, 0, 1), -1);
}
END_TEST

/* A line returned in parts credits its total exactly; out of line: -1. */
START_TEST(test_return_amount)
{
	int64_t	 sum = 0, n;

	/* 100,001 fen over 3 units (the API test's line): 33,333 a unit,
	 * the last returned takes the remainder */
	ck_assert_int_eq(orders_return_amount(100001, 3, 0, 1), 33333);
	ck_assert_int_eq(orders_return_amount(100001, 3, 1, 1), 33334);
	ck_assert_int_eq(orders_return_amount(100001, 3, 2, 1), 33334);
	ck_assert_int_eq(orders_return_amount(100001, 3, 0, 3), 100001);
	ck_assert_int_eq(orders_return_amount(100001, 3, 1, 2), 66668);
	for (n = 0; n < 7; n++)
		sum += orders_return_amount(1234567, 7, n, 1);
	ck_assert_int_eq(sum, 1234567);
	ck_assert_int_eq(orders_return_amount(100, 3, 3, 1), -1);
	ck_assert_int_eq(orders_return_amount(100, 3, 0, 0), -1);
	ck_assert(orders_can_return(ORDER_SHIPPED));
	ck_assert(orders_can_return(ORDER_DELIVERED));
	ck_assert(orders_can_return(ORDER_CLOSED));
	ck_assert(!orders_can_return(ORDER_IN_PRODUCTION));
	ck_assert(!orders_can_return(ORDER_CANCELLED));
}
END_TEST

Suite *
orders_rules_suite(void)
{
	Suite	*s = suite_create("orders_rules");
	TCase	*tc = tcase_create("machine");

	tcase_add_test(tc, test_path_to_closed);
	tcase_add_test(tc, test_status_labels);
	tcase_add_test(tc, test_illegal_moves);
	tcase_add_test(tc, test_cancel);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_ship_amount);
	tcase_add_test(tc, test_return_amount);
	suite_add_tcase(s, tc);
	return s;
}
