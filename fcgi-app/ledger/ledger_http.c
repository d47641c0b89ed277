/*
 * ledger_http.c: a dealer's account (ledger_db.c does the work)
 *   GET  /api/v1/dealers/{id}/ledger?kind=&period=&after=&limit=
 *   POST /api/v1/dealers/{id}/ledger {"kind","amount","reference","memo"}
 *   POST /api/v1/ledger/{id}/reverse {"memo"}
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

/*
 * The dealer of the path, if the caller's scope (read or write) reaches
 * it: 0, else the status to answer (404 outside it).
 */
int
ledger_dealer(struct req *r, struct db *db, int write, int64_t *dealer)
{
	*dealer = http_param_id(r, "id");
	return ledger_reach(db, &r->who, write, *dealer, &r->err);
}

/* Answer an operation's status: its JSON, or its refusal. */
int
ledger_answer(struct req *r, int st, cJSON *j)
{
	return j != NULL ? http_json(r, st, j) : http_refused(r, st);
}

int
ledger_list_get(struct req *r)
{
	struct http_paging pg;
	struct db	*db;
	cJSON		*j;
	int		 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_entries_read(db, &r->who, http_param_id(r, "id"),
	    http_query(r, "kind"), http_query(r, "period"), pg.after, pg.limit,
	    &r->err, &j);
	return ledger_answer(r, st, j);
}

/* POST /api/v1/dealers/{id}/ledger */
int
ledger_entry_post(struct req *r)
{
	struct ledger_posting p;
	struct db	*db;
	cJSON		*j;
	int		 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&p, 0, sizeof(p));
	/* a wrong type is a missing value to the operation's checks */
	json_get_string(r->json, "kind", 16, &p.kind);
	p.amount_ok = json_get_int(r->json, "amount", -LEDGER_MAX, LEDGER_MAX,
	    &p.amount) == 0;
	json_get_string(r->json, "reference", 64, &p.reference);
	if (json_get_string(r->json, "memo", 500, &p.memo) == -1)
		http_field_error(r, "memo", "at most 500 characters");
	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_post(db, &r->who, http_param_id(r, "id"), &p, &r->err, &j);
	return ledger_answer(r, st, j);
}

/* POST /api/v1/ledger/{id}/reverse {"memo"}: the entry undone, once */
int
ledger_reverse_post(struct req *r)
{
	const char	*memo = NULL;
	struct db	*db;
	cJSON		*j;
	int		 st;

	if (r->json != NULL && (!cJSON_IsObject(r->json) ||
	    json_get_string(r->json, "memo", 500, &memo) == -1))
		http_field_error(r, "memo", "at most 500 characters");
	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_reverse(db, &r->who, http_param_id(r, "id"), memo, &r->err,
	    &j);
	return ledger_answer(r, st, j);
}
