/*
 * ledger_fees_http.c: GET /api/v1/dealers/{id}/fees?from=YYYY-MM&to=YYYY-MM
 * The fee inquiry (ledger_fees_read()): a dealer's fees, rebates, credit
 * notes and adjustments by period and kind, with their totals.
 */
#include "../http/http.h"
#include "ledger.h"

/* The inquiry as the API shows it: its rows, and the totals by kind. */
cJSON *
ledger_fees_json(const struct ledger_fees *x)
{
	const struct ledger_fee *f;
	cJSON		*j = cJSON_CreateObject(), *rows, *totals, *it, *t;
	size_t		 i;

	cJSON_AddStringToObject(j, "from", x->from);
	cJSON_AddStringToObject(j, "to", x->to);
	rows = cJSON_AddArrayToObject(j, "rows");
	totals = cJSON_AddObjectToObject(j, "totals");
	for (i = 0; i < x->n; i++) {
		f = &x->rows[i];
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "period", f->period);
		cJSON_AddStringToObject(it, "kind", f->kind);
		cJSON_AddNumberToObject(it, "count", (double)f->count);
		cJSON_AddNumberToObject(it, "total", (double)f->total);
		/* exact in fen: whole numbers below 2^53 */
		if ((t = cJSON_GetObjectItemCaseSensitive(totals, f->kind)) ==
		    NULL)
			cJSON_AddNumberToObject(totals, f->kind,
			    (double)f->total);
		else
			cJSON_SetNumberValue(t, t->valuedouble +
			    (double)f->total);
		cJSON_AddItemToArray(rows, it);
	}
	return j;
}

int
ledger_fees_get(struct req *r)
{
	struct ledger_fees x;
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_fees_read(db, &r->who, http_param_id(r, "id"),
	    http_query(r, "from"), http_query(r, "to"), &r->err, &x)) != 200)
		return http_refused(r, st);
	st = http_json(r, 200, ledger_fees_json(&x));
	ledger_fees_free(&x);
	return st;
}
