/*
 * periods_http.c: closing a month, and the statements it produces
 *   POST /api/v1/periods/{yyyy-mm}/close			HQ finance clerks
 *   GET  /api/v1/dealers/{id}/statements/{yyyy-mm}	(.csv: the export)
 * A close takes the posting lock exclusively (postings take it shared,
 * ledger_hold), so no posting is half in it: one committed before is in
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
	STMT_GET, STMT_ENTRIES, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT id FROM posting_lock WHERE id = 1 LOCK IN SHARE MODE",
	"SELECT id FROM posting_lock WHERE id = 1 FOR UPDATE",
	"SELECT COALESCE(MAX(period), ''), COALESCE(SUM(period = ?), 0) FROM "
	"periods",
	"INSERT INTO periods (period, closed_by) VALUES (?, ?)",
	"INSERT INTO statements (dealer_id, period, opening_balance, "
	"entries_total, closing_balance, entry_count) SELECT d.id, ?, "
	"COALESCE(SUM(IF(l.period < ?, l.amount, 0)), 0), COALESCE(SUM(IF("
	"l.period = ?, l.amount, 0)), 0), COALESCE(SUM(l.amount), 0), "
	"COUNT(IF(l.period = ?, 1, NULL)) FROM orgs d LEFT JOIN ledger_entries "
	"l ON l.dealer_id = d.id AND l.period <= ? WHERE d.kind = 'dealer' "
	"GROUP BY d.id",
	"SELECT opening_balance, closing_balance, entries_total, status, "
	"version FROM statements WHERE dealer_id = ? AND period = ?",
	"SELECT id, kind, amount, DATE_FORMAT(posted_on, '%Y-%m-%d'), "
	"reference, memo FROM ledger_entries WHERE dealer_id = ? AND "
	"period = ? ORDER BY id",
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

static int
period_ok(const char *p)
{
	return p != NULL && strlen(p) == 7 && p[4] == '-' &&
	    strspn(p, "0123456789-") == 7 && strcmp(p + 5, "01") >= 0 &&
	    strcmp(p + 5, "12") <= 0;
}

/* "YYYY-MM" after p into out. */
static void
next_month(const char *p, char *out, size_t size)
{
	int	 y = atoi(p) % 10000, m = atoi(p + 5) % 100;

	if (++m > 12) {
		m = 1;
		y = (y + 1) % 10000;
	}
	snprintf(out, size, "%04d-%02d", y, m);
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
	if (!period_ok(p) || strcmp(p, today) > 0)
		http_field_error(r, "period", "YYYY-MM, this month or before");
	if (r->err_fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the period");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	/* every posting in flight commits first; new ones wait for us */
	s = db_prepare(db, stmts[STMT_LOCK]);
	ok = s != NULL && db_step(s) == DB_ROW;
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
	if (last[0] != '\0' && (next_month(last, next, sizeof(next)),
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

/*
 * The statement of the path's dealer and period into *out, if the
 * caller's scope reaches it: 0, else the status.
 */
static int
statement(struct req *r, const char *p, cJSON **out)
{
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 dealer;
	cJSON		*j, *list, *e;
	int		 st, rc;

	*out = NULL;
	if (!period_ok(p))
		return http_error(r, 404, "not_found", "no such statement");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_dealer(r, db, 0, &dealer)) != 0)
		return st;
	if ((s = db_prepare(db, stmts[STMT_GET])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, p) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return http_error(r, 404, "not_found", "no statement: the "
		    "month is not closed");
	}
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "dealer", (double)dealer);
	cJSON_AddStringToObject(j, "period", p);
	cJSON_AddNumberToObject(j, "opening_balance", (double)db_col_int(s, 0));
	cJSON_AddNumberToObject(j, "closing_balance", (double)db_col_int(s, 1));
	cJSON_AddNumberToObject(j, "entries_total", (double)db_col_int(s, 2));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 3, NULL));
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 4));
	db_stmt_release(s);
	list = cJSON_AddArrayToObject(j, "entries");
	if ((s = db_prepare(db, stmts[STMT_ENTRIES])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, p) == -1) {
		db_stmt_release(s);
		cJSON_Delete(j);
		return 500;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(e, "kind", db_col_text(s, 1, NULL));
		cJSON_AddNumberToObject(e, "amount", (double)db_col_int(s, 2));
		cJSON_AddStringToObject(e, "posted_on", db_col_text(s, 3, NULL));
		cJSON_AddStringToObject(e, "reference", db_col_text(s, 4, NULL));
		cJSON_AddStringToObject(e, "memo", db_col_text(s, 5, NULL));
		cJSON_AddItemToArray(list, e);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(j);
		return 500;
	}
	*out = j;
	return 0;
}

static int	statement_csv(struct req *, const char *);

/* GET /api/v1/dealers/{id}/statements/{yyyy-mm}[.csv] */
int
ledger_statement_get(struct req *r)
{
	const char	*p = http_param(r, "period");
	char		 period[8];
	size_t		 n = strlen(p);
	cJSON		*j;
	int		 st;

	if (n == 11 && strcmp(p + 7, ".csv") == 0) {
		snprintf(period, sizeof(period), "%.7s", p);
		return statement_csv(r, period);
	}
	if ((st = statement(r, p, &j)) != 0)
		return st;
	return http_json(r, 200, j);
}

/* One row: six text fields and an amount. */
static void
row(struct buf *b, const char *const *f, int64_t fen)
{
	char	 num[32];
	int	 i;

	for (i = 0; i < 6; i++)
		csv_put(b, f[i], 0);
	ledger_yuan(fen, num, sizeof(num));
	csv_put(b, num, 1);
}

/* The statement as CSV: opening, every entry, closing. */
static int
statement_csv(struct req *r, const char *p)
{
	static const char *const head[] = { "id", "posted_on", "kind",
	    "reference", "memo", "line", "amount_yuan" };
	const char	*f[6];
	struct buf	 b;
	const cJSON	*e;
	char		 id[24];
	cJSON		*j;
	size_t		 i;
	int		 st;

	if ((st = statement(r, p, &j)) != 0)
		return st;
	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_put(&b, head[i], i + 1 == sizeof(head) / sizeof(head[0]));
	f[0] = f[1] = f[2] = f[3] = f[4] = "";
	f[5] = "opening_balance";
	row(&b, f, (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(j, "opening_balance")));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "entries")) {
		snprintf(id, sizeof(id), "%.0f", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(e, "id")));
		f[0] = id;
		f[1] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e,
		    "posted_on"));
		f[2] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e,
		    "kind"));
		f[3] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e,
		    "reference"));
		f[4] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e,
		    "memo"));
		f[5] = "entry";
		row(&b, f, (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(e, "amount")));
	}
	f[0] = f[1] = f[2] = f[3] = f[4] = "";
	f[5] = "closing_balance";
	row(&b, f, (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(j, "closing_balance")));
	cJSON_Delete(j);
	http_header(r, "Content-Disposition",
	    "attachment; filename=\"statement.csv\"");
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len);
	buf_free(&b);
	return st;
}
