/*
 * home_db.c: what the home page reads for a dealer's user: its open
 * orders and its open complaints (the next clock first), untranslated
 */
#include <stdio.h>

#include "../db/db.h"
#include "home.h"

/* on orders_dealer_status: only the open ones are read */
static const char sql_orders[] =
	"SELECT number, status, total, COALESCE(promised_date, '') FROM "
	"orders WHERE dealer_id = ? AND status IN ('submitted', 'approved', "
	"'escalated', 'scheduled', 'in_production', 'shipped') ORDER BY id "
	"DESC LIMIT 5";
static const char sql_complaints[] =
	"SELECT number, subject, status, TIMESTAMPDIFF(MINUTE, "
	"UTC_TIMESTAMP(6), next_due) FROM complaints WHERE dealer_id = ? AND "
	"status <> 'resolved' ORDER BY next_due LIMIT 5";

/*
 * The dealer's open orders (complaints 0) or complaints (1), at most
 * HOME_ROWS, into rows: how many, or -1.
 */
int
home_rows_read(struct db *db, int64_t dealer, int complaints,
    struct home_row *rows)
{
	struct db_stmt	*s;
	struct home_row	*it;
	int		 rc, n = 0;

	if ((s = db_preparef(db, complaints ? sql_complaints : sql_orders, "i",
	    dealer)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW && n < HOME_ROWS) {
		it = &rows[n++];
		snprintf(it->number, sizeof(it->number), "%s",
		    db_col_text(s, 0, NULL));
		if (!complaints) {
			snprintf(it->status, sizeof(it->status), "%s",
			    db_col_text(s, 1, NULL));
			it->total = db_col_int(s, 2);
			snprintf(it->promised, sizeof(it->promised), "%s",
			    db_col_text(s, 3, NULL));
		} else {
			snprintf(it->subject, sizeof(it->subject), "%s",
			    db_col_text(s, 1, NULL));
			snprintf(it->status, sizeof(it->status), "%s",
			    db_col_text(s, 2, NULL));
			it->minutes = (long)db_col_int(s, 3);
		}
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : n;
}
