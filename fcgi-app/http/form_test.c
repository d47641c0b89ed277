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

START_TEST(test_multipart)
{
	static const char ct[] = "multipart/form-data; boundary=----b0";
	static const char quoted[] = "--q\r\nContent-Disposition: "
	    "form-data; name=\"a\"\r\n\r\n1\r\n--q--";
	static const char body[] =
	    "preamble\r\n"
	    "------b0\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n"
	    "\r\ntok\r\n"
	    "------b0\r\nContent-Disposition: form-data; name=\"csv_file\"; "
	    "filename=\"week.csv\"\r\nContent-Type: text/csv\r\n\r\n"
	    "model,x\r\nA,1\r\n\r\n"
	    "------b0--\r\n";
	struct http_params	 p;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(form_multipart(body, sizeof(body) - 1, ct, &p), 0);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_str_eq(http_params_get(&p, "_csrf"), "tok");
	/* a file's content whole, its own CRLFs too */
	ck_assert_str_eq(http_params_get(&p, "csv_file"),
	    "model,x\r\nA,1\r\n");
	http_params_free(&p);
	/* a preamble ending in CRLF, then the first delimiter */
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(form_multipart("pre\r\n--q\r\nContent-Disposition: "
	    "form-data; name=\"a\"\r\n\r\n\xe4\xb8\xad\r\n--q--", 64,
	    "multipart/form-data; boundary=q", &p), 0);
	ck_assert_str_eq(http_params_get(&p, "a"), "\xe4\xb8\xad");
	http_params_free(&p);
	/* quoted boundary */
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(form_multipart(quoted, sizeof(quoted) - 1,
	    "multipart/form-data; boundary=\"q\"", &p), 0);
	ck_assert_str_eq(http_params_get(&p, "a"), "1");
	http_params_free(&p);
}
END_TEST

START_TEST(test_multipart_refused)
{
	static const char *const bad[] = {
		/* no close delimiter */
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
		/* no name */
		"--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--",
		/* only a filename */
		"--b\r\nContent-Disposition: form-data; filename=\"x\"\r\n"
		"\r\n1\r\n--b--",
		/* no headers' end */
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n--b--",
		/* no delimiter at all */
		"a=1",
		/* bad UTF-8 in a value, a control byte in one */
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xc0\xaf"
		"\r\n--b--",
		"--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\x1b[31m"
		"\r\n--b--",
		/* bad UTF-8 in a name */
		"--b\r\nContent-Disposition: form-data; name=\"\xff\xfe\"\r\n\r\n1"
		"\r\n--b--",
		/* the body ends at the delimiter */
		"--b",
		/* a control character in the name */
		"--b\r\nContent-Disposition: form-data; name=\"a\x01b\"\r\n"
		"\r\n1\r\n--b--",
	};
	static const char junk[] = "junk--b\r\nContent-Disposition: "
	    "form-data; name=\"a\"\r\n\r\n1\r\n--b--";
	static const char nul[] = "--b\r\nContent-Disposition: "
	    "form-data; name=\"a\"\r\n\r\n1\0002\r\n--b--";
	struct http_params	 p;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&p, 0, sizeof(p));
		ck_assert_msg(form_multipart(bad[i], strlen(bad[i]),
		    "multipart/form-data; boundary=b", &p) == -1, "%zu", i);
		http_params_free(&p);
	}
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(form_multipart("--b--", 5, "multipart/form-data",
	    &p), -1);			/* no boundary */
	ck_assert_int_eq(form_multipart("--b--", 5, "multipart/form-data; "
	    "xboundary=b", &p), -1);	/* not the parameter */
	ck_assert_int_eq(form_multipart("--b--", 5, "multipart/form-data; "
	    "xboundary=z; boundary=b", &p), 0);
	/* a delimiter not at a line's start is the preamble's: no part */
	ck_assert_int_eq(form_multipart(junk, sizeof(junk) - 1,
	    "multipart/form-data; boundary=b", &p), 0);
	ck_assert_uint_eq(p.n, 0);
	ck_assert_int_eq(form_multipart(nul, sizeof(nul) - 1,
	    "multipart/form-data; boundary=b", &p), -1);	/* a NUL */
	http_params_free(&p);
}
END_TEST

Suite *
form_suite(void)
{
	Suite	*s = suite_create("form");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(tc, test_multipart);
	tcase_add_test(tc, test_multipart_refused);
	tcase_add_test(tc, test_form_basic);
	tcase_add_test(tc, test_form_refuses);
	tcase_add_test(tc, test_form_limits);
	tcase_add_test(tc, test_cookies);
	suite_add_tcase(s, tc);
	return s;
}
