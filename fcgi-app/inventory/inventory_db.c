/* inventory_db.c: SQL of the stock per model and warehouse */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "inventory.h"

#define D(col)	"DATE_FORMAT(" col ", '%Y-%m-%d')"

/* newer snapshots only: an older one leaves the row as it is */
static const char sql_put[] =
	"INSERT INTO inventory (product_id, warehouse_id, on_hand, reserved, "
	"next_receipt_on, next_receipt_qty, as_of) VALUES (?, ?, ?, ?, "
	"NULLIF(?, ''), ?, ?) ON DUPLICATE KEY UPDATE "
	"on_hand = IF(VALUES(as_of) > as_of, VALUES(on_hand), on_hand), "
	"reserved = IF(VALUES(as_of) > as_of, VALUES(reserved), reserved), "
	"next_receipt_on = IF(VALUES(as_of) > as_of, VALUES(next_receipt_on), "
	"next_receipt_on), next_receipt_qty = IF(VALUES(as_of) > as_of, "
	"VALUES(next_receipt_qty), next_receipt_qty), as_of = "
	"GREATEST(as_of, VALUES(as_of))";

static const char sql_refs[] =
	"SELECT (SELECT id FROM products WHERE code = ?), (SELECT id FROM "
	"warehouses WHERE code = ?)";

/* model ? ?, warehouse ? ?, cursor product ? ? warehouse ?, limit */
static const char sql_list[] =
	"SELECT i.product_id, i.warehouse_id, p.code, p.name_zh, p.name_en, "
	"w.code, w.name_zh, w.name_en, i.on_hand, i.reserved, "
	D("i.next_receipt_on") ", i.next_receipt_qty, "
	"DATE_FORMAT(i.as_of, '%Y-%m-%dT%H:%i:%sZ') FROM inventory i JOIN "
	"products p ON p.id = i.product_id JOIN warehouses w ON w.id = "
	"i.warehouse_id WHERE (? = '' OR p.code = ?) AND (? = '' OR w.code = "
	"?) AND (i.product_id > ? OR (i.product_id = ? AND i.warehouse_id > "
	"?)) ORDER BY i.product_id, i.warehouse_id LIMIT ?";

static const char sql_warehouses[] =
	"SELECT code, name_zh, name_en FROM warehouses ORDER BY code";

/* The ids of model and warehouse (0: none such): 0, or -1. */
int
inventory_refs(struct db *db, const char *model, const char *warehouse,
    int64_t *p, int64_t *h)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_preparef(db, sql_refs, "tt", model, warehouse)) == NULL ||
	    db_step(s) != DB_ROW)
		goto out;
	*p = db_col_null(s, 0) ? 0 : db_col_int(s, 0);
	*h = db_col_null(s, 1) ? 0 : db_col_int(s, 1);
	rc = 0;
out:
	db_stmt_release(s);
	return rc;
}

/*
 * Row's stock of product p in warehouse h, unless what is held is newer:
 * the rows changed (1 new, 2 replaced, 0 older or the same), or -1.
 */
int
inventory_put(struct db *db, int64_t p, int64_t h,
    const struct inventory_row *w)
{
	char	 as_of[20];

	snprintf(as_of, sizeof(as_of), "%.10s %.8s", w->as_of, w->as_of + 11);
	return db_execv(db, sql_put, NULL, "iiiitit", p, h, w->on_hand,
	    w->reserved, w->receipt, w->receipt_qty, as_of);
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

/*
 * The stock of model and warehouse ("": any) after cur (product,
 * warehouse), at most limit, names in lang: out gets items and
 * next_cursor.  0, -1.
 */
int
inventory_list(struct db *db, const char *lang, const char *model,
    const char *wh, const int64_t *cur, int limit, cJSON *out)
{
	struct db_stmt	*s;

	if ((s = db_preparef(db, sql_list, "ttttiiii", model, model, wh, wh,
	    cur[0], cur[0], cur[1], (int64_t)limit + 1)) == NULL)
		return -1;
	return http_keyset_items(s, limit, out, item, (void *)lang, cursor);
}

/* Each warehouse, by code, to each(): 0, or -1. */
int
inventory_warehouses(struct db *db,
    void (*each)(const struct inventory_warehouse *, void *), void *ctx)
{
	struct inventory_warehouse	 w;
	struct db_stmt			*s;
	int				 rc;

	if ((s = db_preparef(db, sql_warehouses, "")) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		snprintf(w.code, sizeof(w.code), "%s", db_col_text(s, 0, NULL));
		snprintf(w.name_zh, sizeof(w.name_zh), "%s", db_col_text(s, 1,
		    NULL));
		snprintf(w.name_en, sizeof(w.name_en), "%s", db_col_text(s, 2,
		    NULL));
		each(&w, ctx);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}
