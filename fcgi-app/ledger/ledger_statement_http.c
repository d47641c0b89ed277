/*
 * ledger_statement_http.c: a dealer's monthly statements
 *   GET /api/v1/dealers/{id}/statements?after=&limit=	its months
 *   GET /api/v1/dealers/{id}/statements/{yyyy-mm}	one (.csv: the export)
 * A statement: opening balance, every entry of the month (each marked if
 * disputed), closing balance, its reconciliation status, and its dispute
 * once one is raised, with how a clerk settled it.  For the dealer, its
 * region's staff and HQ; 404 for anyone else.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../http/http.h"
#include "ledger.h"

/* The statement of the path's dealer and month p into *out: 200, or not. */
static int
statement(struct req *r, const char *p, cJSON **out)
{
	struct db	*db;

	*out = NULL;
	if ((db = http_db(r)) == NULL)
		return 503;
	return ledger_statement_read(db, &r->who, http_param_id(r, "id"), p,
	    r->lang, &r->err, out);
}

static int	statement_csv(struct req *, const char *);

/* GET /api/v1/dealers/{id}/statements/{yyyy-mm}[.csv] */
int
ledger_statement_get(struct req *r)
{
	const char	*p = http_param(r, "period");
	char		 period[8];
	size_t		 n = strlen(p);
	cJSON		*j;
	int		 st;

	if (n == 11 && strcmp(p + 7, ".csv") == 0) {
		snprintf(period, sizeof(period), "%.7s", p);
		return statement_csv(r, period);
	}
	st = statement(r, p, &j);
	return ledger_answer(r, st, j);
}

/* A page of a dealer's months as the API shows it. */
cJSON *
ledger_months_json(const struct ledger_months *x)
{
	const struct ledger_month *m;
	cJSON	*j = cJSON_CreateObject(), *items, *it;
	char	 cur[24];
	size_t	 i;

	items = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < x->n; i++) {
		m = &x->items[i];
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "period", m->period);
		cJSON_AddNumberToObject(it, "opening_balance",
		    (double)m->opening);
		cJSON_AddNumberToObject(it, "closing_balance",
		    (double)m->closing);
		cJSON_AddNumberToObject(it, "entry_count",
		    (double)m->entry_count);
		cJSON_AddStringToObject(it, "status", m->status);
		cJSON_AddItemToArray(items, it);
	}
	if (x->next != 0) {
		snprintf(cur, sizeof(cur), "%lld", (long long)x->next);
		cJSON_AddStringToObject(j, "next_cursor", cur);
	} else
		cJSON_AddNullToObject(j, "next_cursor");
	return j;
}

/* GET /api/v1/dealers/{id}/statements: the dealer's months, newest first */
int
ledger_statements_get(struct req *r)
{
	struct ledger_months m;
	struct http_paging pg;
	struct db	*db;
	int		 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_months_read(db, &r->who, http_param_id(r, "id"),
	    pg.after, pg.limit, &r->err, &m)) != 200)
		return http_refused(r, st);
	st = http_json(r, 200, ledger_months_json(&m));
	ledger_months_free(&m);
	return st;
}

/* One row: six text fields and an amount. */
static void
row(struct buf *b, const char *const *f, int64_t fen)
{
	char	 num[32];
	int	 i;

	for (i = 0; i < 6; i++)
		csv_put(b, f[i], 0);
	ledger_yuan(fen, num, sizeof(num));
	csv_put(b, num, 1);
}

static const char *
str(const cJSON *j, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

static int64_t
fen(const cJSON *j, const char *key)
{
	return (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j,
	    key));
}

/* The statement as CSV: opening, every entry, closing. */
static int
statement_csv(struct req *r, const char *p)
{
	static const char *const head[] = { "id", "posted_on", "kind",
	    "reference", "memo", "line", "amount_yuan" };
	const char	*f[6];
	struct buf	 b;
	const cJSON	*e;
	char		 id[24], name[128];
	cJSON		*j;
	size_t		 i;
	int		 st;

	if ((st = statement(r, p, &j)) != 200)
		return http_refused(r, st);
	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_put(&b, head[i], i + 1 == sizeof(head) / sizeof(head[0]));
	f[0] = f[1] = f[2] = f[3] = f[4] = "";
	f[5] = "opening_balance";
	row(&b, f, fen(j, "opening_balance"));
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "entries")) {
		snprintf(id, sizeof(id), "%lld", (long long)fen(e, "id"));
		f[0] = id;
		f[1] = str(e, "posted_on");
		f[2] = str(e, "kind");
		f[3] = str(e, "reference");
		f[4] = str(e, "memo");
		f[5] = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e,
		    "disputed")) ? "entry_disputed" : "entry";
		row(&b, f, fen(e, "amount"));
	}
	f[0] = f[1] = f[2] = f[3] = f[4] = "";
	f[5] = "closing_balance";
	row(&b, f, fen(j, "closing_balance"));
	snprintf(name, sizeof(name), "attachment; filename=\"statement-%s-"
	    "%s.csv\"", str(j, "dealer_code"), p);
	cJSON_Delete(j);
	http_header(r, "Content-Disposition", name);
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len);
	buf_free(&b);
	return st;
}
