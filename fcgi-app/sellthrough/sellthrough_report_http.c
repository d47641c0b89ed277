/*
 * sellthrough_report_http.c: POST /api/v1/sellthrough {"dealer","rows":[...]}
 *
 * A dealer's buyer (or admin) reports for its dealer, the ERP for the
 * dealer it names.  A row: model, period_start, period_end (a day or a
 * week), received, sold, stock (units), revenue and category_sales (fen;
 * the dealer's sales of the model's category, all brands).  A report is
 * idempotent per dealer, model and period: sent again the same it changes
 * nothing; sent with other figures it replaces the report and the earlier
 * version goes to the history.  Every row is checked, all go in or none:
 * an unknown model, a bad period, a negative or too large number, two
 * periods that overlap, or stock that does not follow from the stock of
 * the period just before (stock = last stock + received - sold; the next
 * period is checked against the new figures too) is a 422 naming the row
 * and the field, rows[i].field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "sellthrough.h"

#define D(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

enum stmt { STMT_PRODUCT, STMT_OVERLAP, STMT_PREV, STMT_CURRENT,
	STMT_CATEGORY_GET, STMT_HISTORY, STMT_UPDATE, STMT_INSERT,
	STMT_CATEGORY_PUT, STMT_NEXT, STMT_CATEGORY_PERIODS, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT p.id, p.category_id, COALESCE(c.unit_cost, p.base_price) FROM "
	"products p LEFT JOIN dealer_costs c ON c.dealer_id = ? AND "
	"c.product_id = p.id WHERE p.code = ?",
	/* a period overlapping start..end starts at most six days before */
	"SELECT " D("period_start") ", " D("period_end") " FROM sellthrough "
	"WHERE dealer_id = ? AND product_id = ? AND period_start <> ? AND "
	"period_start BETWEEN ? AND ? AND period_end >= ? LIMIT 1 FOR UPDATE",
	"SELECT stock, " D("period_end") " FROM sellthrough WHERE dealer_id = ? "
	"AND product_id = ? AND period_start < ? ORDER BY period_start DESC "
	"LIMIT 1 FOR UPDATE",
	"SELECT id, version, " D("period_end") ", received, sold, stock, "
	"revenue FROM sellthrough WHERE dealer_id = ? AND product_id = ? AND "
	"period_start = ? FOR UPDATE",
	"SELECT category_sales FROM sellthrough_category WHERE dealer_id = ? "
	"AND category_id = ? AND period_start = ? FOR UPDATE",
	"INSERT INTO sellthrough_history (report_id, version, received, sold, "
	"stock, revenue, category_sales, reported_by, reported_at) SELECT s.id, "
	"s.version, s.received, s.sold, s.stock, s.revenue, "
	"COALESCE(c.category_sales, 0), s.reported_by, s.reported_at FROM "
	"sellthrough s LEFT JOIN sellthrough_category c ON c.dealer_id = "
	"s.dealer_id AND c.category_id = s.category_id AND c.period_start = "
	"s.period_start WHERE s.id = ?",
	"UPDATE sellthrough SET period_end = ?, received = ?, sold = ?, "
	"stock = ?, revenue = ?, unit_cost = ?, version = version + 1, "
	"reported_by = ?, reported_at = UTC_TIMESTAMP(6) WHERE id = ? AND "
	"version = ?",
	"INSERT INTO sellthrough (dealer_id, region_id, product_id, "
	"category_id, period_start, period_end, received, sold, stock, "
	"revenue, unit_cost, reported_by) SELECT id, region_id, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ? FROM orgs WHERE id = ?",
	"INSERT INTO sellthrough_category (dealer_id, category_id, "
	"period_start, period_end, region_id, category_sales) SELECT id, ?, ?, "
	"?, region_id, ? FROM orgs WHERE id = ? ON DUPLICATE KEY UPDATE "
	"period_end = VALUES(period_end), category_sales = "
	"VALUES(category_sales)",
	"SELECT received, sold, stock FROM sellthrough WHERE dealer_id = ? AND "
	"product_id = ? AND period_start = ? FOR UPDATE",
	/* the category's period of this start, or one overlapping it */
	"SELECT " D("period_start") ", " D("period_end") " FROM "
	"sellthrough_category WHERE dealer_id = ? AND category_id = ? AND "
	"period_start BETWEEN ? AND ? AND period_end >= ? AND NOT "
	"(period_start = ? AND period_end = ?) LIMIT 1 FOR UPDATE",
};

#define ERRORS_MAX	50	/* row errors named before giving up */

/* What one report did. */
struct tally {
	int	 created, changed, unchanged, errors;
};

/* A row's field is wrong: rows[index].field (or the CSV's line). */
static void
row_error(struct req *r, struct tally *t, const struct st_row *row,
    const char *field, const char *msg)
{
	char	 key[64];

	snprintf(key, sizeof(key), "rows[%d].%s", row->index, field);
	http_field_error(r, key, msg);
	t->errors++;
}

static int
get_count(struct req *r, const cJSON *o, const char *key, const char *pre,
    int64_t max, int64_t *out)
{
	char	 f[64];

	if (json_get_int(o, key, 0, max, out) == 0)
		return 0;
	snprintf(f, sizeof(f), "%s.%s", pre, key);
	http_field_error(r, f, max == ST_UNITS_MAX ? "required: units, 0 to "
	    "10,000,000" : "required: fen, 0 to 10^13");
	return -1;
}

/*
 * One row of the JSON body into row: 0, or -1 with its field errors
 * (named pre.field).
 */
int
sellthrough_row_json(struct req *r, const cJSON *o, int index,
    const char *pre, struct st_row *row)
{
	const char	*model = NULL, *start = NULL, *end = NULL;
	char		 f[64];
	int		 bad = 0;

	memset(row, 0, sizeof(*row));
	row->index = index;
	if (!cJSON_IsObject(o)) {
		http_field_error(r, pre, "an object");
		return -1;
	}
	if (json_get_string(o, "model", 32, &model) != 0 || util_blank(model)) {
		snprintf(f, sizeof(f), "%s.model", pre);
		http_field_error(r, f, "required: a model code");
		bad = 1;
	} else
		snprintf(row->model, sizeof(row->model), "%s", model);
	if (json_get_string(o, "period_start", 10, &start) != 0 ||
	    json_get_string(o, "period_end", 10, &end) != 0) {
		snprintf(f, sizeof(f), "%s.%s", pre, start == NULL ?
		    "period_start" : "period_end");
		http_field_error(r, f, "required: a date, YYYY-MM-DD");
		bad = 1;
	} else {
		snprintf(row->start, sizeof(row->start), "%s", start);
		snprintf(row->end, sizeof(row->end), "%s", end);
	}
	bad |= get_count(r, o, "received", pre, ST_UNITS_MAX,
	    &row->received) | get_count(r, o, "sold", pre, ST_UNITS_MAX,
	    &row->sold) | get_count(r, o, "stock", pre, ST_UNITS_MAX,
	    &row->stock) | get_count(r, o, "revenue", pre, ST_MONEY_MAX,
	    &row->revenue) | get_count(r, o, "category_sales", pre,
	    ST_MONEY_MAX, &row->category_sales);
	return bad ? -1 : 0;
}

/* The checks of a row that need no database: its period. */
static void
row_period(struct req *r, struct tally *t, struct st_row *row,
    int64_t today)
{
	const char	*msg, *colon;
	char		 field[16];

	if (sellthrough_period_check(row->start, row->end, today, &msg) == 0) {
		row->first = util_date_days(row->start);
		row->last = util_date_days(row->end);
		return;
	}
	colon = strchr(msg, ':');
	snprintf(field, sizeof(field), "%.*s", (int)(colon - msg), msg);
	row_error(r, t, row, field, colon + 2);
}

/* Prepare stmts[which], its arguments bound ("i" or "t" each). */
#define query(db, which, ...) db_preparef(db, stmts[which], __VA_ARGS__)
/* Run it: the rows changed, or -1. */
#define run(db, which, ...) db_execv(db, stmts[which], NULL, __VA_ARGS__)

/* Resolve the row's model: 0, 1 unknown (named), -1 error. */
static int
resolve(struct req *r, struct db *db, int64_t dealer, struct tally *t,
    struct st_row *row)
{
	struct db_stmt	*s = query(db, STMT_PRODUCT, "it", dealer, row->model);
	int		 rc;

	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		row->product = db_col_int(s, 0);
		row->category = db_col_int(s, 1);
		row->unit_cost = db_col_int(s, 2);
	}
	db_stmt_release(s);
	if (rc == DB_DONE)
		row_error(r, t, row, "model", "no such model");
	return rc == DB_ROW ? 0 : 1;
}

/*
 * Check row against the reports around it (an overlap; the stock of the
 * period just before): 0 fine, 1 named, -1 error.
 */
static int
neighbours(struct req *r, struct db *db, int64_t dealer, struct tally *t,
    const struct st_row *row)
{
	struct db_stmt	*s;
	char		 from[11], msg[160], day[11];
	int64_t		 last;
	int		 rc;

	util_days_date(row->first - 6, from, sizeof(from));
	s = query(db, STMT_OVERLAP, "iitttt", dealer, row->product, row->start,
	    from, row->end, row->start);
	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		snprintf(msg, sizeof(msg), "overlaps the report of %s to %s",
		    db_col_text(s, 0, NULL), db_col_text(s, 1, NULL));
		db_stmt_release(s);
		row_error(r, t, row, "period_start", msg);
		return 1;
	}
	db_stmt_release(s);
	/* a category's models come by the same periods: one figure each */
	s = query(db, STMT_CATEGORY_PERIODS, "iittttt", dealer, row->category,
	    from, row->end, row->start, row->start, row->end);
	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		snprintf(msg, sizeof(msg), "the category's sales are reported "
		    "for %s to %s: report its models by the same periods",
		    db_col_text(s, 0, NULL), db_col_text(s, 1, NULL));
		db_stmt_release(s);
		row_error(r, t, row, "period_end", msg);
		return 1;
	}
	db_stmt_release(s);
	s = query(db, STMT_PREV, "iit", dealer, row->product, row->start);
	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	util_days_date(row->first - 1, day, sizeof(day));
	/* only a period just before says what the stock was */
	if (rc == DB_ROW && strcmp(db_col_text(s, 1, NULL), day) == 0 &&
	    !sellthrough_stock_follows(last = db_col_int(s, 0), row->received,
	    row->sold, row->stock)) {
		snprintf(msg, sizeof(msg), "must be %lld: the last stock %lld + "
		    "received %lld - sold %lld", (long long)(last +
		    row->received - row->sold), (long long)last,
		    (long long)row->received, (long long)row->sold);
		row_error(r, t, row, "stock", msg);
		rc = 1;
	} else
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/* Write row: new, replaced (its earlier version kept), or unchanged. */
static int
write_row(struct req *r, struct db *db, int64_t dealer, struct tally *t,
    const struct st_row *row)
{
	struct db_stmt	*s;
	int64_t		 id = 0, version = 0, had_sales = -1;
	int		 rc, same = 0;

	if ((s = query(db, STMT_CATEGORY_GET, "iit", dealer, row->category,
	    row->start)) == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW)
		had_sales = db_col_int(s, 0);
	db_stmt_release(s);
	if ((s = query(db, STMT_CURRENT, "iit", dealer, row->product,
	    row->start)) == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		version = db_col_int(s, 1);
		same = strcmp(db_col_text(s, 2, NULL), row->end) == 0 &&
		    db_col_int(s, 3) == row->received &&
		    db_col_int(s, 4) == row->sold &&
		    db_col_int(s, 5) == row->stock &&
		    db_col_int(s, 6) == row->revenue &&
		    had_sales == row->category_sales;
	}
	db_stmt_release(s);
	if (same) {
		t->unchanged++;
		return 0;
	}
	/* rows changed: 1 new, 2 replaced, 0 the same value */
	if (run(db, STMT_CATEGORY_PUT, "ittii", row->category, row->start,
	    row->end, row->category_sales, dealer) == -1)
		return -1;
	if (id == 0) {
		t->created++;
		return run(db, STMT_INSERT, "iittiiiiiii", row->product,
		    row->category, row->start, row->end, row->received,
		    row->sold, row->stock, row->revenue, row->unit_cost,
		    r->who.user_id, dealer) == 1 ? 0 : -1;
	}
	t->changed++;
	return run(db, STMT_HISTORY, "i", id) == 1 && run(db, STMT_UPDATE,
	    "tiiiiiiii", row->end, row->received, row->sold, row->stock,
	    row->revenue, row->unit_cost, r->who.user_id, id, version) == 1 ?
	    0 : -1;
}

/*
 * After all rows are written: the period just after row, if reported,
 * must still follow from it.  0 fine, 1 named, -1 error.
 */
static int
next_follows(struct req *r, struct db *db, int64_t dealer, struct tally *t,
    const struct st_row *row)
{
	struct db_stmt	*s;
	char		 day[11], msg[160];
	int		 rc;

	util_days_date(row->last + 1, day, sizeof(day));
	if ((s = query(db, STMT_NEXT, "iit", dealer, row->product, day)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW && !sellthrough_stock_follows(row->stock, db_col_int(s,
	    0),
	    db_col_int(s, 1), db_col_int(s, 2))) {
		snprintf(msg, sizeof(msg), "the report from %s no longer "
		    "follows from this stock: send it again too", day);
		row_error(r, t, row, "stock", msg);
		rc = 1;
	} else
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/*
 * A category's sales in a period are one figure, at least what our own
 * models of it sold: the rows of one report that share a category and a
 * period start agree on it and do not add up to more.
 */
static void
categories(struct req *r, struct tally *t, const struct st_row *rows, int n)
{
	int64_t	 ours;
	char	 msg[120];
	int	 i, k;

	for (i = 0; i < n; i++) {
		ours = 0;
		for (k = 0; k < n; k++) {
			if (rows[k].category != rows[i].category ||
			    strcmp(rows[k].start, rows[i].start) != 0)
				continue;
			if (rows[k].category_sales != rows[i].category_sales &&
			    k < i) {
				snprintf(msg, sizeof(msg), "one figure for the "
				    "category and period: %lld in another row",
				    (long long)rows[k].category_sales);
				row_error(r, t, &rows[i], "category_sales", msg);
				break;
			}
			ours += rows[k].revenue;
		}
		if (k == n && ours > rows[i].category_sales) {
			snprintf(msg, sizeof(msg), "at least our models' revenue "
			    "in it, %lld", (long long)ours);
			row_error(r, t, &rows[i], "category_sales", msg);
		}
	}
}

/* The figures of one report, answered. */
static int
answer(struct req *r, int64_t dealer, int n, const struct tally *t)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "dealer", (double)dealer);
	cJSON_AddNumberToObject(j, "rows", n);
	cJSON_AddNumberToObject(j, "created", t->created);
	cJSON_AddNumberToObject(j, "changed", t->changed);
	cJSON_AddNumberToObject(j, "unchanged", t->unchanged);
	return http_json(r, 200, j);
}

static int
refuse(struct req *r)
{
	return http_error(r, 422, "validation_failed", "check the rows");
}

/*
 * Store rows[0..n-1] of dealer's report, all or none (their field errors
 * already named are kept): the status answered.
 */
int
sellthrough_store(struct req *r, int64_t dealer, struct st_row *rows, int n)
{
	struct tally	 t = { 0, 0, 0, 0 };
	char		 today[11];
	struct db	*db;
	int		 i, rc = 0;

	util_china_date(today, sizeof(today), 0);
	for (i = 0; i < n; i++)
		if (rows[i].start[0] != '\0')
			row_period(r, &t, &rows[i], util_date_days(today));
	if (r->err.fields != NULL)
		return refuse(r);
	sellthrough_rows_order(rows, n);
	for (i = 1; i < n; i++)
		if (strcmp(rows[i].model, rows[i - 1].model) == 0 &&
		    rows[i].first <= rows[i - 1].last)
			row_error(r, &t, &rows[i], "period_start", "overlaps "
			    "another row of this model");
	if (r->err.fields != NULL)
		return refuse(r);
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	for (i = 0; i < n && rc != -1 && t.errors < ERRORS_MAX; i++)
		rc = resolve(r, db, dealer, &t, &rows[i]);
	if (rc != -1 && t.errors == 0)
		categories(r, &t, rows, n);
	/*
	 * Every row written first, then each checked against what is there
	 * now (its own report's other rows too), by locking reads: so a
	 * report may correct a chain of periods at once, and of two reports
	 * racing one waits for the other and sees it.
	 */
	for (i = 0; i < n && rc != -1 && t.errors == 0; i++)
		rc = write_row(r, db, dealer, &t, &rows[i]);
	for (i = 0; i < n && rc != -1 && t.errors == 0; i++)
		rc = neighbours(r, db, dealer, &t, &rows[i]);
	for (i = 0; i < n && rc != -1 && t.errors < ERRORS_MAX; i++)
		rc = next_follows(r, db, dealer, &t, &rows[i]);
	if (rc == -1 || t.errors > 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (t.errors > 0)
			return refuse(r);
		/* another report of the dealer got in first: send it again */
		return db_is_duplicate(db) || db_is_conflict(db) ?
		    http_error(r, 409, "conflict",
		    "another report changed these figures meanwhile; send "
		    "again") : 500;
	}
	return answer(r, dealer, n, &t);
}

/*
 * The dealer a report is for: the caller's own, or for the ERP the one
 * its "dealer" names (in its scope).  0 with *dealer, else the status.
 */
int
sellthrough_dealer(struct req *r, const cJSON *body, int64_t *dealer)
{
	struct scope	 sc;
	int64_t		 id = 0;
	int		 rc;

	rc = json_get_int(body, "dealer", 1, INT64_MAX / 2, &id);
	if (rc == -1) {
		http_field_error(r, "dealer", "a dealer's id");
		return refuse(r);
	}
	if (r->who.kind == ORG_DEALER) {
		if (rc == 0 && id != r->who.org_id)
			return http_error(r, 404, "not_found", "no such dealer");
		*dealer = r->who.org_id;
		return 0;
	}
	if (!(r->who.roles & ROLE_ERP))
		return http_error(r, 403, "forbidden", "dealers and the ERP "
		    "report sell-through");
	if (rc != 0) {
		http_field_error(r, "dealer", "required: the dealer's id");
		return refuse(r);
	}
	scope_write(&r->who, &sc);
	if ((rc = scope_dealer_reach(http_db(r), &sc, id)) == -1)
		return 500;
	if (rc == 0)
		return http_error(r, 404, "not_found", "no such dealer");
	*dealer = id;
	return 0;
}

/* POST /api/v1/sellthrough {"dealer","rows":[...]} */
int
sellthrough_post(struct req *r)
{
	struct st_row	*rows;
	const cJSON	*list, *o;
	int64_t		 dealer = 0;
	char		 pre[24];
	int		 n = 0, st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if ((st = sellthrough_dealer(r, r->json, &dealer)) != 0)
		return st;
	list = cJSON_GetObjectItemCaseSensitive(r->json, "rows");
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 1 ||
	    cJSON_GetArraySize(list) > ST_ROWS_MAX) {
		http_field_error(r, "rows", "required: 1 to 500 rows");
		return refuse(r);
	}
	if ((rows = calloc((size_t)cJSON_GetArraySize(list),
	    sizeof(*rows))) == NULL)
		return 500;
	cJSON_ArrayForEach(o, list) {
		snprintf(pre, sizeof(pre), "rows[%d]", n);
		sellthrough_row_json(r, o, n, pre, &rows[n]);
		n++;
	}
	st = r->err.fields != NULL ? refuse(r) : sellthrough_store(r, dealer,
	    rows, n);
	free(rows);
	return st;
}
