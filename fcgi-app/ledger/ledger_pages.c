/*
 * ledger_pages.c: the account page, /dealers/{id}/ledger: the balance,
 * the entries with filters, the fee inquiry, and for finance clerks a
 * form to post; through the same reads and operations as the API
 * (ledger_db.c, ledger_match_db.c).  /ledger is the caller's own dealer's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
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
 * An entry j of a page links its document (/invoices/{id}) when it is
 * an invoice or a credit note, or the reversal of one.
 */
void
ledger_document(cJSON *j)
{
	const char	*kind = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, "kind"));

	if (kind != NULL && (strcmp(kind, "invoice") == 0 ||
	    strcmp(kind, "credit_note") == 0))
		cJSON_AddBoolToObject(j, "document", 1);
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
	int64_t		 dealer = http_param_id(r, "id");
	struct ledger_account a;
	struct ledger_fees x;
	struct ledger_open_items o;
	struct http_paging pg;
	struct db	*db;
	cJSON		*ctx, *fees, *open, *it, *errors;
	const char	*k;
	char		 key[24];
	int		 st;

	/* a refused form's errors, kept aside while the account is read */
	errors = cJSON_CreateObject();
	http_errors_to(r, errors);
	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(errors);
		return 503;
	}
	if ((st = ledger_entries_read(db, &r->who, dealer, http_query(r,
	    "kind"), http_query(r, "period"), pg.after, pg.limit, &r->err,
	    &a)) != 200) {
		cJSON_Delete(errors);
		if (st != 422)
			return http_refused(r, st);
		ctx = cJSON_CreateObject();
		http_errors_to(r, ctx);
		return http_page(r, st, "ledger", ctx);
	}
	ctx = ledger_account_json(&a);
	ledger_account_free(&a);
	if (cJSON_HasObjectItem(errors, "errors"))
		cJSON_AddItemToObject(ctx, "errors",
		    cJSON_DetachItemFromObject(errors, "errors"));
	cJSON_Delete(errors);
	ledger_money(ctx, "balance", "balance_text");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx, "items")) {
		ledger_money(it, "amount", "amount_text");
		ledger_label(r, it, "kind", "ledger_");
		ledger_document(it);
	}
	if (ledger_fees_read(db, &r->who, dealer, http_query(r, "from"),
	    http_query(r, "to"), &r->err, &x) == 200) {
		fees = ledger_fees_json(&x);
		ledger_fees_free(&x);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(fees,
		    "rows")) {
			ledger_money(it, "total", "total_text");
			ledger_label(r, it, "kind", "ledger_");
		}
		cJSON_AddItemToObject(ctx, "fees", fees);
	}
	if (ledger_open_items_read(db, &r->who, dealer, &r->err, &o) == 200) {
		open = ledger_open_items_json(&o);
		ledger_open_items_free(&o);
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(open,
		    "invoices"))
			ledger_money(it, "open", "open_text");
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(open,
		    "payments"))
			ledger_money(it, "open", "open_text");
		ageing(open);
		cJSON_AddItemToObject(ctx, "open", open);
	}
	if ((k = http_query(r, "kind")) != NULL && *k != '\0') {
		snprintf(key, sizeof(key), "kind_%s", k);
		cJSON_AddBoolToObject(ctx, key, 1);
	}
	cJSON_AddStringToObject(ctx, "kind", k != NULL ? k : "");
	cJSON_AddStringToObject(ctx, "period", http_query(r, "period") !=
	    NULL ? http_query(r, "period") : "");
	if (r->who.roles & LEDGER_POSTERS)
		cJSON_AddBoolToObject(ctx, "can_post", 1);
	audit_page_flags(ctx, &r->who);
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

/* A form's value, NULL if empty (as a missing one to the operations). */
static const char *
formval(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* After a form's operation: to done's page, or the account again. */
static int
account_after(struct req *r, int st, const char *done)
{
	char	 loc[64];

	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/dealers/%lld/ledger?%s=1",
		    (long long)http_param_id(r, "id"), done);
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return account_page(r, st, NULL);
	return http_refused(r, st);
}

/* POST /dealers/{id}/ledger: kind, amount in yuan, reference, memo */
int
ledger_page_post(struct req *r)
{
	struct ledger_posting p;
	struct ledger_entry e;
	const char	*v = http_formval(r, "amount");
	struct db	*db;
	int64_t		 fen;
	int		 st, minus = 0;

	memset(&p, 0, sizeof(p));
	p.kind = formval(r, "kind");
	p.reference = formval(r, "reference");
	p.memo = formval(r, "memo");
	/* an amount as typed: "-1,200.00" or "1200"; the sign is the kind's */
	if (v != NULL && *v == '-') {
		minus = 1;
		v++;
	}
	if (v != NULL && money_parse(v, LEDGER_MAX, &fen) == 0) {
		if (p.kind != NULL && strcmp(p.kind, "adjustment") != 0 &&
		    strcmp(p.kind, "fee") != 0)
			minus = 1;	/* payments, credit notes, rebates */
		p.amount = minus ? -fen : fen;
		p.amount_ok = 1;
	} else
		http_field_error(r, "amount", http_i18n(r,
		    "ledger_bad_amount"));
	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_post(db, &r->who, http_param_id(r, "id"), &p, &r->err, &e);
	ledger_entry_free(&e);
	return account_after(r, st, "posted");
}

/* A form's id as typed, 0 if it is not one. */
static int64_t
form_id(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);
	long long	 id;
	char		*end;

	if (v == NULL || *v == '\0')
		return 0;
	id = strtoll(v, &end, 10);
	return *end == '\0' && id > 0 ? id : 0;
}

/* POST /dealers/{id}/allocations: payment, invoice, amount in yuan */
int
ledger_allocate_page_post(struct req *r)
{
	const char		*v = http_formval(r, "amount");
	struct ledger_alloc	 a;
	struct db		*db;
	char			 hash[65];
	int			 st;

	memset(&a, 0, sizeof(a));
	a.payment = form_id(r, "payment");
	a.invoice = form_id(r, "invoice");
	if (v == NULL || money_parse(v, LEDGER_MAX, &a.amount) != 0)
		http_field_error(r, "amount", http_i18n(r,
		    "ledger_bad_amount"));
	/* the form's own key: a double click or a resent form matches once */
	a.key = http_formval(r, "idem");
	http_idem_check(r, a.key);
	ledger_allocation_hash(r->body, r->body_len, hash);
	a.hash = hash;
	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_allocate(db, &r->who, http_param_id(r, "id"), &a, &r->err);
	return account_after(r, st, "matched");
}
