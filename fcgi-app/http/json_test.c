/* json_test.c: unit tests of json.c (strict bodies, typed reads) */
#include <stdlib.h>
#include <string.h>

#include "../test.h"
#include "http.h"

static int
parse(const char *s, cJSON **j)
{
	const char	*why;

	return json_parse_body(s, strlen(s), j, &why);
}

START_TEST(test_json_ok)
{
	cJSON		*j;
	const char	*s;
	int64_t		 v;

	ck_assert_int_eq(parse(" {\"a\":\"x\",\"n\":42,\"z\":null} \n", &j),
	    0);
	ck_assert_int_eq(json_get_string(j, "a", 10, &s), 0);
	ck_assert_str_eq(s, "x");
	ck_assert_int_eq(json_get_int(j, "n", 0, 100, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(json_get_int(j, "z", 0, 100, &v), 1);
	ck_assert_int_eq(json_get_int(j, "missing", 0, 100, &v), 1);
	ck_assert_int_eq(json_get_int(j, "n", 0, 10, &v), -1);
	ck_assert_int_eq(json_get_string(j, "a", 0, &s), -1);
	ck_assert_int_eq(json_get_string(j, "n", 10, &s), -1);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_refuses)
{
	cJSON	*j = NULL;

	ck_assert_int_eq(parse("", &j), -1);
	ck_assert_int_eq(parse("{\"a\":1} x", &j), -1);	/* trailing */
	ck_assert_int_eq(parse("{\"a\":1,\"a\":2}", &j), -1);	/* dup key */
	ck_assert_int_eq(parse("{\"a\":{\"b\":1,\"b\":1}}", &j), -1);
	ck_assert_int_eq(parse("{\"a\":\"x\\u0000y\"}", &j), -1);
	ck_assert_int_eq(parse("{\"a\":\"\xc0\xaf\"}", &j), -1);
	ck_assert_int_eq(parse("{\"a\":", &j), -1);
	ck_assert_ptr_null(j);
}
END_TEST

START_TEST(test_json_case_sensitive)
{
	cJSON		*j;
	const char	*s;

	ck_assert_int_eq(parse("{\"Login\":\"x\"}", &j), 0);
	ck_assert_int_eq(json_get_string(j, "login", 10, &s), 1);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_depth)
{
	char	*deep;
	cJSON	*j = NULL;
	size_t	 i, n = 100000;

	deep = malloc(2 * n + 1);
	ck_assert_ptr_nonnull(deep);
	for (i = 0; i < n; i++) {
		deep[i] = '[';
		deep[n + i] = ']';
	}
	deep[2 * n] = '\0';
	ck_assert_int_eq(parse(deep, &j), -1);
	free(deep);
	ck_assert(json_depth_ok("[[[1]]]", 7, 3));
	ck_assert(!json_depth_ok("[[[[1]]]]", 9, 3));
	ck_assert(json_depth_ok("[\"[[[[\"]", 8, 3));	/* inside a string */
}
END_TEST

START_TEST(test_json_numbers)
{
	cJSON	*j;
	int64_t	 v;

	ck_assert_int_eq(parse("{\"a\":1e400,\"b\":1.5,\"c\":\"7\","
	    "\"d\":9007199254740993,\"e\":-3}", &j), 0);
	ck_assert_int_eq(json_get_int(j, "a", INT64_MIN, INT64_MAX, &v), -1);
	ck_assert_int_eq(json_get_int(j, "b", INT64_MIN, INT64_MAX, &v), -1);
	ck_assert_int_eq(json_get_int(j, "c", INT64_MIN, INT64_MAX, &v), -1);
	ck_assert_int_eq(json_get_int(j, "d", INT64_MIN, INT64_MAX, &v), -1);
	ck_assert_int_eq(json_get_int(j, "e", -5, 0, &v), 0);
	ck_assert_int_eq(v, -3);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_json_many_keys)
{
	struct buf	 b;
	cJSON		*j = NULL;
	int		 i;

	buf_init(&b);
	buf_addc(&b, '{');
	for (i = 0; i < HTTP_JSON_KEYS; i++)
		buf_printf(&b, "%s\"k%d\":0", i ? "," : "", i);
	buf_addc(&b, '}');
	ck_assert_int_eq(parse(buf_cstr(&b), &j), 0);
	cJSON_Delete(j);
	b.len--;
	buf_adds(&b, ",\"one_too_many\":0}");
	ck_assert_int_eq(parse(buf_cstr(&b), &j), -1);
	buf_free(&b);
}
END_TEST

Suite *
json_suite(void)
{
	Suite	*s = suite_create("json");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(tc, test_json_ok);
	tcase_add_test(tc, test_json_refuses);
	tcase_add_test(tc, test_json_case_sensitive);
	tcase_add_test(tc, test_json_depth);
	tcase_add_test(tc, test_json_numbers);
	tcase_add_test(tc, test_json_many_keys);
	suite_add_tcase(s, tc);
	return s;
}
