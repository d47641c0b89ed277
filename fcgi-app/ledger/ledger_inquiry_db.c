/*
 * ledger_inquiry_db.c: reads of a dealer's entries by period and kind,
 * below the JSON handlers and the account page: the fee inquiry and the
 * export's rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "ledger.h"

static const char sql_fees[] =
	"SELECT period, kind, COUNT(*), SUM(amount) FROM ledger_entries "
	"WHERE dealer_id = ? AND period BETWEEN ? AND ? AND kind IN ('fee', "
	"'rebate', 'credit_note', 'adjustment') GROUP BY period, kind "
	"ORDER BY period, kind";
static const char sql_export[] =
	"SELECT id, DATE_FORMAT(posted_on, '%Y-%m-%d'), period, kind, "
	"reference, memo, COALESCE(po_number, ''), amount FROM ledger_entries "
	"WHERE dealer_id = ? AND "
	"(? = '' OR kind = ?) AND (? = '' OR period = ?) ORDER BY id LIMIT ?";

/*
 * The fee inquiry: the dealer's fees, rebates, credit notes and
 * adjustments by period and kind from month from to month to (NULL or
 * "": the last year), with their totals (summed by SQL over the
 * dealer-and-period index).
 */
void
ledger_fees_free(struct ledger_fees *x)
{
	free(x->rows);
	x->rows = NULL;
	x->n = 0;
}

int
ledger_fees_read(struct db *db, const struct principal *who, int64_t dealer,
    const char *from, const char *to, struct fault *f, struct ledger_fees *out)
{
	char		 today[11], first[11];
	struct ledger_fee *row, *more;
	struct db_stmt	*s;
	size_t		 cap = 0;
	int		 rc;

	memset(out, 0, sizeof(*out));
	util_china_date(today, sizeof(today), 0);
	util_china_date(first, sizeof(first), -365);
	today[7] = first[7] = '\0';
	if (from == NULL || *from == '\0')
		from = first;
	if (to == NULL || *to == '\0')
		to = today;
	if (!util_month_ok(from))
		fault_field(f, "from", "YYYY-MM");
	if (!util_month_ok(to) || strcmp(to, from) < 0)
		fault_field(f, "to", "YYYY-MM, not before from");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if ((rc = ledger_reach(db, who, 0, dealer, f)) != 0)
		return rc;
	if ((s = db_prepare(db, sql_fees)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, from) == -1 ||
	    db_bind_text(s, 2, to) == -1) {
		db_stmt_release(s);
		return 500;
	}
	snprintf(out->from, sizeof(out->from), "%.7s", from);
	snprintf(out->to, sizeof(out->to), "%.7s", to);
	while ((rc = db_step(s)) == DB_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((more = realloc(out->rows, cap *
			    sizeof(*more))) == NULL) {
				rc = DB_ERROR;
				break;
			}
			out->rows = more;
		}
		row = &out->rows[out->n++];
		snprintf(row->period, sizeof(row->period), "%s",
		    db_col_text(s, 0, NULL));
		snprintf(row->kind, sizeof(row->kind), "%s", db_col_text(s, 1,
		    NULL));
		row->count = db_col_int(s, 2);
		row->total = db_col_int(s, 3);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		ledger_fees_free(out);
		return 500;
	}
	return 200;
}

/*
 * The dealer's entries for the export, oldest first, filtered by kind
 * and period ("": any): each row's seven text columns (id, posted_on,
 * period, kind, reference, memo, po_number) and its amount to row(ctx, ...), at most
 * max.  The number of rows, max + 1 if there are more, or -1.
 */
int
ledger_export_read(struct db *db, int64_t dealer, const char *kind,
    const char *period, int max, void (*row)(void *, const char *const *,
    int64_t), void *ctx)
{
	struct db_stmt	*s;
	const char	*f[7];
	int		 rc, i, n = 0;

	if ((s = db_prepare(db, sql_export)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, kind) == -1 ||
	    db_bind_text(s, 2, kind) == -1 || db_bind_text(s, 3, period) == -1 ||
	    db_bind_text(s, 4, period) == -1 ||
	    db_bind_int(s, 5, max + 1) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW && n++ < max) {
		for (i = 0; i < 7; i++)
			f[i] = db_col_text(s, i, NULL);
		row(ctx, f, db_col_int(s, 7));
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : rc == DB_ROW ? max + 1 : n;
}
