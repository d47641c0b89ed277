/*
 * service_parts_http.c: spare parts, for the region's service agents
 *   GET  /api/v1/service-parts?status=&job=&overdue=1	the region's
 *	parts (no status: those not received), the most urgent first
 *   POST /api/v1/service-parts/{id}/ship {"version"}
 *   POST /api/v1/service-parts/{id}/receive {"version"}
 * the operations in service_parts_db.c; a ship or receive answers the
 * part as it is now.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "service_work.h"

int
service_parts_list_get(struct req *r)
{
	const char	*overdue = http_query(r, "overdue");
	struct db	*db;
	cJSON		*j;
	int		 st;

	if (overdue != NULL && strcmp(overdue, "1") != 0 &&
	    strcmp(overdue, "0") != 0) {
		http_field_error(r, "overdue", "1 or 0");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = service_parts_list(db, &r->who, r->lang,
	    http_query(r, "status"), http_query(r, "job"),
	    overdue != NULL && *overdue == '1', &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

typedef int part_op(struct db *, const struct principal *, int64_t,
    int64_t, struct fault *);

static int
part_act(struct req *r, part_op *op)
{
	int64_t		 id = http_param_id(r, "id"), version = -1;
	struct db	*db;
	cJSON		*j;
	int		 st;

	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (r->json != NULL && (st = json_get_int(r->json, "version", 1,
	    INT32_MAX, &version)) != 0)
		version = st == 1 ? -1 : 0;
	if (id <= 0)
		return http_error(r, 404, "not_found", "no such part");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = op(db, &r->who, id, version, &r->err)) != 200)
		return http_refused(r, st);
	if ((st = service_parts_one(db, &r->who, r->lang, id, &j)) != 200)
		return st == 404 ? http_error(r, 404, "not_found",
		    "no such part") : st;
	return http_json(r, 200, j);
}

int
service_parts_ship_post(struct req *r)
{
	return part_act(r, service_parts_ship);
}

int
service_parts_receive_post(struct req *r)
{
	return part_act(r, service_parts_receive);
}
