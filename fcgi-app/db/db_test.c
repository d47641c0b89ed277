/* db_test.c: unit tests of the database layer's pieces that need no server */
#include <string.h>

#include "../test.h"
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

Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("hosts");

	tcase_add_test(tc, test_host_list);
	tcase_add_test(tc, test_transient);
	tcase_add_test(tc, test_classes);
	suite_add_tcase(s, tc);
	return s;
}
