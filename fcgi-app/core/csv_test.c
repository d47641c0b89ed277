/* csv_test.c: CSV reading, quoting, bounds */
#include <string.h>

#include "../test.h"
#include "buf.h"
#include "csv.h"

static int
parse(const char *text, struct csv_row *rows, int max, int *line,
    const char **why)
{
	return csv_parse(text, strlen(text), rows, max, line, why);
}

START_TEST(test_plain_rows)
{
	struct csv_row	 rows[4];
	const char	*why;
	int		 line, n;

	n = parse("model,quantity,options\r\nBCD-2001,2,capacity_l=200;"
	    "colour=white\n\nKFR-2003,1,\n", rows, 4, &line, &why);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(rows[0].nfields, 3);
	ck_assert_str_eq(rows[0].fields[0], "model");
	ck_assert_str_eq(rows[1].fields[2], "capacity_l=200;colour=white");
	ck_assert_int_eq(rows[1].line, 2);
	ck_assert_int_eq(rows[2].line, 4);	/* the blank line is skipped */
	ck_assert_int_eq(rows[2].nfields, 3);
	ck_assert_str_eq(rows[2].fields[2], "");
	csv_rows_free(rows, n);
}
END_TEST

START_TEST(test_quotes)
{
	struct csv_row	 rows[2];
	const char	*why;
	int		 line, n;

	n = parse("\xef\xbb\xbf\"LE-2005\",\"1\",\"logo_text=A, \"\"B\"\"\n"
	    "two\"\nX,1,", rows, 2, &line, &why);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(rows[0].fields[0], "LE-2005");
	ck_assert_str_eq(rows[0].fields[2], "logo_text=A, \"B\"\ntwo");
	ck_assert_int_eq(rows[1].line, 3);	/* the quoted break counts */
	csv_rows_free(rows, n);
}
END_TEST

START_TEST(test_errors)
{
	struct csv_row	 rows[2];
	const char	*why;
	char		 big[1100];
	int		 line;

	ck_assert_int_eq(parse("a,b\n\"open,1\n", rows, 2, &line, &why), -1);
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(parse("a,\"b\"c\n", rows, 2, &line, &why), -1);
	ck_assert_int_eq(parse("a,b\"c\n", rows, 2, &line, &why), -1);
	ck_assert_int_eq(parse("a\nb\nc\n", rows, 2, &line, &why), -1);
	ck_assert_int_eq(line, 3);
	ck_assert_str_eq(why, "too many rows");
	ck_assert_int_eq(parse("a,\xff\n", rows, 2, &line, &why), -1);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(parse(big, rows, 2, &line, &why), -1);
	ck_assert_int_eq(csv_parse("a\0b", 3, rows, 2, &line, &why), -1);
}
END_TEST

START_TEST(test_too_many_fields)
{
	struct csv_row	 rows[1];
	const char	*why;
	int		 line;

	ck_assert_int_eq(parse("1,2,3,4,5,6,7,8,9\n", rows, 1, &line, &why), 1);
	ck_assert_int_eq(rows[0].nfields, -1);
	csv_rows_free(rows, 1);
}
END_TEST

START_TEST(test_write)
{
	struct buf	 b;

	buf_init(&b);
	csv_put(&b, "plain", 0);
	csv_put(&b, "a,b", 0);
	csv_put(&b, "say \"hi\"", 0);
	csv_put(&b, "two\nlines", 0);
	csv_put(&b, "=SUM(A1)", 0);
	csv_put(&b, "-123.45", 0);
	csv_put(&b, "沃尔玛", 1);
	ck_assert_str_eq(buf_cstr(&b), "plain,\"a,b\",\"say \"\"hi\"\"\","
	    "\"two\nlines\",'=SUM(A1),-123.45,沃尔玛\r\n");
	buf_free(&b);
}
END_TEST

/* Every way a spreadsheet starts a formula is guarded; numbers are not. */
START_TEST(test_write_formula_guard)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "\tcmd", "'\tcmd," },
		{ "\r=1", "\"'\r=1\"," },
		{ "  =1+1", "'  =1+1," },
		{ "\xef\xbc\x9d" "SUM(A1)", "'\xef\xbc\x9d" "SUM(A1)," },	/* ＝ */
		{ "\xef\xbc\x8b" "1", "'\xef\xbc\x8b" "1," },		/* ＋ */
		{ "\xef\xbc\x8d" "1", "'\xef\xbc\x8d" "1," },		/* － */
		{ "\xef\xbc\xa0" "x", "'\xef\xbc\xa0" "x," },		/* ＠ */
		{ "+86 10 1234", "'+86 10 1234," },
		{ "@x", "'@x," },
		{ "-", "'-," },
		{ "--1", "'--1," },
		{ "-1-2", "'-1-2," },
		{ "-0.5", "-0.5," },
		{ "12.50", "12.50," },
		{ "\xef\xbc\x91", "\xef\xbc\x91," },			/* １ */
		{ "", "," },
	};
	struct buf	 b;
	size_t		 k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		buf_init(&b);
		csv_put(&b, cases[k].in, 0);
		ck_assert_msg(strcmp(buf_cstr(&b), cases[k].out) == 0,
		    "case %zu: got [%s]", k, buf_cstr(&b));
		buf_free(&b);
	}
}
END_TEST

Suite *
csv_suite(void)
{
	Suite	*s = suite_create("csv");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(tc, test_plain_rows);
	tcase_add_test(tc, test_quotes);
	tcase_add_test(tc, test_write_formula_guard);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_too_many_fields);
	tcase_add_test(tc, test_write);
	suite_add_tcase(s, tc);
	return s;
}
