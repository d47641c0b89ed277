/*
 * approvals_limits_http.c: the credit position of a dealer, and the two limits:
 *   GET /api/v1/credit				the dealers in scope, with theirs
 *   GET /api/v1/dealers/{id}/credit		anyone whose scope reaches it
 *   PUT /api/v1/dealers/{id}/credit		finance_clerk, admin
 *   PUT /api/v1/regions/{id}/approval-limit	admin
 * through the operations of approvals_limits_db.c.
 */
#include "../http/http.h"
#include "approvals.h"

/* The dealers in scope with theirs, for ?after=&limit=: API and page. */
int
approvals_credits_find(struct req *r, cJSON **out)
{
	struct http_paging	 pg;

	http_paging(r, &pg);
	return approvals_credits_read(http_db(r), &r->who, pg.after, pg.limit,
	    r->lang, &r->err, out);
}

/* GET /api/v1/credit?after=&limit=: the dealers in scope, by id. */
int
approvals_credits_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = approvals_credits_find(r, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/* GET /api/v1/dealers/{id}/credit */
int
approvals_credit_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = approvals_credit_of(http_db(r), &r->who, http_param_id(r,
	    "id"), r->lang, &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/* PUT /api/v1/dealers/{id}/credit {"credit_limit","version"} */
int
approvals_credit_put(struct req *r)
{
	int64_t		 dealer = http_param_id(r, "id"), limit = -1;
	int64_t		 version = APPROVALS_VERSION_ANY;
	cJSON		*j;
	int		 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "credit_limit", 0, CREDIT_MAX, &limit) != 0)
		limit = -1;
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		version = 0;
	if ((st = approvals_credit_update(http_db(r), &r->who, dealer, limit,
	    version, &r->err)) != 200 ||
	    (st = approvals_credit_position(http_db(r), dealer, r->lang,
	    &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/*
 * PUT /api/v1/regions/{id}/approval-limit {"approval_limit","window_hours"}
 * window_hours, 1 to 720, is kept as it was when not sent.
 */
int
approvals_region_limit_put(struct req *r)
{
	int64_t		 region = http_param_id(r, "id"), limit = -1;
	int64_t		 hours = 0;
	cJSON		*j;
	int		 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "approval_limit", 0, CREDIT_MAX, &limit) != 0)
		limit = -1;
	if (json_get_int(r->json, "window_hours", 1, APPROVAL_WINDOW_MAX,
	    &hours) == -1)
		hours = -1;
	if ((st = approvals_region_limit_update(http_db(r), &r->who, region,
	    limit, hours, &r->err)) != 200)
		return http_refused(r, st);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "region", (double)region);
	cJSON_AddNumberToObject(j, "approval_limit", (double)limit);
	if (hours > 0)
		cJSON_AddNumberToObject(j, "window_hours", (double)hours);
	return http_json(r, 200, j);
}
