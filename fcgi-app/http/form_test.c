/* form_test.c: unit tests of form.c (forms, query strings, cookies) */
#include <string.h>

#include "../test.h"
#include "http.h"

static int
parse(const char *s, struct http_params *p)
{
	memset(p, 0, sizeof(*p));
	return form_parse(s, strlen(s), p);
}

START_TEST(test_form_basic)
{
	struct http_params	 p;

	ck_assert_int_eq(parse("a=1&b=hello+world&c=%E5%86%B0&d=&e", &p), 0);
	ck_assert_uint_eq(p.n, 5);
	ck_assert_str_eq(http_params_get(&p, "a"), "1");
	ck_assert_str_eq(http_params_get(&p, "b"), "hello world");
	ck_assert_str_eq(http_params_get(&p, "c"), "冰");
	ck_assert_str_eq(http_params_get(&p, "d"), "");
	ck_assert_str_eq(http_params_get(&p, "e"), "");
	ck_assert_ptr_null(http_params_get(&p, "f"));
	http_params_free(&p);
}
END_TEST

START_TEST(test_form_refuses)
{
	struct http_params	 p;

	ck_assert_int_eq(parse("a=%", &p), -1);
	http_params_free(&p);
	ck_assert_int_eq(parse("a=%4", &p), -1);
	http_params_free(&p);
	ck_assert_int_eq(parse("a=%zz", &p), -1);
	http_params_free(&p);
	ck_assert_int_eq(parse("a=%00", &p), -1);		/* NUL */
	http_params_free(&p);
	ck_assert_int_eq(parse("a=%C0%AF", &p), -1);	/* not UTF-8 */
	http_params_free(&p);
	ck_assert_int_eq(parse("=1", &p), -1);		/* no name */
	http_params_free(&p);
}
END_TEST

START_TEST(test_form_limits)
{
	struct http_params	 p;
	char			 big[HTTP_MAX_NAME + 10];
	char			 many[(HTTP_MAX_PARAMS + 1) * 4 + 1];
	int			 i;

	memset(big, 'x', sizeof(big) - 3);
	memcpy(big + sizeof(big) - 3, "=1", 3);
	ck_assert_int_eq(parse(big, &p), -1);
	http_params_free(&p);
	for (i = 0; i <= HTTP_MAX_PARAMS; i++)
		memcpy(many + i * 4, "a=1&", 4);
	many[sizeof(many) - 1] = '\0';
	ck_assert_int_eq(parse(many, &p), -1);
	http_params_free(&p);
}
END_TEST

START_TEST(test_cookies)
{
	struct http_params	 p;
	const char		*h = "lang=en; sid=\"abc\"; bad=a b; x=1";

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(cookie_parse(h, strlen(h), &p), 0);
	ck_assert_str_eq(http_params_get(&p, "lang"), "en");
	ck_assert_str_eq(http_params_get(&p, "sid"), "abc");
	ck_assert_ptr_null(http_params_get(&p, "bad"));
	ck_assert_str_eq(http_params_get(&p, "x"), "1");
	http_params_free(&p);
}
END_TEST

Suite *
form_suite(void)
{
	Suite	*s = suite_create("form");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(tc, test_form_basic);
	tcase_add_test(tc, test_form_refuses);
	tcase_add_test(tc, test_form_limits);
	tcase_add_test(tc, test_cookies);
	suite_add_tcase(s, tc);
	return s;
}
