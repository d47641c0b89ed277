/* catalogue_pricing_test.c: one test per pricing and validation rule */
#include <stdio.h>
#include <string.h>

#include "../test.h"
#include "catalogue_pricing.h"

static const char fridge[] = "["
    "{\"name\":\"capacity\",\"type\":\"number\",\"required\":true,"
    "\"min\":180,\"max\":220,\"step\":10,\"price_per_unit\":500},"
    "{\"name\":\"colour\",\"type\":\"enum\",\"required\":true,\"values\":["
    "{\"value\":\"white\",\"price_delta\":0},"
    "{\"value\":\"champagne\",\"price_delta\":15000}]},"
    "{\"name\":\"logo_text\",\"type\":\"text\",\"max_length\":20,"
    "\"price\":3000}]";

static char	 errs[1024];

static void
collect(void *ctx, const char *field, const char *msg)
{
	(void)ctx;
	snprintf(errs + strlen(errs), sizeof(errs) - strlen(errs), "%s: %s|",
	    field, msg);
}

static int
price(const char *opts, int64_t qty, const struct promo *p, size_t np,
    struct price_line *out)
{
	cJSON	*schema = cJSON_Parse(fridge), *o = cJSON_Parse(opts);
	int	 rc;

	errs[0] = '\0';
	ck_assert_ptr_nonnull(schema);
	ck_assert_ptr_nonnull(o);
	rc = catalogue_pricing_line(schema, 199900, o, qty, p, np, "lines[0]",
	    collect,
	    NULL, out);
	cJSON_Delete(schema);
	cJSON_Delete(o);
	return rc;
}

START_TEST(test_base_and_deltas)
{
	struct price_line	 l;

	/* 200 L = 2 steps above 180 x 10 L... priced per litre: 20 x 500 */
	ck_assert_int_eq(price("{\"capacity\":200,\"colour\":\"champagne\"}",
	    3, NULL, 0, &l), 0);
	ck_assert_int_eq(l.base, 199900);
	ck_assert_int_eq(l.options, 20 * 500 + 15000);
	ck_assert_int_eq(l.unit, 199900 + 25000);
	ck_assert_int_eq(l.gross, 3 * 224900);
	ck_assert_int_eq(l.discount, 0);
	ck_assert_int_eq(l.total, 674700);
}
END_TEST

START_TEST(test_text_option_price)
{
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"white\","
	    "\"logo_text\":\"苏宁易购专供\"}", 1, NULL, 0, &l), 0);
	ck_assert_int_eq(l.unit, 199900 + 3000);
	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"white\","
	    "\"logo_text\":\"123456789012345678901\"}", 1, NULL, 0, &l), -1);
	ck_assert(strstr(errs, "lines[0].options.logo_text") != NULL);
}
END_TEST

START_TEST(test_percent_promotion_rounds_half_up)
{
	struct promo		 p = { 7, 5, 0 };
	struct price_line	 l;

	/* 5 % of 3 x 199,910 = 29,986.5 fen -> 29,987 */
	ck_assert_int_eq(price("{\"capacity\":182,\"colour\":\"white\"}", 3,
	    &p, 1, &l), -1);	/* 182 is off-step: checked below */
	ck_assert_int_eq(price("{\"capacity\":190,\"colour\":\"white\"}", 3,
	    &p, 1, &l), 0);
	ck_assert_int_eq(l.gross, 3 * (199900 + 5000));
	ck_assert_int_eq(l.discount, (3 * 204900 * 5 + 50) / 100);
	ck_assert_int_eq(l.promo_id, 7);
	ck_assert_int_eq(l.total, l.gross - l.discount);
	struct promo	 q = { 8, 5, 0 };
	ck_assert_int_eq(catalogue_pricing_discount(&q, 199910, 3), 29987);
}
END_TEST

START_TEST(test_fixed_promotion_never_below_zero)
{
	struct promo	 p = { 1, 0, 30000 }, big = { 2, 0, 10000000 };

	ck_assert_int_eq(catalogue_pricing_discount(&p, 100000, 4), 120000);
	ck_assert_int_eq(catalogue_pricing_discount(&big, 100000, 4), 400000);
}
END_TEST

START_TEST(test_best_single_promotion)
{
	struct promo		 ps[3] = { { 1, 3, 0 }, { 2, 0, 8000 },
	    { 3, 10, 0 } };
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"white\"}", 2,
	    ps, 3, &l), 0);
	/* 10 % of 399,800 = 39,980 beats 16,000 and 11,994 */
	ck_assert_int_eq(l.discount, 39980);
	ck_assert_int_eq(l.promo_id, 3);
}
END_TEST

START_TEST(test_unknown_option)
{
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"white\","
	    "\"wifi\":true}", 1, NULL, 0, &l), -1);
	ck_assert_str_eq(errs, "lines[0].options.wifi: no such option|");
}
END_TEST

START_TEST(test_value_not_allowed)
{
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"pink\"}", 1,
	    NULL, 0, &l), -1);
	ck_assert(strstr(errs, "lines[0].options.colour: not one of") != NULL);
	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":7}", 1, NULL, 0,
	    &l), -1);
}
END_TEST

START_TEST(test_out_of_range_and_off_step)
{
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":230,\"colour\":\"white\"}", 1,
	    NULL, 0, &l), -1);
	ck_assert(strstr(errs, "capacity: a whole number from 180 to 220"));
	ck_assert_int_eq(price("{\"capacity\":195,\"colour\":\"white\"}", 1,
	    NULL, 0, &l), -1);
	ck_assert(strstr(errs, "capacity: in steps of 10 from 180"));
	ck_assert_int_eq(price("{\"capacity\":190.5,\"colour\":\"white\"}", 1,
	    NULL, 0, &l), -1);
	ck_assert_int_eq(price("{\"capacity\":\"190\",\"colour\":\"white\"}",
	    1, NULL, 0, &l), -1);
}
END_TEST

START_TEST(test_missing_required)
{
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":180}", 1, NULL, 0, &l), -1);
	ck_assert_str_eq(errs, "lines[0].options.colour: required|");
	ck_assert_int_eq(price("{}", 1, NULL, 0, &l), -1);
	ck_assert(strstr(errs, "capacity: required") &&
	    strstr(errs, "colour: required"));
}
END_TEST

START_TEST(test_quantity_bounds)
{
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"white\"}", 0,
	    NULL, 0, &l), -1);
	ck_assert(strstr(errs, "lines[0].quantity"));
	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"white\"}",
	    100001, NULL, 0, &l), -1);
	ck_assert_int_eq(price("{\"capacity\":180,\"colour\":\"white\"}",
	    100000, NULL, 0, &l), 0);
	ck_assert_int_eq(l.gross, INT64_C(100000) * 199900);
}
END_TEST

START_TEST(test_schema_check)
{
	static const char *const bad[] = {
		"{}",
		"[{\"name\":\"Bad Name\",\"type\":\"enum\",\"values\":"
		    "[{\"value\":\"a\",\"price_delta\":0}]}]",
		"[{\"name\":\"c\",\"type\":\"enum\",\"values\":[]}]",
		"[{\"name\":\"c\",\"type\":\"enum\",\"values\":[{\"value\":"
		    "\"a\",\"price_delta\":0},{\"value\":\"a\","
		    "\"price_delta\":1}]}]",
		"[{\"name\":\"c\",\"type\":\"number\",\"min\":10,\"max\":5,"
		    "\"step\":1,\"price_per_unit\":1}]",
		"[{\"name\":\"c\",\"type\":\"number\",\"min\":0,\"max\":10,"
		    "\"step\":3,\"price_per_unit\":1}]",
		"[{\"name\":\"c\",\"type\":\"text\",\"max_length\":0,"
		    "\"price\":0}]",
		"[{\"name\":\"c\",\"type\":\"colour\"}]",
		"[{\"name\":\"c\",\"type\":\"text\",\"max_length\":5,"
		    "\"price\":0},{\"name\":\"c\",\"type\":\"text\","
		    "\"max_length\":5,\"price\":0}]",
	};
	cJSON	*s;
	size_t	 i;

	s = cJSON_Parse(fridge);
	ck_assert_int_eq(catalogue_pricing_schema_check(s, NULL, NULL), 0);
	cJSON_Delete(s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s = cJSON_Parse(bad[i]);
		ck_assert_ptr_nonnull(s);
		ck_assert_msg(catalogue_pricing_schema_check(s, NULL, NULL) ==
		    -1,
		    "case %zu", i);
		cJSON_Delete(s);
	}
}
END_TEST

/*
 * Contract prices against promotions, computed by hand.  A champagne
 * 200 L fridge: base 1,999.00 + 20 x 5.00 + 150.00 = 2,249.00 a unit.
 * Promotions: 5 % (id 7: 112.45 a unit, exactly) and 80.00 off a unit
 * (id 8).  Contract rows:
 *   11 dealer  price 1,850.00 (unit 2,100.00)  from 1  03-01..03-31
 *   12 dealer  price 1,800.00 (unit 2,050.00)  from 10 03-01..03-31
 *   21 chain   12.5 % (2,249.00 - 281.125 -> 281.13 = 1,967.87)
 *                                               from 50 03-01..06-30
 *   22 chain   price 1,900.00 (unit 2,150.00)  from 1  04-01..04-30
 */
static const struct contract deal[] = {
	{ 11, 0, 185000, 0, 1, "2026-03-01", "2026-03-31" },
	{ 12, 0, 180000, 0, 10, "2026-03-01", "2026-03-31" },
	{ 21, 1, -1, 1250, 50, "2026-03-01", "2026-06-30" },
	{ 22, 1, 190000, 0, 1, "2026-04-01", "2026-04-30" },
};

/* The line of qty champagne 200 L fridges on day, as a dealer of deal. */
static struct price_line
dealt(int64_t qty, const char *day, const struct contract *c, size_t n)
{
	struct promo		 ps[2] = { { 7, 5, 0 }, { 8, 0, 8000 } };
	struct price_line	 l;

	ck_assert_int_eq(price("{\"capacity\":200,\"colour\":\"champagne\"}",
	    qty, ps, 2, &l), 0);
	ck_assert_int_eq(l.unit, 224900);
	catalogue_pricing_contracts(&l, c, n, day);
	ck_assert_int_eq(l.total, l.gross - l.discount);
	return l;
}

#define DEAL(q, d)	dealt((q), (d), deal, sizeof(deal) / sizeof(deal[0]))

START_TEST(test_contract_breaks)
{
	struct price_line	 l;

	l = DEAL(1, "2026-03-15");		/* 2,100.00 < 2,136.55 */
	ck_assert_int_eq(l.total, 210000);
	ck_assert_int_eq(l.discount, 14900);
	ck_assert_int_eq(l.source, PRICE_CONTRACT);
	ck_assert_int_eq(l.contract_id, 11);
	ck_assert_int_eq(l.promo_id, 0);
	l = DEAL(9, "2026-03-15");		/* the 10 break not yet */
	ck_assert_int_eq(l.total, 9 * 210000);
	ck_assert_int_eq(l.contract_id, 11);
	l = DEAL(10, "2026-03-15");
	ck_assert_int_eq(l.total, 2050000);
	ck_assert_int_eq(l.discount, 2249000 - 2050000);
	ck_assert_int_eq(l.contract_id, 12);
	l = DEAL(49, "2026-03-15");
	ck_assert_int_eq(l.total, 49 * 205000);
	ck_assert_int_eq(l.contract_id, 12);
	l = DEAL(50, "2026-03-15");		/* the chain's 12.5 % */
	ck_assert_int_eq(l.total, 50 * 196787);
	ck_assert_int_eq(l.total, 9839350);
	ck_assert_int_eq(l.discount, 11245000 - 9839350);
	ck_assert_int_eq(l.contract_id, 21);
	ck_assert_str_eq(catalogue_pricing_source_name(l.source), "contract");
}
END_TEST

START_TEST(test_contract_validity_edges)
{
	struct price_line	 l;

	l = DEAL(10, "2026-02-28");		/* the day before: 5 % */
	ck_assert_int_eq(l.source, PRICE_PROMOTION);
	ck_assert_int_eq(l.promo_id, 7);
	ck_assert_int_eq(l.contract_id, 0);
	ck_assert_int_eq(l.discount, 112450);
	ck_assert_int_eq(l.total, 2249000 - 112450);
	l = DEAL(10, "2026-03-01");		/* valid_from itself */
	ck_assert_int_eq(l.contract_id, 12);
	ck_assert_int_eq(l.total, 2050000);
	l = DEAL(10, "2026-03-31");		/* valid_to itself */
	ck_assert_int_eq(l.contract_id, 12);
	ck_assert_int_eq(l.total, 2050000);
	l = DEAL(1, "2026-04-01");		/* the day after: 22 dearer */
	ck_assert_int_eq(l.source, PRICE_PROMOTION);
	ck_assert_int_eq(l.total, 213655);
	ck_assert_str_eq(catalogue_pricing_source_name(l.source),
	    "promotion");
	l = DEAL(50, "2026-04-01");		/* 21 still */
	ck_assert_int_eq(l.contract_id, 21);
	ck_assert_int_eq(l.total, 9839350);
	l = DEAL(50, "2026-06-30");
	ck_assert_int_eq(l.contract_id, 21);
	l = DEAL(50, "2026-07-01");		/* 5 % of 50 units again */
	ck_assert_int_eq(l.source, PRICE_PROMOTION);
	ck_assert_int_eq(l.total, 11245000 - 562250);
}
END_TEST

START_TEST(test_contract_ties_and_rounding)
{
	/* 2,136.55 a unit: the promotion's price exactly */
	struct contract		 tie[] = {
		{ 31, 1, 188655, 0, 1, "2026-01-01", "2026-12-31" },
		{ 30, 1, 188655, 0, 1, "2026-01-01", "2026-12-31" },
		{ 32, 0, 188655, 0, 1, "2026-01-01", "2026-12-31" },
	};
	struct contract		 all = { 40, 0, -1, 10000, 1, "2026-01-01",
	    "2026-12-31" };
	struct contract		 half = { 41, 0, -1, 5, 1, "2026-01-01",
	    "2026-12-31" };
	struct price_line	 l;

	l = dealt(3, "2026-05-05", tie, 2);	/* the chain's lower id */
	ck_assert_int_eq(l.source, PRICE_CONTRACT);
	ck_assert_int_eq(l.contract_id, 30);
	ck_assert_int_eq(l.total, 3 * 213655);
	l = dealt(3, "2026-05-05", tie, 3);	/* the dealer's own first */
	ck_assert_int_eq(l.contract_id, 32);
	l = dealt(2, "2026-05-05", &all, 1);	/* 100 %: nothing to pay */
	ck_assert_int_eq(l.total, 0);
	ck_assert_int_eq(l.discount, 449800);
	/* 0.05 % of 224,900 fen = 112.45 fen -> 112 a unit */
	l = dealt(2, "2026-05-05", &half, 1);
	ck_assert_int_eq(l.source, PRICE_PROMOTION);	/* 5 % is better */
	ck_assert_int_eq(catalogue_pricing_contract_total(&half, &l),
	    2 * (224900 - 112));
	half.discount_bp = 2;	/* 44.98 fen -> 45 */
	ck_assert_int_eq(catalogue_pricing_contract_total(&half, &l),
	    2 * (224900 - 45));
	half.discount_bp = 1250;	/* 28,112.5 fen -> 28,113 */
	ck_assert_int_eq(catalogue_pricing_contract_total(&half, &l),
	    2 * 196787);
	ck_assert(!catalogue_pricing_contract_applies(&half, "2025-12-31", 2));
	ck_assert(catalogue_pricing_contract_applies(&half, "2026-12-31", 2));
}
END_TEST

Suite *
pricing_suite(void)
{
	Suite	*s = suite_create("pricing");
	TCase	*tc = tcase_create("rules");

	tcase_add_test(tc, test_base_and_deltas);
	tcase_add_test(tc, test_text_option_price);
	tcase_add_test(tc, test_percent_promotion_rounds_half_up);
	tcase_add_test(tc, test_fixed_promotion_never_below_zero);
	tcase_add_test(tc, test_best_single_promotion);
	tcase_add_test(tc, test_unknown_option);
	tcase_add_test(tc, test_value_not_allowed);
	tcase_add_test(tc, test_out_of_range_and_off_step);
	tcase_add_test(tc, test_missing_required);
	tcase_add_test(tc, test_quantity_bounds);
	tcase_add_test(tc, test_schema_check);
	tcase_add_test(tc, test_contract_breaks);
	tcase_add_test(tc, test_contract_validity_edges);
	tcase_add_test(tc, test_contract_ties_and_rounding);
	suite_add_tcase(s, tc);
	return s;
}
