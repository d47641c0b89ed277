/*
 * invoices_pages.c: /invoices/{id}, an invoice or credit note as a
 * printable document: seller and buyer, lines with their net and VAT,
 * the total in figures and in Chinese words.  One A4 page for a small
 * one (the stylesheet's print rules); on a phone its lines are cards.
 * Read through the same operation as the API (invoices_db.c).
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../http/http.h"
#include "invoices.h"

/* fen as "1,234.50" under key in j */
static void
money(cJSON *j, const char *key, int64_t fen)
{
	char	 text[40];

	money_format(fen, text, sizeof(text));
	cJSON_AddStringToObject(j, key, text);
}

/* A party for the page: its name in the reader's language beside it. */
static cJSON *
party(const struct req *r, const struct invoices_party *p)
{
	cJSON	*j = invoices_party_json(p);

	if (strcmp(r->lang, "en") == 0 && *p->name_en != '\0' &&
	    strcmp(p->name_en, p->name) != 0)
		cJSON_AddStringToObject(j, "name_other", p->name_en);
	return j;
}

/* The document's context: its JSON, with what the page prints. */
static cJSON *
context(struct req *r, const struct invoices_doc *d)
{
	const struct invoices_line *l;
	cJSON	*ctx = cJSON_CreateObject(), *j = invoices_doc_json(d), *a, *x;
	char	 key[48];
	int	 en = strcmp(r->lang, "en") == 0;
	size_t	 i;

	cJSON_DeleteItemFromObject(j, "seller");
	cJSON_DeleteItemFromObject(j, "buyer");
	cJSON_AddItemToObject(j, "seller", party(r, &d->seller));
	cJSON_AddItemToObject(j, "buyer", party(r, &d->buyer));
	a = cJSON_GetObjectItemCaseSensitive(j, "lines");
	for (i = 0; i < d->nlines; i++) {
		l = &d->lines[i];
		x = cJSON_GetArrayItem(a, (int)i);
		cJSON_AddStringToObject(x, "shown", en && *l->name_en != '\0' ?
		    l->name_en : *l->name != '\0' ? l->name : l->product);
		money(x, "unit_price_text", l->unit_price);
		money(x, "amount_text", l->amount);
		money(x, "net_text", l->net);
		money(x, "tax_text", l->tax);
	}
	money(j, "net_text", d->net);
	money(j, "tax_text", d->tax);
	money(j, "total_text", d->amount);
	snprintf(key, sizeof(key), "invoices_title_%s", d->kind);
	cJSON_AddStringToObject(j, "title", http_i18n(r, key));
	if (*d->buyer.tax_number == '\0')
		cJSON_AddBoolToObject(ctx, "no_tax_number", 1);
	cJSON_AddItemToObject(ctx, "d", j);
	return ctx;
}

/* GET /invoices/{id} */
int
invoices_page_get(struct req *r)
{
	struct invoices_doc	 d;
	cJSON			*ctx;
	char			 title[96];
	int			 st;

	if ((st = invoices_read(http_db(r), &r->who, http_param_id(r, "id"),
	    &r->err, &d)) != 200)
		return http_refused(r, st);
	ctx = context(r, &d);
	snprintf(title, sizeof(title), "%s %lld", cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    ctx, "d"), "title")), (long long)d.id);
	invoices_doc_free(&d);
	return http_form_page(r, 200, "invoice", ctx, NULL, title);
}
