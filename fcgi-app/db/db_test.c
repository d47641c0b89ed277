/* db_test.c: unit tests of the database layer's pieces that need no server */
#include <stdlib.h>
#include <string.h>

#include "../test.h"
#include "db_demo.h"
#include "db_int.h"

START_TEST(test_host_list)
{
	struct db_params	 p = { 0 };
	char			 h[64];
	int			 port;

	p.host = "127.0.0.1:3311, 127.0.0.2:3312,db3";
	p.port = 3306;
	ck_assert_int_eq(db_host_at(&p, 0, h, sizeof(h), &port), 0);
	ck_assert_str_eq(h, "127.0.0.1");
	ck_assert_int_eq(port, 3311);
	ck_assert_int_eq(db_host_at(&p, 1, h, sizeof(h), &port), 0);
	ck_assert_str_eq(h, "127.0.0.2");
	ck_assert_int_eq(port, 3312);
	ck_assert_int_eq(db_host_at(&p, 2, h, sizeof(h), &port), 0);
	ck_assert_str_eq(h, "db3");
	ck_assert_int_eq(port, 3306);
	ck_assert_int_eq(db_host_at(&p, 3, h, sizeof(h), &port), -1);

	p.host = "localhost";
	ck_assert_int_eq(db_host_at(&p, 0, h, sizeof(h), &port), 0);
	ck_assert_str_eq(h, "localhost");
	ck_assert_int_eq(db_host_at(&p, 1, h, sizeof(h), &port), -1);

	/* a bad port, an empty entry, a name too long: no host */
	p.host = "a:0,b:70000,,c:x";
	ck_assert_int_eq(db_host_at(&p, 0, h, sizeof(h), &port), -1);
	ck_assert_int_eq(db_host_at(&p, 1, h, sizeof(h), &port), -1);
	ck_assert_int_eq(db_host_at(&p, 2, h, sizeof(h), &port), -1);
	ck_assert_int_eq(db_host_at(&p, 3, h, sizeof(h), &port), -1);
	ck_assert_int_eq(db_host_at(&p, 0, h, 2, &port), -1);
}
END_TEST

/* Which failures answer 503 (ask again), and which commits may have landed. */
START_TEST(test_transient)
{
	static const unsigned	 yes[] = { 1213, 1205, 1180, 1317, 1047, 2002,
	    2003, 2006, 2013, 1927, 1053, 4031 };
	static const unsigned	 no[] = { 0, 1062, 1064, 1146, 1292, 1452 };
	struct db		 db;
	size_t			 i;

	memset(&db, 0, sizeof(db));
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		db.err = yes[i];
		ck_assert_msg(db_transient(&db), "%u is transient", yes[i]);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		db.err = no[i];
		ck_assert_msg(!db_transient(&db), "%u is the request's own", no[i]);
	}
	db.err = 1180;
	ck_assert(db_outcome_unknown(&db));
	db.err = 1213;
	ck_assert(!db_outcome_unknown(&db));
	db.lost = 1;
	ck_assert(db_transient(&db));
	ck_assert(db_outcome_unknown(&db));
}
END_TEST

/* The classes features answer by: each number in its class only. */
START_TEST(test_classes)
{
	static const unsigned	 errs[] = { 0, 1062, 1213, 1205, 1292, 4025,
	    1452, 1451, 1586, 2013, 1180, 3819 };
	struct db		 db;
	size_t			 i;
	unsigned		 e;

	memset(&db, 0, sizeof(db));
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		db.err = e = errs[i];
		ck_assert_msg(!db_is_duplicate(&db) == (e != 1062),
		    "%u duplicate", e);
		ck_assert_msg(!db_is_conflict(&db) == (e != 1213 && e != 1205),
		    "%u conflict", e);
		ck_assert_msg(!db_is_bad_value(&db) == (e != 1292 && e != 4025),
		    "%u bad value", e);
	}
}
END_TEST

/*
 * Array binding (db_rows.c): each parameter points at its column, texts
 * get their lengths, a row count outside 1..DB_ROWS_MAX is refused before
 * the connector is asked, and a release makes it a one-row statement.
 */
START_TEST(test_rows)
{
	MYSQL_BIND		 pb[3];
	int64_t			 pint[3], ids[2] = { 7, 8 };
	unsigned long		 plen[3];
	char			 pnull[3];
	const char		*texts[2] = { "ab", "cde" };
	static const char	*many[DB_ROWS_MAX + 1];
	struct db		 db;
	struct db_stmt		 st;

	memset(&db, 0, sizeof(db));
	memset(&st, 0, sizeof(st));
	memset(pb, 0, sizeof(pb));
	st.db = &db;
	st.nparams = 3;
	st.pb = pb;
	st.pint = pint;
	st.plen = plen;
	st.pnull = pnull;
	ck_assert_int_eq(db_bind_ints(&st, 0, ids), 0);
	ck_assert_ptr_eq(pb[0].buffer, ids);
	ck_assert_ptr_null(pb[0].is_null);
	ck_assert_int_eq(db_bind_texts(&st, 1, texts, 2), 0);
	ck_assert_ptr_eq(pb[1].buffer, texts);
	ck_assert_uint_eq(pb[1].length[0], 2);
	ck_assert_uint_eq(pb[1].length[1], 3);
	ck_assert_int_eq(db_bind_ints(&st, 3, ids), -1);
	ck_assert_int_eq(db_bind_texts(&st, 2, many, DB_ROWS_MAX + 1), -1);
	ck_assert_int_eq(db_exec_rows(&st, 0), -1);
	ck_assert_int_eq(db_exec_rows(&st, DB_ROWS_MAX + 1), -1);
	ck_assert_int_eq(db_exec_rows(NULL, 1), -1);
	/* parameter 2 still a single value: refused before the connector */
	ck_assert_uint_eq(st.arrays, 3);
	ck_assert_int_eq(db_exec_rows(&st, 2), -1);
	db_rows_reset(&st);
	ck_assert_ptr_eq(pb[0].is_null, &pnull[0]);
	ck_assert_ptr_eq(pb[1].length, &plen[1]);
	ck_assert_int_eq(st.arrays, 0);
	free(st.alen);
}
END_TEST

/* The demo's seed (db_demo.c): --seed N, else the environment, else 25. */
START_TEST(test_seed_number)
{
	unsetenv("DEALERNET_DEMO_SEED");
	ck_assert_int_eq(db_demo_seed_number(NULL), DB_DEMO_SEED);
	ck_assert_int_eq(db_demo_seed_number("7"), 7);
	ck_assert_int_eq(db_demo_seed_number("0"), 0);
	ck_assert_int_eq(db_demo_seed_number("2147483647"), 2147483647);
	ck_assert_int_eq(db_demo_seed_number("2147483648"), -1);
	ck_assert_int_eq(db_demo_seed_number("-1"), -1);
	ck_assert_int_eq(db_demo_seed_number("7x"), -1);
	ck_assert_int_eq(db_demo_seed_number(""), DB_DEMO_SEED);
	setenv("DEALERNET_DEMO_SEED", "9", 1);
	ck_assert_int_eq(db_demo_seed_number(NULL), 9);
	ck_assert_int_eq(db_demo_seed_number("7"), 7);	/* the option wins */
	setenv("DEALERNET_DEMO_SEED", "nine", 1);
	ck_assert_int_eq(db_demo_seed_number(NULL), -1);
	unsetenv("DEALERNET_DEMO_SEED");
}
END_TEST

Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("hosts");

	tcase_add_test(tc, test_host_list);
	tcase_add_test(tc, test_transient);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_seed_number);
	suite_add_tcase(s, tc);
	return s;
}
