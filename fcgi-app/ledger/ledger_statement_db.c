/*
 * ledger_statement_db.c: a dealer's monthly statements, below the JSON
 * handlers and the pages.  A statement: opening balance, every entry of
 * the month (each marked if disputed), closing balance, its
 * reconciliation status, and its dispute once one is raised, with how a
 * clerk settled it.  The overview: who has reconciled a closed month (by
 * default the last one closed): the count of statements in each status,
 * per region for staff, and the dealers' statements, filtered by status
 * (open: not yet reconciled), by keyset on the dealer's id.  For the
 * dealer, its region's staff and HQ; 404 for anyone else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "ledger.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"

static const char sql_statement[] =
	"SELECT s.id, s.opening_balance, s.closing_balance, s.entries_total, "
	"s.status, s.version, " TS("s.confirmed_at") ", d.code, d.name_zh, "
	"d.name_en FROM statements s JOIN orgs d ON d.id = s.dealer_id WHERE "
	"s.dealer_id = ? AND s.period = ?";
static const char sql_dispute[] =
	"SELECT c.number, sd.reason, " TS("sd.filed_at") ", sd.outcome, "
	"sd.resolution, " TS("sd.resolved_at") ", e.id, e.amount, e.period "
	"FROM statement_disputes sd JOIN complaints c ON c.id = "
	"sd.complaint_id LEFT JOIN ledger_entries e ON e.id = sd.adjustment_id "
	"WHERE sd.statement_id = ?";
static const char sql_entries[] =
	"SELECT l.id, l.kind, l.amount, DATE_FORMAT(l.posted_on, '%Y-%m-%d'), "
	"l.reference, l.memo, dl.entry_id IS NOT NULL, "
	"COALESCE(l.po_number, '') FROM ledger_entries l "
	"LEFT JOIN statement_disputes sd ON sd.statement_id = ? LEFT JOIN "
	"statement_dispute_lines dl ON dl.dispute_id = sd.id AND dl.entry_id = "
	"l.id WHERE l.dealer_id = ? AND l.period = ? ORDER BY l.id";
static const char sql_months[] =
	"SELECT id, period, opening_balance, closing_balance, entry_count, "
	"status FROM statements WHERE dealer_id = ? AND id < ? ORDER BY id "
	"DESC LIMIT ?";

/* A month's counts from the tally: per region, in the caller's scope. */
#define STATUS_SUMS \
	"SUM(IF(t.status = 'open', t.n, 0)), SUM(IF(t.status = 'confirmed', " \
	"t.n, 0)), SUM(IF(t.status = 'disputed', t.n, 0)), SUM(IF(t.status = " \
	"'resolved', t.n, 0))"
#define REGIONS(owner) \
	"SELECT r.id, r.code, r.name_zh, r.name_en, " STATUS_SUMS " FROM " \
	"statement_tally t JOIN orgs r ON r.id = t.region_id WHERE t.period = " \
	"? AND " owner " GROUP BY r.id, r.code, r.name_zh, r.name_en ORDER BY " \
	"r.code"
/* The dealers' statements: period ?, owner ?, [status ?], cursor, limit */
#define LIST(owner, status) \
	"SELECT s.dealer_id, d.code, d.name_zh, d.name_en, s.status, " \
	"s.opening_balance, s.closing_balance, s.entry_count FROM statements " \
	"s JOIN orgs d ON d.id = s.dealer_id WHERE s.period = ? AND " owner \
	status " AND s.dealer_id > ? ORDER BY s.dealer_id LIMIT ?"
#define ANY	""
#define ONE	" AND s.status = ?"

/* A dealer's own statement, an account manager's dealers': counted. */
#define DEALERS(owner) \
	"SELECT 0, '', '', '', SUM(s.status = 'open'), SUM(s.status = " \
	"'confirmed'), SUM(s.status = 'disputed'), SUM(s.status = " \
	"'resolved') FROM statements s WHERE s.period = ? AND " owner

static const char *const sql_counts[] = {
	REGIONS(SCOPE_OWNER_ALL("t")),
	REGIONS(SCOPE_OWNER_REGION("t")),
	DEALERS(SCOPE_OWNER_DEALER("s")),
	DEALERS(SCOPE_OWNER_MANAGER("s")),
	DEALERS(SCOPE_OWNER_CHAIN("s")),
};
SCOPE_PATHS_ALL(sql_counts);

static const char *const sql_overview_any[] = {
	LIST(SCOPE_OWNER_ALL("s"), ANY), LIST(SCOPE_OWNER_REGION("s"), ANY),
	LIST(SCOPE_OWNER_DEALER("s"), ANY),
	LIST(SCOPE_OWNER_MANAGER("s"), ANY),
	LIST(SCOPE_OWNER_CHAIN("s"), ANY),
};
static const char *const sql_overview_one[] = {
	LIST(SCOPE_OWNER_ALL("s"), ONE), LIST(SCOPE_OWNER_REGION("s"), ONE),
	LIST(SCOPE_OWNER_DEALER("s"), ONE),
	LIST(SCOPE_OWNER_MANAGER("s"), ONE),
	LIST(SCOPE_OWNER_CHAIN("s"), ONE),
};
SCOPE_PATHS_ALL(sql_overview_any);
SCOPE_PATHS_ALL(sql_overview_one);
static const char *const *const sql_overview[2] = {
	sql_overview_any, sql_overview_one,
};

static const char sql_last[] = "SELECT COALESCE(MAX(period), '') FROM periods";

/* A column's text, a copy (NULL for NULL if nullable; "" else). */
static char *
col_dup(struct db_stmt *s, int col, int nullable, int *ok)
{
	char	*v;

	if (nullable && db_col_null(s, col))
		return NULL;
	if ((v = strdup(db_col_text(s, col, NULL))) == NULL)
		*ok = 0;
	return v;
}

void
ledger_statement_free(struct ledger_statement *x)
{
	struct ledger_dispute	*d = &x->dispute;
	size_t			 i;

	for (i = 0; i < x->nentries; i++) {
		free(x->entries[i].reference);
		free(x->entries[i].memo);
	}
	free(x->entries);
	free(x->dealer_code);
	free(x->dealer_name);
	free(x->confirmed_at);
	free(d->complaint);
	free(d->reason);
	free(d->filed_at);
	free(d->outcome);
	free(d->resolution);
	free(d->resolved_at);
	memset(x, 0, sizeof(*x));
}

/* The dispute of statement x->id into x->dispute, if it has one. */
static int
dispute(struct db *db, struct ledger_statement *x)
{
	struct ledger_dispute	*d = &x->dispute;
	struct db_stmt		*s;
	int			 rc, ok = 1;

	if ((s = db_prepare(db, sql_dispute)) == NULL ||
	    db_bind_int(s, 0, x->id) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		x->disputed = 1;
		d->complaint = col_dup(s, 0, 0, &ok);
		d->reason = col_dup(s, 1, 0, &ok);
		d->filed_at = col_dup(s, 2, 0, &ok);
		d->outcome = col_dup(s, 3, 1, &ok);
		d->resolution = col_dup(s, 4, 0, &ok);
		d->resolved_at = col_dup(s, 5, 1, &ok);
		if (!db_col_null(s, 6)) {
			d->adjustment = db_col_int(s, 6);
			d->adjustment_amount = db_col_int(s, 7);
			snprintf(d->adjustment_period,
			    sizeof(d->adjustment_period), "%s",
			    db_col_text(s, 8, NULL));
		}
	}
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/* The month's entries into x->entries, each marked if disputed. */
static int
entries(struct db *db, struct ledger_statement *x)
{
	struct ledger_statement_entry *e, *more;
	struct db_stmt	*s;
	size_t		 cap = 0;
	int		 rc = DB_DONE, ok = 1;

	if ((s = db_prepare(db, sql_entries)) == NULL ||
	    db_bind_int(s, 0, x->id) == -1 ||
	    db_bind_int(s, 1, x->dealer) == -1 ||
	    db_bind_text(s, 2, x->period) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while (ok && (rc = db_step(s)) == DB_ROW) {
		if (x->nentries == cap) {
			cap = cap ? cap * 2 : 32;
			if ((more = realloc(x->entries, cap *
			    sizeof(*more))) == NULL) {
				ok = 0;
				break;
			}
			x->entries = more;
		}
		e = &x->entries[x->nentries++];
		memset(e, 0, sizeof(*e));
		e->id = db_col_int(s, 0);
		snprintf(e->kind, sizeof(e->kind), "%s", db_col_text(s, 1,
		    NULL));
		e->amount = db_col_int(s, 2);
		snprintf(e->posted_on, sizeof(e->posted_on), "%s",
		    db_col_text(s, 3, NULL));
		e->reference = col_dup(s, 4, 0, &ok);
		e->memo = col_dup(s, 5, 0, &ok);
		e->disputed = db_col_int(s, 6) != 0;
		db_col_copy(s, 7, e->po_number, sizeof(e->po_number));
	}
	db_stmt_release(s);
	return ok && rc != DB_ERROR ? 0 : -1;
}

/*
 * The statement of dealer and month p (the caller has checked its scope)
 * into *x, the dealer named in lang: 0, 1 if there is none (the month is
 * not closed), -1.
 */
int
ledger_statement_load(struct db *db, int64_t dealer, const char *p,
    const char *lang, struct ledger_statement *x)
{
	struct db_stmt	*s;
	int		 rc, ok = 1, en = strcmp(lang, "en") == 0;

	memset(x, 0, sizeof(*x));
	if ((s = db_prepare(db, sql_statement)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, p) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return 1;
	}
	x->dealer = dealer;
	x->id = db_col_int(s, 0);
	snprintf(x->period, sizeof(x->period), "%.7s", p);
	x->opening = db_col_int(s, 1);
	x->closing = db_col_int(s, 2);
	x->total = db_col_int(s, 3);
	snprintf(x->status, sizeof(x->status), "%s", db_col_text(s, 4, NULL));
	x->version = db_col_int(s, 5);
	x->confirmed_at = col_dup(s, 6, 1, &ok);
	x->dealer_code = col_dup(s, 7, 0, &ok);
	x->dealer_name = col_dup(s, en ? 9 : 8, 0, &ok);
	db_stmt_release(s);
	if (!ok || dispute(db, x) == -1 || entries(db, x) == -1) {
		ledger_statement_free(x);
		return -1;
	}
	return 0;
}

/*
 * The statement of dealer and month p, if the caller's scope reaches it:
 * 200, 404 (not in scope, no such month, not closed yet), 500.
 */
int
ledger_statement_read(struct db *db, const struct principal *who,
    int64_t dealer, const char *p, const char *lang, struct fault *f,
    struct ledger_statement *out)
{
	int	 st;

	memset(out, 0, sizeof(*out));
	if (p == NULL || !util_month_ok(p))
		return fault_set(f, 404, "not_found", "no such statement");
	if ((st = ledger_reach(db, who, 0, dealer, f)) != 0)
		return st;
	switch (ledger_statement_load(db, dealer, p, lang, out)) {
	case 0:
		return 200;
	case 1:
		return fault_set(f, 404, "not_found", "no statement: the "
		    "month is not closed");
	default:
		return 500;
	}
}

void
ledger_months_free(struct ledger_months *m)
{
	free(m->items);
	m->items = NULL;
	m->n = 0;
}

/* The dealer's months, newest first, after statement id after. */
int
ledger_months_read(struct db *db, const struct principal *who,
    int64_t dealer, int64_t after, int limit, struct fault *f,
    struct ledger_months *out)
{
	struct ledger_month *m;
	struct db_stmt	*s;
	int		 st, rc;

	memset(out, 0, sizeof(*out));
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if ((st = ledger_reach(db, who, 0, dealer, f)) != 0)
		return st;
	if ((s = db_prepare(db, sql_months)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_int(s, 1, after > 0 ?
	    after : INT64_MAX) == -1 || db_bind_int(s, 2, limit + 1) == -1 ||
	    (out->items = calloc((size_t)limit, sizeof(*out->items))) == NULL) {
		db_stmt_release(s);
		return 500;
	}
	/* one row more than shown says another page follows */
	while ((rc = db_step(s)) == DB_ROW) {
		if (out->n == (size_t)limit) {
			out->next = out->items[out->n - 1].id;
			break;
		}
		m = &out->items[out->n++];
		m->id = db_col_int(s, 0);
		snprintf(m->period, sizeof(m->period), "%s", db_col_text(s, 1,
		    NULL));
		m->opening = db_col_int(s, 2);
		m->closing = db_col_int(s, 3);
		m->entry_count = db_col_int(s, 4);
		snprintf(m->status, sizeof(m->status), "%s", db_col_text(s, 5,
		    NULL));
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		ledger_months_free(out);
		return 500;
	}
	return 200;
}

/* The statuses of a statement, in the order counts are kept. */
const char *const ledger_statuses[LEDGER_STATUSES] = { "open", "confirmed",
	"disputed", "resolved" };

void
ledger_overview_free(struct ledger_overview *o)
{
	size_t	 i;

	for (i = 0; i < o->nregions; i++) {
		free(o->regions[i].code);
		free(o->regions[i].name);
	}
	for (i = 0; i < o->n; i++) {
		free(o->items[i].code);
		free(o->items[i].name);
	}
	free(o->regions);
	free(o->items);
	memset(o, 0, sizeof(*o));
}

/* The last month closed into p ("" if none): 0, or -1. */
static int
last_closed(struct db *db, char *p, size_t size)
{
	struct db_stmt	*s;
	int		 ok;

	s = db_prepare(db, sql_last);
	ok = s != NULL && db_step(s) == DB_ROW;
	if (ok)
		snprintf(p, size, "%s", db_col_text(s, 0, NULL));
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/* The counts of month p into o, and per region for staff. */
static int
counts(struct db *db, const char *lang, enum scope_path path, int64_t key,
    struct ledger_overview *o)
{
	struct ledger_region_tally *t, *more;
	struct db_stmt	*s;
	size_t		 cap = 0;
	int		 rc = DB_DONE, i, ok = 1, en = strcmp(lang, "en") == 0;

	if ((s = db_prepare(db, sql_counts[path])) == NULL ||
	    db_bind_text(s, 0, o->period) == -1 ||
	    db_bind_int(s, 1, key) == -1) {
		db_stmt_release(s);
		return -1;
	}
	o->by_region = path == SCOPE_ALL || path == SCOPE_REGION;
	while (ok && (rc = db_step(s)) == DB_ROW) {
		for (i = 0; i < LEDGER_STATUSES; i++)
			o->counts[i] += db_col_int(s, 4 + i);
		if (!o->by_region)
			continue;
		if (o->nregions == cap) {
			cap = cap ? cap * 2 : 16;
			if ((more = realloc(o->regions, cap *
			    sizeof(*more))) == NULL) {
				ok = 0;
				break;
			}
			o->regions = more;
		}
		t = &o->regions[o->nregions++];
		memset(t, 0, sizeof(*t));
		t->id = db_col_int(s, 0);
		t->code = col_dup(s, 1, 0, &ok);
		t->name = col_dup(s, en ? 3 : 2, 0, &ok);
		for (i = 0; i < LEDGER_STATUSES; i++)
			t->n[i] = db_col_int(s, 4 + i);
	}
	db_stmt_release(s);
	return ok && rc != DB_ERROR ? 0 : -1;
}

/* A page of the dealers' statements of o->period into o. */
static int
dealers(struct db *db, const char *lang, enum scope_path path, int64_t key,
    const char *status, int64_t after, int limit, struct ledger_overview *o)
{
	struct ledger_overview_item *it;
	struct db_stmt	*s;
	int		 rc = DB_DONE, ok = 1, n = 0, en = strcmp(lang, "en") == 0;

	s = db_prepare(db, sql_overview[status != NULL][path]);
	if (s == NULL || db_bind_text(s, n++, o->period) == -1 ||
	    db_bind_int(s, n++, key) == -1 || (status != NULL &&
	    db_bind_text(s, n++, status) == -1) ||
	    db_bind_int(s, n++, after) == -1 ||
	    db_bind_int(s, n, limit + 1) == -1 ||
	    (o->items = calloc((size_t)limit, sizeof(*o->items))) == NULL) {
		db_stmt_release(s);
		return -1;
	}
	/* one row more than shown says another page follows */
	while (ok && (rc = db_step(s)) == DB_ROW) {
		if (o->n == (size_t)limit) {
			o->next = o->items[o->n - 1].dealer;
			break;
		}
		it = &o->items[o->n++];
		it->dealer = db_col_int(s, 0);
		it->code = col_dup(s, 1, 0, &ok);
		it->name = col_dup(s, en ? 3 : 2, 0, &ok);
		snprintf(it->status, sizeof(it->status), "%s", db_col_text(s, 4,
		    NULL));
		it->opening = db_col_int(s, 5);
		it->closing = db_col_int(s, 6);
		it->entry_count = db_col_int(s, 7);
	}
	db_stmt_release(s);
	return ok && rc != DB_ERROR ? 0 : -1;
}

/*
 * The overview of month p ("" or NULL: the last one closed) in the
 * caller's scope, filtered by status ("" or NULL: any), after dealer id
 * after.  200 (o->period "": no month is closed yet), 422 (a filter
 * typed wrong), 500.
 */
int
ledger_overview_read(struct db *db, const struct principal *who,
    const char *p, const char *status, const char *lang, int64_t after,
    int limit, struct fault *f, struct ledger_overview *out)
{
	enum scope_path	 path;
	struct scope	 sc;
	int64_t		 key;
	int		 i, ok = 0;

	memset(out, 0, sizeof(*out));
	if (p != NULL && *p != '\0' && !util_month_ok(p))
		fault_field(f, "period", "YYYY-MM");
	if (status != NULL && *status == '\0')
		status = NULL;
	for (i = 0; status != NULL && i < LEDGER_STATUSES; i++)
		ok |= strcmp(status, ledger_statuses[i]) == 0;
	if (status != NULL && !ok)
		fault_field(f, "status", "open, confirmed, disputed or "
		    "resolved");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (last_closed(db, out->last_closed,
	    sizeof(out->last_closed)) == -1)
		return 500;
	snprintf(out->period, sizeof(out->period), "%.7s", p != NULL &&
	    *p != '\0' ? p : out->last_closed);
	if (out->period[0] == '\0')	/* no month is closed yet */
		return 200;
	scope_read(who, &sc);
	path = scope_path(&sc, &key);
	if (counts(db, lang, path, key, out) == -1 || dealers(db, lang, path,
	    key, status, after, limit, out) == -1) {
		ledger_overview_free(out);
		return 500;
	}
	return 200;
}
