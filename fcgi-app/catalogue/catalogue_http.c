/*
 * catalogue_http.c: browsing products, pricing a configuration, and the
 * admin's product changes: the JSON doors to catalogue_ops.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

/* GET /api/v1/products?category=&q=&after=&limit=: q in the model, the
 * names or an option's values (e.g. "champagne") */
int
catalogue_products_get(struct req *r)
{
	struct http_paging	 pg;
	struct db		*db;
	cJSON			*j;
	int			 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	j = cJSON_CreateObject();
	if ((st = catalogue_products_search(db, r->lang, http_query(r,
	    "category"), http_query(r, "q"), pg.after, pg.limit, j,
	    &r->err)) != 200) {
		cJSON_Delete(j);
		return st;
	}
	return http_json(r, 200, j);
}

static int
product_answer(struct req *r, struct db *db, const char *code, int status)
{
	struct product	 p;
	int		 st;

	if ((st = catalogue_product_visible(db, &r->who, code, &p,
	    &r->err)) != 0)
		return st;
	st = http_json(r, status, catalogue_product_json(&p, r->lang));
	catalogue_product_free(&p);
	return st;
}

int
catalogue_product_get(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return product_answer(r, db, http_param(r, "code"), 200);
}

/*
 * POST /api/v1/products/{code}/quote {"quantity","options","dealer"}:
 * the price of one configured line for the caller's dealer (staff name a
 * dealer in their scope), or 422 naming every bad field.
 */
int
catalogue_quote_post(struct req *r)
{
	struct catalogue_quote	 q;
	struct db		*db;
	int64_t			 qty = 0, dealer = 0;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "quantity", QTY_MIN, QTY_MAX, &qty) != 0)
		qty = 0;	/* the operation names it */
	if (json_get_int(r->json, "dealer", 1, INT64_C(1) << 52, &dealer) == -1)
		http_field_error(r, "dealer", "a dealer id");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = catalogue_quote(db, &r->who, http_param(r, "code"), dealer,
	    cJSON_GetObjectItemCaseSensitive(r->json, "options"), qty, &q,
	    &r->err)) != 200)
		return st;
	return http_json(r, 200, catalogue_quote_json(&q, r->lang));
}

/* A string field of the body (NULL: none), or a field error when it is
 * not a string of at most max bytes. */
const char *
catalogue_body_string(struct req *r, const char *key, size_t max,
    const char *msg)
{
	const char	*v;

	if (json_get_string(r->json, key, max, &v) == -1)
		http_field_error(r, key, msg);
	return v;
}

/*
 * The body's product fields (for a change, active and version too);
 * those of the wrong type named in r->err.
 */
static void
product_in(struct req *r, int change, struct catalogue_product_in *in)
{
	const cJSON	*act;

	memset(in, 0, sizeof(*in));
	if (!change) {
		in->code = catalogue_body_string(r, "code", 32,
		    "2 to 32 of A-Z, 0-9, dash");
		in->category = catalogue_body_string(r, "category", 32,
		    "a category code");
	}
	in->name_zh = catalogue_body_string(r, "name_zh", 200,
	    "1 to 200 characters");
	in->name_en = catalogue_body_string(r, "name_en", 200,
	    "1 to 200 characters");
	in->base_price = -1;
	if (json_get_int(r->json, "base_price", 0, PRICE_MAX,
	    &in->base_price) == -1)
		http_field_error(r, "base_price", "fen, 0 or more");
	in->options = cJSON_GetObjectItemCaseSensitive(r->json, "options");
	in->active = -1;
	in->version = -1;
	if (!change)
		return;
	act = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	in->active = act == NULL ? -1 : cJSON_IsBool(act) ? cJSON_IsTrue(act) :
	    -1;
	if (act != NULL && !cJSON_IsBool(act))
		http_field_error(r, "active", "true or false");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &in->version) == -1)
		http_field_error(r, "version", "the version you read");
}

/* POST /api/v1/products {code, category, name_zh, name_en, base_price, options} */
int
catalogue_product_post(struct req *r)
{
	struct catalogue_product_in	 in;
	struct db			*db;
	int				 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	product_in(r, 0, &in);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = catalogue_product_create(db, &r->who, &in, &r->err)) != 201)
		return st;
	return product_answer(r, db, in.code, 201);
}

/* PATCH /api/v1/products/{code} {name_zh, name_en, base_price, options, active, version} */
int
catalogue_product_patch(struct req *r)
{
	struct catalogue_product_in	 in;
	struct db			*db;
	int				 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	product_in(r, 1, &in);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = catalogue_product_update(db, &r->who, http_param(r, "code"),
	    &in, &r->err)) != 200)
		return st;
	return product_answer(r, db, http_param(r, "code"), 200);
}
