/*
 * news_pages.c: the news page for everyone, and the admin's page to
 * post and withdraw news, through the API's handlers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "news.h"

static cJSON *
answer(struct req *r)
{
	cJSON	*j = cJSON_Parse(buf_cstr(&r->out));

	buf_reset(&r->out);
	return j;
}

/* GET /news?after= */
int
news_page_get(struct req *r)
{
	cJSON	*ctx;
	int	 st;

	if ((st = news_list_get(r)) != 200 || (ctx = answer(r)) == NULL)
		return st == 200 ? 500 : st;
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "news_title"));
	return http_page(r, 200, "news", ctx);
}

static int
admin_page(struct req *r, int status, const char *notice)
{
	cJSON	*ctx, *j;
	int	 st;

	ctx = cJSON_CreateObject();
	http_errors_to(r, ctx);
	r->err.fields = NULL;
	if ((st = news_list(r, 1)) != 200 || (j = answer(r)) == NULL) {
		cJSON_Delete(ctx);
		return st == 200 ? 500 : st;
	}
	cJSON_AddItemToObject(ctx, "news", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	return http_form_page(r, status, "admin_news", ctx, notice,
	    http_i18n(r, "news_admin"));
}

/* GET /admin/news: every item, the withdrawn ones too */
int
news_admin_page_get(struct req *r)
{
	return admin_page(r, 200, http_query(r, "saved") ? "news_saved" :
	    NULL);
}

static int
after_post(struct req *r, int st)
{
	if (st == 200 || st == 201)
		return http_redirect(r, 303, "/admin/news?saved=1");
	if (st == 422 || st == 409 || st == 404) {
		buf_reset(&r->out);
		return admin_page(r, st, NULL);
	}
	return st;
}

/* POST /admin/news/{id}: action = withdraw | restore */
int
news_admin_item_post(struct req *r)
{
	const char	*a = http_formval(r, "action");

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	if (a != NULL && (strcmp(a, "withdraw") == 0 ||
	    strcmp(a, "restore") == 0))
		cJSON_AddBoolToObject(r->json, "active", a[0] == 'r');
	if (http_formval(r, "version") != NULL)
		cJSON_AddNumberToObject(r->json, "version",
		    atof(http_formval(r, "version")));
	return after_post(r, news_patch(r));
}

/* POST /admin/news: a new item */
int
news_admin_page_post(struct req *r)
{
	static const char *const fields[] = { "title_zh", "title_en",
	    "body_zh", "body_en", NULL };
	const char	*p;
	char		 code[17];
	cJSON		*list;
	size_t		 n;
	int		 i;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	for (i = 0; fields[i] != NULL; i++)
		http_form_field(r, r->json, fields[i]);
	/* regions as "R01 R02" or "R01,R02"; tiers as checkboxes */
	list = cJSON_AddArrayToObject(r->json, "regions");
	for (p = http_formval(r, "regions"); p != NULL && *p != '\0';
	    p += n) {
		p += strspn(p, " ,");
		if ((n = strcspn(p, " ,")) == 0)
			break;
		snprintf(code, sizeof(code), "%.*s", (int)(n > 16 ? 16 :
		    n), p);
		cJSON_AddItemToArray(list, cJSON_CreateString(code));
	}
	list = cJSON_AddArrayToObject(r->json, "tiers");
	for (i = 0; i < 4; i++) {
		snprintf(code, sizeof(code), "tier_%c", 'A' + i);
		if (http_formval(r, code) != NULL)
			cJSON_AddItemToArray(list, cJSON_CreateString(code +
			    5));
	}
	return after_post(r, news_create_post(r));
}
