/*
 * catalogue_contracts_http.c: contract prices, the JSON doors to
 * catalogue_contracts_ops.c
 *
 *   GET    /api/v1/contract-prices?dealer=|chain=&after=&limit=
 *   POST   /api/v1/contract-prices {dealer|chain, product, price|
 *	    discount_bp, min_qty, valid_from, valid_to} + Idempotency-Key
 *   PATCH  /api/v1/contract-prices/{id} {version, price|discount_bp,
 *	    valid_to}
 *   DELETE /api/v1/contract-prices/{id}?version=	ends it yesterday
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

/* A whole number of the body in [min, max]: it, -1 absent, -2 not one. */
static int64_t
body_int(struct req *r, const char *key, int64_t min, int64_t max)
{
	int64_t	 v = -1;

	switch (json_get_int(r->json, key, min, max, &v)) {
	case 0:
		return v;
	case 1:
		return -1;
	default:
		return -2;
	}
}

/* A whole number of the query in [1, max]: it, -1 absent, -2 not one. */
static int64_t
query_int(struct req *r, const char *key, int64_t max)
{
	const char	*q = http_query(r, key);
	int64_t		 v;

	if (q == NULL)
		return -1;
	return util_parse_int(q, 1, max, &v) == 0 ? v : -2;
}

static int
answer(struct req *r, int status, const struct contract_row *row)
{
	return http_json(r, status, catalogue_contract_json(row));
}

/* GET /api/v1/contract-prices?dealer=|chain=: one owner's rows */
int
catalogue_contracts_get(struct req *r)
{
	struct http_paging	 pg;
	struct db		*db;
	cJSON			*j;
	int64_t			 dealer, chain;
	int			 st;

	dealer = query_int(r, "dealer", INT64_C(1) << 52);
	chain = query_int(r, "chain", INT64_C(1) << 52);
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	j = cJSON_CreateObject();
	if ((st = catalogue_contracts_read(db, &r->who, dealer == -1 ? 0 :
	    dealer, chain == -1 ? 0 : chain, pg.after, pg.limit, j,
	    &r->err)) != 200) {
		cJSON_Delete(j);
		return st;
	}
	return http_json(r, 200, j);
}

/* POST /api/v1/contract-prices */
int
catalogue_contracts_post(struct req *r)
{
	struct contract_in	 in;
	struct contract_row	 row;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&in, 0, sizeof(in));
	in.dealer = body_int(r, "dealer", 1, INT64_C(1) << 52);
	in.chain = body_int(r, "chain", 1, INT64_C(1) << 52);
	in.product = catalogue_body_string(r, "product", 32, "a model code");
	in.price = body_int(r, "price", 0, PRICE_MAX);
	in.discount_bp = body_int(r, "discount_bp", 1, CONTRACT_BP_MAX);
	in.min_qty = body_int(r, "min_qty", QTY_MIN, QTY_MAX);
	in.valid_from = catalogue_body_string(r, "valid_from", 10,
	    "YYYY-MM-DD");
	in.valid_to = catalogue_body_string(r, "valid_to", 10,
	    "YYYY-MM-DD, not before valid_from");
	if ((st = catalogue_contract_create(http_db(r), &r->who, &in,
	    http_env(r, "HTTP_IDEMPOTENCY_KEY"), &row, &r->err)) != 201 &&
	    st != 200)
		return st;
	return answer(r, st, &row);
}

/* PATCH /api/v1/contract-prices/{id} */
int
catalogue_contract_patch(struct req *r)
{
	struct contract_row	 row;
	const char		*to;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	to = catalogue_body_string(r, "valid_to", 10, "YYYY-MM-DD");
	if ((st = catalogue_contract_change(http_db(r), &r->who,
	    http_param_id(r, "id"), body_int(r, "version", 1, INT32_MAX),
	    body_int(r, "price", 0, PRICE_MAX), body_int(r, "discount_bp", 1,
	    CONTRACT_BP_MAX), to, 0, &row, &r->err)) != 200)
		return st;
	return answer(r, 200, &row);
}

/* DELETE /api/v1/contract-prices/{id}?version=: the row ends yesterday */
int
catalogue_contract_delete(struct req *r)
{
	struct contract_row	 row;
	int			 st;

	if ((st = catalogue_contract_change(http_db(r), &r->who,
	    http_param_id(r, "id"), query_int(r, "version", INT32_MAX), -1, -1,
	    NULL, 1, &row, &r->err)) != 200)
		return st;
	return answer(r, 200, &row);
}
