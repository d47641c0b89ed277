/*
 * service_jobs_http.c: the service jobs' API
 *   POST /api/v1/service-jobs			 file (Idempotency-Key)
 *   GET  /api/v1/service-jobs?status=&after=&limit= the caller's list
 *   GET  /api/v1/service-jobs/{number}		 one, with its timeline
 *   POST /api/v1/service-jobs/{number}/dispatch	 offer it now (staff)
 *   POST /api/v1/service-jobs/{number}/cancel	 {"version", "reason"}
 */
#include <stdint.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "service_jobs.h"

/* body.name as text; a wrong type is noted as in->bad */
static const char *
text(const cJSON *body, const char *name, struct service_jobs_filing *in,
    const char *field)
{
	const char	*v;

	if (json_get_string(body, name, SIZE_MAX, &v) == -1) {
		in->bad = 1;
		in->bad_field = field;
		return NULL;
	}
	return v;
}

/* The filing from a JSON body (the API's). */
void
service_jobs_filing_json(const cJSON *b, struct service_jobs_filing *in)
{
	const cJSON	*c, *l, *lat, *lng;

	memset(in, 0, sizeof(*in));
	in->kind = text(b, "kind", in, "kind");
	in->category = text(b, "category", in, "category");
	in->model = text(b, "model", in, "model");
	in->serial = text(b, "serial", in, "serial");
	in->fault = text(b, "fault", in, "fault");
	in->complaint = text(b, "complaint", in, "complaint");
	c = cJSON_GetObjectItemCaseSensitive(b, "customer");
	if (c != NULL && !cJSON_IsObject(c)) {
		in->bad = 1;
		in->bad_field = "customer";
		return;
	}
	in->name = text(c, "name", in, "customer.name");
	in->phone = text(c, "phone", in, "customer.phone");
	in->address = text(c, "address", in, "customer.address");
	in->city = text(c, "city", in, "customer.city");
	l = cJSON_GetObjectItemCaseSensitive(c, "location");
	if (l == NULL || cJSON_IsNull(l))
		return;
	lat = cJSON_GetObjectItemCaseSensitive(l, "lat");
	lng = cJSON_GetObjectItemCaseSensitive(l, "lng");
	if (!cJSON_IsNumber(lat) || !cJSON_IsNumber(lng)) {
		in->bad = 1;
		in->bad_field = "customer.location";
		return;
	}
	in->located = 1;
	in->lat = lat->valuedouble;
	in->lng = lng->valuedouble;
}

static int
answer(struct req *r, struct db *db, const char *number, int st)
{
	cJSON	*j;
	int	 found;

	if ((j = service_jobs_load(db, number, &r->who, r->lang, &found)) ==
	    NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such service job");
	return http_json(r, st, j);
}

int
service_jobs_file_post(struct req *r)
{
	const char			*key = http_env(r,
					    "HTTP_IDEMPOTENCY_KEY");
	struct service_jobs_filing	 in;
	struct db			*db;
	char				 number[32];
	int				 st;

	http_idem_check(r, key);
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	service_jobs_filing_json(r->json, &in);
	if ((db = http_db(r)) == NULL)
		return 503;
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((st = service_jobs_file(db, &r->who, &in, key, r->body,
	    r->body_len, &r->err, number, sizeof(number))) != 200 &&
	    st != 201)
		return http_refused(r, st);
	return answer(r, db, number, st);
}

int
service_jobs_list_get(struct req *r)
{
	struct service_jobs_query	 q;
	struct db			*db;
	cJSON				*j;
	int				 st;

	q.status = http_query(r, "status");
	q.after = http_query(r, "after");
	http_limit(r, &q.limit);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = service_jobs_list_read(db, &r->who, r->lang, &q, &r->err,
	    &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

int
service_jobs_get_one(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return answer(r, db, http_param(r, "number"), 200);
}

int
service_jobs_dispatch_post(struct req *r)
{
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = service_dispatch_now(db, &r->who, http_param(r, "number"),
	    &r->err)) != 200)
		return http_refused(r, st);
	return answer(r, db, http_param(r, "number"), 200);
}

int
service_jobs_cancel_post(struct req *r)
{
	const char	*reason = NULL;
	struct db	*db;
	int64_t		 version = -1;
	int		 st;

	if (r->json != NULL && cJSON_IsObject(r->json)) {
		if (json_get_string(r->json, "reason", SIZE_MAX,
		    &reason) == -1)
			http_field_error(r, "reason", "a text");
		/* absent stays -1, not a number 0: both refused as 422 */
		if ((st = json_get_int(r->json, "version", 1, INT32_MAX,
		    &version)) == -1)
			version = 0;
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = service_jobs_cancel(db, &r->who, http_param(r, "number"),
	    version, reason, &r->err)) != 200)
		return http_refused(r, st);
	return answer(r, db, http_param(r, "number"), 200);
}
