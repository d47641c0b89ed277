/*
 * orders_return_read_db.c: returns as who may read them: one with its
 * lines, and the list, newest first, in keyset pages
 *
 * Returns carry their order's dealer, region and chain (migration 0056),
 * so each statement comes in one variant per scope path (scope.h) and a
 * list reads its own index: (dealer_id, id), (region_id, id),
 * (chain_id, id), or the primary key (with (status, id) for a status).
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

#define RETURN_COLS \
	"r.id, r.number, o.number, r.dealer_id, r.status, r.reason, " \
	"r.refusal, r.amount, r.credit_entry_id, r.version, " \
	"DATE_FORMAT(r.created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"DATE_FORMAT(r.updated_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"DATE_FORMAT(r.created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')"

#define ONE_SQL(owner) \
	"SELECT " RETURN_COLS " FROM returns r JOIN orders o ON o.id = " \
	"r.order_id WHERE r.number = ? AND " owner

static const char *const sql_one[] = {
	ONE_SQL(SCOPE_OWNER_ALL("r")),
	ONE_SQL(SCOPE_OWNER_REGION("r")),
	ONE_SQL(SCOPE_OWNER_DEALER("r")),
	ONE_SQL(SCOPE_OWNER_MANAGER("r")),
	ONE_SQL(SCOPE_OWNER_CHAIN_ORDERS("r")),
};
SCOPE_PATHS_ALL(sql_one);

/* the owner's key, the status filter twice, the cursor, the limit */
#define LIST_SQL(owner) \
	"SELECT " RETURN_COLS " FROM returns r JOIN orders o ON o.id = " \
	"r.order_id WHERE " owner " AND (? = '' OR r.status = ?) AND " \
	"r.id < ? ORDER BY r.id DESC LIMIT ?"

static const char *const sql_list[] = {
	LIST_SQL(SCOPE_OWNER_ALL("r")),
	LIST_SQL(SCOPE_OWNER_REGION("r")),
	LIST_SQL(SCOPE_OWNER_DEALER("r")),
	LIST_SQL(SCOPE_OWNER_MANAGER("r")),
	LIST_SQL(SCOPE_OWNER_CHAIN_ORDERS("r")),
};
SCOPE_PATHS_ALL(sql_list);

static const char sql_lines[] =
	"SELECT rl.line_no, l.product_code, rl.quantity, rl.amount, "
	"l.quantity, l.unit_price, l.discount, l.line_total FROM return_lines "
	"rl JOIN order_lines l ON l.order_id = rl.order_id AND l.line_no = "
	"rl.line_no WHERE rl.return_id = ? ORDER BY rl.line_no";

static const char *const statuses[] = { "requested", "approved", "refused",
	"received", "cancelled" };

/* A row of RETURN_COLS as JSON (the dealer named in lang), or NULL. */
static cJSON *
row_json(struct db *db, struct db_stmt *s, const char *lang)
{
	char	 name[ORG_NAME_MAX];
	cJSON	*j, *d;

	if (org_name(db, db_col_int(s, 3), lang, name, sizeof(name)) == -1)
		return NULL;
	j = cJSON_CreateObject();
	json_put_str(j, "number", db_col_text(s, 1, NULL));
	json_put_str(j, "order", db_col_text(s, 2, NULL));
	d = cJSON_AddObjectToObject(j, "dealer");
	json_put_num(d, "id", (double)db_col_int(s, 3));
	json_put_str(d, "name", name);
	json_put_str(j, "status", db_col_text(s, 4, NULL));
	json_put_str(j, "reason", db_col_text(s, 5, NULL));
	http_col_text(j, "refusal", s, 6);
	json_put_num(j, "amount", (double)db_col_int(s, 7));
	if (db_col_null(s, 8))
		cJSON_AddNullToObject(j, "credit_note");
	else
		json_put_num(j, "credit_note", (double)db_col_int(s, 8));
	json_put_num(j, "version", (double)db_col_int(s, 9));
	json_put_str(j, "created_at", db_col_text(s, 10, NULL));
	json_put_str(j, "updated_at", db_col_text(s, 11, NULL));
	json_put_str(j, "created_china", db_col_text(s, 12, NULL));
	return j;
}

/* The return id's lines into j.lines.  0 or -1. */
static int
lines_json(struct db *db, int64_t id, cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*a = cJSON_AddArrayToObject(j, "lines"), *l;
	int		 rc;

	if ((s = db_preparef(db, sql_lines, "i", id)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		l = cJSON_CreateObject();
		json_put_num(l, "line", (double)db_col_int(s, 0));
		json_put_str(l, "product", db_col_text(s, 1, NULL));
		json_put_num(l, "quantity", (double)db_col_int(s, 2));
		json_put_num(l, "amount", (double)db_col_int(s, 3));
		json_put_num(l, "ordered", (double)db_col_int(s, 4));
		json_put_num(l, "unit_price", (double)db_col_int(s, 5));
		json_put_num(l, "discount", (double)db_col_int(s, 6));
		json_put_num(l, "line_total", (double)db_col_int(s, 7));
		cJSON_AddItemToArray(a, l);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * The return numbered number as who may read it, with its lines: 200
 * with *out, or the refusal (404 outside the scope).
 */
int
orders_return_read(struct db *db, const struct principal *who,
    const char *number, const char *lang, struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	struct scope	 sc;
	int64_t		 key, id = 0;
	int		 rc;

	*out = NULL;
	if (db == NULL)
		return 503;
	if (number == NULL || strlen(number) > RETURN_NUMBER_MAX ||
	    !http_idem_ok(number))
		return fault_set(f, 404, "not_found", "no such return");
	scope_read(who, &sc);
	if ((s = db_prepare(db, sql_one[scope_path(&sc, &key)])) == NULL ||
	    db_bind_text(s, 0, number) == -1 || db_bind_int(s, 1, key) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		*out = row_json(db, s, lang);
	}
	db_stmt_release(s);
	if (rc == DB_DONE)
		return fault_set(f, 404, "not_found", "no such return");
	if (*out == NULL || lines_json(db, id, *out) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}

/*
 * A page of the returns who may read, newest first, filtered as q says:
 * 200 with *out ({items, next_cursor}), or the refusal (422 the query).
 * Field errors already in f (the paging's) refuse too.
 */
int
orders_returns_read(struct db *db, const struct principal *who,
    const struct orders_returns_query *q, const char *lang, struct fault *f,
    cJSON **out)
{
	struct http_paging	 pg;
	struct db_stmt		*s;
	struct scope		 sc;
	const char		*status = q->status != NULL ? q->status : "";
	cJSON			*items, *j;
	int64_t			 key;
	size_t			 i;
	int			 rc, n = 0;

	*out = NULL;
	for (i = 0; *status != '\0' && i < sizeof(statuses) /
	    sizeof(statuses[0]) && strcmp(statuses[i], status) != 0; i++)
		;
	if (i == sizeof(statuses) / sizeof(statuses[0]))
		fault_field(f, "status", "requested, approved, refused, "
		    "received or cancelled");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	scope_read(who, &sc);
	if ((s = db_prepare(db, sql_list[scope_path(&sc, &key)])) == NULL ||
	    db_bind_int(s, 0, key) == -1 || db_bind_text(s, 1, status) == -1 ||
	    db_bind_text(s, 2, status) == -1 || db_bind_int(s, 3,
	    q->after > 0 ? q->after : INT64_MAX) == -1 ||
	    db_bind_int(s, 4, q->limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	memset(&pg, 0, sizeof(pg));
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	while ((rc = db_step(s)) == DB_ROW && n < q->limit) {
		if ((j = row_json(db, s, lang)) == NULL) {
			rc = DB_ERROR;
			break;
		}
		cJSON_AddItemToArray(items, j);
		pg.last = db_col_int(s, 0);
		n++;
	}
	db_stmt_release(s);
	pg.more = rc == DB_ROW;
	if (rc == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	http_paging_cursor(*out, &pg);
	return 200;
}
