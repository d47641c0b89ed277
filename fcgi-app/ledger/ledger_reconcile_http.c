/*
 * ledger_reconcile_http.c: reconciling a closed month's statement (DESIGN §4)
 *   POST /api/v1/dealers/{id}/statements/{yyyy-mm}/confirm {"version"}
 *   POST .../dispute {"lines":[entry ids],"reason","version"}
 *					the dealer's own finance users
 *   POST .../resolve {"outcome":"adjust"|"reject","amount","reason"}
 *					finance clerks of its region or HQ
 * An open statement is confirmed or disputed; a dispute names lines of
 * the statement and opens a billing complaint (its 24-hour clock runs);
 * a clerk settles it with an adjustment, posted in the next open month,
 * or rejects it with a reason, and that resolves the complaint.  Each
 * locks the statement, moves it conditionally on its version and status,
 * and writes all it touches in one transaction; a retry of the same
 * request answers what it did (200), another is 409
 * (ledger_reconcile_db.c).
 */
#include "../http/http.h"
#include "ledger.h"

/* The optional "version" of the body: -1 if none, -2 if not one. */
static int64_t
version_of(struct req *r)
{
	int64_t	 v = -1;

	if (r->json != NULL && !cJSON_IsObject(r->json))
		http_field_error(r, "body", "a JSON object");
	else if (r->json != NULL && json_get_int(r->json, "version", 1,
	    INT32_MAX, &v) == -1)
		return -2;
	return v;
}

/* POST .../confirm: the dealer agrees with the statement */
int
ledger_confirm_post(struct req *r)
{
	int64_t		 version = version_of(r);
	struct ledger_statement x;
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return ledger_statement_answer(r, ledger_confirm(db, &r->who,
	    http_param_id(r, "id"), http_param(r, "period"), version, r->lang,
	    &r->err, &x), &x);
}

/* POST .../dispute {"lines","reason","version"}: lines the dealer contests */
int
ledger_dispute_post(struct req *r)
{
	int64_t		 ids[LEDGER_DISPUTE_LINES], version = version_of(r);
	const char	*reason = NULL;
	struct ledger_statement x;
	struct db	*db;
	int		 n = -1;

	if (cJSON_IsObject(r->json)) {
		n = ledger_lines_parse(cJSON_GetObjectItemCaseSensitive(r->json,
		    "lines"), ids, LEDGER_DISPUTE_LINES);
		json_get_string(r->json, "reason", 4000, &reason);
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	return ledger_statement_answer(r, ledger_dispute(db, &r->who,
	    http_param_id(r, "id"), http_param(r, "period"), ids, n, reason,
	    version, r->lang, &r->err, &x), &x);
}

/* POST .../resolve {"outcome","amount","reason"}: a clerk settles it */
int
ledger_settle_post(struct req *r)
{
	struct ledger_settlement x = { NULL, 0, 1, NULL };
	struct ledger_statement s;
	struct db	*db;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	json_get_string(r->json, "outcome", 8, &x.outcome);
	x.amount_rc = json_get_int(r->json, "amount", -LEDGER_MAX, LEDGER_MAX,
	    &x.amount);
	json_get_string(r->json, "reason", 4000, &x.reason);
	if ((db = http_db(r)) == NULL)
		return 503;
	return ledger_statement_answer(r, ledger_settle(db, &r->who,
	    http_param_id(r, "id"), http_param(r, "period"), &x, r->lang,
	    &r->err, &s), &s);
}
