/* routes_test.c: no route of the table is shadowed by an earlier one */
#include <stdio.h>
#include <string.h>

#include "routes.h"
#include "test.h"

/*
 * A path that the pattern matches: each {param} becomes "1".  A literal
 * segment that an earlier pattern's {param} would take ("/orders/new"
 * after "/orders/{number}") is then routed to the earlier one.
 */
static void
sample(const char *pattern, char *out, size_t size)
{
	size_t	 n = 0;

	for (; *pattern != '\0' && n + 2 < size; pattern++) {
		if (*pattern == '{') {
			out[n++] = '1';
			while (*pattern != '\0' && *pattern != '}')
				pattern++;
			if (*pattern == '\0')
				break;
		} else
			out[n++] = *pattern;
	}
	out[n] = '\0';
}

/* The first route of t that an earlier one shadows, or n if none. */
static size_t
first_shadowed(const struct route *t, size_t n)
{
	struct http_params	 p;
	char			 path[512];
	size_t			 i, idx;
	unsigned		 allowed;
	enum router_result	 rc;

	for (i = 0; i < n; i++) {
		sample(t[i].pattern, path, sizeof(path));
		memset(&p, 0, sizeof(p));
		rc = router_match(t, n, t[i].method, path, &p, &idx, &allowed);
		http_params_free(&p);
		if (rc != ROUTER_OK || idx != i)
			return i;
	}
	return n;
}

static int h(struct req *r) { (void)r; return 200; }

/* The check can fail: a literal after a parameter in the same place. */
START_TEST(test_shadow_found)
{
	static const struct route bad[] = {
		{ HTTP_GET, "/orders/{number}",	h, 0, 0 },
		{ HTTP_GET, "/orders/new",	h, 0, 0 },
	};
	static const struct route good[] = {
		{ HTTP_GET, "/orders/new",	h, 0, 0 },
		{ HTTP_GET, "/orders/{number}",	h, 0, 0 },
		{ HTTP_POST, "/orders/{number}", h, 0, 0 },
	};

	ck_assert_uint_eq(first_shadowed(bad, 2), 1);
	ck_assert_uint_eq(first_shadowed(good, 3), 3);
}
END_TEST

START_TEST(test_no_route_shadowed)
{
	size_t	 i = first_shadowed(routes, nroutes);

	ck_assert_msg(i == nroutes, "route %zu (%s) is shadowed by an "
	    "earlier one", i, i < nroutes ? routes[i].pattern : "");
}
END_TEST

Suite *
routes_suite(void)
{
	Suite	*s = suite_create("routes");
	TCase	*tc = tcase_create("table");

	tcase_add_test(tc, test_shadow_found);
	tcase_add_test(tc, test_no_route_shadowed);
	suite_add_tcase(s, tc);
	return s;
}
