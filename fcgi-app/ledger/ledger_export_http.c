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
#include "../http/http.h"
#include "ledger.h"

#define EXPORT_MAX	50000

struct export {
	struct buf	 b;
	int64_t		 total;
};

/* One entry's row: seven text fields and its amount in yuan. */
static void
export_row(void *ctx, const char *const *f, int64_t fen)
{
	struct export	*x = ctx;
	char		 num[32];
	int		 i;

	for (i = 0; i < 7; i++)
		csv_put(&x->b, f[i], 0);
	x->total += fen;
	ledger_yuan(fen, num, sizeof(num));
	csv_put(&x->b, num, 1);
}

int
ledger_export_get(struct req *r)
{
	static const char *const head[] = { "id", "posted_on", "period",
	    "kind", "reference", "memo", "po_number", "amount_yuan" };
	const char	*kind = http_query(r, "kind"), *period = http_query(r,
	    "period");
	struct db	*db;
	struct export	 x;
	int64_t		 dealer;
	char		 num[32];
	size_t		 i;
	int		 st, rc;

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
	buf_init(&x.b);
	x.total = 0;
	buf_add(&x.b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_put(&x.b, head[i], i + 1 == sizeof(head) / sizeof(head[0]));
	if ((rc = ledger_export_read(db, dealer, kind, period, EXPORT_MAX,
	    export_row, &x)) == -1 || rc > EXPORT_MAX) {
		buf_free(&x.b);
		if (rc == -1)
			return 500;
		http_field_error(r, "period", "more than 50,000 entries: "
		    "export a period at a time");
		return http_error(r, 422, "validation_failed",
		    "check the query");
	}
	for (i = 0; i < 6; i++)
		csv_put(&x.b, "", 0);
	csv_put(&x.b, "total", 0);
	ledger_yuan(x.total, num, sizeof(num));
	csv_put(&x.b, num, 1);
	http_header(r, "Content-Disposition",
	    "attachment; filename=\"ledger.csv\"");
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&x.b),
	    x.b.len);
	buf_free(&x.b);
	return st;
}
