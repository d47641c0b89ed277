/*
 * orders_track_http.c: the API's doors to cancelling and tracking
 * (orders_cancel(), orders_track() in orders_move_db.c), and the JSON
 * readers the decisions' doors share
 */
#include <string.h>

#include "../http/http.h"
#include "orders.h"

/*
 * body.name as text: NULL when absent or null; a field error (msg) when
 * it is not a string.  For the JSON handlers: lengths are the
 * operations' to check.
 */
const char *
orders_json_text(struct req *r, const cJSON *body, const char *name,
    const char *msg)
{
	const char	*s = NULL;

	if (body != NULL && json_get_string(body, name, (size_t)-1, &s) == -1)
		http_field_error(r, name, msg);
	return s;
}

/* body.version: ORDERS_VERSION_ANY when absent, 0 (refused) when not one. */
int64_t
orders_json_version(const cJSON *body)
{
	int64_t	 v = ORDERS_VERSION_ANY;

	if (body != NULL && json_get_int(body, "version", 1, INT32_MAX,
	    &v) == -1)
		return 0;
	return v;
}

/* The operation's answer: the order as the caller now sees it. */
static int
answer(struct req *r, int st)
{
	return st == 200 ? orders_answer(r, http_param(r, "number")) :
	    http_refused(r, st);
}

/* POST /api/v1/orders/{number}/cancel {"note","version"} */
int
orders_cancel_post(struct req *r)
{
	const char	*note;

	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	note = orders_json_text(r, r->json, "note", "at most 1000 characters");
	return answer(r, orders_cancel(http_db(r), &r->who,
	    http_param(r, "number"), orders_json_version(r->json), note,
	    &r->err));
}

/* POST /api/v1/orders/{number}/events {"status","note","carrier","waybill","version"} */
int
orders_events_post(struct req *r)
{
	struct orders_event	 ev;

	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&ev, 0, sizeof(ev));
	ev.note = orders_json_text(r, r->json, "note",
	    "at most 1000 characters");
	ev.version = orders_json_version(r->json);
	ev.status = orders_json_text(r, r->json, "status", "scheduled, "
	    "in_production, shipped, delivered or closed");
	ev.carrier = orders_json_text(r, r->json, "carrier",
	    "at most 100 characters");
	if (r->json != NULL && json_get_string(r->json, "waybill",
	    (size_t)-1, &ev.waybill) == -1)
		http_field_error(r, "carrier", "at most 100 characters");
	return answer(r, orders_track(http_db(r), &r->who,
	    http_param(r, "number"), &ev, &r->err));
}
