/*
 * search_db.c: the search: numbers (search_numbers_db.c), then words
 * through search_terms, always within the caller's scope, merged, ranked
 * and cut to the page
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

/*
 * Complaints by words: the postings of each of the query's terms (up to
 * ten, a statement for each count) on the path's own index, the
 * newest 500 of each (a term that more of the caller's complaints hold
 * ranks its newest 500: the read stays bounded however common a word
 * is), counted per complaint: how many terms, in which fields.  Any of
 * them will do, but for a number (one word of ASCII), whose parts must
 * all be there, and which is looked for in words only when no number is
 * exactly it.  A customer (a dealer, a chain) matches no term that is
 * only in staff's notes.
 * id number status dealer at subject description matched weight
 */
#define POSTINGS(hint, owner) \
	"(SELECT t.complaint_id, t.weight FROM search_terms t " hint \
	" WHERE t.term = ? AND " owner " AND (t.dealer_sees = 1 OR ? = 1) " \
	"ORDER BY t.complaint_id DESC LIMIT 500)"
/* one part per term: a query of n terms reads its statement of n parts */
#define UNION		" UNION ALL "
#define P1(h, o)	POSTINGS(h, o)
#define P2(h, o)	P1(h, o) UNION POSTINGS(h, o)
#define P3(h, o)	P2(h, o) UNION POSTINGS(h, o)
#define P4(h, o)	P3(h, o) UNION POSTINGS(h, o)
#define P5(h, o)	P4(h, o) UNION POSTINGS(h, o)
#define P6(h, o)	P5(h, o) UNION POSTINGS(h, o)
#define P7(h, o)	P6(h, o) UNION POSTINGS(h, o)
#define P8(h, o)	P7(h, o) UNION POSTINGS(h, o)
#define P9(h, o)	P8(h, o) UNION POSTINGS(h, o)
#define P10(h, o)	P9(h, o) UNION POSTINGS(h, o)
#define TEXT_SQL(P, hint, owner) \
	"SELECT c.id, c.number, c.status, c.dealer_id, " TS("c.filed_at") \
	", c.subject, c.description, m.matched, m.w FROM (SELECT " \
	"p.complaint_id, COUNT(*) AS matched, SUM(p.weight) AS w FROM (" \
	P(hint, owner) ") p GROUP BY p.complaint_id HAVING matched >= ? " \
	"ORDER BY matched DESC, w DESC, p.complaint_id DESC LIMIT ?) m " \
	"JOIN complaints c FORCE INDEX (PRIMARY) ON c.id = m.complaint_id"
#define BY_DEALER	"FORCE INDEX (search_terms_dealer)"
#define TEXT_PATHS(P) { \
	TEXT_SQL(P, "FORCE INDEX (PRIMARY)", SCOPE_OWNER_ALL("t")), \
	TEXT_SQL(P, "FORCE INDEX (search_terms_region)", \
	    SCOPE_OWNER_REGION("t")), \
	TEXT_SQL(P, BY_DEALER, SCOPE_OWNER_DEALER("t")), \
	TEXT_SQL(P, BY_DEALER, SCOPE_OWNER_MANAGER("t")), \
	TEXT_SQL(P, BY_DEALER, SCOPE_OWNER_CHAIN("t")) }
static const char *const sql_text1[] = TEXT_PATHS(P1);
static const char *const sql_text2[] = TEXT_PATHS(P2);
static const char *const sql_text3[] = TEXT_PATHS(P3);
static const char *const sql_text4[] = TEXT_PATHS(P4);
static const char *const sql_text5[] = TEXT_PATHS(P5);
static const char *const sql_text6[] = TEXT_PATHS(P6);
static const char *const sql_text7[] = TEXT_PATHS(P7);
static const char *const sql_text8[] = TEXT_PATHS(P8);
static const char *const sql_text9[] = TEXT_PATHS(P9);
static const char *const sql_text10[] = TEXT_PATHS(P10);
SCOPE_PATHS_ALL(sql_text1);
SCOPE_PATHS_ALL(sql_text10);
static const char *const *const sql_text[] = { sql_text1, sql_text2,
	sql_text3, sql_text4, sql_text5, sql_text6, sql_text7, sql_text8,
	sql_text9, sql_text10 };
_Static_assert(sizeof(sql_text) / sizeof(sql_text[0]) == SEARCH_QUERY_TERMS,
    "a statement for every count of terms");

/* the threads of a page's complaints, for snippets (notes for staff) */
#define PAGE_IDS	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
static const char sql_threads[] =
	"SELECT complaint_id, body FROM complaint_messages WHERE complaint_id "
	"IN (" PAGE_IDS ") AND kind IN ('message', 'note') AND (kind = "
	"'message' OR ? = 1) ORDER BY complaint_id, id LIMIT 2000";
_Static_assert(SEARCH_PAGE_SIZE == 20, "PAGE_IDS: one ? per result");

/* Room for one more hit, zeroed; NULL when there is none. */
struct search_hit *
search_hit_new(struct search_hits *hs)
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

/* Column col of s as a string of its own; NULL when NULL (or no memory). */
char *
search_col_dup(struct db_stmt *s, int col)
{
	return db_col_null(s, col) ? NULL : strdup(db_col_text(s, col, NULL));
}

/* The shared head of an order's or a complaint's row (search_numbers_db.c). */
void
search_hit_head(struct search_hit *h, struct db_stmt *s, enum search_kind kind,
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

/* Complaints by the query's words into hs (k at most).  0 or -1. */
static int
words(struct db *db, const struct search_query *q, enum scope_path path,
    int64_t key, int staff, int k, struct search_hits *hs)
{
	struct search_hit	*h;
	struct db_stmt		*s;
	int			 i, rc = DB_ERROR, ok;

	s = db_prepare(db, sql_text[q->nterms - 1][path]);
	ok = s != NULL;
	for (i = 0; ok && i < q->nterms; i++)
		ok = db_bind_int(s, 3 * i, q->terms[i].hash) == 0 &&
		    db_bind_int(s, 3 * i + 1, key) == 0 &&
		    db_bind_int(s, 3 * i + 2, staff) == 0;
	/* a number's words (SO-2026-000123: so, 2026, 000123) all, or none */
	ok = ok && db_bind_int(s, 3 * i, q->number ? q->nterms : 1) == 0 &&
	    db_bind_int(s, 3 * i + 1, k) == 0;
	while (ok && (rc = db_step(s)) == DB_ROW) {
		if ((h = search_hit_new(hs)) == NULL) {
			ok = 0;
			break;
		}
		search_hit_head(h, s, SEARCH_COMPLAINT, TIER_TEXT, "text");
		h->title = search_col_dup(s, 5);
		h->text = search_col_dup(s, 6);
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
	int		 k = q->page * SEARCH_PAGE_SIZE + 1, exact = 0;
	int		 staff = !ORG_IS_CUSTOMER(who->kind);

	memset(hs, 0, sizeof(*hs));
	scope_read(who, &sc);
	path = scope_path(&sc, &key);
	if (q->number && search_numbers(db, q, path, key, k, hs, &exact) ==
	    -1)
		goto fail;
	/* a number's words only when no number is exactly it */
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
