/*
 * overview_http.c: GET /api/v1/statements?period=&status=&after=&limit=
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
#include "ledger.h"

#define STATUS_SUMS \
	"SUM(s.status = 'open'), SUM(s.status = 'confirmed'), " \
	"SUM(s.status = 'disputed'), SUM(s.status = 'resolved')"

enum stmt { STMT_LAST, STMT_TOTALS, STMT_REGIONS, STMT_LIST, STMT__MAX };

/* period ?, the scope's 4, then for the list status ? ?, cursor, limit */
static const char *const stmts[STMT__MAX] = {
	"SELECT COALESCE(MAX(period), '') FROM periods",
	"SELECT COUNT(*), " STATUS_SUMS " FROM statements s JOIN orgs d ON "
	"d.id = s.dealer_id WHERE s.period = ? AND " SCOPE_SQL("d"),
	"SELECT r.id, r.code, r.name_zh, r.name_en, " STATUS_SUMS " FROM "
	"statements s JOIN orgs d ON d.id = s.dealer_id JOIN orgs r ON r.id = "
	"d.region_id WHERE s.period = ? AND " SCOPE_SQL("d") " GROUP BY r.id, "
	"r.code, r.name_zh, r.name_en ORDER BY r.code",
	"SELECT s.dealer_id, d.code, d.name_zh, d.name_en, s.status, "
	"s.opening_balance, s.closing_balance, s.entry_count FROM statements s "
	"JOIN orgs d ON d.id = s.dealer_id WHERE s.period = ? AND "
	SCOPE_SQL("d") " AND (? = '' OR s.status = ?) AND s.dealer_id > ? "
	"ORDER BY s.dealer_id LIMIT ?",
};

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

	s = db_prepare(db, stmts[STMT_LAST]);
	ok = s != NULL && db_step(s) == DB_ROW;
	if (ok)
		snprintf(p, size, "%s", db_col_text(s, 0, NULL));
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/* The counts, and per region for staff, of month p into j. */
static int
counts(struct req *r, struct db *db, const struct scope *sc, const char *p,
    cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*c, *list, *it;
	int		 rc, en = strcmp(r->lang, "en") == 0;

	if ((s = db_prepare(db, stmts[STMT_TOTALS])) == NULL ||
	    db_bind_text(s, 0, p) == -1 || scope_bind(s, 1, sc) == -1 ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	c = cJSON_AddObjectToObject(j, "counts");
	cJSON_AddNumberToObject(c, "all", (double)db_col_int(s, 0));
	sums(s, 1, c);
	db_stmt_release(s);
	if (r->who.kind == ORG_DEALER)
		return 0;
	list = cJSON_AddArrayToObject(j, "regions");
	if ((s = db_prepare(db, stmts[STMT_REGIONS])) == NULL ||
	    db_bind_text(s, 0, p) == -1 || scope_bind(s, 1, sc) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(it, "code", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 3 : 2,
		    NULL));
		sums(s, 4, it);
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

int
ledger_overview_get(struct req *r)
{
	const char	*p = http_query(r, "period"), *status = http_query(r,
	    "status");
	struct http_paging pg;
	struct scope	 sc;
	struct db_stmt	*s;
	struct db	*db;
	char		 last[8] = "";
	cJSON		*j;
	size_t		 i;
	int		 ok = 0;

	if (p != NULL && *p != '\0' && !ledger_month_ok(p))
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
	if (status == NULL)
		status = "";
	s = counts(r, db, &sc, p, j) == 0 ? db_prepare(db, stmts[STMT_LIST]) :
	    NULL;
	if (s == NULL || db_bind_text(s, 0, p) == -1 ||
	    scope_bind(s, 1, &sc) == -1 || db_bind_text(s, 5, status) == -1 ||
	    db_bind_text(s, 6, status) == -1 ||
	    db_bind_int(s, 7, pg.after) == -1 ||
	    db_bind_int(s, 8, pg.limit + 1) == -1) {
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
