/*
 * search_index_db.c: writing the search index (migration 0063): a
 * complaint's terms in the transaction that writes its text, and the
 * backfill of what was filed before (dealernetd reindex)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/log.h"
#include "../db/db.h"
#include "search_index.h"

/* A term already there keeps its best field and widest audience. */
static const char sql_upsert[] =
	"INSERT INTO search_terms (term, complaint_id, dealer_id, region_id, "
	"weight, dealer_sees) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY "
	"UPDATE weight = GREATEST(weight, VALUES(weight)), dealer_sees = "
	"GREATEST(dealer_sees, VALUES(dealer_sees))";
static const char sql_owner[] =
	"SELECT dealer_id, region_id FROM complaints WHERE id = ?";

static int
by_hash(const void *a, const void *b)
{
	const struct search_term	*x = a, *y = b;

	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

/* set's rows for the complaint, DB_ROWS_MAX per round trip.  0 or -1. */
static int
write_terms(struct db *db, const struct search_terms *set, int64_t id,
    int64_t dealer, int64_t region)
{
	int64_t		 term[DB_ROWS_MAX], cid[DB_ROWS_MAX], dl[DB_ROWS_MAX];
	int64_t		 rg[DB_ROWS_MAX], w[DB_ROWS_MAX], ds[DB_ROWS_MAX];
	struct db_stmt	*s;
	size_t		 i, k;
	int		 ok;

	for (i = 0; i < set->n; i += k) {
		for (k = 0; k < DB_ROWS_MAX && i + k < set->n; k++) {
			term[k] = set->t[i + k].hash;
			cid[k] = id;
			dl[k] = dealer;
			rg[k] = region;
			w[k] = set->t[i + k].weight;
			ds[k] = set->t[i + k].dealer_sees;
		}
		s = db_prepare(db, sql_upsert);
		ok = s != NULL && db_bind_ints(s, 0, term) == 0 &&
		    db_bind_ints(s, 1, cid) == 0 && db_bind_ints(s, 2, dl) == 0 &&
		    db_bind_ints(s, 3, rg) == 0 && db_bind_ints(s, 4, w) == 0 &&
		    db_bind_ints(s, 5, ds) == 0 &&
		    db_exec_rows(s, (unsigned)k) == 0;
		db_stmt_release(s);
		if (!ok) {
			log_error("complaint %lld: %s", (long long)id,
			    db_errmsg(db));
			return -1;
		}
	}
	return 0;
}

/*
 * Index the texts (n of them) of complaint id in the caller's
 * transaction; dealer and region are the complaint's (0: read them).
 * 0 or -1.
 */
int
search_index_complaint(struct db *db, int64_t id, int64_t dealer,
    int64_t region, const struct search_text *texts, size_t n)
{
	struct search_terms	*set;
	struct db_stmt		*s;
	size_t			 i;
	int			 rc = -1;

	if (dealer == 0 || region == 0) {
		if ((s = db_preparef(db, sql_owner, "i", id)) == NULL ||
		    db_step(s) != DB_ROW) {
			db_stmt_release(s);
			return -1;
		}
		dealer = db_col_int(s, 0);
		region = db_col_int(s, 1);
		db_stmt_release(s);
	}
	if ((set = calloc(1, sizeof(*set))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		search_terms_add(set, texts[i].text, texts[i].field);
	/* one order of keys for every writer */
	qsort(set->t, set->n, sizeof(set->t[0]), by_hash);
	rc = write_terms(db, set, id, dealer, region);
	free(set);
	return rc;
}

/* The backfill: complaints done < id <= upto, a batch at a time. */
#define BATCH	200

static const char sql_mark[] =
	"SELECT done, upto FROM search_backfill WHERE kind = 'complaints' "
	"FOR UPDATE";
static const char sql_mark_all[] =
	"INSERT INTO search_backfill (kind, done, upto) SELECT 'complaints', "
	"0, COALESCE(MAX(id), 0) FROM complaints ON DUPLICATE KEY UPDATE "
	"done = 0, upto = VALUES(upto)";
static const char sql_batch[] =
	"SELECT id, dealer_id, region_id, subject, description FROM "
	"complaints WHERE id > ? AND id <= ? ORDER BY id LIMIT ?";
static const char sql_thread[] =
	"SELECT kind, body FROM complaint_messages WHERE complaint_id = ? AND "
	"kind IN ('message', 'note') ORDER BY id";
static const char sql_done[] =
	"UPDATE search_backfill SET done = ? WHERE kind = 'complaints'";

struct one {
	int64_t	 id, dealer, region;
	char	*subject, *description;
};

/* A complaint's thread and its own texts, indexed.  0 or -1. */
static int
index_one(struct db *db, const struct one *c)
{
	struct search_text	*t = NULL, *more;
	struct db_stmt		*s;
	size_t			 n = 2, cap = 16, i;
	int			 rc, ok = 0;

	if ((t = calloc(cap, sizeof(*t))) == NULL ||
	    (s = db_preparef(db, sql_thread, "i", c->id)) == NULL) {
		free(t);
		return -1;
	}
	t[0].text = c->subject;
	t[0].field = SEARCH_SUBJECT;
	t[1].text = c->description;
	t[1].field = SEARCH_DESCRIPTION;
	while ((rc = db_step(s)) == DB_ROW) {
		if (n == cap) {
			if ((more = realloc(t, 2 * cap * sizeof(*t))) == NULL)
				break;
			t = more;
			cap *= 2;
		}
		t[n].field = strcmp(db_col_text(s, 0, NULL), "note") == 0 ?
		    SEARCH_NOTE : SEARCH_MESSAGE;
		if ((t[n].text = strdup(db_col_text(s, 1, NULL))) == NULL)
			break;
		n++;
	}
	db_stmt_release(s);
	if (rc == DB_DONE)
		ok = search_index_complaint(db, c->id, c->dealer, c->region, t,
		    n) == 0;
	for (i = 2; i < n; i++)
		free((char *)t[i].text);
	free(t);
	return ok ? 0 : -1;
}

/* One batch in its own transaction: 1 more to do, 0 done, -1. */
static int
batch(struct db *db, long *count)
{
	struct one	 c[BATCH];
	struct db_stmt	*s;
	int64_t		 done, upto;
	int		 n = 0, i, rc, ok = 1;

	if (db_begin(db) == -1)
		return -1;
	if ((s = db_prepare(db, sql_mark)) == NULL || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	done = db_col_int(s, 0);
	upto = db_col_int(s, 1);
	db_stmt_release(s);
	if (done >= upto)
		return db_commit(db) == 0 ? 0 : -1;
	if ((s = db_preparef(db, sql_batch, "iii", done, upto, BATCH)) ==
	    NULL) {
		db_rollback(db);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW && n < BATCH) {
		c[n].id = db_col_int(s, 0);
		c[n].dealer = db_col_int(s, 1);
		c[n].region = db_col_int(s, 2);
		c[n].subject = strdup(db_col_text(s, 3, NULL));
		c[n].description = strdup(db_col_text(s, 4, NULL));
		n++;
	}
	db_stmt_release(s);
	ok = rc != DB_ERROR;
	for (i = 0; i < n; i++) {
		ok = ok && c[i].subject != NULL && c[i].description != NULL &&
		    index_one(db, &c[i]) == 0;
		free(c[i].subject);
		free(c[i].description);
	}
	/* nothing left below upto (complaints are never deleted) */
	done = n > 0 ? c[n - 1].id : upto;
	if (!ok || db_execv(db, sql_done, NULL, "i", done) != 1 ||
	    db_commit(db) == -1) {
		log_error("backfill after %lld: %s", (long long)done,
		    db_errmsg(db));
		db_rollback(db);
		return -1;
	}
	*count += n;
	return 1;
}

/*
 * Index the complaints the backfill has not (all: every complaint again,
 * as after a change of the tokenizer), a batch per transaction; the
 * number indexed into *count.  0 or -1.
 */
int
search_reindex(struct db *db, int all, long *count)
{
	int	 rc;

	*count = 0;
	if (all && db_execv(db, sql_mark_all, NULL, "") < 0)
		return -1;
	while ((rc = batch(db, count)) == 1)
		;
	return rc;
}

/* dealernetd reindex [--all] */
int
search_reindex_cli(struct db *db, int argc, char **argv)
{
	long	 n;
	int	 all = argc == 2 && strcmp(argv[1], "--all") == 0;

	if (argc > 2 || (argc == 2 && !all)) {
		fprintf(stderr, "usage: dealernetd reindex [--all]\n");
		return 2;
	}
	if (search_reindex(db, all, &n) == -1) {
		fprintf(stderr, "reindex: failed after %ld complaints\n", n);
		return 1;
	}
	printf("{\"indexed\":%ld}\n", n);
	return 0;
}
