/*
 * ledger_pages.c: the account page, /dealers/{id}/ledger: the balance,
 * the entries with filters, the fee inquiry, and for finance clerks a
 * form to post; all through the API's handlers.  /ledger is the caller's
 * own dealer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../http/http.h"
#include "ledger.h"

/* j's fen at from as "1,234.50" at to, for a page. */
void
ledger_money(cJSON *j, const char *from, const char *to)
{
	char	 text[40];

	money_format((int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(j, from)), text, sizeof(text));
	cJSON_AddStringToObject(j, to, text);
}

/*
 * j's code at field (a kind, a status) in the reader's words at
 * field_label: the catalogue's text of prefix and the code.
 */
void
ledger_label(struct req *r, cJSON *j, const char *field, const char *prefix)
{
	const char	*code = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, field));
	char		 key[48], to[32];

	snprintf(key, sizeof(key), "%s%s", prefix, code != NULL ? code : "");
	snprintf(to, sizeof(to), "%s_label", field);
	cJSON_AddStringToObject(j, to, http_i18n(r, key));
}

/* The ageing buckets as a list of {bucket, text} for the page. */
static void
ageing(cJSON *open)
{
	cJSON	*a = cJSON_GetObjectItemCaseSensitive(open, "ageing"), *list,
		*it, *b;
	char	 text[40];

	list = cJSON_AddArrayToObject(open, "buckets");
	cJSON_ArrayForEach(b, a) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "bucket", b->string);
		money_format((int64_t)b->valuedouble, text, sizeof(text));
		cJSON_AddStringToObject(it, "text", text);
		cJSON_AddItemToArray(list, it);
	}
}

static int
account_page(struct req *r, int status, const char *notice)
{
	cJSON		*ctx, *fees, *open, *it, *errors;
	const char	*k;
	char		 key[24];
	int		 st;

	/* a refused form's errors, kept aside while the account is read */
	errors = cJSON_CreateObject();
	http_errors_to(r, errors);
	if ((st = http_call(r, ledger_list_get, &ctx)) != 200) {
		cJSON_Delete(errors);
		if (st != 422)
			return st;
		buf_reset(&r->out);
		ctx = cJSON_CreateObject();
		http_errors_to(r, ctx);
		return http_page(r, st, "ledger", ctx);
	}
	if (cJSON_HasObjectItem(errors, "errors"))
		cJSON_AddItemToObject(ctx, "errors",
		    cJSON_DetachItemFromObject(errors, "errors"));
	cJSON_Delete(errors);
	ledger_money(ctx, "balance", "balance_text");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx, "items")) {
		ledger_money(it, "amount", "amount_text");
		ledger_label(r, it, "kind", "ledger_");
	}
	if (http_call(r, ledger_fees_get, &fees) == 200) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(fees,
		    "rows")) {
			ledger_money(it, "total", "total_text");
			ledger_label(r, it, "kind", "ledger_");
		}
		cJSON_AddItemToObject(ctx, "fees", fees);
	}
	buf_reset(&r->out);
	if (http_call(r, ledger_open_items_get, &open) == 200) {
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(open,
		    "invoices"))
			ledger_money(it, "open", "open_text");
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(open,
		    "payments"))
			ledger_money(it, "open", "open_text");
		ageing(open);
		cJSON_AddItemToObject(ctx, "open", open);
	}
	buf_reset(&r->out);
	if ((k = http_query(r, "kind")) != NULL && *k != '\0') {
		snprintf(key, sizeof(key), "kind_%s", k);
		cJSON_AddBoolToObject(ctx, key, 1);
	}
	cJSON_AddStringToObject(ctx, "kind", k != NULL ? k : "");
	cJSON_AddStringToObject(ctx, "period", http_query(r, "period") !=
	    NULL ? http_query(r, "period") : "");
	if (r->who.roles & LEDGER_POSTERS)
		cJSON_AddBoolToObject(ctx, "can_post", 1);
	return http_form_page(r, status, "ledger", ctx, notice,
	    http_i18n(r, "ledger_title"));
}

/* GET /dealers/{id}/ledger?kind=&period=&after= */
int
ledger_page_get(struct req *r)
{
	return account_page(r, 200, http_query(r, "posted") ? "ledger_posted" :
	    http_query(r, "matched") ? "ledger_matched" : NULL);
}

/* GET /ledger: the caller's own dealer's account */
int
ledger_own_page_get(struct req *r)
{
	char	 loc[48];

	if (r->who.kind != ORG_DEALER)
		return http_redirect(r, 303, "/credit");
	snprintf(loc, sizeof(loc), "/dealers/%lld/ledger",
	    (long long)r->who.org_id);
	return http_redirect(r, 303, loc);
}

/* POST /dealers/{id}/ledger: kind, amount in yuan, reference, memo */
int
ledger_page_post(struct req *r)
{
	const char	*kind = http_formval(r, "kind");
	const char	*v = http_formval(r, "amount");
	char		 loc[64];
	int64_t		 fen;
	int		 st, minus = 0;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	http_form_field(r, r->json, "kind");
	http_form_field(r, r->json, "reference");
	http_form_field(r, r->json, "memo");
	/* an amount as typed: "-1,200.00" or "1200"; the sign is the kind's */
	if (v != NULL && *v == '-') {
		minus = 1;
		v++;
	}
	if (v != NULL && money_parse(v, LEDGER_MAX, &fen) == 0) {
		if (kind != NULL && strcmp(kind, "adjustment") != 0 &&
		    strcmp(kind, "fee") != 0)
			minus = 1;	/* payments, credit notes, rebates */
		cJSON_AddNumberToObject(r->json, "amount", (double)(minus ?
		    -fen : fen));
	} else
		http_field_error(r, "amount", http_i18n(r,
		    "catalogue_admin_bad_price"));
	st = r->err.fields != NULL ? 422 : ledger_post(r);
	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/dealers/%s/ledger?posted=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422) {
		buf_reset(&r->out);
		return account_page(r, st, NULL);
	}
	return st;
}

/* POST /dealers/{id}/allocations: payment, invoice, amount in yuan */
int
ledger_allocate_page_post(struct req *r)
{
	const char	*v = http_formval(r, "amount");
	char		 loc[64];
	int64_t		 fen;
	int		 st;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	if ((v = http_formval(r, "payment")) != NULL)
		cJSON_AddNumberToObject(r->json, "payment", atof(v));
	if ((v = http_formval(r, "invoice")) != NULL)
		cJSON_AddNumberToObject(r->json, "invoice", atof(v));
	v = http_formval(r, "amount");
	if (v != NULL && money_parse(v, LEDGER_MAX, &fen) == 0)
		cJSON_AddNumberToObject(r->json, "amount", (double)fen);
	else
		http_field_error(r, "amount", http_i18n(r,
		    "catalogue_admin_bad_price"));
	/* the form's own key: a double click or a resent form matches once */
	st = r->err.fields != NULL ? 422 : ledger_allocate(r,
	    http_formval(r, "idem"));
	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/dealers/%s/ledger?matched=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422) {
		buf_reset(&r->out);
		return account_page(r, st, NULL);
	}
	return st;
}
