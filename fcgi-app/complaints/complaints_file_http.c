/*
 * complaints_file_http.c: POST /api/v1/complaints: a dealer files a
 * complaint, idempotently by the Idempotency-Key header (the rules are in
 * complaints_file_db.c); answers the complaint, 201 or 200 for a retry.
 */
#include <stdint.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

/* body.name as text; a wrong type as "" (the rules refuse it), or bad. */
static const char *
text(const cJSON *body, const char *name, int *bad)
{
	const char	*v;

	if (json_get_string(body, name, SIZE_MAX, &v) == -1) {
		if (bad != NULL)
			*bad = 1;
		return bad != NULL ? NULL : "";
	}
	return v;
}

/* POST /api/v1/complaints, with the Idempotency-Key header */
int
complaints_file_post(struct req *r)
{
	const char		*key = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	struct complaints_filing in;
	struct db		*db;
	char			 number[32];
	cJSON			*j;
	int			 st, found;

	http_idem_check(r, key);
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&in, 0, sizeof(in));
	in.category = text(r->json, "category", NULL);
	in.severity = text(r->json, "severity", NULL);
	in.subject = text(r->json, "subject", NULL);
	in.description = text(r->json, "description", NULL);
	in.order = text(r->json, "order", &in.order_bad);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = complaints_file(db, &r->who, &in, key, r->body, r->body_len,
	    &r->err, number, sizeof(number))) != 200 && st != 201)
		return http_refused(r, st);
	if ((j = complaints_load(db, number, &r->who, r->lang, &found)) ==
	    NULL)
		return 500;
	return http_json(r, st, j);
}
