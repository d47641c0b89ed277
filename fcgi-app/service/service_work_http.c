/*
 * service_work_http.c: a provider's agent works a job
 *   POST /api/v1/service-jobs/{number}/accept
 *   POST .../decline {"reason"}
 *   POST .../schedule {"date","from","to"}
 *   POST .../start
 *   POST .../parts {"items":[{"part_no","quantity"}]}, Idempotency-Key
 *   POST .../finish {"work_done","parts_used"}
 * each with an optional "version" (the job's, as read); the operations
 * are in service_work_db.c and service_parts_db.c.  Each answers the job
 * as the caller now sees it; a declined job is no longer the caller's,
 * so a decline answers its number and status alone.
 */
#include <stdio.h>
#include <string.h>


#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "service_work.h"

#define TEXT_MAX	100000	/* longer: the operation says how long */

/* a text field: wrong types refused here, lengths by the operation */
static const char *
text(struct req *r, const char *name)
{
	const char	*v;

	if (json_get_string(r->json, name, TEXT_MAX, &v) == -1)
		fault_field(&r->err, name, "a text");
	return v;
}

static void
items(struct req *r, struct service_work_act *a)
{
	const cJSON	*list, *it;
	int64_t		 q;

	list = cJSON_GetObjectItemCaseSensitive(r->json, "items");
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) >
	    SERVICE_PARTS_MAX) {
		a->items_bad = 1;
		return;
	}
	cJSON_ArrayForEach(it, list) {
		if (!cJSON_IsObject(it)) {
			a->items_bad = 1;
			return;
		}
		a->items[a->nitems].part_no = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "part_no"));
		a->items[a->nitems].quantity = json_get_int(it, "quantity", 1,
		    999, &q) == 0 ? q : 0;
		a->nitems++;
	}
}

static int
act(struct req *r, service_work_op *op)
{
	struct service_work_act	 a;
	struct db		*db;
	cJSON			*j;
	int			 st, found;

	memset(&a, 0, sizeof(a));
	a.number = http_param(r, "number");
	a.version = -1;
	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (r->json != NULL) {
		a.reason = text(r, "reason");
		a.date = text(r, "date");
		a.from = text(r, "from");
		a.to = text(r, "to");
		a.work_done = text(r, "work_done");
		a.parts_used = text(r, "parts_used");
		if ((st = json_get_int(r->json, "version", 1, INT32_MAX,
		    &a.version)) != 0)
			a.version = st == 1 ? -1 : 0;
		if (op == service_parts_request)
			items(r, &a);
	} else if (op == service_parts_request)
		a.items_bad = 1;
	/* parts are created: idempotent by the key over the body */
	if (op == service_parts_request) {
		a.idem_key = http_env(r, "HTTP_IDEMPOTENCY_KEY");
		util_sha256_hex(a.request_hash, r->body, r->body_len);
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = op(db, &r->who, &a, &r->err)) != 200)
		return http_refused(r, st);
	if ((j = service_work_load(db, &r->who, a.number, r->lang, &found)) ==
	    NULL) {
		if (found)
			return 500;
		/* declined: no longer the caller's to read */
		j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "number", a.number);
		cJSON_AddStringToObject(j, "status", "declined");
	}
	return http_json(r, 200, j);
}

int
service_work_accept_post(struct req *r)
{
	return act(r, service_work_accept);
}

int
service_work_decline_post(struct req *r)
{
	return act(r, service_work_decline);
}

int
service_work_schedule_post(struct req *r)
{
	return act(r, service_work_schedule);
}

int
service_work_start_post(struct req *r)
{
	return act(r, service_work_start);
}

int
service_work_parts_post(struct req *r)
{
	return act(r, service_parts_request);
}

int
service_work_finish_post(struct req *r)
{
	return act(r, service_work_finish);
}
