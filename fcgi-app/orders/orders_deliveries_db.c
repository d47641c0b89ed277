/*
 * orders_deliveries_db.c: which orders are due when, and which are late
 *
 * GET /api/v1/deliveries?from=&to=&late=true&after=&limit=: orders of the
 * caller's scope with a promised date in [from, to], earliest promise
 * first; late=true keeps those whose promised date has passed (China's
 * date) and that are not yet delivered, closed or cancelled.  The cursor
 * is "<promised date>.<order id>" of the last row.  Each order shows its
 * shipments so far.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

#define LATE_SQL \
	"(o.promised_date < DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) AND " \
	"o.status NOT IN ('delivered','closed','cancelled'))"

/* One variant per scope path, each on its own (owner, promised_date, id)
 * index (see scope.h); orders first, or the optimizer may walk every
 * dealer instead (found by tests/index). */
#define DUE_SQL(hint, owner) \
    "SELECT STRAIGHT_JOIN o.id, o.number, o.dealer_id, d.name_zh, " \
    "d.name_en, o.status, o.promised_date, o.requested_date, o.total, " \
    LATE_SQL ", COALESCE(x.shipments_json, '[]'), d.code, o.po_number " \
    "FROM orders o " hint \
    " JOIN orgs d ON d.id = o.dealer_id LEFT JOIN order_docs x ON " \
    "x.order_id = o.id " \
    "WHERE " owner " AND o.promised_date BETWEEN ? AND ? " \
    "AND (? = 0 OR " LATE_SQL ") " \
    "AND (o.promised_date > ? OR (o.promised_date = ? AND o.id > ?)) " \
    "ORDER BY o.promised_date, o.id LIMIT ?"

static const char *const sql_due[] = {
	/* (a held order has no promised date; staff's say so all the same) */
	DUE_SQL("FORCE INDEX (orders_promised)", SCOPE_OWNER_ALL("o")
	    ORDERS_RELEASED("o")),
	DUE_SQL("FORCE INDEX (orders_region_promised)",
	    SCOPE_OWNER_REGION("o") ORDERS_RELEASED("o")),
	DUE_SQL("FORCE INDEX (orders_dealer_promised)",
	    SCOPE_OWNER_DEALER("o")),
	DUE_SQL("", SCOPE_OWNER_MANAGER("o") ORDERS_RELEASED("o")),
	DUE_SQL("", SCOPE_OWNER_CHAIN_ORDERS("o")),
};
SCOPE_PATHS_ALL(sql_due);

/*
 * late=true: the open orders only, by the (status, promised_date) indexes,
 * so the years of delivered and closed orders behind today are never
 * read; the few late ones sorted after (found by tests/index on the demo's
 * year of closed orders).  The statuses are all but LATE_SQL's three.
 */
#define OPEN_SQL \
	" AND o.status IN ('submitted','approved','rejected','escalated'," \
	"'scheduled','in_production','shipped','awaiting_release'," \
	"'sent_back','withdrawn')"
static const char *const sql_late[] = {
	DUE_SQL("FORCE INDEX (orders_status_promised)", SCOPE_OWNER_ALL("o")
	    ORDERS_RELEASED("o") OPEN_SQL),
	DUE_SQL("FORCE INDEX (orders_region_status_promised)",
	    SCOPE_OWNER_REGION("o") ORDERS_RELEASED("o") OPEN_SQL),
	DUE_SQL("FORCE INDEX (orders_dealer_promised)",
	    SCOPE_OWNER_DEALER("o") OPEN_SQL),
	DUE_SQL("", SCOPE_OWNER_MANAGER("o") ORDERS_RELEASED("o") OPEN_SQL),
	DUE_SQL("", SCOPE_OWNER_CHAIN_ORDERS("o") OPEN_SQL),
};
SCOPE_PATHS_ALL(sql_late);

/*
 * The order's shipments (order_docs, kept by trigger, migration 0054) as
 * the delivery list shows them: number, date, carrier, waybill, amount.
 */
static void
shipments(cJSON *j, const char *doc)
{
	static const char *const keep[] = { "number", "shipped_on", "carrier",
	    "waybill", "amount" };
	cJSON		*a = cJSON_Parse(doc), *out, *e;
	const cJSON	*it;
	size_t		 k;

	out = cJSON_AddArrayToObject(j, "shipments");
	cJSON_ArrayForEach(it, a) {
		e = cJSON_CreateObject();
		for (k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
			cJSON_AddItemToObject(e, keep[k], cJSON_Duplicate(
			    cJSON_GetObjectItemCaseSensitive(it, keep[k]), 1));
		cJSON_AddItemToArray(out, e);
	}
	cJSON_Delete(a);
}

static cJSON *
due_json(struct db_stmt *s, void *lang)
{
	cJSON	*j = cJSON_CreateObject(), *d;

	cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)db_col_int(s, 2));
	cJSON_AddStringToObject(d, "name", db_col_text(s,
	    strcmp(lang, "en") == 0 ? 4 : 3, NULL));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(j, "promised_date", db_col_text(s, 6, NULL));
	cJSON_AddStringToObject(j, "requested_date", db_col_text(s, 7, NULL));
	cJSON_AddNumberToObject(j, "total", (double)db_col_int(s, 8));
	cJSON_AddBoolToObject(j, "late", db_col_int(s, 9) != 0);
	shipments(j, db_col_text(s, 10, NULL));
	return j;
}

/* The last order's cursor: "promised-date.id". */
static void
date_cursor(struct db_stmt *s, void *ctx, char *out, size_t size)
{
	(void)ctx;
	snprintf(out, size, "%s.%lld", db_col_text(s, 6, NULL),
	    (long long)db_col_int(s, 0));
}

/*
 * The query q (from, to, late, after; an empty one is no bound) checked
 * into x, with who's scope: 0, or the refusal (422 naming the fields,
 * with those already in f).
 */
static int
due_open(const struct principal *who, const struct orders_due_query *q,
    struct fault *f, struct orders_due_export *x)
{
	const char	*from = q->from, *to = q->to, *late = q->late;
	long long	 aid = 0;
	struct scope	 sc;

	memset(x, 0, sizeof(*x));
	snprintf(x->adate, sizeof(x->adate), "1000-01-01");
	/* an empty field of the page's form is no bound */
	if (from != NULL && *from == '\0')
		from = NULL;
	if (to != NULL && *to == '\0')
		to = NULL;
	if (late != NULL && *late == '\0')
		late = NULL;
	if (from != NULL && !util_date_ok(from))
		fault_field(f, "from", "YYYY-MM-DD");
	if (to != NULL && !util_date_ok(to))
		fault_field(f, "to", "YYYY-MM-DD");
	if (late != NULL && strcmp(late, "true") && strcmp(late, "false"))
		fault_field(f, "late", "true or false");
	if (q->after != NULL && (strlen(q->after) > 32 || sscanf(q->after,
	    "%10[0-9-].%lld", x->adate, &aid) != 2 ||
	    !util_date_ok(x->adate) || aid < 1))
		fault_field(f, "after", "a cursor from next_cursor");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	snprintf(x->from, sizeof(x->from), "%s", from != NULL ? from :
	    "1000-01-01");
	snprintf(x->to, sizeof(x->to), "%s", to != NULL ? to : "9999-12-31");
	x->late = late != NULL && strcmp(late, "true") == 0;
	x->aid = aid;
	scope_read(who, &sc);
	x->path = scope_path(&sc, &x->key);
	return 0;
}

/* The statement of x's next page of limit orders, bound; NULL: error. */
static struct db_stmt *
due_stmt(struct db *db, const struct orders_due_export *x, int limit)
{
	struct db_stmt	*s;

	if ((s = db_prepare(db, (x->late ? sql_late : sql_due)[x->path])) ==
	    NULL ||
	    db_bind_int(s, 0, x->key) == -1 ||
	    db_bind_text(s, 1, x->from) == -1 ||
	    db_bind_text(s, 2, x->to) == -1 ||
	    db_bind_int(s, 3, x->late) == -1 ||
	    db_bind_text(s, 4, x->adate) == -1 ||
	    db_bind_text(s, 5, x->adate) == -1 ||
	    db_bind_int(s, 6, x->aid) == -1 ||
	    db_bind_int(s, 7, limit) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	return s;
}

/*
 * The page of orders due that q asks for, as who may read them: 200
 * with *out ({items, next_cursor}), or the refusal (422: the query;
 * field errors already in f, the limit's, refuse too).
 */
int
orders_deliveries_read(struct db *db, const struct principal *who,
    const struct orders_due_query *q, const char *lang, struct fault *f,
    cJSON **out)
{
	struct orders_due_export x;
	struct db_stmt		*s;
	int			 st;

	*out = NULL;
	if ((st = due_open(who, q, f, &x)) != 0)
		return st;
	if (db == NULL)
		return 503;
	if ((s = due_stmt(db, &x, q->limit + 1)) == NULL)
		return 500;
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, q->limit, *out, due_json, (void *)lang,
	    date_cursor) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}

/* The export's file: its first row (orders_deliveries_page's columns). */
const char *const orders_deliveries_heads[] = {
	"promised_date", "number", "po_number", "dealer_code", "dealer_name",
	"status", "requested_date", "late", "total_yuan", "shipments",
	"shipped_yuan", "waybills", NULL
};

/* The export of the orders due that q asks for into x: 0, or 422. */
int
orders_deliveries_export_open(const struct principal *who,
    const struct orders_due_query *q, const char *lang, struct fault *f,
    struct orders_due_export *x)
{
	int	 st;

	if ((st = due_open(who, q, f, x)) != 0)
		return st;
	x->en = strcmp(lang, "en") == 0;
	return 0;
}

/* j's string key, or "". */
static const char *
text_of(const cJSON *j, const char *key)
{
	const char	*v = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, key));

	return v != NULL ? v : "";
}

/*
 * An order's shipments (order_docs) as three fields: how many, their
 * amount in yuan, and "carrier waybill; ..." of each.
 */
static void
put_shipments(struct buf *out, const char *doc)
{
	cJSON		*a = cJSON_Parse(doc);
	const cJSON	*it;
	struct buf	 w;
	int64_t		 sum = 0;
	char		 num[32];
	int		 n = 0;

	buf_init(&w);
	cJSON_ArrayForEach(it, a) {
		n++;
		sum += (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "amount"));
		buf_printf(&w, "%s%s %s", w.len > 0 ? "; " : "",
		    text_of(it, "carrier"), text_of(it, "waybill"));
	}
	cJSON_Delete(a);
	snprintf(num, sizeof(num), "%d", n);
	csv_put(out, num, 0);
	money_plain(sum, num, sizeof(num));
	csv_put(out, num, 0);
	csv_put(out, buf_cstr(&w), 1);
	buf_free(&w);
}

/*
 * The next page's rows into out (http_export's page()): 1 if a full page
 * was read, 0 after the last, -1 on an error (the cursor stays).
 */
int
orders_deliveries_page(struct db *db, struct buf *out, void *ctx)
{
	struct orders_due_export *x = ctx;
	struct db_stmt		*s;
	char			 num[32], adate[11] = "";
	int64_t			 aid = 0;
	int			 n = 0, rc;

	if ((s = due_stmt(db, x, HTTP_EXPORT_PAGE)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		n++;
		csv_put(out, db_col_text(s, 6, NULL), 0);
		csv_put(out, db_col_text(s, 1, NULL), 0);
		csv_put(out, db_col_text(s, 12, NULL), 0);
		csv_put(out, db_col_text(s, 11, NULL), 0);
		csv_put(out, db_col_text(s, x->en ? 4 : 3, NULL), 0);
		csv_put(out, db_col_text(s, 5, NULL), 0);
		csv_put(out, db_col_text(s, 7, NULL), 0);
		csv_put(out, db_col_int(s, 9) != 0 ? "true" : "false", 0);
		money_plain(db_col_int(s, 8), num, sizeof(num));
		csv_put(out, num, 0);
		put_shipments(out, db_col_text(s, 10, NULL));
		db_col_copy(s, 6, adate, sizeof(adate));
		aid = db_col_int(s, 0);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return -1;
	if (n > 0) {
		memcpy(x->adate, adate, sizeof(x->adate));
		x->aid = aid;
	}
	return n == HTTP_EXPORT_PAGE;
}
