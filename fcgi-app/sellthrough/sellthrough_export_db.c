/*
 * sellthrough_export_db.c: the sell-through reports as CSV, one row each
 *
 * GET /api/v1/sellthrough.csv?dealer=&from=&to=&model= reads every
 * report of the caller's scope (one dealer's with ?dealer=, in reach or
 * 404) whose period starts in from..to (the list's last 90 days by
 * default), newest period first as the dealer's list shows them, a page
 * of HTTP_EXPORT_PAGE per statement by the keyset cursor (period start,
 * id), streamed by http/export.c.  One variant per scope path, each on
 * the index that holds its rows in that order: (period_start) for HQ,
 * (region_id, period_start) for a region, (dealer_id, period_start) for
 * a dealer; a chain's reports come through its branches, each read on
 * its dealer's index and sorted (a chain's rows in the range, no more).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/fault.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "sellthrough.h"

#define D(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

/* owner ?, from, to, model twice, the cursor's day twice and id, limit */
#define EXPORT_SQL(from, owner) \
	"SELECT s.id, d.code, d.name_zh, d.name_en, p.code, " \
	D("s.period_start") ", " D("s.period_end") ", s.received, s.sold, " \
	"s.stock, s.revenue, COALESCE(c.category_sales, 0), s.version, " \
	D("s.period_start") " FROM " from " JOIN products p ON p.id = " \
	"s.product_id JOIN orgs d ON d.id = s.dealer_id LEFT JOIN " \
	"sellthrough_category c ON c.dealer_id = s.dealer_id AND " \
	"c.category_id = s.category_id AND c.period_start = s.period_start " \
	"WHERE " owner " AND s.period_start BETWEEN ? AND ? AND (? = '' OR " \
	"p.code = ?) AND (s.period_start < ? OR (s.period_start = ? AND " \
	"s.id < ?)) ORDER BY s.period_start DESC, s.id DESC LIMIT ?"

static const char *const sql_export[] = {
	EXPORT_SQL("sellthrough s FORCE INDEX (sellthrough_period)",
	    SCOPE_OWNER_ALL("s")),
	EXPORT_SQL("sellthrough s FORCE INDEX (sellthrough_region_period)",
	    SCOPE_OWNER_REGION("s")),
	EXPORT_SQL("sellthrough s FORCE INDEX (sellthrough_dealer_period)",
	    SCOPE_OWNER_DEALER("s")),
	EXPORT_SQL("sellthrough s", SCOPE_OWNER_MANAGER("s")),
	EXPORT_SQL("orgs g STRAIGHT_JOIN sellthrough s FORCE INDEX "
	    "(sellthrough_dealer_period) ON s.dealer_id = g.id",
	    SCOPE_ORG_CHAIN("g")),
};
SCOPE_PATHS_ALL(sql_export);

/* The file's first row (sellthrough_export_page's columns). */
const char *const sellthrough_export_heads[] = {
	"dealer_code", "dealer_name", "model", "period_start", "period_end",
	"received", "sold", "stock", "revenue_yuan", "category_sales_yuan",
	"version", NULL
};

/*
 * The export of the reports who may read that q asks for into x: 0, or
 * the refusal (422 naming the fields, 404 a dealer out of reach, 500).
 */
int
sellthrough_export_open(struct db *db, const struct principal *who,
    const struct sellthrough_export_query *q, const char *lang,
    struct fault *f, struct sellthrough_export *x)
{
	const char	*from = q->from, *to = q->to, *model = q->model;
	char		 first[11], today[11];
	int64_t		 id;
	struct scope	 sc;
	enum scope_path	 path;
	int		 rc;

	memset(x, 0, sizeof(*x));
	util_china_date(today, sizeof(today), 0);
	util_china_date(first, sizeof(first), -90);
	if (from == NULL || *from == '\0')
		from = first;
	if (to == NULL || *to == '\0')
		to = today;
	if (!util_date_ok(from))
		fault_field(f, "from", "a date, YYYY-MM-DD");
	if (!util_date_ok(to) || strcmp(to, from) < 0)
		fault_field(f, "to", "a date, YYYY-MM-DD, not before from");
	if (model != NULL && (strlen(model) > 32 ||
	    !util_utf8_valid(model, strlen(model))))
		fault_field(f, "model", "a model code");
	if (scope_dealer_param(q->dealer, &id) == -1)
		fault_field(f, "dealer", "a dealer id");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	scope_read(who, &sc);
	/* one dealer of those: its own path */
	if ((rc = scope_path_dealer(db, &sc, id, &path, &x->key)) != 1)
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such dealer") : 500;
	x->path = path;
	snprintf(x->from, sizeof(x->from), "%s", from);
	snprintf(x->to, sizeof(x->to), "%s", to);
	snprintf(x->model, sizeof(x->model), "%s", model != NULL ? model : "");
	snprintf(x->day, sizeof(x->day), "9999-12-31");
	x->id = INT64_MAX;
	x->en = strcmp(lang, "en") == 0;
	return 0;
}

static void
put_yuan(struct buf *b, int64_t fen)
{
	char	 num[32];

	money_plain(fen, num, sizeof(num));
	csv_put(b, num, 0);
}

/*
 * The next page's rows into out (http_export's page()): 1 if a full page
 * was read, 0 after the last, -1 on an error (the cursor stays).
 */
int
sellthrough_export_page(struct db *db, struct buf *out, void *ctx)
{
	struct sellthrough_export *x = ctx;
	struct db_stmt		*s;
	char			 day[11] = "";
	int64_t			 id = 0;
	int			 n = 0, rc, i;

	if ((s = db_preparef(db, sql_export[x->path], "ittttttii", x->key,
	    x->from, x->to, x->model, x->model, x->day, x->day, x->id,
	    (int64_t)HTTP_EXPORT_PAGE)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		n++;
		csv_put(out, db_col_text(s, 1, NULL), 0);
		csv_put(out, db_col_text(s, x->en ? 3 : 2, NULL), 0);
		for (i = 4; i <= 9; i++)
			csv_put(out, db_col_text(s, i, NULL), 0);
		put_yuan(out, db_col_int(s, 10));
		put_yuan(out, db_col_int(s, 11));
		csv_put(out, db_col_text(s, 12, NULL), 1);
		db_col_copy(s, 13, day, sizeof(day));
		id = db_col_int(s, 0);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return -1;
	if (n > 0) {
		memcpy(x->day, day, sizeof(x->day));
		x->id = id;
	}
	return n == HTTP_EXPORT_PAGE;
}
