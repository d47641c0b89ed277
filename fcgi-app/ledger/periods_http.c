/*
 * periods_http.c: POST /api/v1/periods/{yyyy-mm}/close: HQ's finance
 * clerks close a month, and every dealer's statement of it is written.
 * A close takes the posting lock exclusively (postings take it shared,
 * ledger_hold, and by their foreign key to it), so no posting is half in
 * it, on one server or across Galera nodes: one committed before is in
 * the statements, one after lands in the next month.  For every dealer it
 * writes opening balance (every entry before the month), the month's
 * entries and the closing balance; the table's CHECK holds closing =
 * opening + entries.  Months close in order; closing one twice is 409.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

enum stmt { STMT_HOLD, STMT_LOCK, STMT_LAST, STMT_CLOSE, STMT_STATEMENTS,
	STMT_TALLY, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT id FROM posting_lock WHERE id = 1 LOCK IN SHARE MODE",
	"UPDATE posting_lock SET version = version + 1 WHERE id = 1",
	"SELECT COALESCE(MAX(period), ''), COALESCE(SUM(period = ?), 0) FROM "
	"periods",
	"INSERT INTO periods (period, closed_by) VALUES (?, ?)",
	"INSERT INTO statements (dealer_id, region_id, period, opening_balance, "
	"entries_total, closing_balance, entry_count) SELECT d.id, d.region_id, "
	"?, COALESCE(SUM(IF(l.period < ?, l.amount, 0)), 0), COALESCE(SUM(IF("
	"l.period = ?, l.amount, 0)), 0), COALESCE(SUM(l.amount), 0), "
	"COUNT(IF(l.period = ?, 1, NULL)) FROM orgs d LEFT JOIN ledger_entries "
	"l ON l.dealer_id = d.id AND l.period <= ? WHERE d.kind = 'dealer' "
	"GROUP BY d.id",
	"INSERT INTO statement_tally (period, region_id, status, n) SELECT "
	"period, region_id, 'open', COUNT(*) FROM statements WHERE period = ? "
	"GROUP BY region_id",
};

/* Hold the posting lock shared, in the caller's transaction: 0 or -1. */
int
ledger_hold(struct db *db)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, stmts[STMT_HOLD])) == NULL)
		return -1;
	rc = db_step(s);
	db_stmt_release(s);
	return rc == DB_ROW ? 0 : -1;
}

/* POST /api/v1/periods/{yyyy-mm}/close */
int
ledger_close_post(struct req *r)
{
	const char	*p = http_param(r, "period");
	struct db_stmt	*s;
	struct db	*db;
	char		 today[11], last[8] = "", next[16];
	int64_t		 closed = 0, n = 0;
	cJSON		*j;
	int		 ok;

	if (r->who.kind != ORG_HQ || !(r->who.roles & ROLE_FINANCE_CLERK))
		return http_error(r, 403, "forbidden", "HQ's finance clerks "
		    "close months");
	util_china_date(today, sizeof(today), 0);
	today[7] = '\0';
	if (!util_month_ok(p) || strcmp(p, today) > 0)
		http_field_error(r, "period", "YYYY-MM, this month or before");
	if (r->err_fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the period");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	/*
	 * Every posting in flight commits first; new ones wait for us.  The
	 * lock is a write, so that on Galera it also meets the postings of
	 * other nodes: each posting's foreign key to this row (migration
	 * 0023) makes the two certify against each other.
	 */
	s = db_prepare(db, stmts[STMT_LOCK]);
	ok = s != NULL && db_exec(s) == 0 && db_affected(s) == 1;
	db_stmt_release(s);
	s = ok ? db_prepare(db, stmts[STMT_LAST]) : NULL;
	ok = s != NULL && db_bind_text(s, 0, p) == 0 && db_step(s) == DB_ROW;
	if (ok) {
		snprintf(last, sizeof(last), "%s", db_col_text(s, 0, NULL));
		closed = db_col_int(s, 1);
	}
	db_stmt_release(s);
	if (!ok) {
		db_rollback(db);
		return 500;
	}
	if (closed > 0 || (last[0] != '\0' && strcmp(p, last) < 0)) {
		db_rollback(db);
		return http_error(r, 409, "period_closed", "%s is closed "
		    "already", p);
	}
	if (last[0] != '\0' && (ledger_next_month(last, next, sizeof(next)),
	    strcmp(p, next) != 0)) {
		db_rollback(db);
		return http_error(r, 409, "period_order", "close %s first", next);
	}
	s = db_prepare(db, stmts[STMT_CLOSE]);
	ok = s != NULL && db_bind_text(s, 0, p) == 0 &&
	    db_bind_int(s, 1, r->who.user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	s = ok ? db_prepare(db, stmts[STMT_STATEMENTS]) : NULL;
	ok = s != NULL && db_bind_text(s, 0, p) == 0 &&
	    db_bind_text(s, 1, p) == 0 && db_bind_text(s, 2, p) == 0 &&
	    db_bind_text(s, 3, p) == 0 && db_bind_text(s, 4, p) == 0 &&
	    db_exec(s) == 0;
	n = ok ? (int64_t)db_affected(s) : 0;
	db_stmt_release(s);
	ok = ok && db_execv(db, stmts[STMT_TALLY], NULL, "t", p) >= 0;
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return db_errno(db) == 1062 ? http_error(r, 409,
		    "period_closed", "%s is closed already", p) : 500;
	}
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "period", p);
	cJSON_AddNumberToObject(j, "statements", (double)n);
	return http_json(r, 200, j);
}
