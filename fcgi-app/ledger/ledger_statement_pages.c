/*
 * ledger_statement_pages.c: /dealers/{id}/statements/{yyyy-mm}, a statement to
 * read, print (the print stylesheet leaves only the statement) and
 * export; for the dealer's finance users the confirm and dispute forms,
 * for finance clerks the form that settles a dispute.  The forms post
 * back here and go through the API's handlers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../http/http.h"
#include "ledger.h"

static const char *
str(const cJSON *j, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

/* The statement's page; a refused form's errors and fields kept. */
static int
statement_page(struct req *r, int status, const char *notice)
{
	cJSON		*j, *ctx, *e, *d, *a;
	const char	*st;
	char		 key[40];
	int		 rc;

	ctx = cJSON_CreateObject();
	http_errors_to(r, ctx);
	if ((rc = ledger_statement_read(r, http_param(r, "period"), &j)) != 0) {
		cJSON_Delete(ctx);
		return rc;
	}
	ledger_money(j, "opening_balance", "opening_text");
	ledger_money(j, "closing_balance", "closing_text");
	ledger_money(j, "entries_total", "entries_text");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "entries")) {
		ledger_money(e, "amount", "amount_text");
		ledger_label(r, e, "kind", "ledger_");
	}
	d = cJSON_GetObjectItemCaseSensitive(j, "dispute");
	if (cJSON_IsObject(a = cJSON_GetObjectItemCaseSensitive(d,
	    "adjustment")))
		ledger_money(a, "amount", "amount_text");
	if (str(d, "outcome") != NULL)
		ledger_label(r, d, "outcome", "statement_outcome_");
	ledger_label(r, j, "status", "statement_status_");
	st = str(j, "status");
	if (st != NULL && r->who.kind == ORG_DEALER &&
	    (r->who.roles & ROLE_DEALER_FINANCE) && strcmp(st, "open") == 0)
		cJSON_AddBoolToObject(ctx, "can_reconcile", 1);
	if (st != NULL && (r->who.roles & ROLE_FINANCE_CLERK) &&
	    strcmp(st, "disputed") == 0)
		cJSON_AddBoolToObject(ctx, "can_settle", 1);
	/* what a refused form had typed */
	if (http_formval(r, "reason") != NULL)
		cJSON_AddStringToObject(ctx, "reason", http_formval(r,
		    "reason"));
	if (http_formval(r, "amount") != NULL)
		cJSON_AddStringToObject(ctx, "amount", http_formval(r,
		    "amount"));
	if (http_formval(r, "outcome") != NULL) {
		snprintf(key, sizeof(key), "outcome_%s", http_formval(r,
		    "outcome"));
		cJSON_AddBoolToObject(ctx, key, 1);
	}
	cJSON_AddItemToObject(ctx, "s", j);
	snprintf(key, sizeof(key), "%s %s", http_i18n(r, "statement_title"),
	    http_param(r, "period"));
	return http_form_page(r, status, "statement", ctx, notice, key);
}

/* GET /dealers/{id}/statements/{yyyy-mm} */
int
ledger_statement_page_get(struct req *r)
{
	const char	*done = http_query(r, "done");

	return statement_page(r, 200, done == NULL ? NULL :
	    strcmp(done, "confirm") == 0 ? "statement_done_confirm" :
	    strcmp(done, "dispute") == 0 ? "statement_done_dispute" :
	    strcmp(done, "resolve") == 0 ? "statement_done_resolve" : NULL);
}

/* The form's ticked lines as the dispute's "lines". */
static void
lines(struct req *r, cJSON *j)
{
	cJSON		*a = cJSON_AddArrayToObject(j, "lines");
	long long	 id;
	char		*end;
	size_t		 i;

	/* an id as ticked; anything else fails the API's check as 0 */
	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].name, "line") == 0 &&
		    cJSON_GetArraySize(a) <= LEDGER_DISPUTE_LINES) {
			id = strtoll(r->form.v[i].value, &end, 10);
			cJSON_AddItemToArray(a, cJSON_CreateNumber(*end ==
			    '\0' && id > 0 && id < (1LL << 53) ? (double)id :
			    0));
		}
}

/* The settlement's amount, signed yuan as typed, in fen. */
static void
amount(struct req *r, cJSON *j)
{
	const char	*v = http_formval(r, "amount");
	int64_t		 fen;
	int		 minus = 0;

	if (v == NULL || *v == '\0')
		return;
	while (*v == ' ')
		v++;
	if (*v == '-' || *v == '+')
		minus = *v++ == '-';
	if (money_parse(v, LEDGER_MAX, &fen) == 0)
		cJSON_AddNumberToObject(j, "amount", (double)(minus ? -fen :
		    fen));
	else
		http_field_error(r, "amount", http_i18n(r,
		    "catalogue_admin_bad_price"));
}

/* POST /dealers/{id}/statements/{yyyy-mm}: action confirm|dispute|resolve */
int
ledger_statement_page_post(struct req *r)
{
	const char	*action = http_formval(r, "action");
	const char	*v = http_formval(r, "version");
	char		 loc[96];
	int		 st;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	if (v != NULL && *v != '\0')
		cJSON_AddNumberToObject(r->json, "version", atof(v));
	http_form_field(r, r->json, "reason");
	if (action != NULL && strcmp(action, "confirm") == 0)
		st = ledger_confirm_post(r);
	else if (action != NULL && strcmp(action, "dispute") == 0) {
		lines(r, r->json);
		st = ledger_dispute_post(r);
	} else if (action != NULL && strcmp(action, "resolve") == 0) {
		http_form_field(r, r->json, "outcome");
		cJSON_DeleteItemFromObject(r->json, "version");
		/* a rejection moves no money: an amount typed is ignored */
		if ((v = http_formval(r, "outcome")) == NULL ||
		    strcmp(v, "reject") != 0)
			amount(r, r->json);
		st = r->err.fields != NULL ? http_error(r, 422,
		    "validation_failed", "check the fields") :
		    ledger_settle_post(r);
	} else
		return http_error(r, 400, "bad_request", "no such action");
	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/dealers/%s/statements/%s?done=%s",
		    http_param(r, "id"), http_param(r, "period"), action);
		return http_redirect(r, 303, loc);
	}
	if (st == 403 || st == 409 || st == 422) {
		buf_reset(&r->out);
		return statement_page(r, st, NULL);
	}
	return st;
}
