/*
 * approvals_decide_http.c: the API's doors to the decisions
 * (approvals_decide_db.c): each reads its JSON body and answers with the
 * order as the caller now sees it.
 */
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "../orders/orders.h"
#include "approvals.h"

/* A decision's JSON body: its version and text fields, then the answer. */
enum verdict { V_APPROVE, V_REJECT, V_ESCALATE };

static int
decide_post(struct req *r, enum verdict v)
{
	const char	*number = http_param(r, "number"), *reason, *promised;
	int64_t		 version;
	int		 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	version = orders_json_version(r->json);
	if (v == V_APPROVE) {
		promised = orders_json_text(r, r->json, "promised_date",
		    "YYYY-MM-DD, today or later");
		reason = orders_json_text(r, r->json, "override_reason",
		    "at most 1000 characters");
		st = approvals_approve(http_db(r), &r->who, number, version,
		    promised, reason, &r->err);
	} else {
		reason = orders_json_text(r, r->json, "reason",
		    "required: 1 to 1000 characters");
		st = (v == V_REJECT ? approvals_reject : approvals_escalate)(
		    http_db(r), &r->who, number, version, reason, &r->err);
	}
	return st == 200 ? orders_answer(r, number) : http_refused(r, st);
}

/* POST /api/v1/orders/{number}/approve {"promised_date","override_reason","version"} */
int
approvals_approve_post(struct req *r)
{
	return decide_post(r, V_APPROVE);
}

/* POST /api/v1/orders/{number}/reject {"reason","version"} */
int
approvals_reject_post(struct req *r)
{
	return decide_post(r, V_REJECT);
}

/* POST /api/v1/orders/{number}/escalate {"reason","version"} */
int
approvals_escalate_post(struct req *r)
{
	return decide_post(r, V_ESCALATE);
}
