/*
 * news_http.c: news and announcements as JSON (the operations are
 * news_db.c's)
 *   GET   /api/v1/news?after=&limit=[&all=true]	what the caller may read
 *   POST  /api/v1/news				admin: in both languages,
 *						for all or some regions, tiers
 *   PATCH /api/v1/news/{id} {"active","version"}	admin: withdraw, restore
 */
#include <stdint.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "news.h"

/* The n latest news for the caller (the home page), or NULL. */
cJSON *
news_latest(struct req *r, struct db *db, int n)
{
	return news_recent(db, &r->who, r->lang, n);
}

/* GET /api/v1/news */
int
news_list_get(struct req *r)
{
	const char	*all = http_query(r, "all");
	cJSON		*j;
	int		 st;

	if ((st = news_list_read(r, all != NULL && strcmp(all, "true") == 0,
	    &j)) != 200)
		return st;
	return http_json(r, 200, j);
}

/*
 * What the caller reads, newest first, by ?after=&limit= (the pages read
 * the same query); everything (the admin's): the withdrawn too.  200 and
 * *out, or a refusal's status.
 */
int
news_list_read(struct req *r, int everything, cJSON **out)
{
	struct http_paging	 pg;
	struct db		*db;
	int			 st;

	*out = NULL;
	if (everything && !(r->who.roles & ROLE_ADMIN))
		http_field_error(r, "all", "the admin's view");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if (news_page(db, &r->who, r->lang, everything, pg.after > 0 ?
	    pg.after : INT64_MAX, pg.limit, out) == -1)
		return 500;
	return 200;
}

/* A mask of tiers from a JSON array of "A".."D"; -1 if it is not one. */
static int
tiers_of(const cJSON *a)
{
	const cJSON	*t;
	int		 seen = 0, bit;

	if (a == NULL)
		return 0;
	if (!cJSON_IsArray(a))
		return -1;
	cJSON_ArrayForEach(t, a) {
		if (!cJSON_IsString(t) || strlen(t->valuestring) != 1 ||
		    t->valuestring[0] < 'A' || t->valuestring[0] > 'D')
			return -1;
		bit = 1 << (t->valuestring[0] - 'A');
		if (seen & bit)
			return -1;
		seen |= bit;
	}
	return seen;
}

/* POST /api/v1/news {title_zh,title_en,body_zh,body_en,regions,tiers} */
int
news_create_post(struct req *r)
{
	static const char *const names[] = { "title_zh", "title_en",
	    "body_zh", "body_en" };
	const char	*codes[NEWS_REGIONS_MAX];
	struct news_new	 w;
	const cJSON	*regions, *g;
	char		 tiers[16];
	struct db	*db;
	cJSON		*d;
	int64_t		 id;
	int		 i, st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	for (i = 0; i < 4; i++) {
		if (json_get_string(r->json, names[i], SIZE_MAX,
		    &w.text[i]) == -1)
			http_field_error(r, names[i], "a string");
		if (w.text[i] == NULL)	/* absent: the other language's */
			w.text[i] = "";
	}
	w.tiers = tiers_of(cJSON_GetObjectItemCaseSensitive(r->json, "tiers"));
	regions = cJSON_GetObjectItemCaseSensitive(r->json, "regions");
	w.regions = codes;
	w.nregions = 0;
	if (regions != NULL && (!cJSON_IsArray(regions) ||
	    cJSON_GetArraySize(regions) > NEWS_REGIONS_MAX))
		w.nregions = -1;
	else
		cJSON_ArrayForEach(g, regions)
			codes[w.nregions++] = cJSON_GetStringValue(g);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = news_create(db, &r->who, &w, &id, &r->err)) != 201)
		return http_refused(r, st);
	news_tiers_text(w.tiers, tiers, sizeof(tiers));
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "id", (double)id);
	cJSON_AddStringToObject(d, "tiers", tiers);
	return http_json(r, 201, d);
}

/* PATCH /api/v1/news/{id} {"active","version"} */
int
news_patch(struct req *r)
{
	const cJSON	*a;
	struct db	*db;
	int64_t		 version = -1, id = http_param_id(r, "id");
	cJSON		*j;
	int		 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	a = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		version = 0;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = news_set_active(db, &r->who, id, cJSON_IsBool(a) ?
	    cJSON_IsTrue(a) : -1, version, &r->err)) != 200)
		return http_refused(r, st);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", (double)id);
	cJSON_AddBoolToObject(j, "active", cJSON_IsTrue(a));
	return http_json(r, 200, j);
}
