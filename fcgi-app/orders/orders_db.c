/* orders_db.c: reading orders, always within the caller's scope */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

#define ORDER_COLS \
	"o.id, o.number, o.dealer_id, o.status, " \
	"o.version, o.total, o.requested_date, o.promised_date, o.ship_to, " \
	"o.note, DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"COALESCE(x.lines_json, '[]'), COALESCE(x.timeline_json, '[]'), " \
	"COALESCE(x.shipments_json, '[]'), COALESCE(x.prices_json, '[]'), " \
	"o.po_number, COALESCE(x.returns_json, '[]')"

/*
 * One order by number or by id, with its lines (and their price
 * sources), its timeline, its shipments and its returns (kept as JSON in
 * order_docs by triggers, migrations 0044, 0052, 0054 and 0056): one
 * statement, two
 * primary-key reads; the dealer's name is the process's (org_names.c).
 * One variant per scope path, like the list below:
 * the general SCOPE_SQL test (an OR with a subquery) made MariaDB spend
 * 77 us on each read against 26 us for the path's own test
 * (BENCHMARKS.md).
 */
#define ORDER_SQL(key, owner) \
	"SELECT " ORDER_COLS " FROM orders o " \
	"LEFT JOIN order_docs x ON x.order_id = o.id WHERE " key " AND " owner
/* staff's paths read only what the dealer released (orders.h) */
#define ORDER_PATHS(key) { \
	ORDER_SQL(key, SCOPE_OWNER_ALL("o") ORDERS_RELEASED("o")), \
	ORDER_SQL(key, SCOPE_OWNER_REGION("o") ORDERS_RELEASED("o")), \
	ORDER_SQL(key, SCOPE_OWNER_DEALER("o")), \
	ORDER_SQL(key, SCOPE_OWNER_MANAGER("o") ORDERS_RELEASED("o")), \
	ORDER_SQL(key, SCOPE_OWNER_CHAIN_ORDERS("o")) }

static const char *const sql_order_number[] = ORDER_PATHS("o.number = ?");
static const char *const sql_order_id[] = ORDER_PATHS("o.id = ?");
SCOPE_PATHS_ALL(sql_order_number);
SCOPE_PATHS_ALL(sql_order_id);
static const char *const *const sql_order[2] = {
	sql_order_number, sql_order_id,
};

#define ORDER_NUMBER_MAX	24	/* orders.number: VARCHAR(24) ascii */

/* The order list's variants (orders.h). */
static const char *const sql_list[] = ORDERS_LIST_PATHS(ORDERS_LIST_SQL);
SCOPE_PATHS_ALL(sql_list);
static const char *const sql_list_po[] = ORDERS_PO_PATHS(ORDERS_PO_SQL);
SCOPE_PATHS_ALL(sql_list_po);
static const char *const sql_list_po_dealer[2] =
    ORDERS_PO_DEALER(ORDERS_PO_SQL);
static const struct orders_list_set list_set = {
	sql_list, ORDERS_LIST_RELEASED(ORDERS_LIST_SQL), sql_list_po,
	sql_list_po_dealer,
};

/* j's dealer: the id in column col of s, and its name.  0, -1. */
static int
dealer_json(struct db *db, cJSON *j, struct db_stmt *s, int col,
    const char *lang)
{
	cJSON	*d = cJSON_AddObjectToObject(j, "dealer");
	int64_t	 id = db_col_int(s, col);
	char	 name[ORG_NAME_MAX];

	if (org_name(db, id, lang, name, sizeof(name)) == -1)
		return -1;
	json_put_num(d, "id", (double)id);
	json_put_str(d, "name", name);
	return 0;
}

/*
 * Could number be an order's?  No order has a longer number or one
 * outside ASCII, and MariaDB refuses to compare such text with the ASCII
 * column (error 1267, an illegal mix of collations) instead of finding
 * nothing.
 */
static int
number_possible(const char *number)
{
	size_t	 i;

	for (i = 0; number[i] != '\0'; i++)
		if (i == ORDER_NUMBER_MAX || (unsigned char)number[i] >= 0x80)
			return 0;
	return 1;
}

/*
 * The whole order by number (or by id when number is NULL), if within
 * scope.  *found: 1 yes, 0 no.  NULL with *found 1 means an error.
 */
cJSON *
orders_load(struct db *db, const char *number, int64_t id,
    const struct scope *sc, const char *lang, int *found)
{
	struct db_stmt	*s;
	cJSON		*j = NULL;
	int64_t		 key;
	int		 r;

	*found = 1;
	if (number != NULL && !number_possible(number)) {
		*found = 0;
		return NULL;
	}
	s = db_prepare(db, sql_order[number == NULL][scope_path(sc, &key)]);
	if (s == NULL || (number != NULL ? db_bind_text(s, 0, number) :
	    db_bind_int(s, 0, id)) == -1 || db_bind_int(s, 1, key) == -1 ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return NULL;
	}
	if (r == DB_DONE) {
		db_stmt_release(s);
		*found = 0;
		return NULL;
	}
	j = cJSON_CreateObject();
	json_put_str(j, "number", db_col_text(s, 1, NULL));
	if (dealer_json(db, j, s, 2, lang) == -1) {
		db_stmt_release(s);
		cJSON_Delete(j);
		return NULL;
	}
	json_put_str(j, "status", db_col_text(s, 3, NULL));
	json_put_num(j, "version", (double)db_col_int(s, 4));
	json_put_num(j, "total", (double)db_col_int(s, 5));
	json_put_str(j, "requested_date", db_col_text(s, 6, NULL));
	http_col_text(j, "promised_date", s, 7);
	json_put_str(j, "ship_to", db_col_text(s, 8, NULL));
	http_col_text(j, "po_number", s, 15);
	json_put_str(j, "note", db_col_text(s, 9, NULL));
	json_put_str(j, "created_at", db_col_text(s, 10, NULL));
	if (orders_doc_add(j, "lines", db_col_text(s, 11, NULL)) == -1 ||
	    orders_doc_add(j, "timeline", db_col_text(s, 12, NULL)) == -1 ||
	    orders_doc_add(j, "shipments", db_col_text(s, 13, NULL)) == -1 ||
	    orders_doc_prices(j, db_col_text(s, 14, NULL)) == -1 ||
	    orders_doc_add(j, "returns", db_col_text(s, 16, NULL)) == -1) {
		db_stmt_release(s);
		cJSON_Delete(j);
		return NULL;
	}
	db_stmt_release(s);
	return j;
}

/*
 * The statement of set that reads the page f asks for within sc, bound:
 * its variant for the scope's path, or for one dealer (a dealer filter,
 * which must have been checked against the scope), or for a PO number.
 * NULL on an error.
 */
struct db_stmt *
orders_list_stmt(struct db *db, const struct orders_list_set *set,
    const struct scope *sc, const struct orders_filter *f)
{
	enum scope_path	 path;
	struct db_stmt	*s;
	const char	*sql;
	int64_t		 key;
	int		 own, i;

	path = scope_path(sc, &key);
	sql = f->po != NULL ? set->po[path] : set->paths[path];
	if (f->dealer != 0) {		/* one dealer: its own index */
		own = path == SCOPE_DEALER || path == SCOPE_CHAIN;
		sql = f->po != NULL ? set->po_dealer[!own] : own ?
		    set->paths[SCOPE_DEALER] : set->released;
		key = f->dealer;
	}
	i = f->po != NULL;
	if ((s = db_prepare(db, sql)) == NULL ||
	    (i && db_bind_text(s, 0, f->po) == -1) ||
	    db_bind_int(s, i, key) == -1 ||
	    db_bind_text(s, i + 1, f->status) == -1 ||
	    db_bind_text(s, i + 2, f->status) == -1 ||
	    db_bind_text(s, i + 3, f->from) == -1 ||
	    db_bind_text(s, i + 4, f->from) == -1 ||
	    db_bind_text(s, i + 5, f->to) == -1 ||
	    db_bind_text(s, i + 6, f->to) == -1 ||
	    db_bind_int(s, i + 7, f->before) == -1 ||
	    db_bind_int(s, i + 8, f->limit) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	return s;
}

/*
 * A page of orders (newest first) into items, filtered by f; a dealer
 * filter must have been checked against the scope.  *last is the cursor
 * for the next page and *more says if there is one.  0 or -1.
 */
int
orders_list(struct db *db, const struct scope *sc,
    const struct orders_filter *f, const char *lang, cJSON *items,
    int64_t *last, int *more)
{
	struct orders_filter	 one = *f;
	struct db_stmt		*s;
	cJSON			*j;
	int			 n = 0, rc;

	*more = 0;
	one.limit = f->limit + 1;	/* one more: is there a next page? */
	if ((s = orders_list_stmt(db, &list_set, sc, &one)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW && n < f->limit) {
		j = cJSON_CreateObject();
		cJSON_AddItemToArray(items, j);
		json_put_str(j, "number", db_col_text(s, 1, NULL));
		if (dealer_json(db, j, s, 2, lang) == -1) {
			rc = DB_ERROR;
			break;
		}
		json_put_str(j, "status", db_col_text(s, 3, NULL));
		json_put_num(j, "total", (double)db_col_int(s, 4));
		json_put_str(j, "requested_date",
		    db_col_text(s, 5, NULL));
		http_col_text(j, "promised_date", s, 6);
		json_put_str(j, "created_at", db_col_text(s, 7,
		    NULL));
		http_col_text(j, "po_number", s, 8);
		*last = db_col_int(s, 0);
		n++;
	}
	db_stmt_release(s);
	*more = rc == DB_ROW;
	return rc == DB_ERROR ? -1 : 0;
}

static const char sql_id_by_number[] =
	"SELECT id FROM orders WHERE number = ?";

/*
 * The id of the order numbered number, one the caller has read within
 * its scope already (the audit trail names orders by id): the id, 0 if
 * there is none, -1.
 */
int64_t
orders_id_by_number(struct db *db, const char *number)
{
	struct db_stmt	*s;
	int64_t		 id = 0;
	int		 rc;

	if ((s = db_preparef(db, sql_id_by_number, "t", number)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW)
		id = db_col_int(s, 0);
	db_stmt_release(s);
	return id;
}

/*
 * The order numbered number as who may read it (orders_load's JSON):
 * 200 with *out, or the refusal (404 outside the scope).
 */
int
orders_read(struct db *db, const struct principal *who, const char *number,
    const char *lang, struct fault *f, cJSON **out)
{
	struct scope	 sc;
	int		 found;

	*out = NULL;
	if (db == NULL)
		return 503;
	scope_read(who, &sc);
	if ((*out = orders_load(db, number, 0, &sc, lang, &found)) != NULL)
		return 200;
	return found ? 500 : fault_set(f, 404, "not_found", "no such order");
}

/*
 * The list's filters of q (?status=&dealer=&from=&to=&po=; an empty one
 * is no filter) into fl, and who's read scope into sc: 0, or the refusal
 * (422 naming the fields, with those already in f; 404: a dealer out of
 * reach; 500, 503).  The list and the export both read them so.
 */
int
orders_filter_read(struct db *db, const struct principal *who,
    const struct orders_query *q, struct orders_filter *fl,
    struct scope *sc, struct fault *f)
{
	enum order_status	 known;
	int			 rc;

	memset(fl, 0, sizeof(*fl));
	fl->status = q->status != NULL ? q->status : "";
	fl->from = q->from != NULL ? q->from : "";
	fl->to = q->to != NULL ? q->to : "";
	fl->po = q->po != NULL && *q->po != '\0' ? q->po : NULL;
	if (fl->po != NULL && (strlen(fl->po) > ORDER_PO_MAX * 4 ||
	    !util_utf8_valid(fl->po, strlen(fl->po))))
		fault_field(f, "po", "a PO number");
	if (*fl->status != '\0' && orders_status_parse(fl->status,
	    &known) == -1)
		fault_field(f, "status", "an order status");
	if (*fl->from != '\0' && !util_date_ok(fl->from))
		fault_field(f, "from", "YYYY-MM-DD");
	if (*fl->to != '\0' && (!util_date_ok(fl->to) || (*fl->from != '\0' &&
	    strcmp(fl->to, fl->from) < 0)))
		fault_field(f, "to", "YYYY-MM-DD, not before from");
	if (scope_dealer_param(q->dealer, &fl->dealer) == -1)
		fault_field(f, "dealer", "a dealer id");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	scope_read(who, sc);
	if (fl->dealer != 0 && (rc = scope_dealer_reach(db, sc,
	    fl->dealer)) != 1)
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such dealer") : 500;
	return 0;
}

/*
 * A page of the orders who may read, filtered as q says: 200 with *out
 * ({items, next_cursor}), or the refusal (422: the query; 404: a dealer
 * out of reach).  Field errors already in f (the paging's) refuse too.
 */
int
orders_list_read(struct db *db, const struct principal *who,
    const struct orders_query *q, const char *lang, struct fault *f,
    cJSON **out)
{
	struct orders_filter	 fl;
	struct http_paging	 pg;
	struct scope		 sc;
	cJSON			*items;
	int			 rc;

	*out = NULL;
	if ((rc = orders_filter_read(db, who, q, &fl, &sc, f)) != 0)
		return rc;
	memset(&pg, 0, sizeof(pg));
	fl.before = q->after > 0 ? q->after : INT64_MAX;
	fl.limit = pg.limit = q->limit;
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	if (orders_list(db, &sc, &fl, lang, items, &pg.last,
	    &pg.more) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	http_paging_cursor(*out, &pg);
	return 200;
}

/* The lines of an order (as orders_load gives it) as new lines to order:
 * [{product, quantity, options}]. */
cJSON *
orders_lines_again(const cJSON *order)
{
	static const char *const keep[] = { "product", "quantity", "options" };
	const cJSON	*it;
	cJSON		*lines = cJSON_CreateArray(), *l;
	size_t		 k;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(order,
	    "lines")) {
		l = cJSON_CreateObject();
		for (k = 0; k < sizeof(keep) / sizeof(keep[0]); k++)
			cJSON_AddItemToObject(l, keep[k], cJSON_Duplicate(
			    cJSON_GetObjectItemCaseSensitive(it, keep[k]), 1));
		cJSON_AddItemToArray(lines, l);
	}
	return lines;
}
