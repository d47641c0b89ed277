/*
 * news_pages.c: the news page for everyone, and the admin's page to
 * post and withdraw news, through the operations the API calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "news.h"

/* GET /news?after= */
int
news_page_get(struct req *r)
{
	cJSON	*ctx;
	int	 st;

	if ((st = news_list_read(r, 0, &ctx)) != 200)
		return st;
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
	if ((st = news_list_read(r, 1, &j)) != 200) {
		cJSON_Delete(ctx);
		return st;
	}
	cJSON_AddItemToObject(ctx, "news", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	audit_page_flags(ctx, &r->who);
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
	if (st == 422 || st == 409 || st == 404)
		return admin_page(r, st, NULL);
	return st;
}

/* POST /admin/news/{id}: action = withdraw | restore */
int
news_admin_item_post(struct req *r)
{
	const char	*a = http_formval(r, "action");
	const char	*ver = http_formval(r, "version");
	struct db	*db;
	int64_t		 version = -1;
	int		 active = -1;

	if (a != NULL && (strcmp(a, "withdraw") == 0 ||
	    strcmp(a, "restore") == 0))
		active = a[0] == 'r';
	if (ver != NULL && util_parse_int(ver, 1, INT32_MAX, &version) == -1)
		version = 0;
	if ((db = http_db(r)) == NULL)
		return 503;
	return after_post(r, news_set_active(db, &r->who, http_param_id(r,
	    "id"), active, version, &r->err));
}

/* POST /admin/news: a new item */
int
news_admin_page_post(struct req *r)
{
	static const char *const fields[] = { "title_zh", "title_en",
	    "body_zh", "body_en" };
	/* one more than may be, so that too many are refused as such */
	char		 codes[NEWS_REGIONS_MAX + 1][17];
	const char	*list[NEWS_REGIONS_MAX + 1], *p;
	char		 key[8];
	struct news_new	 w;
	struct db	*db;
	int64_t		 id;
	size_t		 n;
	int		 i;

	for (i = 0; i < 4; i++)
		w.text[i] = http_formval(r, fields[i]) != NULL ?
		    http_formval(r, fields[i]) : "";
	/* regions as "R01 R02" or "R01,R02"; tiers as checkboxes */
	w.regions = list;
	w.nregions = 0;
	for (p = http_formval(r, "regions"); p != NULL && *p != '\0' &&
	    w.nregions <= NEWS_REGIONS_MAX; p += n) {
		p += strspn(p, " ,");
		if ((n = strcspn(p, " ,")) == 0)
			break;
		snprintf(codes[w.nregions], sizeof(codes[0]), "%.*s",
		    (int)(n > 16 ? 16 : n), p);
		list[w.nregions] = codes[w.nregions];
		w.nregions++;
	}
	w.tiers = 0;
	for (i = 0; i < 4; i++) {
		snprintf(key, sizeof(key), "tier_%c", 'A' + i);
		if (http_formval(r, key) != NULL)
			w.tiers |= 1 << i;
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	return after_post(r, news_create(db, &r->who, &w, &id, &r->err));
}
