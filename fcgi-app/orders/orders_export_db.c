/*
 * orders_export_db.c: the orders as CSV, one row per line
 *
 * GET /api/v1/orders.csv takes the list's filters and scope
 * (orders_filter_read) and reads the list's own page, statement for
 * statement (ORDERS_LIST_SQL, orders.h: the same variant per scope path
 * on the same index), as a derived table joined to its lines and its
 * dealer: a page of HTTP_EXPORT_PAGE orders is one statement, and the
 * next page is the next keyset cursor (http/export.c streams them).
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/money.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

/* The page of orders of the list (p) with its lines, newest first. */
#define EXPORT_SQL(hint, owner) \
	"SELECT p.id, p.number, p.po_number, d.code, d.name_zh, d.name_en, " \
	"p.status, p.created, p.requested_date, p.promised_date, p.total, " \
	"l.line_no, l.product_code, l.quantity, l.unit_price, l.discount, " \
	"l.line_total FROM (" ORDERS_LIST_SQL(hint, owner) ") p " \
	"JOIN orgs d ON d.id = p.dealer_id " \
	"LEFT JOIN order_lines l ON l.order_id = p.id " \
	"ORDER BY p.id DESC, l.line_no"
#define EXPORT_PO_SQL(owner) \
	EXPORT_SQL("FORCE INDEX (orders_po)", "o.po_number = ? AND " owner)

static const char *const sql_export[] = ORDERS_LIST_PATHS(EXPORT_SQL);
SCOPE_PATHS_ALL(sql_export);
static const char *const sql_export_po[] = ORDERS_PO_PATHS(EXPORT_PO_SQL);
SCOPE_PATHS_ALL(sql_export_po);
static const char *const sql_export_po_dealer[2] =
    ORDERS_PO_DEALER(EXPORT_PO_SQL);
static const struct orders_list_set export_set = {
	sql_export, ORDERS_LIST_RELEASED(EXPORT_SQL), sql_export_po,
	sql_export_po_dealer,
};

/* The file's first row (orders_export_page's columns). */
const char *const orders_export_heads[] = {
	"number", "po_number", "dealer_code", "dealer_name", "status",
	"created_at", "requested_date", "promised_date", "line", "model",
	"quantity", "unit_price_yuan", "discount_yuan", "line_total_yuan",
	"order_total_yuan", NULL
};

/*
 * The export of the orders who may read, filtered as q says, into x:
 * 0, or the refusal (422 naming the fields, 404 a dealer out of reach).
 */
int
orders_export_open(struct db *db, const struct principal *who,
    const struct orders_query *q, const char *lang, struct fault *f,
    struct orders_export *x)
{
	int	 rc;

	memset(x, 0, sizeof(*x));
	if ((rc = orders_filter_read(db, who, q, &x->filter, &x->scope,
	    f)) != 0)
		return rc;
	x->filter.before = INT64_MAX;
	x->filter.limit = HTTP_EXPORT_PAGE;
	x->en = strcmp(lang, "en") == 0;
	return 0;
}

static void
put_yuan(struct buf *b, int64_t fen, int last)
{
	char	 num[32];

	money_plain(fen, num, sizeof(num));
	csv_put(b, num, last);
}

/*
 * The next page's rows into out (http_export's page()): 1 if a full page
 * was read (more may follow), 0 after the last, -1 on an error (the
 * cursor stays).  An order without lines still has its row.
 */
int
orders_export_page(struct db *db, struct buf *out, void *ctx)
{
	struct orders_export	*x = ctx;
	struct db_stmt		*s;
	int64_t			 id, last = 0;
	int			 orders = 0, rc, i;

	if ((s = orders_list_stmt(db, &export_set, &x->scope,
	    &x->filter)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		if ((id = db_col_int(s, 0)) != last) {
			orders++;
			last = id;
		}
		csv_put(out, db_col_text(s, 1, NULL), 0);	/* number */
		csv_put(out, db_col_text(s, 2, NULL), 0);	/* PO */
		csv_put(out, db_col_text(s, 3, NULL), 0);	/* dealer */
		csv_put(out, db_col_text(s, x->en ? 5 : 4, NULL), 0);
		for (i = 6; i <= 9; i++)	/* status and dates */
			csv_put(out, db_col_text(s, i, NULL), 0);
		if (db_col_null(s, 11)) {	/* no lines */
			for (i = 0; i < 6; i++)
				csv_put(out, "", 0);
		} else {
			csv_put(out, db_col_text(s, 11, NULL), 0);
			csv_put(out, db_col_text(s, 12, NULL), 0);
			csv_put(out, db_col_text(s, 13, NULL), 0);
			put_yuan(out, db_col_int(s, 14), 0);
			put_yuan(out, db_col_int(s, 15), 0);
			put_yuan(out, db_col_int(s, 16), 0);
		}
		put_yuan(out, db_col_int(s, 10), 1);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return -1;
	if (orders > 0)
		x->filter.before = last;
	return orders == x->filter.limit;
}
