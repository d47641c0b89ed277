/*
 * service_followup_http.c: the follow-up calls, for the region's service
 * agents
 *   GET  /api/v1/service-followups	open calls, the earliest due first
 *   POST /api/v1/service-followups/{id} {"outcome","satisfaction",
 *	"comment","version"}		the call logged: the job closes, or
 *					reopens when the customer is unhappy
 * the operations in service_followup_db.c; a call answers the job.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "service_work.h"

int
service_followup_list_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = service_followup_list(db, &r->who, r->lang, &r->err,
	    &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

int
service_followup_post(struct req *r)
{
	struct service_followup_call	 c;
	struct db			*db;
	cJSON				*j;
	int				 st;

	memset(&c, 0, sizeof(c));
	c.id = http_param_id(r, "id");
	c.version = -1;
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "outcome", 32, &c.outcome) == -1)
		c.outcome = "";
	if (json_get_string(r->json, "comment", 100000, &c.comment) == -1)
		http_field_error(r, "comment", "a text");
	if ((st = json_get_int(r->json, "satisfaction", 1, 5,
	    &c.satisfaction)) != 0)
		c.satisfaction = st == 1 ? 0 : -1;
	if ((st = json_get_int(r->json, "version", 1, INT32_MAX,
	    &c.version)) != 0)
		c.version = st == 1 ? -1 : 0;
	if (c.id <= 0)
		return http_error(r, 404, "not_found", "no such follow-up");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = service_followup_log(db, &r->who, &c, &r->err)) != 200)
		return http_refused(r, st);
	/* the job as staff now see it: closed, or waiting in a new round */
	if ((j = service_work_load(db, &r->who, c.job, r->lang, &st)) == NULL)
		return 500;
	return http_json(r, 200, j);
}
