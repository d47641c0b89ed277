/* db_test.c: unit tests of the database layer's pieces that need no server */
#include <string.h>

#include "../test.h"
#include "db.h"

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

Suite *
db_suite(void)
{
	Suite	*s = suite_create("db");
	TCase	*tc = tcase_create("hosts");

	tcase_add_test(tc, test_host_list);
	suite_add_tcase(s, tc);
	return s;
}
