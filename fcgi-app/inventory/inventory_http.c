/*
 * inventory_http.c: stock per model and warehouse
 *   POST /api/v1/inventory {"rows":[{"model","warehouse","on_hand",
 *	"reserved","next_receipt_on","next_receipt_qty","as_of"}]}	the ERP
 *   GET  /api/v1/inventory?model=&warehouse=&after=&limit=	anyone
 * A snapshot row replaces the stock held unless it is older (as_of):
 * resending one changes nothing; all rows go in, or none, each problem
 * named rows[i].field.  The query lists by model, then warehouse, with
 * what is available (on hand less reserved) and the next receipt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "inventory.h"

#define D(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

enum stmt { STMT_PUT, STMT_REFS, STMT_LIST, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* newer snapshots only: an older one leaves the row as it is */
	"INSERT INTO inventory (product_id, warehouse_id, on_hand, reserved, "
	"next_receipt_on, next_receipt_qty, as_of) VALUES (?, ?, ?, ?, "
	"NULLIF(?, ''), ?, ?) ON DUPLICATE KEY UPDATE "
	"on_hand = IF(VALUES(as_of) > as_of, VALUES(on_hand), on_hand), "
	"reserved = IF(VALUES(as_of) > as_of, VALUES(reserved), reserved), "
	"next_receipt_on = IF(VALUES(as_of) > as_of, VALUES(next_receipt_on), "
	"next_receipt_on), next_receipt_qty = IF(VALUES(as_of) > as_of, "
	"VALUES(next_receipt_qty), next_receipt_qty), as_of = "
	"GREATEST(as_of, VALUES(as_of))",
	"SELECT (SELECT id FROM products WHERE code = ?), (SELECT id FROM "
	"warehouses WHERE code = ?)",
	/* model ? ?, warehouse ? ?, cursor product ? ? warehouse ?, limit */
	"SELECT i.product_id, i.warehouse_id, p.code, p.name_zh, p.name_en, "
	"w.code, w.name_zh, w.name_en, i.on_hand, i.reserved, "
	D("i.next_receipt_on") ", i.next_receipt_qty, "
	"DATE_FORMAT(i.as_of, '%Y-%m-%dT%H:%i:%sZ') FROM inventory i JOIN "
	"products p ON p.id = i.product_id JOIN warehouses w ON w.id = "
	"i.warehouse_id WHERE (? = '' OR p.code = ?) AND (? = '' OR w.code = "
	"?) AND (i.product_id > ? OR (i.product_id = ? AND i.warehouse_id > "
	"?)) ORDER BY i.product_id, i.warehouse_id LIMIT ?",
};

/* "YYYY-MM-DDTHH:MM:SSZ", a real day and time?  1 yes. */
static int
timestamp_ok(const char *t)
{
	char	 day[11];

	if (t == NULL || strlen(t) != 20 || t[10] != 'T' || t[13] != ':' ||
	    t[16] != ':' || t[19] != 'Z' || strspn(t + 11, "0123456789:") != 8)
		return 0;
	snprintf(day, sizeof(day), "%.10s", t);
	return util_date_ok(day) && atoi(t + 11) < 24 && atoi(t + 14) < 60 &&
	    atoi(t + 17) < 60;
}

/* One row, checked: 0, or -1 with its field errors. */
struct row {
	const char	*model, *warehouse, *receipt, *as_of;
	int64_t		 on_hand, reserved, receipt_qty;
};

static int
row_of(struct req *r, const cJSON *o, int i, struct row *w)
{
	char	 f[48];
	int	 bad = 0;

#define FIELD(name, msg) do { \
	snprintf(f, sizeof(f), "rows[%d].%s", i, name); \
	http_field_error(r, f, msg); \
	bad = 1; \
} while (0)
	memset(w, 0, sizeof(*w));
	w->receipt = "";
	if (!cJSON_IsObject(o)) {
		snprintf(f, sizeof(f), "rows[%d]", i);
		http_field_error(r, f, "an object");
		return -1;
	}
	if (json_get_string(o, "model", 32, &w->model) != 0 ||
	    util_blank(w->model))
		FIELD("model", "required: a model code");
	if (json_get_string(o, "warehouse", 16, &w->warehouse) != 0 ||
	    util_blank(w->warehouse))
		FIELD("warehouse", "required: a warehouse code");
	if (json_get_int(o, "on_hand", 0, INVENTORY_UNITS_MAX,
	    &w->on_hand) != 0)
		FIELD("on_hand", "required: units, 0 to 100,000,000");
	if (json_get_int(o, "reserved", 0, INVENTORY_UNITS_MAX,
	    &w->reserved) != 0)
		FIELD("reserved", "required: units, 0 to 100,000,000");
	else if (w->reserved > w->on_hand)
		FIELD("reserved", "at most on_hand");
	if (json_get_int(o, "next_receipt_qty", 0, INVENTORY_UNITS_MAX,
	    &w->receipt_qty) == -1)
		FIELD("next_receipt_qty", "units, 0 to 100,000,000");
	if (json_get_string(o, "next_receipt_on", 10, &w->receipt) == -1 ||
	    (w->receipt != NULL && !util_date_ok(w->receipt)))
		FIELD("next_receipt_on", "a date, YYYY-MM-DD");
	if (w->receipt == NULL)
		w->receipt = "";
	if (json_get_string(o, "as_of", 20, &w->as_of) != 0 ||
	    !timestamp_ok(w->as_of))
		FIELD("as_of", "required: when the ERP took it, "
		    "YYYY-MM-DDTHH:MM:SSZ");
#undef FIELD
	return bad ? -1 : 0;
}

/* The row's model and warehouse ids: 0, 1 unknown (named), -1 error. */
static int
refs(struct req *r, struct db *db, int i, const struct row *w, int64_t *p,
    int64_t *h)
{
	struct db_stmt	*s;
	char		 f[48];
	int		 bad = 0;

	if ((s = db_preparef(db, stmts[STMT_REFS], "tt", w->model,
	    w->warehouse)) == NULL || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	*p = db_col_null(s, 0) ? 0 : db_col_int(s, 0);
	*h = db_col_null(s, 1) ? 0 : db_col_int(s, 1);
	db_stmt_release(s);
	if (*p == 0) {
		snprintf(f, sizeof(f), "rows[%d].model", i);
		http_field_error(r, f, "no such model");
		bad = 1;
	}
	if (*h == 0) {
		snprintf(f, sizeof(f), "rows[%d].warehouse", i);
		http_field_error(r, f, "no such warehouse");
		bad = 1;
	}
	return bad;
}

/* POST /api/v1/inventory: the ERP's snapshot */
int
inventory_post(struct req *r)
{
	const cJSON	*list, *o;
	struct row	 w;
	struct db	*db;
	int64_t		 p, h;
	char		 as_of[20];
	int		 i = 0, n, rc = 0, applied = 0, changed;
	cJSON		*j;

	if (!(r->who.roles & ROLE_ERP))
		return http_error(r, 403, "forbidden", "the ERP posts stock");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	list = cJSON_GetObjectItemCaseSensitive(r->json, "rows");
	if (!cJSON_IsArray(list) || (n = cJSON_GetArraySize(list)) < 1 ||
	    n > INVENTORY_ROWS_MAX) {
		http_field_error(r, "rows", "required: 1 to 1,000 rows");
		return http_error(r, 422, "validation_failed", "check the rows");
	}
	cJSON_ArrayForEach(o, list)
		row_of(r, o, i++, &w);
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed", "check the rows");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	i = 0;
	cJSON_ArrayForEach(o, list) {
		row_of(r, o, i, &w);
		if ((rc = refs(r, db, i++, &w, &p, &h)) != 0)
			continue;
		snprintf(as_of, sizeof(as_of), "%.10s %.8s", w.as_of,
		    w.as_of + 11);
		/* rows changed: 1 new, 2 replaced, 0 older (or the same) */
		if ((changed = db_execv(db, stmts[STMT_PUT], NULL, "iiiitit", p,
		    h, w.on_hand, w.reserved, w.receipt, w.receipt_qty,
		    as_of)) == -1) {
			rc = -1;
			break;
		}
		applied += changed > 0;
	}
	if (rc == -1 || r->err.fields != NULL || db_commit(db) == -1) {
		db_rollback(db);
		if (r->err.fields != NULL)
			return http_error(r, 422, "validation_failed",
			    "check the rows");
		return db_is_conflict(db) ?
		    http_error(r, 409, "conflict", "another snapshot got in "
		    "first; send again") : 500;
	}
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "rows", n);
	cJSON_AddNumberToObject(j, "applied", applied);
	cJSON_AddNumberToObject(j, "unchanged", n - applied);
	return http_json(r, 200, j);
}

static cJSON *
item(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();
	int	 en = strcmp((const char *)ctx, "en") == 0;

	cJSON_AddStringToObject(j, "model", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "name", db_col_text(s, en ? 4 : 3, NULL));
	cJSON_AddStringToObject(j, "warehouse", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(j, "warehouse_name", db_col_text(s, en ? 7 : 6,
	    NULL));
	cJSON_AddNumberToObject(j, "on_hand", (double)db_col_int(s, 8));
	cJSON_AddNumberToObject(j, "reserved", (double)db_col_int(s, 9));
	cJSON_AddNumberToObject(j, "available", (double)(db_col_int(s, 8) -
	    db_col_int(s, 9)));
	http_col_text(j, "next_receipt_on", s, 10);
	cJSON_AddNumberToObject(j, "next_receipt_qty", (double)db_col_int(s,
	    11));
	cJSON_AddStringToObject(j, "as_of", db_col_text(s, 12, NULL));
	return j;
}

static void
cursor(struct db_stmt *s, void *ctx, char *out, size_t size)
{
	(void)ctx;
	snprintf(out, size, "%lld.%lld", (long long)db_col_int(s, 0),
	    (long long)db_col_int(s, 1));
}

/* GET /api/v1/inventory?model=&warehouse=&after=&limit= */
int
inventory_get(struct req *r)
{
	const char	*model = http_query(r, "model");
	const char	*wh = http_query(r, "warehouse");
	const char	*after = http_query(r, "after");
	int64_t		 cur[2] = { 0, 0 };
	struct db_stmt	*s;
	struct db	*db;
	cJSON		*j;
	int		 limit;

	if (model == NULL)
		model = "";
	if (wh == NULL)
		wh = "";
	if (strlen(model) > 32)
		http_field_error(r, "model", "a model code");
	if (strlen(wh) > 16)
		http_field_error(r, "warehouse", "a warehouse code");
	if (after != NULL && http_cursor_parts(after, 2, cur) == -1)
		http_field_error(r, "after", "a cursor from next_cursor");
	http_limit(r, &limit);
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((s = db_preparef(db, stmts[STMT_LIST], "ttttiiii", model, model,
	    wh, wh, cur[0], cur[0], cur[1], (int64_t)limit + 1)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	if (http_keyset_items(s, limit, j, item, (void *)r->lang, cursor) ==
	    -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}
