/* json_test.c: unit tests of json.c (strict bodies, typed reads) */
#include <math.h>
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

/* json_write against cJSON_PrintUnformatted, byte for byte. */
static void
same_as_cjson(const cJSON *j)
{
	struct buf	 b;
	char		*c = cJSON_PrintUnformatted(j);

	buf_init(&b);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(json_write(&b, j), 0);
	ck_assert_str_eq(buf_cstr(&b), c);
	cJSON_free(c);
	buf_free(&b);
}

START_TEST(test_json_write)
{
	static const char *const texts[] = {
		"{}", "[]", "[[],{}]", "null", "true", "false", "\"\"",
		"{\"a\":[1,-2,0,2147483647,-2147483648,2147483648,"
		"123456789012,-99999999999999,999999999999999,0.5,-0.1,"
		"3.14159,1e-7,1.5e300,-2.5e-300,0.30000000000000004,"
		"4.35,1e21],\"b\":{\"c\":null,\"d\":true}}",
		"[\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u0001\\u001f "
		"\\u007f\u6d77\u5c14\"]",
		"{\"\u5317\u4eac \\\"x\\n\":\"\u00e9\"}",
	};
	struct buf	 b;
	cJSON		*j, *o;
	size_t		 i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		ck_assert_ptr_nonnull(j = cJSON_Parse(texts[i]));
		same_as_cjson(j);
		cJSON_Delete(j);
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "s", "\x01<\x7f>");
	cJSON_AddItemToObject(o, "r", cJSON_CreateRaw("[1, 2]"));
	cJSON_AddNumberToObject(o, "nan", NAN);
	cJSON_AddNumberToObject(o, "inf", -INFINITY);
	same_as_cjson(o);
	/* money in fen beyond 10^15 stays digits (cJSON: 1e+15); no -0 */
	buf_init(&b);
	cJSON_AddNumberToObject(o, "zero", -0.0);
	cJSON_AddNumberToObject(o, "big", 1e15);
	cJSON_AddNumberToObject(o, "max", 9007199254740991.0);
	cJSON_AddNumberToObject(o, "min", -9007199254740991.0);
	ck_assert_int_eq(json_write(&b, o), 0);
	ck_assert_ptr_nonnull(strstr(buf_cstr(&b), "\"zero\":0,\"big\":1000000000000000,"
	    "\"max\":9007199254740991,\"min\":-9007199254740991}"));
	cJSON_Delete(o);
	/* what cJSON cannot print either */
	o = cJSON_CreateRaw("x");
	free(o->valuestring);
	o->valuestring = NULL;
	buf_reset(&b);
	ck_assert_int_eq(json_write(&b, o), -1);
	cJSON_Delete(o);
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
	tcase_add_test(tc, test_json_write);
	suite_add_tcase(s, tc);
	return s;
}
