/*
 * ledger_statement_http.c: a dealer's monthly statements
 *   GET /api/v1/dealers/{id}/statements?after=&limit=	its months
 *   GET /api/v1/dealers/{id}/statements/{yyyy-mm}	one (.csv: the export)
 * A statement: opening balance, every entry of the month (each marked if
 * disputed), closing balance, its reconciliation status, and its dispute
 * once one is raised, with how a clerk settled it.  For the dealer, its
 * region's staff and HQ; 404 for anyone else.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../core/util.h"
#include "ledger.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"

enum stmt { STMT_GET, STMT_DISPUTE, STMT_ENTRIES, STMT_LIST, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT s.id, s.opening_balance, s.closing_balance, s.entries_total, "
	"s.status, s.version, " TS("s.confirmed_at") ", d.code, d.name_zh, "
	"d.name_en FROM statements s JOIN orgs d ON d.id = s.dealer_id WHERE "
	"s.dealer_id = ? AND s.period = ?",
	"SELECT c.number, sd.reason, " TS("sd.filed_at") ", sd.outcome, "
	"sd.resolution, " TS("sd.resolved_at") ", e.id, e.amount, e.period "
	"FROM statement_disputes sd JOIN complaints c ON c.id = "
	"sd.complaint_id LEFT JOIN ledger_entries e ON e.id = sd.adjustment_id "
	"WHERE sd.statement_id = ?",
	"SELECT l.id, l.kind, l.amount, DATE_FORMAT(l.posted_on, '%Y-%m-%d'), "
	"l.reference, l.memo, dl.entry_id IS NOT NULL FROM ledger_entries l "
	"LEFT JOIN statement_disputes sd ON sd.statement_id = ? LEFT JOIN "
	"statement_dispute_lines dl ON dl.dispute_id = sd.id AND dl.entry_id = "
	"l.id WHERE l.dealer_id = ? AND l.period = ? ORDER BY l.id",
	"SELECT id, period, opening_balance, closing_balance, entry_count, "
	"status FROM statements WHERE dealer_id = ? AND id < ? ORDER BY id "
	"DESC LIMIT ?",
};

/* The dispute of statement id into j ("dispute": null if none). */
static int
dispute(struct db *db, int64_t id, cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*d, *a;
	int		 rc;

	if ((s = db_prepare(db, stmts[STMT_DISPUTE])) == NULL ||
	    db_bind_int(s, 0, id) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		cJSON_AddNullToObject(j, "dispute");
		return 0;
	}
	d = cJSON_AddObjectToObject(j, "dispute");
	cJSON_AddStringToObject(d, "complaint", db_col_text(s, 0, NULL));
	cJSON_AddStringToObject(d, "reason", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(d, "filed_at", db_col_text(s, 2, NULL));
	cJSON_AddArrayToObject(d, "lines");
	http_col_text(d, "outcome", s, 3);
	cJSON_AddStringToObject(d, "resolution", db_col_text(s, 4, NULL));
	http_col_text(d, "resolved_at", s, 5);
	if (db_col_null(s, 6))
		cJSON_AddNullToObject(d, "adjustment");
	else {
		a = cJSON_AddObjectToObject(d, "adjustment");
		cJSON_AddNumberToObject(a, "id", (double)db_col_int(s, 6));
		cJSON_AddNumberToObject(a, "amount", (double)db_col_int(s, 7));
		cJSON_AddStringToObject(a, "period", db_col_text(s, 8, NULL));
	}
	db_stmt_release(s);
	return 0;
}

/* The month's entries into j, and the disputed ones into its lines. */
static int
entries(struct db *db, int64_t id, int64_t dealer, const char *p, cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*list, *e, *lines;
	int		 rc;

	lines = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    j, "dispute"), "lines");
	list = cJSON_AddArrayToObject(j, "entries");
	if ((s = db_prepare(db, stmts[STMT_ENTRIES])) == NULL ||
	    db_bind_int(s, 0, id) == -1 || db_bind_int(s, 1, dealer) == -1 ||
	    db_bind_text(s, 2, p) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(e, "kind", db_col_text(s, 1, NULL));
		cJSON_AddNumberToObject(e, "amount", (double)db_col_int(s, 2));
		cJSON_AddStringToObject(e, "posted_on", db_col_text(s, 3, NULL));
		cJSON_AddStringToObject(e, "reference", db_col_text(s, 4, NULL));
		cJSON_AddStringToObject(e, "memo", db_col_text(s, 5, NULL));
		cJSON_AddBoolToObject(e, "disputed", db_col_int(s, 6) != 0);
		if (db_col_int(s, 6) != 0 && lines != NULL)
			cJSON_AddItemToArray(lines, cJSON_CreateNumber(
			    (double)db_col_int(s, 0)));
		cJSON_AddItemToArray(list, e);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * The statement of dealer and month p (the caller has checked its scope)
 * into *out: 0, 1 if there is none (the month is not closed), -1.
 */
int
ledger_statement_load(struct db *db, int64_t dealer, const char *p,
    const char *lang, cJSON **out)
{
	struct db_stmt	*s;
	int64_t		 id;
	cJSON		*j;
	int		 rc, en = strcmp(lang, "en") == 0;

	*out = NULL;
	if ((s = db_prepare(db, stmts[STMT_GET])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, p) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return 1;
	}
	j = cJSON_CreateObject();
	id = db_col_int(s, 0);
	cJSON_AddNumberToObject(j, "dealer", (double)dealer);
	cJSON_AddStringToObject(j, "dealer_code", db_col_text(s, 7, NULL));
	cJSON_AddStringToObject(j, "dealer_name", db_col_text(s, en ? 9 : 8,
	    NULL));
	cJSON_AddStringToObject(j, "period", p);
	cJSON_AddNumberToObject(j, "opening_balance", (double)db_col_int(s, 1));
	cJSON_AddNumberToObject(j, "closing_balance", (double)db_col_int(s, 2));
	cJSON_AddNumberToObject(j, "entries_total", (double)db_col_int(s, 3));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 4, NULL));
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 5));
	http_col_text(j, "confirmed_at", s, 6);
	db_stmt_release(s);
	if (dispute(db, id, j) == -1 || entries(db, id, dealer, p, j) == -1) {
		cJSON_Delete(j);
		return -1;
	}
	*out = j;
	return 0;
}

/*
 * The statement of the path's dealer and month p into *out, if the
 * caller's scope reaches it: 0, else the status answered.
 */
int
ledger_statement_read(struct req *r, const char *p, cJSON **out)
{
	struct db	*db;
	int64_t		 dealer;
	int		 st;

	*out = NULL;
	if (!util_month_ok(p))
		return http_error(r, 404, "not_found", "no such statement");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_dealer(r, db, 0, &dealer)) != 0)
		return st;
	switch (ledger_statement_load(db, dealer, p, r->lang, out)) {
	case 0:
		return 0;
	case 1:
		return http_error(r, 404, "not_found", "no statement: the "
		    "month is not closed");
	default:
		return 500;
	}
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
	if ((st = ledger_statement_read(r, p, &j)) != 0)
		return st;
	return http_json(r, 200, j);
}

static cJSON *
month_json(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	(void)ctx;
	cJSON_AddStringToObject(j, "period", db_col_text(s, 1, NULL));
	cJSON_AddNumberToObject(j, "opening_balance", (double)db_col_int(s, 2));
	cJSON_AddNumberToObject(j, "closing_balance", (double)db_col_int(s, 3));
	cJSON_AddNumberToObject(j, "entry_count", (double)db_col_int(s, 4));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 5, NULL));
	return j;
}

/* GET /api/v1/dealers/{id}/statements: the dealer's months, newest first */
int
ledger_statements_get(struct req *r)
{
	struct http_paging pg;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 dealer;
	int		 st;

	if ((st = http_list_begin(r, &pg, &db)) != 0 ||
	    (st = ledger_dealer(r, db, 0, &dealer)) != 0)
		return st;
	if ((s = db_prepare(db, stmts[STMT_LIST])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_int(s, 1, pg.after > 0 ?
	    pg.after : INT64_MAX) == -1 || db_bind_int(s, 2, pg.limit + 1) ==
	    -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_paging_answer(r, s, &pg, month_json, NULL);
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

static const char *
str(const cJSON *j, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

static int64_t
fen(const cJSON *j, const char *key)
{
	return (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j,
	    key));
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
	char		 id[24], name[128];
	cJSON		*j;
	size_t		 i;
	int		 st;

	if ((st = ledger_statement_read(r, p, &j)) != 0)
		return st;
	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_put(&b, head[i], i + 1 == sizeof(head) / sizeof(head[0]));
	f[0] = f[1] = f[2] = f[3] = f[4] = "";
	f[5] = "opening_balance";
	row(&b, f, fen(j, "opening_balance"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "entries")) {
		snprintf(id, sizeof(id), "%lld", (long long)fen(e, "id"));
		f[0] = id;
		f[1] = str(e, "posted_on");
		f[2] = str(e, "kind");
		f[3] = str(e, "reference");
		f[4] = str(e, "memo");
		f[5] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e,
		    "disputed")) ? "entry_disputed" : "entry";
		row(&b, f, fen(e, "amount"));
	}
	f[0] = f[1] = f[2] = f[3] = f[4] = "";
	f[5] = "closing_balance";
	row(&b, f, fen(j, "closing_balance"));
	snprintf(name, sizeof(name), "attachment; filename=\"statement-%s-"
	    "%s.csv\"", str(j, "dealer_code"), p);
	cJSON_Delete(j);
	http_header(r, "Content-Disposition", name);
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len);
	buf_free(&b);
	return st;
}
