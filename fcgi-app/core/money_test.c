/* money_test.c: amounts shown and typed, exactly in fen */
#include "../test.h"
#include "money.h"

/* A product price's bound (catalogue's PRICE_MAX), the common case. */
#define PRICE	INT64_C(10000000000)

static int
parse_price(const char *s, int64_t *fen)
{
	return money_parse(s, PRICE, fen);
}

START_TEST(test_money_text)
{
	char	 s[48];

	money_format(169900, s, sizeof(s));
	ck_assert_str_eq(s, "1,699.00");
	money_format(649515, s, sizeof(s));
	ck_assert_str_eq(s, "6,495.15");
	money_format(5, s, sizeof(s));
	ck_assert_str_eq(s, "0.05");
	money_format(INT64_C(123456789012), s, sizeof(s));
	ck_assert_str_eq(s, "1,234,567,890.12");
	money_format(-10000, s, sizeof(s));
	ck_assert_str_eq(s, "-100.00");
	money_format_delta(-10000, s, sizeof(s));
	ck_assert_str_eq(s, "-¥100.00");
	money_format_delta(15000, s, sizeof(s));
	ck_assert_str_eq(s, "+¥150.00");
	money_plain(INT64_C(123456789012), s, sizeof(s));
	ck_assert_str_eq(s, "1234567890.12");
	money_plain(-5, s, sizeof(s));
	ck_assert_str_eq(s, "-0.05");
	money_plain(0, s, sizeof(s));
	ck_assert_str_eq(s, "0.00");
	money_plain(INT64_MIN, s, sizeof(s));
	ck_assert_str_eq(s, "-92233720368547758.08");
}
END_TEST

START_TEST(test_parse_money)
{
	int64_t	 f = -1;

	ck_assert_int_eq(parse_price("2099", &f), 0);
	ck_assert_int_eq(f, 209900);
	ck_assert_int_eq(parse_price("2,099.5", &f), 0);
	ck_assert_int_eq(f, 209950);
	ck_assert_int_eq(parse_price(" ¥2,099.05 ", &f), 0);
	ck_assert_int_eq(f, 209905);
	ck_assert_int_eq(parse_price("0.01", &f), 0);
	ck_assert_int_eq(f, 1);
	ck_assert_int_eq(parse_price("100000000", &f), 0);
	ck_assert_int_eq(f, PRICE);
	ck_assert_int_eq(parse_price("100000000.01", &f), -1);
	/* a larger bound, as credit limits use */
	ck_assert_int_eq(money_parse("1,000,000,000.00",
	    INT64_C(100000000000000), &f), 0);
	ck_assert_int_eq(f, INT64_C(100000000000));
	ck_assert_int_eq(money_parse("1000000000000.01",
	    INT64_C(100000000000000), &f), -1);
	ck_assert_int_eq(money_parse("99999999999999999999",
	    INT64_C(100000000000000), &f), -1);
	ck_assert_int_eq(parse_price("1.234", &f), -1);
	ck_assert_int_eq(parse_price("-5", &f), -1);
	ck_assert_int_eq(parse_price("", &f), -1);
	ck_assert_int_eq(parse_price(".", &f), -1);
	ck_assert_int_eq(parse_price("1e3", &f), -1);
	ck_assert_int_eq(parse_price(",5", &f), -1);
	ck_assert_int_eq(parse_price("99999999999999999999", &f), -1);
}
END_TEST

Suite *
money_suite(void)
{
	Suite	*s = suite_create("money");
	TCase	*tc = tcase_create("format");

	tcase_add_test(tc, test_money_text);
	tcase_add_test(tc, test_parse_money);
	suite_add_tcase(s, tc);
	return s;
}
