/* conf_test.c: unit tests of conf.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../test.h"
#include "conf.h"

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
}

START_TEST(test_load_and_env)
{
	struct conf	 c;
	char		 err[256], path[] = "/tmp/dealernet-conf-XXXXXX";
	int		 fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	write_file(path, "# comment\n listen = /tmp/x.sock \nworkers=3\n"
	    "db_name = shop\n", 0600);
	conf_defaults(&c);
	ck_assert_int_eq(conf_load(&c, path, err, sizeof(err)), 0);
	ck_assert_str_eq(c.listen, "/tmp/x.sock");
	ck_assert_int_eq(c.workers, 3);
	ck_assert_str_eq(c.db_name, "shop");
	setenv("DEALERNET_DB_NAME", "other", 1);
	ck_assert_int_eq(conf_env(&c, err, sizeof(err)), 0);
	ck_assert_str_eq(c.db_name, "other");
	unsetenv("DEALERNET_DB_NAME");
	unlink(path);
}
END_TEST

START_TEST(test_refuses_bad_values)
{
	struct conf	 c;
	char		 err[256];

	conf_defaults(&c);
	ck_assert_int_eq(conf_set(&c, "workers", "many", err, sizeof(err)),
	    -1);
	ck_assert_int_eq(conf_set(&c, "workers", "100000", err, sizeof(err)),
	    -1);
	ck_assert_int_eq(conf_set(&c, "no_such_key", "1", err, sizeof(err)),
	    -1);
	ck_assert(strstr(err, "no_such_key") != NULL);
}
END_TEST

START_TEST(test_secret_file_mode)
{
	char	 err[256], *s, path[] = "/tmp/dealernet-secret-XXXXXX";
	size_t	 len;
	int	 fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	write_file(path, "  0123456789abcdef0123456789abcdef\n", 0644);
	ck_assert_int_eq(conf_read_secret(path, &s, &len, err, sizeof(err)),
	    -1);
	/* group-readable too: the unit's group is www-data, nginx's */
	chmod(path, 0640);
	ck_assert_int_eq(conf_read_secret(path, &s, &len, err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "must be mode 0600"));
	chmod(path, 0600);
	/* someone else's file, even at 0600 (only root can make one) */
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(path, 65534, (gid_t)-1), 0);
		ck_assert_int_eq(conf_read_secret(path, &s, &len, err,
		    sizeof(err)), -1);
		ck_assert_ptr_nonnull(strstr(err, "not by the user"));
		ck_assert_int_eq(chown(path, 0, (gid_t)-1), 0);
	}
	ck_assert_int_eq(conf_read_secret(path, &s, &len, err, sizeof(err)),
	    0);
	ck_assert_uint_eq(len, 32);
	ck_assert_str_eq(s, "0123456789abcdef0123456789abcdef");
	free(s);
	unlink(path);
}
END_TEST

START_TEST(test_fcgi_allow)
{
	struct conf	 c;
	char		 out[CONF_STR], err[256];

	conf_defaults(&c);
	/* a TCP listener takes nginx on this host only, unless told more */
	ck_assert_str_eq(c.fcgi_allow, "127.0.0.1");
	ck_assert_int_eq(conf_addr_list(" 127.0.0.1 , 10.0.0.5", out,
	    sizeof(out), err, sizeof(err)), 0);
	ck_assert_str_eq(out, "127.0.0.1,10.0.0.5");
	/* empty would let anyone in (libfcgi's rule); names it cannot match */
	ck_assert_int_eq(conf_addr_list("", out, sizeof(out), err,
	    sizeof(err)), -1);
	ck_assert_int_eq(conf_addr_list(" , ", out, sizeof(out), err,
	    sizeof(err)), -1);
	ck_assert_int_eq(conf_addr_list("nginx.local", out, sizeof(out), err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "nginx.local"));
	ck_assert_int_eq(conf_addr_list("10.0.0.256", out, sizeof(out), err,
	    sizeof(err)), -1);
	ck_assert_int_eq(conf_addr_list("127.0.0.1", out, 5, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(conf_set(&c, "fcgi_allow", "10.0.0.5", err,
	    sizeof(err)), 0);
	ck_assert_str_eq(c.fcgi_allow, "10.0.0.5");
}
END_TEST

Suite *
conf_suite(void)
{
	Suite	*s = suite_create("conf");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_load_and_env);
	tcase_add_test(tc, test_refuses_bad_values);
	tcase_add_test(tc, test_secret_file_mode);
	tcase_add_test(tc, test_fcgi_allow);
	suite_add_tcase(s, tc);
	return s;
}
