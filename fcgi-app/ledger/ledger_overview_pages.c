/*
 * ledger_overview_pages.c: /statements: for a dealer, its monthly statements;
 * for staff, who has reconciled a month (counts by status and region,
 * the dealers' statements by status), and for HQ's finance clerks the
 * form that closes the next month.  Through the API's handlers.
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
	char	 id[24];
	cJSON	*j, *it;
	int	 st;

	if (http_param(r, "id") == NULL) {
		snprintf(id, sizeof(id), "%lld", (long long)r->who.org_id);
		http_params_add(&r->params, "id", 2, id, strlen(id));
	}
	if ((st = http_call(r, ledger_statements_get, &j)) != 200) {
		cJSON_Delete(ctx);
		return st;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		ledger_label(r, it, "status", "statement_status_");
		ledger_money(it, "opening_balance", "opening_text");
		ledger_money(it, "closing_balance", "closing_text");
	}
	cJSON_AddNumberToObject(ctx, "dealer", (double)http_param_id(r, "id"));
	cJSON_AddBoolToObject(ctx, "dealer_view", 1);
	cJSON_AddItemToObject(ctx, "months", j);
	return http_form_page(r, status, "statements", ctx, NULL,
	    http_i18n(r, "statement_list_title"));
}

static int
overview(struct req *r, int status, const char *notice)
{
	const char	*q = http_query(r, "status");
	cJSON		*ctx, *j, *it;
	char		 key[40], next[8];
	int		 st;

	ctx = cJSON_CreateObject();
	http_errors_to(r, ctx);
	if (r->who.kind == ORG_DEALER)
		return dealer_view(r, status, ctx);
	if ((st = http_call(r, ledger_overview_get, &j)) == 422) {
		/* a filter typed wrong: the page, saying which */
		buf_reset(&r->out);
		http_errors_to(r, ctx);
		cJSON_AddItemToObject(ctx, "o", cJSON_CreateObject());
		return http_page(r, 422, "statements", ctx);
	}
	if (st != 200) {
		cJSON_Delete(ctx);
		return st;
	}
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
	char		 loc[64];
	int		 st;

	if (p == NULL)
		p = "";
	http_params_add(&r->params, "period", 6, p, strlen(p));
	st = ledger_close_post(r);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/statements?closed=1&period=%.7s",
		    p);
		return http_redirect(r, 303, loc);
	}
	if (st == 403 || st == 409 || st == 422) {
		buf_reset(&r->out);
		return overview(r, st, NULL);
	}
	return st;
}
