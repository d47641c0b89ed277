/*
 * complaints_handle_http.c: what happens to a complaint after it is filed
 *   POST /api/v1/complaints/{number}/messages {"body","internal"}
 *   POST .../take, .../assign {"user"}, .../escalate {"reason"},
 *   .../resolve {"note"}						staff
 *   POST .../reopen {"reason"}, .../rate {"rating","comment"}	dealer
 * each with an optional "version"; the operations are in
 * complaints_handle_db.c.  Each answers the complaint as it is now.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

/*
 * Read the body's text (named field), "internal", "rating" and "version"
 * into a, run op, answer the complaint.
 */
static int
act(struct req *r, complaints_op *op, const char *field)
{
	struct complaints_act	 a;
	const cJSON		*in;
	struct db		*db;
	cJSON			*j;
	int			 st, found;

	memset(&a, 0, sizeof(a));
	a.number = http_param(r, "number");
	a.version = -1;
	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (r->json != NULL) {
		a.text_bad = field != NULL && json_get_string(r->json, field,
		    BODY_MAX + 1, &a.text) == -1;
		in = cJSON_GetObjectItemCaseSensitive(r->json, "internal");
		a.internal = in == NULL ? 0 : cJSON_IsBool(in) ?
		    cJSON_IsTrue(in) : -1;
		/* wrong types turn into values the operation refuses */
		if (json_get_int(r->json, "rating", 1, 5, &a.rating) != 0)
			a.rating = 0;
		if ((st = json_get_int(r->json, "version", 1, INT32_MAX,
		    &a.version)) != 0)
			a.version = st == 1 ? -1 : 0;
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = op(db, &r->who, &a, &r->err)) != 200)
		return http_refused(r, st);
	if ((j = complaints_load(db, a.number, &r->who, r->lang, &found)) ==
	    NULL)
		return 500;
	return http_json(r, 200, j);
}

int
complaints_message_post(struct req *r)
{
	return act(r, complaints_message, "body");
}

int
complaints_take_post(struct req *r)
{
	return act(r, complaints_take, NULL);
}

/* POST /api/v1/complaints/{number}/assign {"user","version"}: reassign */
int
complaints_assign_post(struct req *r)
{
	return act(r, complaints_assign, "user");
}

int
complaints_escalate_post(struct req *r)
{
	return act(r, complaints_escalate, "reason");
}

int
complaints_resolve_post(struct req *r)
{
	return act(r, complaints_resolve, "note");
}

int
complaints_reopen_post(struct req *r)
{
	return act(r, complaints_reopen, "reason");
}

int
complaints_rate_post(struct req *r)
{
	return act(r, complaints_rate, "comment");
}
