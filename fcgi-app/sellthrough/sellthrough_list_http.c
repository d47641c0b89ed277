/*
 * sellthrough_list_http.c: a dealer's sell-through reports
 *   GET /api/v1/dealers/{id}/sellthrough?from=&to=&model=&after=&limit=
 *   GET /api/v1/dealers/{id}/sellthrough/{report}/history
 * Newest period first, keyset by "YYYYMMDD.id" of the last one shown.
 * The dealer reads its own, region staff their dealers', HQ all.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "sellthrough.h"

#define D(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

enum stmt { STMT_LIST, STMT_REPORT, STMT_HISTORY, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT s.id, p.code, " D("s.period_start") ", " D("s.period_end") ", "
	"s.received, s.sold, s.stock, s.revenue, COALESCE(c.category_sales, "
	"0), s.version, DATE_FORMAT(s.period_start, '%Y%m%d') FROM "
	"sellthrough s JOIN products p ON p.id = s.product_id LEFT JOIN "
	"sellthrough_category c ON c.dealer_id = s.dealer_id AND "
	"c.category_id = s.category_id AND c.period_start = s.period_start "
	"WHERE s.dealer_id = ? AND s.period_start BETWEEN ? AND ? AND (? = '' "
	"OR p.code = ?) AND (s.period_start < ? OR (s.period_start = ? AND "
	"s.id < ?)) ORDER BY s.period_start DESC, s.id DESC LIMIT ?",
	"SELECT s.id FROM sellthrough s WHERE s.id = ? AND s.dealer_id = ?",
	"SELECT version, received, sold, stock, revenue, category_sales, "
	"DATE_FORMAT(reported_at, '%Y-%m-%dT%H:%i:%sZ'), "
	"DATE_FORMAT(replaced_at, '%Y-%m-%dT%H:%i:%sZ') FROM "
	"sellthrough_history WHERE report_id = ? ORDER BY version DESC "
	"LIMIT 100",
};

/* The path's dealer, in the caller's read scope: 0, or the status. */
static int
dealer_of(struct req *r, struct db *db, int64_t *dealer)
{
	struct scope	 sc;
	int		 rc;

	*dealer = http_param_id(r, "id");
	scope_read(&r->who, &sc);
	if ((rc = scope_dealer_reach(db, &sc, *dealer)) == -1)
		return 500;
	return rc == 1 ? 0 : http_error(r, 404, "not_found", "no such dealer");
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

int
sellthrough_list_get(struct req *r)
{
	const char	*from = http_query(r, "from"), *to = http_query(r, "to");
	const char	*model = http_query(r, "model"), *after = http_query(r,
	    "after");
	char		 first[11], today[11], day[11] = "9999-12-31";
	int64_t		 dealer, cur[2] = { 0, INT64_MAX };
	struct db_stmt	*s;
	struct db	*db;
	cJSON		*j;
	int		 limit, st;

	util_china_date(today, sizeof(today), 0);
	util_china_date(first, sizeof(first), -90);
	if (from == NULL || *from == '\0')
		from = first;
	if (to == NULL || *to == '\0')
		to = today;
	if (!util_date_ok(from))
		http_field_error(r, "from", "a date, YYYY-MM-DD");
	if (!util_date_ok(to) || strcmp(to, from) < 0)
		http_field_error(r, "to", "a date, YYYY-MM-DD, not before from");
	if (model != NULL && strlen(model) > 32)
		http_field_error(r, "model", "a model code");
	if (after != NULL && (http_cursor_parts(after, 2, cur) == -1 ||
	    cur[0] < 20000101 || cur[0] > 21001231))
		http_field_error(r, "after", "a cursor from next_cursor");
	else if (after != NULL)
		snprintf(day, sizeof(day), "%04d-%02d-%02d", (int)(cur[0] /
		    10000), (int)(cur[0] / 100 % 100), (int)(cur[0] % 100));
	http_limit(r, &limit);
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = dealer_of(r, db, &dealer)) != 0)
		return st;
	if (model == NULL)
		model = "";
	if ((s = db_preparef(db, stmts[STMT_LIST], "ittttttii", dealer, from,
	    to, model, model, day, day, cur[1], (int64_t)limit + 1)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "dealer", (double)dealer);
	if (http_keyset_items(s, limit, j, item, NULL, cursor) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

/* GET /api/v1/dealers/{id}/sellthrough/{report}/history */
int
sellthrough_history_get(struct req *r)
{
	int64_t		 dealer, id = http_param_id(r, "report");
	struct db_stmt	*s;
	struct db	*db;
	cJSON		*j, *list, *v;
	int		 st, rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = dealer_of(r, db, &dealer)) != 0)
		return st;
	if ((s = db_preparef(db, stmts[STMT_REPORT], "ii", id, dealer)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	db_stmt_release(s);
	if (rc == DB_DONE)
		return http_error(r, 404, "not_found", "no such report");
	if ((s = db_preparef(db, stmts[STMT_HISTORY], "i", id)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "report", (double)id);
	list = cJSON_AddArrayToObject(j, "versions");
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
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}
