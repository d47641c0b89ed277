/* home_http.c: the home page and the language switch */
#include "../http/http.h"
#include "../views/views.h"
#include "home.h"

/* GET /: the portal's services; for a dealer's user, its own day too */
int
home_index_get(struct req *r)
{
	cJSON	*ctx = cJSON_CreateObject();

	if (r->authed && home_dashboard(r, ctx) == -1) {
		cJSON_Delete(ctx);
		return 500;
	}
	/* a provider's agent: straight to its jobs */
	if (r->authed && r->who.kind == ORG_PROVIDER)
		cJSON_AddBoolToObject(ctx, "provider", 1);
	return http_page(r, 200, "home", ctx);
}

/*
 * GET /lang/en?next=/orders: remember the language in a cookie and go
 * back.  Only a local path is followed, so it cannot redirect away.
 */
int
home_lang_get(struct req *r)
{
	const char	*code = http_param(r, "code");
	const char	*next = http_query(r, "next");
	enum lang	 l;

	if (views_lang_parse(code, &l) == -1)
		return http_error(r, 404, "not_found", "no such language");
	http_set_cookie(r, "lang", views_lang_code(l), 365 * 24 * 3600);
	return http_redirect(r, 303, http_local_path(next) ? next : "/");
}
