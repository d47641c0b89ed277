/*
 * orders_release_http.c: POST /api/v1/orders/{number}/release {version,
 * note} and /send-back {version, reason}, the dealer's own approval step
 * (orders_release_db.c)
 */
#include <string.h>

#include "../http/http.h"
#include "orders.h"

static int
decide(struct req *r, int send_back)
{
	struct orders_release_in	 in;
	int				 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&in, 0, sizeof(in));
	in.send_back = send_back;
	in.version = orders_json_version(r->json);
	in.note = orders_json_text(r, r->json, send_back ? "reason" : "note",
	    "at most 1000 characters");
	if ((st = orders_release(http_db(r), &r->who, http_param(r, "number"),
	    &in, &r->err)) != 200)
		return http_refused(r, st);
	return orders_answer(r, http_param(r, "number"));
}

int
orders_release_post(struct req *r)
{
	return decide(r, 0);
}

int
orders_send_back_post(struct req *r)
{
	return decide(r, 1);
}

/* GET /api/v1/release-limit: the caller's dealer's or chain's */
int
orders_limit_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_limit_read(http_db(r), &r->who, &j, &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/* PUT /api/v1/release-limit {"release_limit": fen or null, "version"} */
int
orders_limit_put(struct req *r)
{
	const cJSON	*l;
	int64_t		 limit = -1, version = 0;
	int		 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	l = cJSON_GetObjectItemCaseSensitive(r->json, "release_limit");
	if (l == NULL || (!cJSON_IsNull(l) && json_get_int(r->json,
	    "release_limit", 0, ORDERS_LIMIT_MAX, &limit) != 0))
		limit = -2;		/* refused as a field */
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) != 0)
		version = 0;
	if ((st = orders_limit_set(http_db(r), &r->who, limit, version,
	    &r->err)) != 200)
		return http_refused(r, st);
	return orders_limit_get(r);
}
