/*
 * orders_ship_http.c: an order's shipments in the API
 *   POST /api/v1/orders/{number}/shipments {"lines":[{"line","quantity"}],
 *	  "carrier","waybill","shipped_on","note","version"}
 *	  + Idempotency-Key: 201 the shipment (200 the same request again)
 *   GET  /api/v1/orders/{number}/shipments: the order's lines with what
 *	  of each has shipped, and its shipments with their invoices
 * (orders_ship() in orders_ship_db.c; the shipments are read with the
 * order, from order_docs.)
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "orders.h"

/* The shipment numbered number among order's (as orders_load gives it). */
const cJSON *
orders_shipment_find(const cJSON *order, const char *number)
{
	const cJSON	*it;
	const char	*n;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(order,
	    "shipments")) {
		n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "number"));
		if (n != NULL && strcmp(n, number) == 0)
			return it;
	}
	return NULL;
}

/*
 * The shipments of the order numbered number as who may read them: 200
 * with *out ({number, status, version, lines:[{line, product, quantity,
 * shipped}], items}), or the refusal (404 outside the scope).
 */
int
orders_shipments_read(struct db *db, const struct principal *who,
    const char *number, const char *lang, struct fault *f, cJSON **out)
{
	static const char *const keep[] = { "line", "product", "quantity",
	    "shipped" };
	const cJSON	*it;
	cJSON		*o, *lines, *l;
	size_t		 k;
	int		 st;

	*out = NULL;
	if ((st = orders_read(db, who, number, lang, f, &o)) != 200)
		return st;
	*out = cJSON_CreateObject();
	cJSON_AddItemToObject(*out, "number", cJSON_DetachItemFromObject(o,
	    "number"));
	cJSON_AddItemToObject(*out, "status", cJSON_DetachItemFromObject(o,
	    "status"));
	cJSON_AddItemToObject(*out, "version", cJSON_DetachItemFromObject(o,
	    "version"));
	lines = cJSON_AddArrayToObject(*out, "lines");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "lines")) {
		l = cJSON_CreateObject();
		for (k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
			cJSON_AddItemToObject(l, keep[k], cJSON_Duplicate(
			    cJSON_GetObjectItemCaseSensitive(it, keep[k]), 1));
		cJSON_AddItemToArray(lines, l);
	}
	cJSON_AddItemToObject(*out, "items", cJSON_DetachItemFromObject(o,
	    "shipments"));
	cJSON_Delete(o);
	return 200;
}

/*
 * body.lines as lines into l (at most ORDER_LINES_MAX): their count.  A
 * shipment's and a return's alike.
 */
int
orders_json_lines(struct req *r, struct ship_line *l)
{
	const cJSON	*a = cJSON_GetObjectItemCaseSensitive(r->json, "lines");
	const cJSON	*it;
	char		 field[40];
	int		 n = 0;

	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > ORDER_LINES_MAX) {
		http_field_error(r, "lines", "1 to 100 lines: {line, quantity}");
		return 0;
	}
	cJSON_ArrayForEach(it, a) {
		/* a wrong type is a missing value to the operation's checks */
		l[n].line = l[n].quantity = 0;
		if (!cJSON_IsObject(it)) {
			snprintf(field, sizeof(field), "lines[%d]", n);
			http_field_error(r, field, "{line, quantity}");
		} else {
			json_get_int(it, "line", 1, ORDER_LINES_MAX,
			    &l[n].line);
			json_get_int(it, "quantity", 1, ORDER_QUANTITY_MAX,
			    &l[n].quantity);
		}
		n++;
	}
	return n;
}

/*
 * The request's Idempotency-Key, or NULL: none, or one of the wrong shape
 * (then named in the request's field errors).
 */
const char *
orders_header_key(struct req *r)
{
	const char	*k = http_env(r, "HTTP_IDEMPOTENCY_KEY");

	if (k != NULL && !http_idem_ok(k)) {
		http_idem_check(r, k);
		return NULL;
	}
	return k;
}

/* POST /api/v1/orders/{number}/shipments */
int
orders_shipments_post(struct req *r)
{
	struct ship_line		 lines[ORDER_LINES_MAX];
	struct orders_shipment_in	 in;
	const char			*number = http_param(r, "number");
	char				 made[48], hash[65];
	const cJSON			*s;
	cJSON				*o;
	int				 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&in, 0, sizeof(in));
	in.key = orders_header_key(r);
	in.lines = lines;
	in.n = orders_json_lines(r, lines);
	in.carrier = orders_json_text(r, r->json, "carrier",
	    "required: 1 to 100 characters");
	in.waybill = orders_json_text(r, r->json, "waybill",
	    "required: 1 to 100 characters");
	in.shipped_on = orders_json_text(r, r->json, "shipped_on",
	    "YYYY-MM-DD, not after today");
	in.note = orders_json_text(r, r->json, "note",
	    "at most 900 characters");
	in.version = orders_json_version(r->json);
	util_sha256_hex(hash, r->body, r->body_len);
	in.hash = hash;
	if ((st = orders_ship(http_db(r), &r->who, number, &in, made,
	    sizeof(made), &r->err)) != 200 && st != 201)
		return http_refused(r, st);
	if (orders_read(http_db(r), &r->who, number, r->lang, &r->err,
	    &o) != 200) {
		fault_clear(&r->err);
		return 500;
	}
	s = orders_shipment_find(o, made);
	st = s != NULL ? http_json(r, st, cJSON_Duplicate(s, 1)) : 500;
	cJSON_Delete(o);
	return st;
}

/* GET /api/v1/orders/{number}/shipments */
int
orders_shipments_get(struct req *r)
{
	return orders_read_answer(r, orders_shipments_read);
}
