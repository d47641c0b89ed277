/* migrate_test.c: unit tests of migration file handling (no database) */
#include <string.h>

#include "../test.h"
#include "migrate.h"

START_TEST(test_split)
{
	struct migrate_stmt	 st[8];
	size_t			 n;
	const char		*sql =
	    "-- a comment; with a semicolon\n"
	    "CREATE TABLE a (x INT); /* c; */\n"
	    "INSERT INTO a VALUES (';'), (\"\\\";\"), (`;`);\n"
	    "# hash comment;\n"
	    "SELECT 1";

	ck_assert_int_eq(migrate_split(sql, st, 8, &n), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert(strncmp(st[1].s, "\nINSERT", 7) == 0 ||
	    strstr(st[1].s, "INSERT") != NULL);
	ck_assert(strncmp(st[2].s + strspn(st[2].s, " \n"), "# hash", 6) == 0 ||
	    strstr(st[2].s, "SELECT 1") != NULL);
	ck_assert_int_eq(migrate_split("SELECT 'x", st, 8, &n), -1);
	ck_assert_int_eq(migrate_split("/* x", st, 8, &n), -1);
	ck_assert_int_eq(migrate_split("A;B;C", st, 2, &n), -1);
	ck_assert_int_eq(migrate_split("  \n-- only a comment\n", st, 8, &n),
	    0);
	ck_assert_uint_eq(n, 0);
	/* chunks of nothing but comments are no statements */
	ck_assert_int_eq(migrate_split("SELECT 1;\n# end of file\n;\n/* done */"
	    "\n;\n-- note\n", st, 8, &n), 0);
	ck_assert_uint_eq(n, 1);
}
END_TEST

/* A procedure's body keeps its semicolons between DELIMITER lines. */
START_TEST(test_split_delimiter)
{
	struct migrate_stmt	 st[8];
	size_t			 n;
	const char		*sql =
	    "CREATE TABLE a (x INT);\n"
	    "DELIMITER //\n"
	    "CREATE PROCEDURE p()\nBEGIN\n\tSELECT ';//';\n"
	    "\tSELECT 2; -- a // in a comment\nEND //\n"
	    "DROP PROCEDURE IF EXISTS q//\n"
	    "delimiter ;\n"
	    "SELECT 3;\n";

	ck_assert_int_eq(migrate_split(sql, st, 8, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert(strncmp(st[1].s, "\nCREATE PROCEDURE", 17) == 0);
	ck_assert(strstr(st[1].s, "SELECT 2;") != NULL);
	ck_assert(strncmp(st[1].s + st[1].len - 4, "END ", 4) == 0);
	ck_assert(strncmp(st[2].s, "\nDROP PROCEDURE IF EXISTS q",
	    st[2].len) == 0);
	ck_assert(strncmp(st[3].s, "\nSELECT 3", st[3].len) == 0);
	/* a DELIMITER with nothing after it */
	ck_assert_int_eq(migrate_split("DELIMITER \nSELECT 1", st, 8, &n),
	    -1);
	/* a column named delimiter is no DELIMITER line */
	ck_assert_int_eq(migrate_split("SELECT 1 AS x,\ndelimiter FROM t;",
	    st, 8, &n), 0);
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(test_names)
{
	int	 v;

	ck_assert(migrate_name_ok("0001_init.sql", &v));
	ck_assert_int_eq(v, 1);
	ck_assert(migrate_name_ok("0042_orders_index.sql", &v));
	ck_assert_int_eq(v, 42);
	ck_assert(!migrate_name_ok("1_init.sql", &v));
	ck_assert(!migrate_name_ok("0001-init.sql", &v));
	ck_assert(!migrate_name_ok("0001_Init.sql", &v));
	ck_assert(!migrate_name_ok("0000_zero.sql", &v));
	ck_assert(!migrate_name_ok("0001_init.sql.bak", &v));
}
END_TEST

Suite *
migrate_suite(void)
{
	Suite	*s = suite_create("migrate");
	TCase	*tc = tcase_create("files");

	tcase_add_test(tc, test_split);
	tcase_add_test(tc, test_split_delimiter);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
