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

/* A statement as the API shows it. */
cJSON *
ledger_statement_json(const struct ledger_statement *x)
{
	const struct ledger_dispute *d = &x->dispute;
	const struct ledger_statement_entry *e;
	cJSON	*j = cJSON_CreateObject(), *dj, *a, *lines = NULL, *list, *it;
	size_t	 i;

	cJSON_AddNumberToObject(j, "dealer", (double)x->dealer);
	cJSON_AddStringToObject(j, "dealer_code", x->dealer_code);
	cJSON_AddStringToObject(j, "dealer_name", x->dealer_name);
	cJSON_AddStringToObject(j, "period", x->period);
	cJSON_AddNumberToObject(j, "opening_balance", (double)x->opening);
	cJSON_AddNumberToObject(j, "closing_balance", (double)x->closing);
	cJSON_AddNumberToObject(j, "entries_total", (double)x->total);
	cJSON_AddStringToObject(j, "status", x->status);
	cJSON_AddNumberToObject(j, "version", (double)x->version);
	if (x->confirmed_at != NULL)
		cJSON_AddStringToObject(j, "confirmed_at", x->confirmed_at);
	else
		cJSON_AddNullToObject(j, "confirmed_at");
	if (!x->disputed)
		cJSON_AddNullToObject(j, "dispute");
	else {
		dj = cJSON_AddObjectToObject(j, "dispute");
		cJSON_AddStringToObject(dj, "complaint", d->complaint);
		cJSON_AddStringToObject(dj, "reason", d->reason);
		cJSON_AddStringToObject(dj, "filed_at", d->filed_at);
		lines = cJSON_AddArrayToObject(dj, "lines");
		if (d->outcome != NULL)
			cJSON_AddStringToObject(dj, "outcome", d->outcome);
		else
			cJSON_AddNullToObject(dj, "outcome");
		cJSON_AddStringToObject(dj, "resolution", d->resolution);
		if (d->resolved_at != NULL)
			cJSON_AddStringToObject(dj, "resolved_at",
			    d->resolved_at);
		else
			cJSON_AddNullToObject(dj, "resolved_at");
		if (d->adjustment == 0)
			cJSON_AddNullToObject(dj, "adjustment");
		else {
			a = cJSON_AddObjectToObject(dj, "adjustment");
			cJSON_AddNumberToObject(a, "id", (double)d->adjustment);
			cJSON_AddNumberToObject(a, "amount",
			    (double)d->adjustment_amount);
			cJSON_AddStringToObject(a, "period",
			    d->adjustment_period);
		}
	}
	list = cJSON_AddArrayToObject(j, "entries");
	for (i = 0; i < x->nentries; i++) {
		e = &x->entries[i];
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)e->id);
		cJSON_AddStringToObject(it, "kind", e->kind);
		cJSON_AddNumberToObject(it, "amount", (double)e->amount);
		cJSON_AddStringToObject(it, "posted_on", e->posted_on);
		cJSON_AddStringToObject(it, "reference", e->reference);
		cJSON_AddStringToObject(it, "memo", e->memo);
		if (*e->po_number != '\0')
			cJSON_AddStringToObject(it, "po_number", e->po_number);
		else
			cJSON_AddNullToObject(it, "po_number");
		cJSON_AddBoolToObject(it, "disputed", e->disputed);
		if (e->disputed && lines != NULL)
			cJSON_AddItemToArray(lines, cJSON_CreateNumber(
			    (double)e->id));
		cJSON_AddItemToArray(list, it);
	}
	return j;
}

/* Answer a statement an operation read or moved (freed), or its refusal. */
int
ledger_statement_answer(struct req *r, int st, struct ledger_statement *x)
{
	if (st != 200 && st != 201)
		return http_refused(r, st);
	st = http_json(r, st, ledger_statement_json(x));
	ledger_statement_free(x);
	return st;
}

/* The statement of the path's dealer and month p into *x: 200, or not. */
static int
statement(struct req *r, const char *p, struct ledger_statement *x)
{
	struct db	*db;

	memset(x, 0, sizeof(*x));
	if ((db = http_db(r)) == NULL)
		return 503;
	return ledger_statement_read(db, &r->who, http_param_id(r, "id"), p,
	    r->lang, &r->err, x);
}

static int	statement_csv(struct req *, const char *);

/* GET /api/v1/dealers/{id}/statements/{yyyy-mm}[.csv] */
int
ledger_statement_get(struct req *r)
{
	const char	*p = http_param(r, "period");
	struct ledger_statement x;
	char		 period[8];
	size_t		 n = strlen(p);

	if (n == 11 && strcmp(p + 7, ".csv") == 0) {
		snprintf(period, sizeof(period), "%.7s", p);
		return statement_csv(r, period);
	}
	return ledger_statement_answer(r, statement(r, p, &x), &x);
}

/* A page of a dealer's months as the API shows it. */
cJSON *
ledger_months_json(const struct ledger_months *x)
{
	const struct ledger_month *m;
	cJSON	*j = cJSON_CreateObject(), *items, *it;
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
	ledger_cursor_json(j, x->next);
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

/* One row: seven text fields and an amount. */
static void
row(struct buf *b, const char *const *f, int64_t fen)
{
	char	 num[32];
	int	 i;

	for (i = 0; i < 7; i++)
		csv_put(b, f[i], 0);
	ledger_yuan(fen, num, sizeof(num));
	csv_put(b, num, 1);
}

/* The statement as CSV: opening, every entry, closing. */
static int
statement_csv(struct req *r, const char *p)
{
	static const char *const head[] = { "id", "posted_on", "kind",
	    "reference", "memo", "po_number", "line", "amount_yuan" };
	const struct ledger_statement_entry *e;
	struct ledger_statement x;
	const char	*f[7];
	struct buf	 b;
	char		 id[24], name[128];
	size_t		 i;
	int		 st;

	if ((st = statement(r, p, &x)) != 200)
		return http_refused(r, st);
	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csv_put(&b, head[i], i + 1 == sizeof(head) / sizeof(head[0]));
	f[0] = f[1] = f[2] = f[3] = f[4] = f[5] = "";
	f[6] = "opening_balance";
	row(&b, f, x.opening);
	for (i = 0; i < x.nentries; i++) {
		e = &x.entries[i];
		snprintf(id, sizeof(id), "%lld", (long long)e->id);
		f[0] = id;
		f[1] = e->posted_on;
		f[2] = e->kind;
		f[3] = e->reference;
		f[4] = e->memo;
		f[5] = e->po_number;
		f[6] = e->disputed ? "entry_disputed" : "entry";
		row(&b, f, e->amount);
	}
	f[0] = f[1] = f[2] = f[3] = f[4] = f[5] = "";
	f[6] = "closing_balance";
	row(&b, f, x.closing);
	snprintf(name, sizeof(name), "attachment; filename=\"statement-%s-"
	    "%s.csv\"", x.dealer_code, p);
	ledger_statement_free(&x);
	http_header(r, "Content-Disposition", name);
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len);
	buf_free(&b);
	return st;
}
