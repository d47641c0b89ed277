/*
 * ledger_statement_pages.c: /dealers/{id}/statements/{yyyy-mm}, a statement to
 * read, print (the print stylesheet leaves only the statement) and
 * export; for the dealer's finance users the confirm and dispute forms,
 * for finance clerks the form that settles a dispute.  The forms post
 * back here and go through the same operations as the API
 * (ledger_reconcile_db.c).
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
	struct ledger_statement x;
	cJSON		*j, *ctx, *e, *d, *a;
	struct db	*db;
	const char	*st;
	char		 key[40];
	int		 rc;

	ctx = cJSON_CreateObject();
	http_errors_to(r, ctx);
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(ctx);
		return 503;
	}
	if ((rc = ledger_statement_read(db, &r->who, http_param_id(r, "id"),
	    http_param(r, "period"), r->lang, &r->err, &x)) != 200) {
		cJSON_Delete(ctx);
		return http_refused(r, rc);
	}
	j = ledger_statement_json(&x);
	ledger_statement_free(&x);
	ledger_money(j, "opening_balance", "opening_text");
	ledger_money(j, "closing_balance", "closing_text");
	ledger_money(j, "entries_total", "entries_text");
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "entries")) {
		ledger_money(e, "amount", "amount_text");
		ledger_label(r, e, "kind", "ledger_");
		ledger_document(e);
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

/* The form's ticked lines into ids, as the API's "lines": their number. */
static int
lines(struct req *r, int64_t *ids)
{
	cJSON		*a = cJSON_CreateArray();
	long long	 id;
	char		*end;
	size_t		 i;
	int		 n;

	/* an id as ticked; anything else fails the check as 0 */
	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].name, "line") == 0 &&
		    cJSON_GetArraySize(a) <= LEDGER_DISPUTE_LINES) {
			id = strtoll(r->form.v[i].value, &end, 10);
			cJSON_AddItemToArray(a, cJSON_CreateNumber(*end ==
			    '\0' && id > 0 && id < (1LL << 53) ? (double)id :
			    0));
		}
	n = ledger_lines_parse(a, ids, LEDGER_DISPUTE_LINES);
	cJSON_Delete(a);
	return n;
}

/* The settlement's amount, signed yuan as typed, in fen: as json_get_int. */
static int
amount(struct req *r, int64_t *fen)
{
	const char	*v = http_formval(r, "amount");
	int		 minus = 0;

	if (v == NULL || *v == '\0')
		return 1;
	while (*v == ' ')
		v++;
	if (*v == '-' || *v == '+')
		minus = *v++ == '-';
	if (money_parse(v, LEDGER_MAX, fen) != 0) {
		http_field_error(r, "amount", http_i18n(r,
		    "ledger_bad_amount"));
		return -1;
	}
	if (minus)
		*fen = -*fen;
	return 0;
}

/* The form's version: -1 if none, -2 if not one. */
static int64_t
version(struct req *r)
{
	const char	*v = http_formval(r, "version");
	long long	 n;
	char		*end;

	if (v == NULL || *v == '\0')
		return -1;
	n = strtoll(v, &end, 10);
	return *end == '\0' && n >= 1 && n <= INT32_MAX ? n : -2;
}

/* POST /dealers/{id}/statements/{yyyy-mm}: action confirm|dispute|resolve */
int
ledger_statement_page_post(struct req *r)
{
	const char	*action = http_formval(r, "action");
	const char	*reason = http_formval(r, "reason");
	const char	*period = http_param(r, "period");
	int64_t		 dealer = http_param_id(r, "id");
	int64_t		 ids[LEDGER_DISPUTE_LINES];
	struct ledger_settlement x = { NULL, 0, 1, NULL };
	struct ledger_statement s;
	struct db	*db;
	char		 loc[96];
	int		 st;

	if (reason != NULL && *reason == '\0')
		reason = NULL;
	if ((db = http_db(r)) == NULL)
		return 503;
	if (action != NULL && strcmp(action, "confirm") == 0)
		st = ledger_confirm(db, &r->who, dealer, period, version(r),
		    r->lang, &r->err, &s);
	else if (action != NULL && strcmp(action, "dispute") == 0)
		st = ledger_dispute(db, &r->who, dealer, period, ids,
		    lines(r, ids), reason, version(r), r->lang, &r->err, &s);
	else if (action != NULL && strcmp(action, "resolve") == 0) {
		x.outcome = http_formval(r, "outcome");
		x.reason = reason;
		/* a rejection moves no money: an amount typed is ignored */
		if (x.outcome == NULL || strcmp(x.outcome, "reject") != 0)
			x.amount_rc = amount(r, &x.amount);
		st = ledger_settle(db, &r->who, dealer, period, &x, r->lang,
		    &r->err, &s);
	} else
		return http_error(r, 400, "bad_request", "no such action");
	ledger_statement_free(&s);
	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/dealers/%lld/statements/%s?done=%s",
		    (long long)dealer, period, action);
		return http_redirect(r, 303, loc);
	}
	if (st == 403 || st == 409 || st == 422)
		return statement_page(r, st, NULL);
	return http_refused(r, st);
}
