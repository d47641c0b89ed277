/*
 * search_numbers_db.c: the numbers a query may be, through their own
 * indexes: an order's number, its PO number, a waybill, a complaint's
 * number, a model's code; exactly, then (none exactly) by their start
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "search.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"

/* orders: id number status dealer at po carrier waybill */
#define ORDER_COLS \
	"o.id, o.number, o.status, o.dealer_id, " TS("o.created_at") ", " \
	"o.po_number"
/*
 * Each statement names its index: orders has a score of them, and
 * MariaDB's weighing of every one that the scope's column leads (index
 * dives) cost more than the read itself (a region's PO number: 190 us
 * against 100 us with the index named, `make bench`'s slow log).
 */
#define ORDER_SQL(key, owner) \
	"SELECT " ORDER_COLS ", NULL, NULL FROM orders o FORCE INDEX " key \
	" AND " owner " ORDER BY o.id DESC LIMIT ?"
/*
 * A start of a number: the last 200 numbers that begin so, in the order
 * of its own index (its range, never the scope's whole list: MariaDB
 * would walk a region's orders by id to stop early, and read them all
 * when few match), then the scope.  A start that more than 200 numbers
 * share finds the last 200 of them, those within the scope among them.
 */
#define WINDOW	"200"
#define ORDER_START_SQL(col, index, owner) \
	"SELECT " ORDER_COLS ", NULL, NULL FROM (SELECT id FROM orders " \
	"FORCE INDEX (" index ") WHERE " col " LIKE ? ESCAPE '!' ORDER BY " \
	col " DESC LIMIT " WINDOW ") x JOIN orders o FORCE INDEX (PRIMARY) " \
	"ON o.id = x.id WHERE " \
	owner " ORDER BY o.id DESC LIMIT ?"
#define NUMBER_START(key, owner) \
	ORDER_START_SQL("number", "orders_number", owner)
#define PO_START(key, owner) ORDER_START_SQL("po_number", "orders_po", owner)
/* A waybill is on the order's timeline, every shipment's (0063). */
#define WAYBILL_SQL(key, owner) \
	"SELECT " ORDER_COLS ", e.carrier, e.waybill FROM order_events e " \
	"FORCE INDEX (order_events_waybill) JOIN orders o FORCE INDEX " \
	"(PRIMARY) ON o.id = e.order_id WHERE e.waybill = ? AND " owner \
	" ORDER BY o.id DESC LIMIT ?"
#define WAYBILL_START(key, owner) \
	"SELECT " ORDER_COLS ", e.carrier, e.waybill FROM (SELECT id FROM " \
	"order_events FORCE INDEX (order_events_waybill) WHERE waybill LIKE " \
	"? ESCAPE '!' ORDER BY waybill DESC LIMIT " WINDOW ") x JOIN " \
	"order_events e ON e.id = x.id JOIN orders o FORCE INDEX (PRIMARY) " \
	"ON o.id = e.order_id " \
	"WHERE " owner " ORDER BY o.id DESC LIMIT ?"
#define ORDER_PATHS(M, key) { \
	M(key, SCOPE_OWNER_ALL("o") SCOPE_RELEASED("o")), \
	M(key, SCOPE_OWNER_REGION("o") SCOPE_RELEASED("o")), \
	M(key, SCOPE_OWNER_DEALER("o")), \
	M(key, SCOPE_OWNER_MANAGER("o") SCOPE_RELEASED("o")), \
	M(key, SCOPE_OWNER_CHAIN_ORDERS("o")) }

static const char *const sql_order[] = ORDER_PATHS(ORDER_SQL,
    "(orders_number) WHERE o.number = ?");
static const char *const sql_order_prefix[] = ORDER_PATHS(NUMBER_START, "");
static const char *const sql_po[] = ORDER_PATHS(ORDER_SQL,
    "(orders_po) WHERE o.po_number = ?");
static const char *const sql_po_prefix[] = ORDER_PATHS(PO_START, "");
static const char *const sql_waybill[] = ORDER_PATHS(WAYBILL_SQL, "");
static const char *const sql_waybill_prefix[] = ORDER_PATHS(WAYBILL_START,
    "");
SCOPE_PATHS_ALL(sql_order);
SCOPE_PATHS_ALL(sql_order_prefix);
SCOPE_PATHS_ALL(sql_po);
SCOPE_PATHS_ALL(sql_po_prefix);
SCOPE_PATHS_ALL(sql_waybill);
SCOPE_PATHS_ALL(sql_waybill_prefix);

/* complaints by number: id number status dealer at subject */
#define CP_COLS \
	"c.id, c.number, c.status, c.dealer_id, " TS("c.filed_at") \
	", c.subject"
#define CP_SQL(owner) \
	"SELECT " CP_COLS " FROM complaints c FORCE INDEX (complaints_number) " \
	"WHERE c.number = ? AND " owner \
	" ORDER BY c.id DESC LIMIT ?"
#define CP_START(owner) \
	"SELECT " CP_COLS " FROM (SELECT id FROM complaints FORCE INDEX " \
	"(complaints_number) WHERE number LIKE ? ESCAPE '!' ORDER BY number " \
	"DESC LIMIT " WINDOW ") x JOIN complaints c FORCE INDEX (PRIMARY) ON " \
	"c.id = x.id WHERE " owner " ORDER BY c.id DESC LIMIT ?"
#define CP_PATHS(M) { \
	M(SCOPE_OWNER_ALL("c")), \
	M(SCOPE_OWNER_REGION("c")), \
	M(SCOPE_OWNER_DEALER("c")), \
	M(SCOPE_OWNER_MANAGER("c")), \
	M(SCOPE_OWNER_CHAIN("c")) }
static const char *const sql_cp[] = CP_PATHS(CP_SQL);
static const char *const sql_cp_prefix[] = CP_PATHS(CP_START);
SCOPE_PATHS_ALL(sql_cp);
SCOPE_PATHS_ALL(sql_cp_prefix);

/* models: the catalogue is everyone's; id code name_zh name_en */
static const char sql_model[] =
	"SELECT p.id, p.code, p.name_zh, p.name_en FROM products p WHERE "
	"p.code = ? AND p.active = 1";
static const char sql_model_prefix[] =
	"SELECT p.id, p.code, p.name_zh, p.name_en FROM products p WHERE "
	"p.code LIKE ? ESCAPE '!' AND p.active = 1 ORDER BY p.code LIMIT ?";

/* An order's row: titled by its PO number, said by the waybill found. */
static int
order_row(struct search_hit *h, struct db_stmt *s)
{
	char	 text[240];

	text[0] = '\0';
	if (!db_col_null(s, 5))
		snprintf(text, sizeof(text), "PO %s", db_col_text(s, 5, NULL));
	h->title = strdup(text);
	text[0] = '\0';
	if (!db_col_null(s, 7))
		snprintf(text, sizeof(text), "%s %s", db_col_text(s, 6, NULL),
		    db_col_text(s, 7, NULL));
	h->snippet = strdup(text);
	return h->title != NULL && h->snippet != NULL ? 0 : -1;
}

/*
 * What a statement reads: its kind, tier and what it matched; for which
 * shapes of query (an order's number SO-..., a complaint's CP-...,
 * anything else): no order's number begins otherwise than SO-, no
 * complaint's otherwise than CP- (db_number()), so that a query reads
 * only the indexes that may hold it.
 */
#define SHAPE_ORDER	1
#define SHAPE_COMPLAINT	2
#define SHAPE_OTHER	4
#define SHAPE_ANY	7
struct look {
	const char *const	*paths;	/* by scope path; NULL: sql */
	const char		*sql;
	enum search_kind	 kind;
	enum search_tier	 tier;
	const char		*match;
	int			 prefix;	/* binds the LIKE pattern */
	int			 shapes;
};

/* One look's rows into hs (k at most).  0 or -1. */
static int
look(struct db *db, const struct look *l, const struct search_query *q,
    int path, int64_t key, int k, struct search_hits *hs)
{
	struct search_hit	*h;
	struct db_stmt		*s;
	const char		*v = l->prefix ? q->like : q->text;
	int			 rc = DB_ERROR, ok = 1;

	s = db_prepare(db, l->paths != NULL ? l->paths[path] : l->sql);
	if (s == NULL || db_bind_text(s, 0, v) == -1 || (l->paths != NULL ?
	    db_bind_int(s, 1, key) == -1 || db_bind_int(s, 2, k) == -1 :
	    l->prefix && db_bind_int(s, 1, k) == -1)) {
		db_stmt_release(s);
		return -1;
	}
	while (ok && (rc = db_step(s)) == DB_ROW) {
		if ((h = search_hit_new(hs)) == NULL) {
			ok = 0;
			break;
		}
		if (l->kind == SEARCH_PRODUCT) {
			h->kind = SEARCH_PRODUCT;
			h->tier = l->tier;
			h->match = l->match;
			h->id = db_col_int(s, 0);
			db_col_copy(s, 1, h->number, sizeof(h->number));
			h->title = search_col_dup(s, 2);
			h->text = search_col_dup(s, 3);	/* its English name */
			ok = h->title != NULL && h->text != NULL;
			continue;
		}
		search_hit_head(h, s, l->kind, l->tier, l->match);
		if (l->kind == SEARCH_ORDER)
			ok = order_row(h, s) == 0;
		else
			ok = (h->title = search_col_dup(s, 5)) != NULL;
	}
	db_stmt_release(s);
	return ok && rc == DB_DONE ? 0 : -1;
}

static const struct look looks[] = {
	{ sql_order, NULL, SEARCH_ORDER, TIER_EXACT, "number", 0,
	    SHAPE_ORDER },
	{ sql_po, NULL, SEARCH_ORDER, TIER_EXACT, "po", 0, SHAPE_ANY },
	{ sql_waybill, NULL, SEARCH_ORDER, TIER_EXACT, "waybill", 0,
	    SHAPE_ANY },
	{ sql_cp, NULL, SEARCH_COMPLAINT, TIER_EXACT, "number", 0,
	    SHAPE_COMPLAINT },
	{ NULL, sql_model, SEARCH_PRODUCT, TIER_EXACT, "model", 0,
	    SHAPE_OTHER },
	{ sql_order_prefix, NULL, SEARCH_ORDER, TIER_PREFIX, "number", 1,
	    SHAPE_ORDER },
	{ sql_po_prefix, NULL, SEARCH_ORDER, TIER_PREFIX, "po", 1,
	    SHAPE_OTHER },
	{ sql_waybill_prefix, NULL, SEARCH_ORDER, TIER_PREFIX, "waybill", 1,
	    SHAPE_OTHER },
	{ sql_cp_prefix, NULL, SEARCH_COMPLAINT, TIER_PREFIX, "number", 1,
	    SHAPE_COMPLAINT },
	{ NULL, sql_model_prefix, SEARCH_PRODUCT, TIER_PREFIX, "model", 1,
	    SHAPE_OTHER },
};
#define NLOOKS	(sizeof(looks) / sizeof(looks[0]))

/*
 * The numbers q may be, within the scope's path and key, k at most of
 * each into hs: exactly; when none is (*exact 0), by their start.  0 or
 * -1.
 */
int
search_numbers(struct db *db, const struct search_query *q, int path,
    int64_t key, int k, struct search_hits *hs, int *exact)
{
	size_t	 i, n = hs->n;
	int	 shape;

	shape = q->order_no ? SHAPE_ORDER : q->complaint_no ?
	    SHAPE_COMPLAINT : SHAPE_OTHER;
	/*
	 * Whoever types a whole number wants that: it is answered in three
	 * statements, not seven, and its words are not looked for.
	 */
	for (i = 0; i < NLOOKS; i++)
		if ((looks[i].shapes & shape) && !looks[i].prefix &&
		    look(db, &looks[i], q, path, key, k, hs) == -1)
			return -1;
	*exact = hs->n > n;
	for (i = 0; q->prefix && !*exact && i < NLOOKS; i++)
		if ((looks[i].shapes & shape) && looks[i].prefix &&
		    look(db, &looks[i], q, path, key, k, hs) == -1)
			return -1;
	return 0;
}
