/*
 * orders_draft_pages.c: the draft page
 *
 * The lines with their prices, each with a quantity to change and a
 * remove button; CSV rows to paste; and the form that submits the draft
 * (with the dealer ordered for, for staff).  Every post goes through the
 * draft's operations, as the API's do; the submit form carries its own
 * Idempotency-Key, so a double click or a resent form makes one order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../addresses/addresses_ship_to.h"
#include "../auth/scope.h"
#include "../catalogue/catalogue.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

static void
keep(struct req *r, cJSON *ctx, const char *name)
{
	const char	*v = http_formval(r, name);

	cJSON_AddStringToObject(ctx, name, v != NULL ? v : "");
}

/* The dealer's addresses for the submit form's select. */
struct address_pick {
	cJSON		*list;
	int64_t		 chosen;	/* -1: the default */
	int		 any;		/* one is selected */
};

static void
address_row(void *ctx, int64_t id, const char *name, const char *text,
    int is_default)
{
	struct address_pick	*p = ctx;
	cJSON			*a = cJSON_CreateObject();

	(void)name;
	cJSON_AddNumberToObject(a, "id", (double)id);
	cJSON_AddStringToObject(a, "text", text);
	if (id == p->chosen || (p->chosen == -1 && is_default)) {
		cJSON_AddBoolToObject(a, "selected", 1);
		p->any = 1;
	}
	cJSON_AddItemToArray(p->list, a);
}

/*
 * The submit form's address choice for the dealer (0: none chosen yet):
 * the one the form sent, else its default; "typed" when none is chosen.
 */
static void
addresses(struct req *r, struct db *db, cJSON *ctx, int64_t dealer)
{
	const char		*sent = http_formval(r, "ship_to_address");
	struct address_pick	 p;

	if (dealer == 0)
		return;
	p.list = cJSON_CreateArray();
	p.chosen = sent == NULL ? -1 : orders_page_id(sent);
	p.any = 0;
	if (addresses_each(db, dealer, address_row, &p) == -1) {
		cJSON_Delete(p.list);
		return;
	}
	cJSON_AddItemToObject(ctx, "addresses", p.list);
	if (!p.any)
		cJSON_AddBoolToObject(ctx, "typed", 1);
	if (r->who.kind != ORG_DEALER)
		cJSON_AddNumberToObject(ctx, "book_dealer", (double)dealer);
}

static int
draft_page(struct req *r, int status, const char *notice)
{
	struct db	*db;
	const char	*d = http_formval(r, "dealer");
	const char	*price_for = http_query(r, "dealer");
	cJSON		*ctx, *j, *it, *list = NULL;
	int64_t		 priced;
	int		 st;

	if (d == NULL)
		d = price_for;
	if ((db = http_db(r)) == NULL)
		return 503;
	if (r->who.kind != ORG_DEALER) {
		list = http_page_dealers(r, db, orders_page_id(d), 1);
		/* price for a chosen dealer of ours, as for ?dealer= */
		cJSON_ArrayForEach(it, list)
			if (cJSON_HasObjectItem(it, "selected") &&
			    price_for == NULL)
				price_for = d;
	}
	if ((st = orders_draft_read(db, &r->who, price_for, r->lang, &r->err,
	    &j, &priced)) != 200) {
		cJSON_Delete(list);
		return st;
	}
	orders_draft_credit(db, &r->who, priced, r->lang, j);
	orders_page_money(j, "total", "total_text");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "lines")) {
		if (!cJSON_HasObjectItem(it, "problem")) {
			orders_page_money(it, "unit_price", "unit_text");
			orders_page_money(it, "discount", "discount_text");
			orders_page_money(it, "line_total", "total_text");
			orders_page_source(r, it);
		}
		orders_page_options(r, it);
	}
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "draft", j);
	/* the dealer's own people and its chain's have the credit page */
	if (ORG_IS_CUSTOMER(r->who.kind))
		cJSON_AddBoolToObject(ctx, "credit_page", 1);
	if (list != NULL) {
		/* whom to price for (and whose credit to show): a GET form */
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j,
		    "lines")) > 0 && cJSON_GetArraySize(list) > 0)
			cJSON_AddBoolToObject(ctx, "pick_dealer", 1);
		cJSON_AddItemToObject(ctx, "dealers", list);
	}
	/* a form sent again keeps its key, so it is the same submission */
	if (orders_form_key(r) != NULL)
		cJSON_AddStringToObject(ctx, "idem", orders_form_key(r));
	keep(r, ctx, "requested_date");
	keep(r, ctx, "ship_to");
	keep(r, ctx, "po_number");
	addresses(r, db, ctx, r->who.kind == ORG_DEALER ? r->who.org_id :
	    price_for != NULL ? orders_page_id(price_for) : 0);
	keep(r, ctx, "note");
	keep(r, ctx, "csv");
	return http_form_page(r, status, "draft", ctx, notice,
	    http_i18n(r, "orders_draft_title"));
}

int
orders_draft_page_get(struct req *r)
{
	const char	*n = http_query(r, "done");

	return draft_page(r, 200, n == NULL ? NULL :
	    strcmp(n, "added") == 0 ? "orders_draft_added" :
	    strcmp(n, "changed") == 0 ? "orders_draft_changed" :
	    strcmp(n, "removed") == 0 ? "orders_draft_removed" : NULL);
}

/* A form's own idempotency key ("idem"), if it is one. */
const char *
orders_form_key(struct req *r)
{
	const char	*k = http_formval(r, "idem");

	return k != NULL && http_idem_ok(k) ? k : NULL;
}

/* The key (may be NULL) over the request's body. */
void
orders_idem_of(struct req *r, const char *key, struct orders_idem *idem)
{
	memset(idem, 0, sizeof(*idem));
	idem->key = key;
	idem->body = r->body;
	idem->len = r->body_len;
}

/* From the product page's "add to draft" button. */
static int
add_from_product(struct req *r, struct db *db)
{
	struct orders_idem	 idem;
	struct product		 p;
	const char		*code = http_formval(r, "product");
	cJSON			*one;
	int			 rc, st;

	if (code == NULL || (rc = catalogue_product(db, code, &p)) == 1)
		return http_error(r, 404, "not_found", "no such product");
	if (rc == -1)
		return 500;
	one = cJSON_CreateArray();
	cJSON_AddItemToArray(one, catalogue_form_line(r, &p));
	catalogue_product_free(&p);
	orders_idem_of(r, orders_form_key(r), &idem);
	st = orders_draft_add(db, r->who.user_id, one, "line", NULL, &idem,
	    &r->err);
	cJSON_Delete(one);
	if (st == 422)		/* show the product's form with the problems */
		return catalogue_product_form_page(r, code, 422, NULL);
	if (st != 200 && st != 201)
		return st;
	return http_redirect(r, 303, "/draft?done=added");
}

static int
add_csv(struct req *r, struct db *db)
{
	struct orders_idem	 idem;
	const char		*text = http_formval(r, "csv");
	int			 st;

	if (text == NULL)
		text = "";
	orders_idem_of(r, orders_form_key(r), &idem);
	st = orders_draft_csv_add(db, r->who.user_id, text, strlen(text),
	    &idem, &r->err);
	if (st == 422)
		return draft_page(r, 422, NULL);
	if (st != 200 && st != 201)
		return st;
	return http_redirect(r, 303, "/draft?done=added");
}

/* Change or remove the form's line. */
static int
change_line(struct req *r, struct db *db, int remove)
{
	const char	*line = http_formval(r, "line");
	const char	*q = http_formval(r, "quantity");
	cJSON		*changes;
	int		 st;

	if (line == NULL || strlen(line) > 20)
		return http_error(r, 404, "not_found", "no such draft line");
	if (remove)
		st = orders_draft_line_remove(db, &r->who,
		    orders_page_id(line), &r->err);
	else {
		changes = cJSON_CreateObject();
		cJSON_AddNumberToObject(changes, "quantity",
		    q != NULL ? atof(q) : 0);
		st = orders_draft_line_change(db, &r->who,
		    orders_page_id(line), changes, &r->err);
		cJSON_Delete(changes);
	}
	if (st == 200)
		return http_redirect(r, 303, remove ? "/draft?done=removed" :
		    "/draft?done=changed");
	return st == 422 ? draft_page(r, 422, NULL) : st;
}

/* A form's field; NULL when empty, as when not sent. */
static const char *
formval(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

static int
submit(struct req *r, struct db *db)
{
	struct orders_order_in	 in;
	struct orders_idem	 idem;
	char			 loc[64];
	cJSON			*o;
	int			 st;

	memset(&in, 0, sizeof(in));
	in.requested_date = formval(r, "requested_date");
	in.ship_to = formval(r, "ship_to");
	in.note = formval(r, "note");
	in.po_number = formval(r, "po_number");
	in.ship_to_address = orders_page_id(http_formval(r,
	    "ship_to_address"));
	in.dealer = orders_page_id(http_formval(r, "dealer"));
	orders_idem_of(r, http_formval(r, "idem"), &idem);
	st = orders_draft_submit(db, &r->who, &in, &idem, r->lang, &r->err,
	    &o);
	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/orders/%s?placed=1",
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
		    "number")));
		cJSON_Delete(o);
		return http_redirect(r, 303, loc);
	}
	if (st == 404 || st == 409 || st == 422) {
		if (st == 404)		/* the dealer chosen is not ours */
			http_field_error(r, "dealer", http_i18n(r,
			    "orders_draft_no_dealer"));
		return draft_page(r, st == 404 ? 422 : st, NULL);
	}
	return st;
}

int
orders_draft_page_post(struct req *r)
{
	const char	*a = http_formval(r, "action");
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (a == NULL)
		a = "";
	if (strcmp(a, "add") == 0)
		return add_from_product(r, db);
	if (strcmp(a, "csv") == 0)
		return add_csv(r, db);
	if (strcmp(a, "change") == 0 || strcmp(a, "remove") == 0)
		return change_line(r, db, strcmp(a, "remove") == 0);
	if (strcmp(a, "submit") == 0)
		return submit(r, db);
	return http_error(r, 400, "bad_request", "no such action");
}
