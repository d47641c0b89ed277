/*
 * orders_return_http.c: returns (RMA) in the API
 *   POST /api/v1/orders/{number}/returns {"lines":[{"line","quantity"}],
 *	  "reason"} + Idempotency-Key: 201 the return (200 the same again)
 *   GET  /api/v1/returns?status=&after=&limit=: newest first
 *   GET  /api/v1/returns/{number}
 *   POST /api/v1/returns/{number}/approve {"version"}
 *   POST /api/v1/returns/{number}/refuse {"reason","version"}
 *   POST /api/v1/returns/{number}/receive {"version"}: the credit note
 *   POST /api/v1/returns/{number}/cancel {"version"}
 * (orders_return_db.c, orders_return_move_db.c, orders_return_read_db.c)
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "orders.h"

/* The return numbered number as the caller now sees it, with status st. */
static int
answer(struct req *r, int st, const char *number)
{
	cJSON	*j;

	if (st != 200 && st != 201)
		return http_refused(r, st);
	if (orders_return_read(http_db(r), &r->who, number, r->lang, &r->err,
	    &j) != 200) {
		fault_clear(&r->err);
		return 500;
	}
	return http_json(r, st, j);
}

/* POST /api/v1/orders/{number}/returns */
int
orders_returns_post(struct req *r)
{
	struct ship_line	 lines[ORDER_LINES_MAX];
	struct orders_return_in	 in;
	char			 made[RETURN_NUMBER_MAX + 1], hash[65];
	char			 over[160];
	const char		*number = http_param(r, "number");

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&in, 0, sizeof(in));
	in.key = orders_header_key(r);
	in.lines = lines;
	in.n = orders_json_lines(r, lines);
	in.reason = orders_json_text(r, r->json, "reason",
	    "required: 1 to 1000 characters");
	/* the order's number too: the key again on another order is
	 * another request */
	util_sha256_hex(hash, r->body, r->body_len);
	snprintf(over, sizeof(over), "%.64s %s", number != NULL ? number : "",
	    hash);
	util_sha256_hex(hash, over, strlen(over));
	in.hash = hash;
	return answer(r, orders_return_request(http_db(r), &r->who, number,
	    &in, made, sizeof(made), &r->err), made);
}

/* GET /api/v1/returns?status=&after=&limit= */
int
orders_returns_get(struct req *r)
{
	struct orders_returns_query	 q;
	struct http_paging		 pg;
	cJSON				*j;
	int				 st;

	http_paging(r, &pg);
	memset(&q, 0, sizeof(q));
	q.status = http_query(r, "status");
	q.after = pg.after;
	q.limit = pg.limit;
	if ((st = orders_returns_read(http_db(r), &r->who, &q, r->lang,
	    &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/* GET /api/v1/returns/{number} */
int
orders_return_get(struct req *r)
{
	return orders_read_answer(r, orders_return_read);
}

/* POST /api/v1/returns/{number}/{approve,refuse,receive,cancel} */
static int
act_post(struct req *r, enum return_act act)
{
	struct orders_return_act	 a;
	const char			*number = http_param(r, "number");

	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&a, 0, sizeof(a));
	a.act = act;
	a.reason = orders_json_text(r, r->json, "reason",
	    "required: 1 to 1000 characters");
	a.version = orders_json_version(r->json);
	return answer(r, orders_return_move(http_db(r), &r->who, number, &a,
	    &r->err), number);
}

int
orders_return_approve_post(struct req *r)
{
	return act_post(r, RETURN_APPROVE);
}

int
orders_return_refuse_post(struct req *r)
{
	return act_post(r, RETURN_REFUSE);
}

int
orders_return_receive_post(struct req *r)
{
	return act_post(r, RETURN_RECEIVE);
}

int
orders_return_cancel_post(struct req *r)
{
	return act_post(r, RETURN_CANCEL);
}
