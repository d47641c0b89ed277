/*
 * search_db.c: the search's SQL: numbers through their own indexes,
 * words through search_terms, always within the caller's scope
 *
 * Every statement comes in one variant per scope path (auth/scope.h), as
 * the object's own list reads it: orders as orders_db.c (staff's paths
 * only what the dealer released; a chain's by the order's chain), and
 * complaints as complaints_db.c (a chain's by its dealers).  Each reads
 * at most the page asked for and one more, newest first, so that the
 * ranking (search_rules.c) can merge them and say if there is more; the
 * caller never learns how many there are beyond that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/log.h"
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

/*
 * Complaints by words: the postings of the query's terms (ten, the
 * first repeated when fewer) on the path's own index, counted per
 * complaint: how many terms, in which fields; any of them will do, but
 * for a number (one word of ASCII), whose parts must all be there, and
 * which is looked for in words only when no number is exactly it.  A
 * customer (a dealer, a chain) matches no term that is only in staff's
 * notes.
 * id number status dealer at subject description matched weight
 */
#define TERMS	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define TEXT_SQL(hint, owner) \
	"SELECT c.id, c.number, c.status, c.dealer_id, " TS("c.filed_at") \
	", c.subject, c.description, m.matched, m.w FROM (SELECT " \
	"t.complaint_id, COUNT(*) AS matched, SUM(t.weight) AS w FROM " \
	"search_terms t " hint " WHERE t.term IN (" TERMS ") AND " owner \
	" AND (t.dealer_sees = 1 OR ? = 1) GROUP BY t.complaint_id HAVING " \
	"matched >= ? ORDER BY matched DESC, w DESC, t.complaint_id DESC " \
	"LIMIT ?) m JOIN " \
	"complaints c FORCE INDEX (PRIMARY) ON c.id = m.complaint_id"
#define BY_DEALER	"FORCE INDEX (search_terms_dealer)"
static const char *const sql_text[] = {
	TEXT_SQL("FORCE INDEX (PRIMARY)", SCOPE_OWNER_ALL("t")),
	TEXT_SQL("FORCE INDEX (search_terms_region)", SCOPE_OWNER_REGION("t")),
	TEXT_SQL(BY_DEALER, SCOPE_OWNER_DEALER("t")),
	TEXT_SQL(BY_DEALER, SCOPE_OWNER_MANAGER("t")),
	TEXT_SQL(BY_DEALER, SCOPE_OWNER_CHAIN("t")),
};
SCOPE_PATHS_ALL(sql_text);

/* the threads of a page's complaints, for snippets (notes for staff) */
#define PAGE_IDS	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
static const char sql_threads[] =
	"SELECT complaint_id, body FROM complaint_messages WHERE complaint_id "
	"IN (" PAGE_IDS ") AND kind IN ('message', 'note') AND (kind = "
	"'message' OR ? = 1) ORDER BY complaint_id, id LIMIT 2000";
_Static_assert(SEARCH_PAGE_SIZE == 20, "PAGE_IDS: one ? per result");

/* models: the catalogue is everyone's; id code name_zh name_en */
static const char sql_model[] =
	"SELECT p.id, p.code, p.name_zh, p.name_en FROM products p WHERE "
	"p.code = ? AND p.active = 1";
static const char sql_model_prefix[] =
	"SELECT p.id, p.code, p.name_zh, p.name_en FROM products p WHERE "
	"p.code LIKE ? ESCAPE '!' AND p.active = 1 ORDER BY p.code LIMIT ?";

/* Room for one more hit, zeroed; NULL when there is none. */
static struct search_hit *
hit_new(struct search_hits *hs)
{
	struct search_hit	*more;
	size_t			 cap;

	if (hs->n == hs->cap) {
		cap = hs->cap ? hs->cap * 2 : 64;
		if ((more = realloc(hs->h, cap * sizeof(*more))) == NULL)
			return NULL;
		hs->h = more;
		hs->cap = cap;
	}
	memset(&hs->h[hs->n], 0, sizeof(hs->h[0]));
	return &hs->h[hs->n++];
}

void
search_hits_free(struct search_hits *hs)
{
	size_t	 i;

	for (i = 0; hs != NULL && i < hs->n; i++) {
		free(hs->h[i].title);
		free(hs->h[i].snippet);
		free(hs->h[i].text);
	}
	if (hs != NULL) {
		free(hs->h);
		memset(hs, 0, sizeof(*hs));
	}
}

static char *
dup_col(struct db_stmt *s, int col)
{
	return db_col_null(s, col) ? NULL : strdup(db_col_text(s, col, NULL));
}

/* The shared head of an order's or a complaint's row. */
static void
head(struct search_hit *h, struct db_stmt *s, enum search_kind kind,
    enum search_tier tier, const char *match)
{
	h->kind = kind;
	h->tier = tier;
	h->match = match;
	h->id = db_col_int(s, 0);
	db_col_copy(s, 1, h->number, sizeof(h->number));
	db_col_copy(s, 2, h->status, sizeof(h->status));
	h->dealer = db_col_int(s, 3);
	db_col_copy(s, 4, h->at, sizeof(h->at));
}

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
    enum scope_path path, int64_t key, int k, struct search_hits *hs)
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
		if ((h = hit_new(hs)) == NULL) {
			ok = 0;
			break;
		}
		if (l->kind == SEARCH_PRODUCT) {
			h->kind = SEARCH_PRODUCT;
			h->tier = l->tier;
			h->match = l->match;
			h->id = db_col_int(s, 0);
			db_col_copy(s, 1, h->number, sizeof(h->number));
			h->title = dup_col(s, 2);
			h->text = dup_col(s, 3);	/* its English name */
			ok = h->title != NULL && h->text != NULL;
			continue;
		}
		head(h, s, l->kind, l->tier, l->match);
		if (l->kind == SEARCH_ORDER)
			ok = order_row(h, s) == 0;
		else
			ok = (h->title = dup_col(s, 5)) != NULL;
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

/* Complaints by the query's words into hs (k at most).  0 or -1. */
static int
words(struct db *db, const struct search_query *q, enum scope_path path,
    int64_t key, int staff, int k, struct search_hits *hs)
{
	struct search_hit	*h;
	struct db_stmt		*s;
	int			 i, rc = DB_ERROR, ok;

	s = db_prepare(db, sql_text[path]);
	ok = s != NULL;
	for (i = 0; ok && i < SEARCH_QUERY_TERMS; i++)
		ok = db_bind_int(s, i, q->terms[i < q->nterms ? i : 0].hash) ==
		    0;
	/* a number's words (SO-2026-000123: so, 2026, 000123) all, or none */
	ok = ok && db_bind_int(s, i, key) == 0 &&
	    db_bind_int(s, i + 1, staff) == 0 &&
	    db_bind_int(s, i + 2, q->number ? q->nterms : 1) == 0 &&
	    db_bind_int(s, i + 3, k) == 0;
	while (ok && (rc = db_step(s)) == DB_ROW) {
		if ((h = hit_new(hs)) == NULL) {
			ok = 0;
			break;
		}
		head(h, s, SEARCH_COMPLAINT, TIER_TEXT, "text");
		h->title = dup_col(s, 5);
		h->text = dup_col(s, 6);
		h->matched = (int)db_col_int(s, 7);
		h->weight = (int)db_col_int(s, 8);
		ok = h->title != NULL && h->text != NULL;
	}
	db_stmt_release(s);
	return ok && rc == DB_DONE ? 0 : -1;
}

/*
 * The complaints found by words: a piece of the text that holds the most
 * of the query's terms (the description, a message, a note for staff),
 * around them; the threads of a page in one statement.
 */
static int
snippets(struct db *db, const struct search_query *q, int staff,
    struct search_hits *hs)
{
	struct search_hit	*h;
	struct db_stmt		*s;
	char			*best[SEARCH_PAGE_SIZE] = { NULL };
	char			 out[SEARCH_SNIPPET_MAX];
	int64_t			 ids[SEARCH_PAGE_SIZE], id;
	int			 most[SEARCH_PAGE_SIZE], c, rc = DB_DONE;
	size_t			 i, n = 0;

	for (i = 0; i < hs->n && i < SEARCH_PAGE_SIZE; i++) {
		h = &hs->h[i];
		most[i] = h->tier == TIER_TEXT ? search_terms_in(h->text, q) :
		    q->nterms;
		if (most[i] < q->nterms)
			ids[n++] = h->id;
	}
	if (n > 0) {
		if ((s = db_prepare(db, sql_threads)) == NULL)
			return -1;
		for (i = 0; i < SEARCH_PAGE_SIZE; i++)
			db_bind_int(s, (int)i, ids[i < n ? i : 0]);
		db_bind_int(s, SEARCH_PAGE_SIZE, staff);
		while ((rc = db_step(s)) == DB_ROW) {
			id = db_col_int(s, 0);
			for (i = 0; i < hs->n; i++)
				if (hs->h[i].tier == TIER_TEXT &&
				    hs->h[i].id == id)
					break;
			if (i == hs->n || (c = search_terms_in(db_col_text(s,
			    1, NULL), q)) <= most[i])
				continue;
			free(best[i]);
			if ((best[i] = strdup(db_col_text(s, 1, NULL))) ==
			    NULL) {
				rc = DB_ERROR;
				break;
			}
			most[i] = c;
		}
		db_stmt_release(s);
	}
	for (i = 0; i < hs->n && rc != DB_ERROR; i++) {
		h = &hs->h[i];
		if (h->tier != TIER_TEXT)
			continue;
		/* in the subject alone: the description's start */
		if (!search_snippet(best[i] != NULL ? best[i] : h->text, q,
		    out, sizeof(out)))
			search_snippet(h->text, &(struct search_query){
			    .nterms = 0 }, out, sizeof(out));
		free(h->snippet);
		if ((h->snippet = strdup(out)) == NULL)
			rc = DB_ERROR;
	}
	for (i = 0; i < SEARCH_PAGE_SIZE; i++)
		free(best[i]);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * The page q asks for of what who may find into hs (hs->more: there is
 * a next page): 0 or -1.
 */
int
search_run(struct db *db, const struct principal *who,
    const struct search_query *q, struct search_hits *hs)
{
	enum scope_path	 path;
	struct scope	 sc;
	int64_t		 key;
	size_t		 i, n, from, to;
	int		 k = q->page * SEARCH_PAGE_SIZE + 1, shape, exact;
	int		 staff = !ORG_IS_CUSTOMER(who->kind);

	memset(hs, 0, sizeof(*hs));
	scope_read(who, &sc);
	path = scope_path(&sc, &key);
	shape = q->order_no ? SHAPE_ORDER : q->complaint_no ?
	    SHAPE_COMPLAINT : SHAPE_OTHER;
	/*
	 * Exact numbers; the starts of numbers and a number's words only
	 * when no number is exactly it (whoever types a whole number wants
	 * that, and is answered in three statements, not seven)
	 */
	for (i = 0; q->number && i < NLOOKS; i++)
		if ((looks[i].shapes & shape) && !looks[i].prefix &&
		    look(db, &looks[i], q, path, key, k, hs) == -1)
			goto fail;
	exact = hs->n > 0;
	for (i = 0; q->prefix && !exact && i < NLOOKS; i++)
		if ((looks[i].shapes & shape) && looks[i].prefix &&
		    look(db, &looks[i], q, path, key, k, hs) == -1)
			goto fail;
	if (q->nterms > 0 && !exact && words(db, q, path, key, staff, k,
	    hs) == -1)
		goto fail;
	n = search_hits_rank(hs->h, hs->n);
	from = (size_t)(q->page - 1) * SEARCH_PAGE_SIZE;
	to = from + SEARCH_PAGE_SIZE < n ? from + SEARCH_PAGE_SIZE : n;
	hs->more = n > to;
	/* the page alone stays */
	for (i = 0; i < n; i++)
		if (i < from || i >= to) {
			free(hs->h[i].title);
			free(hs->h[i].snippet);
			free(hs->h[i].text);
		}
	hs->n = to > from ? to - from : 0;
	if (hs->n > 0)
		memmove(hs->h, hs->h + from, hs->n * sizeof(hs->h[0]));
	if (q->nterms > 0 && snippets(db, q, staff, hs) == -1)
		goto fail;
	return 0;
fail:
	log_error("search: %s", db_errmsg(db));
	search_hits_free(hs);
	return -1;
}
