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

/* An entry as the API shows it. */
cJSON *
ledger_entry_json(const struct ledger_entry *e)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)e->id);
	cJSON_AddStringToObject(j, "kind", e->kind);
	cJSON_AddNumberToObject(j, "amount", (double)e->amount);
	cJSON_AddStringToObject(j, "posted_on", e->posted_on);
	cJSON_AddStringToObject(j, "period", e->period);
	cJSON_AddStringToObject(j, "reference", e->reference);
	cJSON_AddStringToObject(j, "memo", e->memo);
	if (*e->po_number != '\0')
		cJSON_AddStringToObject(j, "po_number", e->po_number);
	else
		cJSON_AddNullToObject(j, "po_number");
	if (e->reverses == 0)
		cJSON_AddNullToObject(j, "reverses");
	else
		cJSON_AddNumberToObject(j, "reverses", (double)e->reverses);
	return j;
}

/* A list's "next_cursor": the next page's, next (0: null, none). */
void
ledger_cursor_json(cJSON *j, int64_t next)
{
	char	 cur[24];

	if (next != 0) {
		snprintf(cur, sizeof(cur), "%lld", (long long)next);
		cJSON_AddStringToObject(j, "next_cursor", cur);
	} else
		cJSON_AddNullToObject(j, "next_cursor");
}

/* A page of an account as the API shows it. */
cJSON *
ledger_account_json(const struct ledger_account *a)
{
	cJSON	*j = cJSON_CreateObject(), *items;
	size_t	 i;

	cJSON_AddNumberToObject(j, "dealer", (double)a->dealer);
	cJSON_AddNumberToObject(j, "balance", (double)a->balance);
	items = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < a->n; i++)
		cJSON_AddItemToArray(items, ledger_entry_json(&a->items[i]));
	ledger_cursor_json(j, a->next);
	return j;
}

/* Answer an entry an operation wrote or read, or its refusal. */
static int
entry_answer(struct req *r, int st, struct ledger_entry *e)
{
	if (st != 200 && st != 201)
		return http_refused(r, st);
	st = http_json(r, st, ledger_entry_json(e));
	ledger_entry_free(e);
	return st;
}

int
ledger_list_get(struct req *r)
{
	struct ledger_account a;
	struct http_paging pg;
	struct db	*db;
	int		 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_entries_read(db, &r->who, http_param_id(r, "id"),
	    http_query(r, "kind"), http_query(r, "period"), pg.after, pg.limit,
	    &r->err, &a)) != 200)
		return http_refused(r, st);
	st = http_json(r, 200, ledger_account_json(&a));
	ledger_account_free(&a);
	return st;
}

/* POST /api/v1/dealers/{id}/ledger */
int
ledger_entry_post(struct req *r)
{
	struct ledger_posting p;
	struct ledger_entry e;
	struct db	*db;

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
	return entry_answer(r, ledger_post(db, &r->who, http_param_id(r, "id"),
	    &p, &r->err, &e), &e);
}

/* POST /api/v1/ledger/{id}/reverse {"memo"}: the entry undone, once */
int
ledger_reverse_post(struct req *r)
{
	const char	*memo = NULL;
	struct ledger_entry e;
	struct db	*db;

	if (r->json != NULL && (!cJSON_IsObject(r->json) ||
	    json_get_string(r->json, "memo", 500, &memo) == -1))
		http_field_error(r, "memo", "at most 500 characters");
	if ((db = http_db(r)) == NULL)
		return 503;
	return entry_answer(r, ledger_reverse(db, &r->who, http_param_id(r,
	    "id"), memo, &r->err, &e), &e);
}
