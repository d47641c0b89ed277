/*
 * approvals_history_db.c: the decisions taken on an order, with their reasons and
 * the figures they were taken on, for staff (an override's reason is
 * not the dealer's to read).
 */
#include "../db/db.h"
#include "approvals.h"

static const char sql_history[] =
	"SELECT a.decision, u.display_name, DATE_FORMAT(a.at + INTERVAL 8 "
	"HOUR, '%Y-%m-%d %H:%i'), a.reason, a.override_credit, "
	"COALESCE(a.promised_date, '') FROM approvals a JOIN orders o ON "
	"o.id = a.order_id JOIN users u ON u.id = a.actor_user_id WHERE "
	"o.number = ? ORDER BY a.id";

/*
 * The decisions on the order numbered number, oldest first, each to
 * row(ctx, d) (d's strings are the row's: copy what you keep).  0 or -1.
 */
int
approvals_history(struct db *db, const char *number,
    void (*row)(void *, const struct approvals_decision *), void *ctx)
{
	struct approvals_decision	 d;
	struct db_stmt			*s;
	int				 rc;

	if ((s = db_prepare(db, sql_history)) == NULL ||
	    db_bind_text(s, 0, number) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		d.decision = db_col_text(s, 0, NULL);
		d.actor = db_col_text(s, 1, NULL);
		d.at_china = db_col_text(s, 2, NULL);
		d.reason = db_col_text(s, 3, NULL);
		d.override = db_col_int(s, 4) != 0;
		d.promised_date = db_col_text(s, 5, NULL);
		row(ctx, &d);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}
