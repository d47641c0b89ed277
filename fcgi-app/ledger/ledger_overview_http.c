/*
 * ledger_overview_http.c: GET /api/v1/statements?period=&status=&after=&limit=
 * Who has reconciled a closed month (by default the last one closed):
 * the count of statements in each status, per region for staff, and the
 * dealers' statements, filtered by status (open: not yet reconciled), by
 * keyset on the dealer's id.  Within the caller's scope: a dealer sees
 * its own, region staff their region's, HQ all.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../core/util.h"
#include "ledger.h"

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

static const char *const counts_sql[SCOPE__PATHS] = {
	REGIONS(SCOPE_OWNER_ALL("t")),
	REGIONS(SCOPE_OWNER_REGION("t")),
	DEALERS(SCOPE_OWNER_DEALER("s")),
	DEALERS(SCOPE_OWNER_MANAGER("s")),
};

static const char *const list_sql[2][SCOPE__PATHS] = {
	{ LIST(SCOPE_OWNER_ALL("s"), ANY), LIST(SCOPE_OWNER_REGION("s"), ANY),
	  LIST(SCOPE_OWNER_DEALER("s"), ANY),
	  LIST(SCOPE_OWNER_MANAGER("s"), ANY) },
	{ LIST(SCOPE_OWNER_ALL("s"), ONE), LIST(SCOPE_OWNER_REGION("s"), ONE),
	  LIST(SCOPE_OWNER_DEALER("s"), ONE),
	  LIST(SCOPE_OWNER_MANAGER("s"), ONE) },
};

static const char sql_last[] = "SELECT COALESCE(MAX(period), '') FROM periods";

static const char *const statuses[] = { "open", "confirmed", "disputed",
	"resolved" };

/* The four status counts of columns from col on into j. */
static void
sums(struct db_stmt *s, int col, cJSON *j)
{
	size_t	 i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		cJSON_AddNumberToObject(j, statuses[i], (double)db_col_int(s,
		    col + (int)i));
}

static cJSON *
item(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "dealer", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "name", db_col_text(s, strcmp(ctx, "en") ==
	    0 ? 3 : 2, NULL));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 4, NULL));
	cJSON_AddNumberToObject(j, "opening_balance", (double)db_col_int(s, 5));
	cJSON_AddNumberToObject(j, "closing_balance", (double)db_col_int(s, 6));
	cJSON_AddNumberToObject(j, "entry_count", (double)db_col_int(s, 7));
	return j;
}

/* The last month closed into p ("" if none): 0, or -1. */
int
ledger_last_closed(struct db *db, char *p, size_t size)
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

/* The counts of month p into j, and per region for staff. */
static int
counts(struct req *r, struct db *db, enum scope_path path, int64_t key,
    const char *p, cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*c, *list = NULL, *it;
	int64_t		 all[4] = { 0, 0, 0, 0 };
	int		 rc, i, en = strcmp(r->lang, "en") == 0;

	if ((s = db_prepare(db, counts_sql[path])) == NULL ||
	    db_bind_text(s, 0, p) == -1 ||
	    db_bind_int(s, 1, key) == -1) {
		db_stmt_release(s);
		return -1;
	}
	if (path == SCOPE_ALL || path == SCOPE_REGION)
		list = cJSON_AddArrayToObject(j, "regions");
	while ((rc = db_step(s)) == DB_ROW) {
		for (i = 0; i < 4; i++)
			all[i] += db_col_int(s, 4 + i);
		if (list == NULL)
			continue;
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(it, "code", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 3 : 2,
		    NULL));
		sums(s, 4, it);
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	c = cJSON_AddObjectToObject(j, "counts");
	cJSON_AddNumberToObject(c, "all", (double)(all[0] + all[1] + all[2] +
	    all[3]));
	for (i = 0; i < 4; i++)
		cJSON_AddNumberToObject(c, statuses[i], (double)all[i]);
	return rc == DB_ERROR ? -1 : 0;
}

int
ledger_overview_get(struct req *r)
{
	const char	*p = http_query(r, "period"), *status = http_query(r,
	    "status");
	struct http_paging pg;
	enum scope_path	 path;
	struct scope	 sc;
	struct db_stmt	*s;
	struct db	*db;
	char		 last[8] = "";
	int64_t		 key;
	cJSON		*j;
	size_t		 i;
	int		 ok = 0, n = 0;

	if (p != NULL && *p != '\0' && !util_month_ok(p))
		http_field_error(r, "period", "YYYY-MM");
	if (status != NULL && *status == '\0')
		status = NULL;
	for (i = 0; status != NULL && i < sizeof(statuses) /
	    sizeof(statuses[0]); i++)
		ok |= strcmp(status, statuses[i]) == 0;
	if (status != NULL && !ok)
		http_field_error(r, "status", "open, confirmed, disputed or "
		    "resolved");
	if ((ok = http_list_begin(r, &pg, &db)) != 0)
		return ok;
	if (ledger_last_closed(db, last, sizeof(last)) == -1)
		return 500;
	if (p == NULL || *p == '\0')
		p = last;
	j = cJSON_CreateObject();
	if (*p == '\0') {		/* no month is closed yet */
		cJSON_AddNullToObject(j, "period");
		cJSON_AddNullToObject(j, "last_closed");
		cJSON_AddArrayToObject(j, "items");
		cJSON_AddNullToObject(j, "next_cursor");
		return http_json(r, 200, j);
	}
	cJSON_AddStringToObject(j, "period", p);
	cJSON_AddStringToObject(j, "last_closed", last);
	scope_read(&r->who, &sc);
	path = scope_path(&sc, &key);
	s = counts(r, db, path, key, p, j) == 0 ? db_prepare(db,
	    list_sql[status != NULL][path]) : NULL;
	if (s == NULL || db_bind_text(s, n++, p) == -1 ||
	    db_bind_int(s, n++, key) == -1 || (status != NULL &&
	    db_bind_text(s, n++, status) == -1) ||
	    db_bind_int(s, n++, pg.after) == -1 ||
	    db_bind_int(s, n, pg.limit + 1) == -1) {
		db_stmt_release(s);
		cJSON_Delete(j);
		return 500;
	}
	if (http_keyset_items(s, pg.limit, j, item, (void *)r->lang,
	    http_cursor_id) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}
