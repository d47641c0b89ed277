/* invoices_rules_test.c: tax numbers, the VAT split, a document's lines */
#include <stdlib.h>
#include <string.h>

#include "../test.h"
#include "invoices.h"

START_TEST(test_tax_number)
{
	/* GB 32100's own example, and the demo seller's */
	ck_assert(invoices_tax_number_ok("91350100M000100Y43"));
	ck_assert(invoices_tax_number_ok(invoices_seller.tax_number));
	ck_assert(invoices_tax_number_ok("91110105MA01XY123U"));
	/* a check character that does not fit, each way */
	ck_assert(!invoices_tax_number_ok("91350100M000100Y44"));
	ck_assert(!invoices_tax_number_ok("91350100M000100Y42"));
	ck_assert(!invoices_tax_number_ok("91350100M000101Y43"));
	/* length, the letters never used, a letter in the division */
	ck_assert(!invoices_tax_number_ok("91350100M000100Y4"));
	ck_assert(!invoices_tax_number_ok("91350100M000100Y433"));
	ck_assert(!invoices_tax_number_ok("91350100I000100Y43"));
	ck_assert(!invoices_tax_number_ok("9135A100M000100Y43"));
	ck_assert(!invoices_tax_number_ok("91350100m000100y43"));
	ck_assert(!invoices_tax_number_ok(""));
	ck_assert(!invoices_tax_number_ok(NULL));
}
END_TEST

static int
refused(const struct invoices_profile_in *in, const char *field, char *tax)
{
	struct fault	 f;
	int		 yes;

	memset(&f, 0, sizeof(f));
	yes = invoices_profile_check(in, tax, &f) == -1 &&
	    cJSON_GetObjectItemCaseSensitive(f.fields, field) != NULL;
	fault_clear(&f);
	return yes;
}

START_TEST(test_profile_check)
{
	struct invoices_profile_in	 in;
	struct fault			 f;
	char				 tax[19];

	memset(&in, 0, sizeof(in));
	memset(&f, 0, sizeof(f));
	in.tax_number = " 91350100m000100y43 ";
	in.address = "北京市朝阳区建国路 1 号";
	in.phone = "010-6555 0101";
	in.bank_name = "中国银行北京建国路支行";
	in.bank_account = "3405 6789 0123";
	in.version = 0;
	ck_assert_int_eq(invoices_profile_check(&in, tax, &f), 0);
	ck_assert_str_eq(tax, "91350100M000100Y43");	/* as stored */
	/* "" empties a field; NULL keeps it */
	memset(&in, 0, sizeof(in));
	in.tax_number = in.address = in.phone = in.bank_account = "";
	in.version = 3;
	ck_assert_int_eq(invoices_profile_check(&in, tax, &f), 0);
	ck_assert_str_eq(tax, "");
	in.tax_number = "91350100M000100Y44";
	ck_assert(refused(&in, "tax_number", tax));
	in.tax_number = "91350100M000100Y43 x";
	ck_assert(refused(&in, "tax_number", tax));
	in.tax_number = "91350100M000100Y4391350100M000100Y43";
	ck_assert(refused(&in, "tax_number", tax));
	in.tax_number = NULL;
	in.phone = "call me";
	ck_assert(refused(&in, "phone", tax));
	in.phone = NULL;
	in.bank_account = "12345";
	ck_assert(refused(&in, "bank_account", tax));
	in.bank_account = "6222 0000 0000 0000 0000 0000 0000 0000 0000 0";
	ck_assert(refused(&in, "bank_account", tax));
	in.bank_account = NULL;
	in.address = "line\nbreak";
	ck_assert(refused(&in, "address", tax));
	in.address = NULL;
	in.version = -1;
	ck_assert(refused(&in, "version", tax));
}
END_TEST

/* Amounts VAT included, split by hand: net = amount × 100 / 113, rounded. */
static const struct {
	int64_t	 amount, net, tax;
} splits[] = {
	{ 0, 0, 0 },
	{ 1, 1, 0 },			/* 0.885 */
	{ 8, 7, 1 },			/* 7.0796 */
	{ 100, 88, 12 },		/* 88.4956 */
	{ 113, 100, 13 },
	{ 11300, 10000, 1300 },
	{ 33333, 29498, 3835 },		/* 29498.23 */
	{ 33334, 29499, 3835 },		/* 29499.115 */
	{ 169900, 150354, 19546 },	/* 150353.98 */
	{ 100001, 88496, 11505 },	/* 88496.46 */
	{ -113, -100, -13 },
	{ -169900, -150354, -19546 },
	{ INT64_C(100000000000000), INT64_C(88495575221239),
	    INT64_C(11504424778761) },	/* 88,495,575,221,238.94 */
};

START_TEST(test_split)
{
	int64_t	 net, tax;
	size_t	 i;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		invoices_split(splits[i].amount, &net, &tax);
		ck_assert_msg(net == splits[i].net && tax == splits[i].tax,
		    "%lld: %lld + %lld", (long long)splits[i].amount,
		    (long long)net, (long long)tax);
	}
	/* the extremes neither overflow nor lose a fen */
	invoices_split(INT64_MAX, &net, &tax);
	ck_assert(net > 0 && tax > 0 && net + tax == INT64_MAX);
	invoices_split(INT64_MIN, &net, &tax);
	ck_assert(net < 0 && tax < 0 && net == INT64_MIN - tax);
	ck_assert_int_eq(invoices_unit_price(100001, 3), 33334);
	ck_assert_int_eq(invoices_unit_price(10, 4), 3);	/* 2.5, up */
	ck_assert_int_eq(invoices_unit_price(9, 4), 2);
	ck_assert_int_eq(invoices_unit_price(-100, -3), 33);
	ck_assert_int_eq(invoices_unit_price(500, 0), 0);
	ck_assert_int_eq(invoices_unit_price(INT64_MAX, 1), INT64_MAX);
}
END_TEST

START_TEST(test_settle)
{
	struct invoices_line	 l[3];
	struct invoices_doc	 d;

	memset(&d, 0, sizeof(d));
	memset(l, 0, sizeof(l));
	d.lines = l;
	d.nlines = 3;
	l[0].quantity = 3;
	l[0].amount = 100001;
	l[1].quantity = 2;
	l[1].amount = 339800;
	l[2].quantity = 1;
	l[2].amount = 0;
	d.amount = 439801;
	ck_assert_int_eq(invoices_lines_settle(&d), 0);
	ck_assert_int_eq(l[0].unit_price, 33334);
	ck_assert_int_eq(l[1].unit_price, 169900);
	ck_assert_int_eq(l[1].net, 300708);		/* 300707.96 */
	ck_assert_int_eq(l[1].tax, 39092);
	/* the totals are the lines' sums, not a split of the total */
	ck_assert_int_eq(d.net, 88496 + 300708);
	ck_assert_int_eq(d.tax, 11505 + 39092);
	ck_assert_int_eq(d.net + d.tax, d.amount);
	ck_assert_str_eq(d.words, "肆仟叁佰玖拾捌元零壹分");
	/* a credit note: negative lines, words with 负 */
	l[0].quantity = -3;
	l[0].amount = -100001;
	d.nlines = 1;
	d.amount = -100001;
	ck_assert_int_eq(invoices_lines_settle(&d), 0);
	ck_assert_int_eq(l[0].unit_price, 33334);
	ck_assert_int_eq(d.net, -88496);
	ck_assert_str_eq(d.words, "负壹仟元零壹分");
	/* lines that do not add up to the entry are refused */
	d.amount = -100000;
	ck_assert_int_eq(invoices_lines_settle(&d), -1);
}
END_TEST

Suite *
invoices_rules_suite(void)
{
	Suite	*s = suite_create("invoices_rules");
	TCase	*tc = tcase_create("rules");

	tcase_add_test(tc, test_tax_number);
	tcase_add_test(tc, test_profile_check);
	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_settle);
	suite_add_tcase(s, tc);
	return s;
}
