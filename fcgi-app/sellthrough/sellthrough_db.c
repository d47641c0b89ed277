/* sellthrough_db.c: SQL of the sell-through reports */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "sellthrough.h"

#define D(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

static const char sql_product[] =
	"SELECT p.id, p.category_id, COALESCE(c.unit_cost, p.base_price) FROM "
	"products p LEFT JOIN dealer_costs c ON c.dealer_id = ? AND "
	"c.product_id = p.id WHERE p.code = ?";

/* a period overlapping start..end starts at most six days before */
static const char sql_overlap[] =
	"SELECT " D("period_start") ", " D("period_end") " FROM sellthrough "
	"WHERE dealer_id = ? AND product_id = ? AND period_start <> ? AND "
	"period_start BETWEEN ? AND ? AND period_end >= ? LIMIT 1 FOR UPDATE";

static const char sql_prev[] =
	"SELECT stock, " D("period_end") " FROM sellthrough WHERE dealer_id = ? "
	"AND product_id = ? AND period_start < ? ORDER BY period_start DESC "
	"LIMIT 1 FOR UPDATE";

static const char sql_current[] =
	"SELECT id, version, " D("period_end") ", received, sold, stock, "
	"revenue FROM sellthrough WHERE dealer_id = ? AND product_id = ? AND "
	"period_start = ? FOR UPDATE";

static const char sql_category_get[] =
	"SELECT category_sales FROM sellthrough_category WHERE dealer_id = ? "
	"AND category_id = ? AND period_start = ? FOR UPDATE";

static const char sql_history[] =
	"INSERT INTO sellthrough_history (report_id, version, received, sold, "
	"stock, revenue, category_sales, reported_by, reported_at) SELECT s.id, "
	"s.version, s.received, s.sold, s.stock, s.revenue, "
	"COALESCE(c.category_sales, 0), s.reported_by, s.reported_at FROM "
	"sellthrough s LEFT JOIN sellthrough_category c ON c.dealer_id = "
	"s.dealer_id AND c.category_id = s.category_id AND c.period_start = "
	"s.period_start WHERE s.id = ?";

static const char sql_update[] =
	"UPDATE sellthrough SET period_end = ?, received = ?, sold = ?, "
	"stock = ?, revenue = ?, unit_cost = ?, version = version + 1, "
	"reported_by = ?, reported_at = UTC_TIMESTAMP(6) WHERE id = ? AND "
	"version = ?";

static const char sql_insert[] =
	"INSERT INTO sellthrough (dealer_id, region_id, product_id, "
	"category_id, period_start, period_end, received, sold, stock, "
	"revenue, unit_cost, reported_by) SELECT id, region_id, ?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ? FROM orgs WHERE id = ?";

static const char sql_category_put[] =
	"INSERT INTO sellthrough_category (dealer_id, category_id, "
	"period_start, period_end, region_id, category_sales) SELECT id, ?, ?, "
	"?, region_id, ? FROM orgs WHERE id = ? ON DUPLICATE KEY UPDATE "
	"period_end = VALUES(period_end), category_sales = "
	"VALUES(category_sales)";

static const char sql_next[] =
	"SELECT received, sold, stock FROM sellthrough WHERE dealer_id = ? AND "
	"product_id = ? AND period_start = ? FOR UPDATE";

/* the category's period of this start, or one overlapping it */
static const char sql_category_periods[] =
	"SELECT " D("period_start") ", " D("period_end") " FROM "
	"sellthrough_category WHERE dealer_id = ? AND category_id = ? AND "
	"period_start BETWEEN ? AND ? AND period_end >= ? AND NOT "
	"(period_start = ? AND period_end = ?) LIMIT 1 FOR UPDATE";

static const char sql_list[] =
	"SELECT s.id, p.code, " D("s.period_start") ", " D("s.period_end") ", "
	"s.received, s.sold, s.stock, s.revenue, COALESCE(c.category_sales, "
	"0), s.version, DATE_FORMAT(s.period_start, '%Y%m%d') FROM "
	"sellthrough s JOIN products p ON p.id = s.product_id LEFT JOIN "
	"sellthrough_category c ON c.dealer_id = s.dealer_id AND "
	"c.category_id = s.category_id AND c.period_start = s.period_start "
	"WHERE s.dealer_id = ? AND s.period_start BETWEEN ? AND ? AND (? = '' "
	"OR p.code = ?) AND (s.period_start < ? OR (s.period_start = ? AND "
	"s.id < ?)) ORDER BY s.period_start DESC, s.id DESC LIMIT ?";

static const char sql_report[] =
	"SELECT s.id FROM sellthrough s WHERE s.id = ? AND s.dealer_id = ?";

static const char sql_versions[] =
	"SELECT version, received, sold, stock, revenue, category_sales, "
	"DATE_FORMAT(reported_at, '%Y-%m-%dT%H:%i:%sZ'), "
	"DATE_FORMAT(replaced_at, '%Y-%m-%dT%H:%i:%sZ') FROM "
	"sellthrough_history WHERE report_id = ? ORDER BY version DESC "
	"LIMIT 100";

/* Step s once: 1 a row, 0 none, -1 error (s released then). */
static int
first(struct db_stmt *s)
{
	int	 rc;

	if (s == NULL)
		return -1;
	if ((rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_DONE)
		db_stmt_release(s);
	return rc == DB_ROW;
}

/* The row's model for dealer: product, category, unit cost: 1, 0, -1. */
int
sellthrough_db_product(struct db *db, int64_t dealer, struct st_row *row)
{
	struct db_stmt	*s = db_preparef(db, sql_product, "it", dealer,
	    row->model);
	int		 rc;

	if ((rc = first(s)) == 1) {
		row->product = db_col_int(s, 0);
		row->category = db_col_int(s, 1);
		row->unit_cost = db_col_int(s, 2);
		db_stmt_release(s);
	}
	return rc;
}

/* Step s once: 1 with the row's two dates, 0 none, -1. */
static int
two_dates(struct db_stmt *s, char *start, char *end)
{
	int	 rc;

	if ((rc = first(s)) == 1) {
		db_col_copy(s, 0, start, 11);
		db_col_copy(s, 1, end, 11);
		db_stmt_release(s);
	}
	return rc;
}

/*
 * Another period of row's model overlapping it (starting from the day
 * from on): 1 with its start and end, 0 none, -1.
 */
int
sellthrough_db_overlap(struct db *db, int64_t dealer, const struct st_row *row,
    const char *from, char *start, char *end)
{
	return two_dates(db_preparef(db, sql_overlap, "iitttt", dealer,
	    row->product, row->start, from, row->end, row->start), start, end);
}

/* A period of the row's category overlapping it, not the same: as above. */
int
sellthrough_db_category_overlap(struct db *db, int64_t dealer,
    const struct st_row *row, const char *from, char *start, char *end)
{
	return two_dates(db_preparef(db, sql_category_periods, "iittttt",
	    dealer, row->category, from, row->end, row->start, row->start,
	    row->end), start, end);
}

/* The model's period before row's: 1 with its stock and end, 0, -1. */
int
sellthrough_db_prev(struct db *db, int64_t dealer, const struct st_row *row,
    int64_t *stock, char *end)
{
	struct db_stmt	*s = db_preparef(db, sql_prev, "iit", dealer,
	    row->product, row->start);
	int		 rc;

	if ((rc = first(s)) == 1) {
		*stock = db_col_int(s, 0);
		db_col_copy(s, 1, end, 11);
		db_stmt_release(s);
	}
	return rc;
}

/* The category's sales reported for row's period start: 1, 0, -1. */
int
sellthrough_db_category_sales(struct db *db, int64_t dealer,
    const struct st_row *row, int64_t *sales)
{
	struct db_stmt	*s = db_preparef(db, sql_category_get, "iit", dealer,
	    row->category, row->start);
	int		 rc;

	if ((rc = first(s)) == 1) {
		*sales = db_col_int(s, 0);
		db_stmt_release(s);
	}
	return rc;
}

/* The report of row's model and period start, locked: 1, 0, -1. */
int
sellthrough_db_current(struct db *db, int64_t dealer,
    const struct st_row *row, struct sellthrough_current *c)
{
	struct db_stmt	*s = db_preparef(db, sql_current, "iit", dealer,
	    row->product, row->start);
	int		 rc;

	if ((rc = first(s)) == 1) {
		c->id = db_col_int(s, 0);
		c->version = db_col_int(s, 1);
		db_col_copy(s, 2, c->end, 11);
		c->received = db_col_int(s, 3);
		c->sold = db_col_int(s, 4);
		c->stock = db_col_int(s, 5);
		c->revenue = db_col_int(s, 6);
		db_stmt_release(s);
	}
	return rc;
}

/* The category's sales of row's period: rows changed, or -1. */
int
sellthrough_db_category_put(struct db *db, int64_t dealer,
    const struct st_row *row)
{
	return db_execv(db, sql_category_put, NULL, "ittii", row->category,
	    row->start, row->end, row->category_sales, dealer);
}

/* A new report of row by user: 0, or -1. */
int
sellthrough_db_insert(struct db *db, int64_t dealer, int64_t user,
    const struct st_row *row)
{
	return db_execv(db, sql_insert, NULL, "iittiiiiiii", row->product,
	    row->category, row->start, row->end, row->received, row->sold,
	    row->stock, row->revenue, row->unit_cost, user, dealer) == 1 ?
	    0 : -1;
}

/* Report id of version replaced by row, the earlier one kept: 0, -1. */
int
sellthrough_db_replace(struct db *db, int64_t id, int64_t version,
    int64_t user, const struct st_row *row)
{
	return db_execv(db, sql_history, NULL, "i", id) == 1 &&
	    db_execv(db, sql_update, NULL, "tiiiiiiii", row->end, row->received,
	    row->sold, row->stock, row->revenue, row->unit_cost, user, id,
	    version) == 1 ? 0 : -1;
}

/* The model's report starting on day: 1 with received, sold, stock. */
int
sellthrough_db_next(struct db *db, int64_t dealer, const struct st_row *row,
    const char *day, int64_t *fig)
{
	struct db_stmt	*s = db_preparef(db, sql_next, "iit", dealer,
	    row->product, day);
	int		 rc;

	if ((rc = first(s)) == 1) {
		fig[0] = db_col_int(s, 0);
		fig[1] = db_col_int(s, 1);
		fig[2] = db_col_int(s, 2);
		db_stmt_release(s);
	}
	return rc;
}

static cJSON *
item(struct db_stmt *s, void *ctx)
{
	static const char *const n[] = { "received", "sold", "stock",
	    "revenue", "category_sales", "version" };
	cJSON	*j = cJSON_CreateObject();
	int	 i;

	(void)ctx;
	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "model", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "period_start", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "period_end", db_col_text(s, 3, NULL));
	for (i = 0; i < 6; i++)
		cJSON_AddNumberToObject(j, n[i], (double)db_col_int(s, 4 + i));
	return j;
}

static void
cursor(struct db_stmt *s, void *ctx, char *out, size_t size)
{
	(void)ctx;
	snprintf(out, size, "%s.%lld", db_col_text(s, 10, NULL),
	    (long long)db_col_int(s, 0));
}

/*
 * Dealer's reports of model ("": all) starting from..to, newest first,
 * before (day, id), at most limit: out gets items and next_cursor.  0, -1.
 */
int
sellthrough_db_list(struct db *db, int64_t dealer, const char *from,
    const char *to, const char *model, const char *day, int64_t id,
    int limit, cJSON *out)
{
	struct db_stmt	*s;

	if ((s = db_preparef(db, sql_list, "ittttttii", dealer, from, to, model,
	    model, day, day, id, (int64_t)limit + 1)) == NULL)
		return -1;
	return http_keyset_items(s, limit, out, item, NULL, cursor);
}

/* Is report id dealer's?  1, 0, -1. */
int
sellthrough_db_report_of(struct db *db, int64_t id, int64_t dealer)
{
	struct db_stmt	*s = db_preparef(db, sql_report, "ii", id, dealer);
	int		 rc;

	if ((rc = first(s)) == 1)
		db_stmt_release(s);
	return rc;
}

/* Report id's earlier versions, newest first, or NULL. */
cJSON *
sellthrough_db_history(struct db *db, int64_t id)
{
	struct db_stmt	*s;
	cJSON		*list, *v;
	int		 rc;

	if ((s = db_preparef(db, sql_versions, "i", id)) == NULL)
		return NULL;
	list = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW) {
		v = cJSON_CreateObject();
		cJSON_AddNumberToObject(v, "version", (double)db_col_int(s, 0));
		cJSON_AddNumberToObject(v, "received", (double)db_col_int(s, 1));
		cJSON_AddNumberToObject(v, "sold", (double)db_col_int(s, 2));
		cJSON_AddNumberToObject(v, "stock", (double)db_col_int(s, 3));
		cJSON_AddNumberToObject(v, "revenue", (double)db_col_int(s, 4));
		cJSON_AddNumberToObject(v, "category_sales",
		    (double)db_col_int(s, 5));
		cJSON_AddStringToObject(v, "reported_at", db_col_text(s, 6,
		    NULL));
		cJSON_AddStringToObject(v, "replaced_at", db_col_text(s, 7,
		    NULL));
		cJSON_AddItemToArray(list, v);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}
