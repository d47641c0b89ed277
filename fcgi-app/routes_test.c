/*
 * routes_test.c: no route of the table is shadowed by an earlier one, and
 * every menu item is a page its roles may open
 */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
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
		{ HTTP_GET, "/orders/{number}",	h, 0, 0, 0 },
		{ HTTP_GET, "/orders/new",	h, 0, 0, 0 },
	};
	static const struct route good[] = {
		{ HTTP_GET, "/orders/new",	h, 0, 0, 0 },
		{ HTTP_GET, "/orders/{number}",	h, 0, 0, 0 },
		{ HTTP_POST, "/orders/{number}", h, 0, 0, 0 },
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

/*
 * The first item of menu that is not a GET route of t for at most the
 * route's roles (shown to everyone only if the page is open to everyone),
 * or n if none.
 */
static size_t
first_drifted(const struct http_menu *menu, size_t n, const struct route *t,
    size_t nt)
{
	struct http_params	 p;
	size_t			 i, idx;
	unsigned		 allowed;
	enum router_result	 rc;

	for (i = 0; i < n; i++) {
		memset(&p, 0, sizeof(p));
		rc = router_match(t, nt, HTTP_GET, menu[i].path, &p, &idx,
		    &allowed);
		http_params_free(&p);
		if (rc != ROUTER_OK || t[idx].handler == NULL ||
		    (menu[i].roles & ~t[idx].roles) != 0 ||
		    (menu[i].roles == 0) != (t[idx].roles == 0))
			return i;
	}
	return n;
}

/* The check can fail: no such page, roles beyond the page's, or public. */
START_TEST(test_menu_drift_found)
{
	static const struct route t[] = {
		{ HTTP_GET, "/",		h, 0, 0, 0 },
		{ HTTP_GET, "/orders",		h, ROLE_DEALER_BUYER, 0, 0 },
		{ HTTP_POST, "/draft",		h, ROLE_DEALER_BUYER, 0, 0 },
	};
	static const struct http_menu good[] = {
		{ "/",		"nav_home",	0 },
		{ "/orders",	"nav_orders",	ROLE_DEALER_BUYER },
	};
	static const struct http_menu bad[][1] = {
		{ { "/draft",	"nav_draft",	ROLE_DEALER_BUYER } },
		{ { "/news",	"nav_news",	ROLE_ANY } },
		{ { "/orders",	"nav_orders",	ROLE_ANY } },
		{ { "/orders",	"nav_orders",	0 } },
		{ { "/",	"nav_home",	ROLE_ADMIN } },
	};
	size_t	 i;

	ck_assert_uint_eq(first_drifted(good, 2, t, 3), 2);
	for (i = 0; i < NELEM(bad); i++)
		ck_assert_uint_eq(first_drifted(bad[i], 1, t, 3), 0);
}
END_TEST

START_TEST(test_menu_items_are_pages)
{
	size_t	 i = first_drifted(routes_menu, routes_nmenu, routes, nroutes);

	ck_assert_msg(i == routes_nmenu, "menu item %zu (%s) is not a page "
	    "for its roles", i, i < routes_nmenu ? routes_menu[i].path : "");
}
END_TEST

Suite *
routes_suite(void)
{
	Suite	*s = suite_create("routes");
	TCase	*tc = tcase_create("table");

	tcase_add_test(tc, test_shadow_found);
	tcase_add_test(tc, test_no_route_shadowed);
	tcase_add_test(tc, test_menu_drift_found);
	tcase_add_test(tc, test_menu_items_are_pages);
	suite_add_tcase(s, tc);
	return s;
}
