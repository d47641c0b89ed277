/*
 * ledger_periods_http.c: POST /api/v1/periods/{yyyy-mm}/close: HQ's finance
 * clerks close a month, and every dealer's statement of it is written.
 * Two steps (migration 0024).  The first, short, closes the month to
 * postings: it takes the posting lock exclusively (postings take it
 * shared, ledger_hold, so on one server none is half in it) and writes
 * the month's row of every dealer in ledger_months, which each posting
 * writes too (migration 0026): on Galera a posting of the month that the
 * close did not see fails certification against it and runs again, into
 * the next month.  A posting committed before is in the statements, one
 * after lands in the next month.  The second step writes for every dealer
 * opening balance (the previous statement's closing; for a dealer's first,
 * its earlier months), the month's total and closing balance; the table's
 * CHECK holds closing = opening + entries.  It reads a row or two per
 * dealer, never the ledger, and takes no locks on what it reads, so
 * postings do not wait for it.  Months close in order; closing one twice
 * is 409.
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

enum stmt { STMT_HOLD, STMT_LOCK, STMT_LAST, STMT_CLOSE, STMT_MONTHS,
	STMT_DONE, STMT_STATEMENTS, STMT_TALLY, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT id FROM posting_lock WHERE id = 1 LOCK IN SHARE MODE",
	"UPDATE posting_lock SET version = version + 1 WHERE id = 1",
	"SELECT COALESCE(MAX(period), ''), COALESCE(SUM(period = ?), 0), "
	"COALESCE(MIN(IF(period = ?, statements_done, 1)), 1), "
	"COALESCE(MIN(statements_done), 1) FROM periods",
	"INSERT INTO periods (period, closed_by, statements_done) "
	"VALUES (?, ?, 0)",
	/* a write (closes changes), so that Galera certifies it */
	"INSERT INTO ledger_months (dealer_id, period, closes) SELECT id, ?, 1 "
	"FROM orgs WHERE kind = 'dealer' ORDER BY id "
	"ON DUPLICATE KEY UPDATE closes = closes + 1",
	"UPDATE periods SET statements_done = 1 WHERE period = ? AND "
	"statements_done = 0",
	/* period ? (x4): a row or two per dealer, however long the ledger */
	"INSERT INTO statements (dealer_id, region_id, period, opening_balance, "
	"entries_total, closing_balance, entry_count) SELECT x.id, "
	"x.region_id, ?, x.opening, x.total, x.opening + x.total, x.n FROM ("
	"SELECT d.id, d.region_id, COALESCE(m.total, 0) AS total, "
	"COALESCE(m.n, 0) AS n, COALESCE((SELECT s.closing_balance FROM "
	"statements s WHERE s.dealer_id = d.id AND s.period = (SELECT "
	"MAX(p.period) FROM periods p WHERE p.period < ?)), (SELECT "
	"COALESCE(SUM(h.total), 0) FROM ledger_months h WHERE h.dealer_id = "
	"d.id AND h.period < ?)) AS opening FROM orgs d LEFT JOIN "
	"ledger_months m ON m.dealer_id = d.id AND m.period = ? WHERE "
	"d.kind = 'dealer') x",
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

/*
 * Step 1, short: take the posting lock and close month p to postings (its
 * row in periods, statements not done yet).  0 done; 1 closed before but
 * its statements are not written (a close cut off: step 2 finishes it);
 * else the answer's status.
 */
static int
close_gate(struct req *r, struct db *db, const char *p)
{
	struct db_stmt	*s;
	char		 last[8] = "", next[16];
	int64_t		 closed = 0, done = 1, all_done = 1;
	int		 ok;

	if (db_begin(db) == -1)
		return 503;
	/*
	 * On this node, every posting in flight commits first and new ones
	 * wait for us.  Other Galera nodes' postings are met by the month's
	 * rows below: a write against their foreign key to this row (0023)
	 * is no certification conflict.
	 */
	s = db_prepare(db, stmts[STMT_LOCK]);
	ok = s != NULL && db_exec(s) == 0 && db_affected(s) == 1;
	db_stmt_release(s);
	s = ok ? db_prepare(db, stmts[STMT_LAST]) : NULL;
	ok = s != NULL && db_bind_text(s, 0, p) == 0 &&
	    db_bind_text(s, 1, p) == 0 && db_step(s) == DB_ROW;
	if (ok) {
		snprintf(last, sizeof(last), "%s", db_col_text(s, 0, NULL));
		closed = db_col_int(s, 1);
		done = db_col_int(s, 2);
		all_done = db_col_int(s, 3);
	}
	db_stmt_release(s);
	if (!ok) {
		db_rollback(db);
		return 500;
	}
	if (closed > 0 || (last[0] != '\0' && strcmp(p, last) < 0)) {
		db_rollback(db);
		return closed > 0 && !done ? 1 : http_error(r, 409,
		    "period_closed", "%s is closed already", p);
	}
	if (!all_done || (last[0] != '\0' && (ledger_next_month(last, next,
	    sizeof(next)), strcmp(p, next) != 0))) {
		db_rollback(db);
		return http_error(r, 409, "period_order", "close %s first",
		    !all_done ? last : next);
	}
	s = db_prepare(db, stmts[STMT_CLOSE]);
	ok = s != NULL && db_bind_text(s, 0, p) == 0 &&
	    db_bind_int(s, 1, r->who.user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	/*
	 * The month's row of every dealer, which each posting of the month
	 * writes too: across Galera nodes, a posting's commit in flight that
	 * did not see this close meets it at certification, and one of the
	 * two runs again (the posting then into the next month).
	 */
	ok = ok && db_execv(db, stmts[STMT_MONTHS], NULL, "t", p) >= 0;
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return db_is_duplicate(db) ? http_error(r, 409,
		    "period_closed", "%s is closed already", p) : 500;
	}
	return 0;
}

/*
 * Step 2: every dealer's statement of p, the tally, and p marked done, in
 * one transaction that no posting meets (they all land after p now).  It
 * reads committed rows without locking them (READ COMMITTED: no shared
 * locks on what INSERT ... SELECT reads; the binary log is row-based, as
 * Galera needs and deploy/mariadb sets), and marks p done last, so that
 * postings, which read the periods, wait for no more than its commit.  Of
 * two closes finishing p, the second meets the first's statements (1062).
 * The number of statements, or -1; *raced: another close did it first.
 */
static int64_t
close_statements(struct db *db, const char *p, int *raced)
{
	struct db_stmt	*s;
	int64_t		 n = 0;
	int		 ok;

	*raced = 0;
	if (db_run(db, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED") == -1 ||
	    db_begin(db) == -1)
		return -1;
	s = db_prepare(db, stmts[STMT_STATEMENTS]);
	ok = s != NULL && db_bind_text(s, 0, p) == 0 &&
	    db_bind_text(s, 1, p) == 0 && db_bind_text(s, 2, p) == 0 &&
	    db_bind_text(s, 3, p) == 0 && db_exec(s) == 0;
	n = ok ? (int64_t)db_affected(s) : 0;
	db_stmt_release(s);
	ok = ok && db_execv(db, stmts[STMT_TALLY], NULL, "t", p) >= 0;
	if (ok && db_execv(db, stmts[STMT_DONE], NULL, "t", p) != 1) {
		ok = 0;
		*raced = db_errno(db) == 0;
	}
	if (!ok || db_commit(db) == -1) {
		if (db_is_duplicate(db))
			*raced = 1;
		db_rollback(db);
		return -1;
	}
	return n;
}

/* POST /api/v1/periods/{yyyy-mm}/close */
int
ledger_close_post(struct req *r)
{
	const char	*p = http_param(r, "period");
	struct db	*db;
	char		 today[11];
	int64_t		 n;
	cJSON		*j;
	int		 st, raced;

	if (r->who.kind != ORG_HQ || !(r->who.roles & ROLE_FINANCE_CLERK))
		return http_error(r, 403, "forbidden", "HQ's finance clerks "
		    "close months");
	util_china_date(today, sizeof(today), 0);
	today[7] = '\0';
	if (!util_month_ok(p) || strcmp(p, today) > 0)
		http_field_error(r, "period", "YYYY-MM, this month or before");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the period");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = close_gate(r, db, p)) > 1)
		return st;
	if ((n = close_statements(db, p, &raced)) == -1) {
		if (raced)
			return http_error(r, 409, "period_closed", "%s is "
			    "closed already", p);
		/* closed to postings; asking again writes the statements */
		return http_error(r, 503, "unavailable", "%s is closed; its "
		    "statements are not written yet: try again", p);
	}
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "period", p);
	cJSON_AddNumberToObject(j, "statements", (double)n);
	return http_json(r, 200, j);
}
