/*
 * ledger_fees_http.c: GET /api/v1/dealers/{id}/fees?from=YYYY-MM&to=YYYY-MM
 * The fee inquiry: a dealer's fees, rebates, credit notes and
 * adjustments by period and kind, with their totals (summed by SQL over
 * the dealer-and-period index).
 */
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

static const char sql_fees[] =
	"SELECT period, kind, COUNT(*), SUM(amount) FROM ledger_entries "
	"WHERE dealer_id = ? AND period BETWEEN ? AND ? AND kind IN ('fee', "
	"'rebate', 'credit_note', 'adjustment') GROUP BY period, kind "
	"ORDER BY period, kind";

int
ledger_fees_get(struct req *r)
{
	const char	*from = http_query(r, "from"), *to = http_query(r, "to");
	char		 today[11], first[11];
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 dealer;
	cJSON		*j, *rows, *totals, *it, *t;
	const char	*kind;
	int		 rc;

	util_china_date(today, sizeof(today), 0);
	util_china_date(first, sizeof(first), -365);
	today[7] = first[7] = '\0';
	if (from == NULL || *from == '\0')
		from = first;
	if (to == NULL || *to == '\0')
		to = today;
	if (!util_month_ok(from))
		http_field_error(r, "from", "YYYY-MM");
	if (!util_month_ok(to) || strcmp(to, from) < 0)
		http_field_error(r, "to", "YYYY-MM, not before from");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = ledger_dealer(r, db, 0, &dealer)) != 0)
		return rc;
	if ((s = db_prepare(db, sql_fees)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, from) == -1 ||
	    db_bind_text(s, 2, to) == -1) {
		db_stmt_release(s);
		return 500;
	}
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "from", from);
	cJSON_AddStringToObject(j, "to", to);
	rows = cJSON_AddArrayToObject(j, "rows");
	totals = cJSON_AddObjectToObject(j, "totals");
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		kind = db_col_text(s, 1, NULL);
		cJSON_AddStringToObject(it, "period", db_col_text(s, 0, NULL));
		cJSON_AddStringToObject(it, "kind", kind);
		cJSON_AddNumberToObject(it, "count", (double)db_col_int(s, 2));
		cJSON_AddNumberToObject(it, "total", (double)db_col_int(s, 3));
		/* exact in fen: whole numbers below 2^53 */
		if ((t = cJSON_GetObjectItemCaseSensitive(totals, kind)) == NULL)
			cJSON_AddNumberToObject(totals, kind,
			    (double)db_col_int(s, 3));
		else
			cJSON_SetNumberValue(t, t->valuedouble +
			    (double)db_col_int(s, 3));
		cJSON_AddItemToArray(rows, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}
