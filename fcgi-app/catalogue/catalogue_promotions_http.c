/*
 * catalogue_promotions_http.c: the admin's promotions, the JSON doors to
 * catalogue_promotions_ops.c; and those in force for the caller
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

static int
promo_answer(struct req *r, struct db *db, int64_t id, int status)
{
	cJSON	*j;

	if ((j = catalogue_promotion_json(db, id)) == NULL)
		return 500;
	return http_json(r, status, j);
}

/* GET /api/v1/promotions?after=&limit= (admin) */
int
catalogue_promotions_list_get(struct req *r)
{
	struct http_paging	 pg;
	struct db		*db;
	cJSON			*j;
	int			 st;

	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	j = cJSON_CreateObject();
	if (catalogue_promotions_list(db, pg.after, pg.limit, j) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

/* A whole number of the body: it, 0 if not given, -1 if not one. */
static int64_t
body_count(struct req *r, const char *key, int64_t max)
{
	int64_t	 v = 0;

	return json_get_int(r->json, key, 1, max, &v) == -1 ? -1 : v;
}

/* POST /api/v1/promotions {code, name_zh, name_en, product|category, tiers, percent|fixed, starts_on, ends_on} */
int
catalogue_promotions_create_post(struct req *r)
{
	struct catalogue_promo_in	 in;
	struct db			*db;
	int64_t				 id;
	int				 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&in, 0, sizeof(in));
	in.code = catalogue_body_string(r, "code", 32,
	    "2 to 32 of A-Z, 0-9, dash");
	in.name_zh = catalogue_body_string(r, "name_zh", 200,
	    "1 to 200 characters");
	in.name_en = catalogue_body_string(r, "name_en", 200,
	    "1 to 200 characters");
	in.product = catalogue_body_string(r, "product", 32, "a product code");
	in.category = catalogue_body_string(r, "category", 32,
	    "a category code, or a "
	    "product, not both");
	in.tiers = catalogue_body_string(r, "tiers", 7,
	    "A, B, C, D, comma-separated");
	in.percent = body_count(r, "percent", 100);
	in.fixed = body_count(r, "fixed", PRICE_MAX);
	in.starts_on = catalogue_body_string(r, "starts_on", 10, "YYYY-MM-DD");
	in.ends_on = catalogue_body_string(r, "ends_on", 10,
	    "YYYY-MM-DD, not before starts_on");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = catalogue_promotion_create(db, &r->who, &in, &id,
	    &r->err)) != 201)
		return st;
	return promo_answer(r, db, id, 201);
}

/* PATCH /api/v1/promotions/{id} {active, ends_on, version}: end or pause. */
int
catalogue_promotions_patch(struct req *r)
{
	const char	*to;
	const cJSON	*act;
	struct db	*db;
	int64_t		 id = http_param_id(r, "id"), version = -1;
	int		 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	act = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	if (act != NULL && !cJSON_IsBool(act))
		http_field_error(r, "active", "true or false");
	to = catalogue_body_string(r, "ends_on", 10, "YYYY-MM-DD");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		http_field_error(r, "version", "the version you read");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = catalogue_promotion_update(db, &r->who, id, cJSON_IsBool(act) ?
	    cJSON_IsTrue(act) : -1, to, version, &r->err)) != 200)
		return st;
	return promo_answer(r, db, id, 200);
}

/* GET /api/v1/promotions/current: in force for the caller's tier */
int
catalogue_promotions_current_get(struct req *r)
{
	struct db	*db;
	cJSON		*list, *j;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((list = catalogue_promotions_current(db, r->who.kind == ORG_DEALER ?
	    r->who.org_id : 0, 100)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "items", list);
	return http_json(r, 200, j);
}
