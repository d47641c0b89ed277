/*
 * ledger_periods_db.c: closing a month (ledger_close(), for
 * POST /api/v1/periods/{yyyy-mm}/close and the overview's form): HQ's finance
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

#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "ledger.h"

static const char sql_hold[] =
	"SELECT id FROM posting_lock WHERE id = 1 LOCK IN SHARE MODE";
static const char sql_lock[] =
	"UPDATE posting_lock SET version = version + 1 WHERE id = 1";
static const char sql_last[] =
	"SELECT COALESCE(MAX(period), ''), COALESCE(SUM(period = ?), 0), "
	"COALESCE(MIN(IF(period = ?, statements_done, 1)), 1), "
	"COALESCE(MIN(statements_done), 1) FROM periods";
static const char sql_close[] =
	"INSERT INTO periods (period, closed_by, statements_done) "
	"VALUES (?, ?, 0)";
/* a write (closes changes), so that Galera certifies it */
static const char sql_months[] =
	"INSERT INTO ledger_months (dealer_id, period, closes) SELECT id, ?, 1 "
	"FROM orgs WHERE kind = 'dealer' ORDER BY id "
	"ON DUPLICATE KEY UPDATE closes = closes + 1";
static const char sql_done[] =
	"UPDATE periods SET statements_done = 1 WHERE period = ? AND "
	"statements_done = 0";
/* period ? (x4): a row or two per dealer, however long the ledger */
static const char sql_statements[] =
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
	"d.kind = 'dealer') x";
/* each dealer's finance people hear its statement is ready */
static const char sql_notify[] =
	"INSERT INTO notify_events (kind, object_type, object_ref, dealer_id, "
	"params) SELECT 'statement.ready', 'statement', CONCAT(s.dealer_id, "
	"'/', s.period), s.dealer_id, JSON_OBJECT('period', s.period) FROM "
	"statements s WHERE s.period = ?";
static const char sql_tally[] =
	"INSERT INTO statement_tally (period, region_id, status, n) SELECT "
	"period, region_id, 'open', COUNT(*) FROM statements WHERE period = ? "
	"GROUP BY region_id";

/* Hold the posting lock shared, in the caller's transaction: 0 or -1. */
int
ledger_hold(struct db *db)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql_hold)) == NULL)
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
close_gate(struct db *db, const struct principal *who, const char *p,
    struct fault *f)
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
	s = db_prepare(db, sql_lock);
	ok = s != NULL && db_exec(s) == 0 && db_affected(s) == 1;
	db_stmt_release(s);
	s = ok ? db_prepare(db, sql_last) : NULL;
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
		return closed > 0 && !done ? 1 : fault_set(f, 409,
		    "period_closed", "%s is closed already", p);
	}
	if (!all_done || (last[0] != '\0' && (ledger_next_month(last, next,
	    sizeof(next)), strcmp(p, next) != 0))) {
		db_rollback(db);
		return fault_set(f, 409, "period_order", "close %s first",
		    !all_done ? last : next);
	}
	s = db_prepare(db, sql_close);
	ok = s != NULL && db_bind_text(s, 0, p) == 0 &&
	    db_bind_int(s, 1, who->user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	/*
	 * The month's row of every dealer, which each posting of the month
	 * writes too: across Galera nodes, a posting's commit in flight that
	 * did not see this close meets it at certification, and one of the
	 * two runs again (the posting then into the next month).
	 */
	ok = ok && db_execv(db, sql_months, NULL, "t", p) >= 0;
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return db_is_duplicate(db) ? fault_set(f, 409,
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
	s = db_prepare(db, sql_statements);
	ok = s != NULL && db_bind_text(s, 0, p) == 0 &&
	    db_bind_text(s, 1, p) == 0 && db_bind_text(s, 2, p) == 0 &&
	    db_bind_text(s, 3, p) == 0 && db_exec(s) == 0;
	n = ok ? (int64_t)db_affected(s) : 0;
	db_stmt_release(s);
	ok = ok && db_execv(db, sql_tally, NULL, "t", p) >= 0;
	ok = ok && (!notify_settings.enabled ||
	    db_execv(db, sql_notify, NULL, "t", p) >= 0);
	if (ok && db_execv(db, sql_done, NULL, "t", p) != 1) {
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

/* Close month p (HQ's finance clerks): 200 and how many statements. */
int
ledger_close(struct db *db, const struct principal *who, const char *p,
    struct fault *f, int64_t *n)
{
	char		 today[11];
	int		 st, raced;

	*n = 0;
	if (who->kind != ORG_HQ || !(who->roles & ROLE_FINANCE_CLERK)) {
		fault_clear(f);
		return fault_set(f, 403, "forbidden", "HQ's finance clerks "
		    "close months");
	}
	util_china_date(today, sizeof(today), 0);
	today[7] = '\0';
	if (p == NULL || !util_month_ok(p) || strcmp(p, today) > 0)
		fault_field(f, "period", "YYYY-MM, this month or before");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the period");
	if ((st = close_gate(db, who, p, f)) > 1)
		return st;
	if ((*n = close_statements(db, p, &raced)) == -1) {
		if (raced)
			return fault_set(f, 409, "period_closed", "%s is "
			    "closed already", p);
		/* closed to postings; asking again writes the statements */
		return fault_set(f, 503, "unavailable", "%s is closed; its "
		    "statements are not written yet: try again", p);
	}
	return 200;
}
