/* router_test.c: unit tests of router.c */
#include <string.h>

#include "../test.h"
#include "http.h"

static int h(struct req *r) { (void)r; return 200; }

static const struct route table[] = {
	{ HTTP_GET,  "/",				h, 0, 0, 0 },
	{ HTTP_GET,  "/api/v1/orders",			h, 0, 0, 0 },
	{ HTTP_POST, "/api/v1/orders",			h, 0, 0, 0 },
	{ HTTP_GET,  "/api/v1/orders/{number}",		h, 0, 0, 0 },
	{ HTTP_POST, "/api/v1/orders/{number}/cancel",	h, 0, 0, 0 },
};
#define N (sizeof(table) / sizeof(table[0]))

START_TEST(test_match)
{
	struct http_params	 p;
	size_t			 idx;
	unsigned		 allowed;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(router_match(table, N, HTTP_GET, "/", &p, &idx,
	    &allowed), ROUTER_OK);
	ck_assert_uint_eq(idx, 0);
	ck_assert_int_eq(router_match(table, N, HTTP_POST, "/api/v1/orders",
	    &p, &idx, &allowed), ROUTER_OK);
	ck_assert_uint_eq(idx, 2);
	ck_assert_int_eq(router_match(table, N, HTTP_POST,
	    "/api/v1/orders/SO-2026-000123/cancel", &p, &idx, &allowed),
	    ROUTER_OK);
	ck_assert_uint_eq(idx, 4);
	ck_assert_str_eq(http_params_get(&p, "number"), "SO-2026-000123");
	ck_assert_int_eq(router_match(table, N, HTTP_HEAD,
	    "/api/v1/orders/x", &p, &idx, &allowed), ROUTER_OK);
	ck_assert_str_eq(http_params_get(&p, "number"), "x");
	http_params_free(&p);
}
END_TEST

START_TEST(test_not_found_and_method)
{
	struct http_params	 p;
	size_t			 idx;
	unsigned		 allowed;

	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(router_match(table, N, HTTP_GET, "/nope", &p, &idx,
	    &allowed), ROUTER_NOT_FOUND);
	ck_assert_int_eq(router_match(table, N, HTTP_GET, "/api/v1/orders/",
	    &p, &idx, &allowed), ROUTER_NOT_FOUND);	/* empty param */
	ck_assert_int_eq(router_match(table, N, HTTP_GET,
	    "/api/v1/orders/a/b", &p, &idx, &allowed), ROUTER_NOT_FOUND);
	ck_assert_int_eq(router_match(table, N, HTTP_DELETE,
	    "/api/v1/orders", &p, &idx, &allowed), ROUTER_BAD_METHOD);
	ck_assert(allowed & (1u << HTTP_GET));
	ck_assert(allowed & (1u << HTTP_POST));
	ck_assert(!(allowed & (1u << HTTP_DELETE)));
	http_params_free(&p);
}
END_TEST

Suite *
router_suite(void)
{
	Suite	*s = suite_create("router");
	TCase	*tc = tcase_create("match");

	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_not_found_and_method);
	suite_add_tcase(s, tc);
	return s;
}
