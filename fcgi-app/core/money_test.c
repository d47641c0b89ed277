/* money_test.c: amounts shown and typed, exactly in fen */
#include <string.h>

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

/*
 * Amounts in Chinese uppercase words, each checked by hand against the
 * People's Bank's rules for filling in bills (its own examples marked
 * PBOC; where the rules allow a 零 or none, money_words() writes none).
 */
static const struct {
	int64_t		 fen;
	const char	*words;
} words[] = {
	{ 0, "零元整" },
	{ 1, "壹分" },
	{ 10, "壹角" },
	{ 55, "伍角伍分" },
	{ 1000, "壹拾元整" },
	{ 1230, "壹拾贰元叁角" },
	{ 20000, "贰佰元整" },
	{ 100100, "壹仟零壹元整" },
	{ 32504, "叁佰贰拾伍元零肆分" },			/* PBOC */
	{ 140950, "壹仟肆佰零玖元伍角" },			/* PBOC */
	{ 168032, "壹仟陆佰捌拾元叁角贰分" },		/* PBOC */
	{ 600714, "陆仟零柒元壹角肆分" },			/* PBOC */
	{ 1640902, "壹万陆仟肆佰零玖元零贰分" },		/* PBOC */
	{ 10700053, "壹拾万柒仟元伍角叁分" },		/* PBOC */
	{ 10000001, "壹拾万元零壹分" },
	{ 10001050, "壹拾万零壹拾元伍角" },
	{ 101010101, "壹佰零壹万零壹佰零壹元零壹分" },
	{ INT64_C(2000000000), "贰仟万元整" },
	{ INT64_C(3000000500), "叁仟万零伍元整" },
	{ INT64_C(10000000000), "壹亿元整" },
	{ INT64_C(10000000100), "壹亿零壹元整" },
	{ INT64_C(10000100000), "壹亿零壹仟元整" },
	{ INT64_C(100000000000), "壹拾亿元整" },
	{ INT64_C(123456789012), "壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分" },
	{ INT64_C(100000000000000), "壹万亿元整" },		/* LEDGER_MAX */
	{ INT64_C(100010000000000), "壹万零壹亿元整" },
	{ INT64_C(100005000000000), "壹万亿零伍仟万元整" },
	{ -123456, "负壹仟贰佰叁拾肆元伍角陆分" },
	{ -1, "负壹分" },
	{ INT64_C(999999999999999999),
	    "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元"
	    "玖角玖分" },
};

START_TEST(test_money_words)
{
	char	 s[MONEY_WORDS_MAX];
	size_t	 i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		memset(s, 'x', sizeof(s));
		ck_assert_int_eq(money_words(words[i].fen, s, sizeof(s)), 0);
		ck_assert_msg(strcmp(s, words[i].words) == 0, "%lld: %s, "
		    "not %s", (long long)words[i].fen, s, words[i].words);
	}
	/* the bounds: 10^16 yuan and more, either way, and INT64_MIN */
	ck_assert_int_eq(money_words(MONEY_WORDS_LIMIT, s, sizeof(s)), -1);
	ck_assert_int_eq(money_words(-MONEY_WORDS_LIMIT, s, sizeof(s)), -1);
	ck_assert_int_eq(money_words(INT64_MIN, s, sizeof(s)), -1);
	ck_assert_int_eq(money_words(INT64_MAX, s, sizeof(s)), -1);
	/* a buffer too small is refused whole, never cut in a character */
	ck_assert_int_eq(money_words(1000, s, strlen("壹拾元整")), -1);
	ck_assert_str_eq(s, "");
	ck_assert_int_eq(money_words(1000, s, strlen("壹拾元整") + 1), 0);
	ck_assert_str_eq(s, "壹拾元整");
	ck_assert_int_eq(money_words(0, s, 0), -1);
}
END_TEST

Suite *
money_suite(void)
{
	Suite	*s = suite_create("money");
	TCase	*tc = tcase_create("format");

	tcase_add_test(tc, test_money_text);
	tcase_add_test(tc, test_parse_money);
	tcase_add_test(tc, test_money_words);
	suite_add_tcase(s, tc);
	return s;
}
