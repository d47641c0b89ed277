/*
 * orders_limit_pages.c: /release-limit, the dealer's (or chain's) admin
 * sets its own release limit in yuan (orders_limit_db.c); empty for none
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../http/http.h"
#include "orders.h"

static int
limit_page(struct req *r, int status, const char *notice)
{
	cJSON		*ctx, *j;
	const cJSON	*l, *v;
	const char	*typed = http_formval(r, "release_limit");
	char		 text[32] = "";
	int		 st;

	if ((st = orders_limit_read(http_db(r), &r->who, &j, &r->err)) != 200)
		return st;
	l = cJSON_GetObjectItemCaseSensitive(j, "release_limit");
	v = cJSON_GetObjectItemCaseSensitive(j, "version");
	if (cJSON_IsNumber(l))
		money_format((int64_t)l->valuedouble, text, sizeof(text));
	ctx = cJSON_CreateObject();
	cJSON_AddStringToObject(ctx, "current", *text != '\0' ? text : "");
	cJSON_AddStringToObject(ctx, "limit_input", typed != NULL ? typed :
	    text);
	cJSON_AddNumberToObject(ctx, "version", cJSON_IsNumber(v) ?
	    v->valuedouble : 0);
	cJSON_Delete(j);
	/* the limit is its own organisation's, whose history it reads */
	cJSON_AddNumberToObject(ctx, "org", (double)r->who.org_id);
	audit_page_flags(ctx, &r->who);
	return http_form_page(r, status, "release_limit", ctx, notice,
	    http_i18n(r, "orders_limit_title"));
}

int
orders_limit_page_get(struct req *r)
{
	return limit_page(r, 200, http_query(r, "saved") != NULL ?
	    "orders_limit_saved" : NULL);
}

/* POST /release-limit {release_limit (yuan; empty: none), version} */
int
orders_limit_page_post(struct req *r)
{
	const char	*typed = http_formval(r, "release_limit");
	int64_t		 limit = -1, version = 0;
	int		 st;

	if (typed != NULL && *typed != '\0' && money_parse(typed,
	    ORDERS_LIMIT_MAX, &limit) == -1)
		limit = -2;		/* refused as a field */
	if (util_parse_int(http_formval(r, "version"), 1, INT32_MAX,
	    &version) == -1)
		version = 0;
	if ((st = orders_limit_set(http_db(r), &r->who, limit, version,
	    &r->err)) == 200)
		return http_redirect(r, 303, "/release-limit?saved=1");
	if (st == 409 || st == 422)
		return limit_page(r, st, NULL);
	return st;
}
