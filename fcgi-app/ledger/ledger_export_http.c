/*
 * ledger_export_http.c: GET /api/v1/dealers/{id}/ledger.csv?kind=&period=
 * The account as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs
 * show Chinese text), oldest entry first, amounts in yuan, and a last row
 * with the total.  At most EXPORT_MAX entries: narrow by period beyond.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

#define EXPORT_MAX	50000

static const char sql_export[] =
	"SELECT id, DATE_FORMAT(posted_on, '%Y-%m-%d'), period, kind, "
	"reference, memo, amount FROM ledger_entries WHERE dealer_id = ? AND "
	"(? = '' OR kind = ?) AND (? = '' OR period = ?) ORDER BY id LIMIT ?";

int
ledger_export_get(struct req *r)
{
	static const char *const head[] = { "id", "posted_on", "period",
	    "kind", "reference", "memo", "amount_yuan" };
	const char	*kind = http_query(r, "kind"), *period = http_query(r,
	    "period");
	struct db_stmt	*s;
	struct db	*db;
	struct buf	 b;
	int64_t		 dealer, total = 0;
	char		 num[32];
	size_t		 i;
	int		 st, rc, n = 0;

	kind = kind != NULL ? kind : "";
	period = period != NULL ? period : "";
	if (strlen(kind) > 16)
		http_field_error(r, "kind", "a kind of entry");
	if (strlen(period) > 7)
		http_field_error(r, "period", "YYYY-MM");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_dealer(r, db, 0, &dealer)) != 0)
		return st;
	if ((s = db_prepare(db, sql_export)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, kind) == -1 ||
	    db_bind_text(s, 2, kind) == -1 || db_bind_text(s, 3, period) == -1 ||
	    db_bind_text(s, 4, period) == -1 ||
	    db_bind_int(s, 5, EXPORT_MAX + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_put(&b, head[i], i + 1 == sizeof(head) / sizeof(head[0]));
	while ((rc = db_step(s)) == DB_ROW && n++ < EXPORT_MAX) {
		for (i = 0; i < 6; i++)
			csv_put(&b, db_col_text(s, (int)i, NULL), 0);
		total += db_col_int(s, 6);
		ledger_yuan(db_col_int(s, 6), num, sizeof(num));
		csv_put(&b, num, 1);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR || rc == DB_ROW) {
		buf_free(&b);
		if (rc == DB_ERROR)
			return 500;
		http_field_error(r, "period", "more than 50,000 entries: "
		    "export a period at a time");
		return http_error(r, 422, "validation_failed",
		    "check the query");
	}
	for (i = 0; i < 5; i++)
		csv_put(&b, "", 0);
	csv_put(&b, "total", 0);
	ledger_yuan(total, num, sizeof(num));
	csv_put(&b, num, 1);
	http_header(r, "Content-Disposition",
	    "attachment; filename=\"ledger.csv\"");
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b),
	    b.len);
	buf_free(&b);
	return st;
}
