/*
 * ledger_overview_pages.c: /statements: for a dealer, its monthly statements;
 * for staff, who has reconciled a month (counts by status and region,
 * the dealers' statements by status), and for HQ's finance clerks the
 * form that closes the next month.  Through the same reads and operation
 * as the API (ledger_statement_db.c, ledger_periods_db.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "ledger.h"

/* The month HQ's clerks close next into out ("" if none may be yet). */
static void
next_close(const char *last, char *out, size_t size)
{
	char	 today[11], month[8];

	util_china_date(today, sizeof(today), 0);
	snprintf(month, sizeof(month), "%.7s", today);
	if (*last != '\0')
		ledger_next_month(last, out, size);
	else {			/* none closed yet: last month */
		util_china_date(today, sizeof(today), -(int)atoi(today + 8));
		snprintf(out, size, "%.7s", today);
	}
	if (strcmp(out, month) > 0)
		*out = '\0';
}

/* A dealer's months: the path's dealer, or the caller's own. */
static int
dealer_view(struct req *r, int status, cJSON *ctx)
{
	int64_t		 dealer = http_param(r, "id") != NULL ?
	    http_param_id(r, "id") : r->who.org_id;
	struct ledger_months m;
	struct http_paging pg;
	struct db	*db;
	cJSON		*j, *it;
	int		 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(ctx);
		return 503;
	}
	if ((st = ledger_months_read(db, &r->who, dealer, pg.after, pg.limit,
	    &r->err, &m)) != 200) {
		cJSON_Delete(ctx);
		return http_refused(r, st);
	}
	j = ledger_months_json(&m);
	ledger_months_free(&m);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		ledger_label(r, it, "status", "statement_status_");
		ledger_money(it, "opening_balance", "opening_text");
		ledger_money(it, "closing_balance", "closing_text");
	}
	cJSON_AddNumberToObject(ctx, "dealer", (double)dealer);
	cJSON_AddBoolToObject(ctx, "dealer_view", 1);
	cJSON_AddItemToObject(ctx, "months", j);
	return http_form_page(r, status, "statements", ctx, NULL,
	    http_i18n(r, "statement_list_title"));
}

static int
overview(struct req *r, int status, const char *notice)
{
	const char	*q = http_query(r, "status");
	struct ledger_overview o;
	struct http_paging pg;
	struct db	*db;
	cJSON		*ctx, *j, *it;
	char		 key[40], next[8];
	int		 st;

	ctx = cJSON_CreateObject();
	http_errors_to(r, ctx);
	if (r->who.kind == ORG_DEALER)
		return dealer_view(r, status, ctx);
	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(ctx);
		return 503;
	}
	if ((st = ledger_overview_read(db, &r->who, http_query(r, "period"),
	    q, r->lang, pg.after, pg.limit, &r->err, &o)) == 422) {
		/* a filter typed wrong: the page, saying which */
		http_errors_to(r, ctx);
		cJSON_AddItemToObject(ctx, "o", cJSON_CreateObject());
		return http_page(r, 422, "statements", ctx);
	}
	if (st != 200) {
		cJSON_Delete(ctx);
		return http_refused(r, st);
	}
	j = ledger_overview_json(&o);
	ledger_overview_free(&o);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		ledger_label(r, it, "status", "statement_status_");
		ledger_money(it, "closing_balance", "closing_text");
	}
	if (q != NULL && *q != '\0') {
		snprintf(key, sizeof(key), "status_%s", q);
		cJSON_AddBoolToObject(ctx, key, 1);
	}
	cJSON_AddStringToObject(ctx, "status", q != NULL ? q : "");
	if (r->who.kind == ORG_HQ && (r->who.roles & ROLE_FINANCE_CLERK)) {
		next_close(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j,
		    "last_closed")) ? cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(j, "last_closed")) : "",
		    next, sizeof(next));
		cJSON_AddBoolToObject(ctx, "can_close", 1);
		cJSON_AddStringToObject(ctx, "next_close", next);
	}
	cJSON_AddItemToObject(ctx, "o", j);
	return http_form_page(r, status, "statements", ctx, notice,
	    http_i18n(r, "statement_list_title"));
}

/* GET /statements?period=&status=&after= */
int
ledger_overview_page_get(struct req *r)
{
	return overview(r, 200, http_query(r, "closed") ? "statement_closed" : NULL);
}

/* GET /dealers/{id}/statements?after=: the dealer's months */
int
ledger_months_page_get(struct req *r)
{
	return dealer_view(r, 200, cJSON_CreateObject());
}

/* POST /statements/close: period (HQ's finance clerks) */
int
ledger_close_page_post(struct req *r)
{
	const char	*p = http_formval(r, "period");
	struct db	*db;
	char		 loc[64];
	int64_t		 n;
	int		 st;

	if (p == NULL)
		p = "";
	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_close(db, &r->who, p, &r->err, &n);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/statements?closed=1&period=%.7s",
		    p);
		return http_redirect(r, 303, loc);
	}
	if (st == 403 || st == 409 || st == 422)
		return overview(r, st, NULL);
	return http_refused(r, st);
}
