/*
 * orders_http.c: the API's doors to submitting an order (orders_place_db.c,
 * keyed by the Idempotency-Key header), reading and listing
 */
#include <stdio.h>
#include <string.h>

#include "../http/http.h"
#include "orders.h"

/*
 * A submission's JSON body ({requested_date, ship_to, ship_to_address,
 * po_number, note, dealer}, and lines when there are) as in, keyed by the Idempotency-Key over the
 * body; a field that is not text is refused here.
 */
void
orders_order_in_json(struct req *r, struct orders_order_in *in,
    struct orders_idem *idem)
{
	memset(in, 0, sizeof(*in));
	if (json_get_int(r->json, "dealer", 1, INT64_C(1) << 52,
	    &in->dealer) != 0)
		in->dealer = 0;
	in->requested_date = orders_json_text(r, r->json, "requested_date",
	    "YYYY-MM-DD, today or later");
	in->ship_to = orders_json_text(r, r->json, "ship_to",
	    "1 to 300 characters");
	in->note = orders_json_text(r, r->json, "note",
	    "at most 1000 characters");
	in->po_number = orders_json_text(r, r->json, "po_number",
	    "at most 35 characters");
	if (json_get_int(r->json, "ship_to_address", 1, INT64_C(1) << 52,
	    &in->ship_to_address) == -1)
		in->ship_to_address = -1;
	in->lines = cJSON_GetObjectItemCaseSensitive(r->json, "lines");
	memset(idem, 0, sizeof(*idem));
	idem->key = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	idem->tag = "";
	idem->body = r->body;
	idem->len = r->body_len;
}

/* The read fn of the path's {number} as the caller sees it: 200, or why not. */
int
orders_read_answer(struct req *r, orders_read_fn *fn)
{
	cJSON	*j;
	int	 st;

	if ((st = fn(http_db(r), &r->who, http_param(r, "number"), r->lang,
	    &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/* A transition's end: the order as the caller now sees it, 200. */
int
orders_answer(struct req *r, const char *number)
{
	cJSON	*j;

	if (orders_read(http_db(r), &r->who, number, r->lang, &r->err,
	    &j) != 200) {
		fault_clear(&r->err);
		return 500;
	}
	return http_json(r, 200, j);
}

/* The answer to orders_place() and its kin: the order, 201 or 200. */
static int
placed(struct req *r, int st, cJSON *j)
{
	if (st != 200 && st != 201)
		return http_refused(r, st);
	return http_json(r, st, j);
}

int
orders_submit_post(struct req *r)
{
	struct orders_order_in	 in;
	struct orders_idem	 idem;
	cJSON			*j = NULL;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	orders_order_in_json(r, &in, &idem);
	st = orders_place(http_db(r), &r->who, &in, &idem, NULL, r->lang,
	    &r->err, &j);
	return placed(r, st, j);
}

int
orders_get_one(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_read(http_db(r), &r->who, http_param(r, "number"),
	    r->lang, &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/*
 * The page of orders the query asks for (?status=&dealer=&from=&to=&po=
 * &after=&limit=, newest first): for the API and the list page.
 */
int
orders_list_find(struct req *r, cJSON **out)
{
	struct orders_query	 q;
	struct http_paging	 pg;

	http_paging(r, &pg);
	memset(&q, 0, sizeof(q));
	q.status = http_query(r, "status");
	q.dealer = http_query(r, "dealer");
	q.from = http_query(r, "from");
	q.to = http_query(r, "to");
	q.po = http_query(r, "po");
	q.after = pg.after;
	q.limit = pg.limit;
	return orders_list_read(http_db(r), &r->who, &q, r->lang, &r->err,
	    out);
}

/* GET /api/v1/orders?status=&dealer=&from=&to=&po=&after=&limit= (newest first) */
int
orders_list_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_list_find(r, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/*
 * POST /api/v1/orders/{number}/reorder {requested_date, ship_to,
 * ship_to_address, po_number, note}: a new order from an earlier one's
 * lines, priced today.  The address (without ship_to or ship_to_address)
 * and, for staff, the dealer default to the earlier order's; the PO
 * number does not (a new order, a new PO).  Idempotent like
 * any submission, by the key over the order's number and the body.
 */
int
orders_reorder_post(struct req *r)
{
	struct orders_order_in	 in;
	struct orders_idem	 idem;
	cJSON			*old, *lines, *j = NULL;
	char			 tag[48];
	int			 st;

	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (cJSON_HasObjectItem(r->json, "lines")) {
		http_field_error(r, "lines", "not here: the earlier order's "
		    "lines are ordered");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((st = orders_read(http_db(r), &r->who, http_param(r, "number"),
	    r->lang, &r->err, &old)) != 200)
		return http_refused(r, st);
	orders_order_in_json(r, &in, &idem);
	in.lines = lines = orders_lines_again(old);
	if (!cJSON_HasObjectItem(r->json, "ship_to") &&
	    !cJSON_HasObjectItem(r->json, "ship_to_address")) {
		in.ship_to = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(old, "ship_to"));
		in.ship_to_again = 1;
	}
	if (r->who.kind != ORG_DEALER && !cJSON_HasObjectItem(r->json,
	    "dealer"))
		in.dealer = (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(old, "dealer"), "id"));
	snprintf(tag, sizeof(tag), "reorder %s\n", cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(old, "number")));
	idem.tag = tag;
	st = orders_place(http_db(r), &r->who, &in, &idem, NULL, r->lang,
	    &r->err, &j);
	cJSON_Delete(lines);
	cJSON_Delete(old);
	return placed(r, st, j);
}
