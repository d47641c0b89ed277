/*
 * catalogue_pages.c: the catalogue pages: browse and search, and a product's
 * option form, which prices the configuration on the server
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../http/http.h"
#include "catalogue.h"
#include "catalogue_labels.h"

static void
add_money(cJSON *j, const char *key, double fen)
{
	char	 s[48];

	money_format((int64_t)fen, s, sizeof(s));
	cJSON_AddStringToObject(j, key, s);
}

/* Each item's base_price as yuan text for the page. */
static void
money_fields(cJSON *items, const char *from, const char *to)
{
	cJSON	*it;

	cJSON_ArrayForEach(it, items)
		add_money(it, to, cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, from)));
}

int
catalogue_page_get(struct req *r)
{
	cJSON			*ctx, *j;
	const char		*cat = http_query(r, "category");
	const char		*q = http_query(r, "q");
	struct http_paging	 pg;
	struct db		*db;
	char			 key[48];
	int			 st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	j = cJSON_CreateObject();
	if ((st = catalogue_products_search(db, r->lang, cat, q, pg.after,
	    pg.limit, j, &r->err)) != 200) {
		cJSON_Delete(j);
		return st;
	}
	money_fields(cJSON_GetObjectItemCaseSensitive(j, "items"),
	    "base_price", "price_text");
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "products", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	if (cat != NULL && *cat != '\0' && strlen(cat) < 32) {
		snprintf(key, sizeof(key), "cat_is_%s", cat);
		cJSON_AddBoolToObject(ctx, key, 1);
		cJSON_AddStringToObject(ctx, "category", cat);
	}
	cJSON_AddStringToObject(ctx, "q", q != NULL ? q : "");
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "catalogue_title"));
	return http_page(r, 200, "catalogue", ctx);
}

/*
 * The option form: each option with its choices, the values the reader
 * picked (after a post), and the field errors of the last try.
 */
static cJSON *
form_options(struct req *r, const cJSON *schema)
{
	cJSON		*list = cJSON_CreateArray(), *o, *vals, *v;
	const cJSON	*it, *val;
	const char	*picked, *l;
	char		 key[64], delta[48];

	cJSON_ArrayForEach(it, schema) {
		const char *name = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "name"));
		const char *type = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "type"));

		o = cJSON_Duplicate(it, 1);
		snprintf(key, sizeof(key), "catalogue_option_%s", name);
		cJSON_AddStringToObject(o, "label", (l = catalogue_option_label(
		    schema, name, r->lang)) != NULL ? l : http_i18n(r, key));
		snprintf(key, sizeof(key), "is_%s", type);
		cJSON_AddBoolToObject(o, key, 1);
		picked = http_formval(r, name);
		cJSON_AddStringToObject(o, "picked", picked != NULL ? picked :
		    "");
		vals = cJSON_GetObjectItemCaseSensitive(o, "values");
		cJSON_ArrayForEach(v, vals) {
			val = cJSON_GetObjectItemCaseSensitive(v, "value");
			money_format_delta((int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(v, "price_delta")),
			    delta, sizeof(delta));
			cJSON_AddStringToObject(v, "delta_text", delta);
			/* the reader's label; the code is what is posted */
			if (cJSON_IsString(val))
				cJSON_AddStringToObject(v, "label",
				    catalogue_value_label(schema, name,
				    val->valuestring, r->lang));
			if (picked != NULL && cJSON_IsString(val) &&
			    strcmp(picked, val->valuestring) == 0)
				cJSON_AddBoolToObject(v, "selected", 1);
		}
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

/* The product page of code, with a quote (owned) if any. */
int
catalogue_product_form_page(struct req *r, const char *code, int status,
    cJSON *quote)
{
	struct product	 p;
	struct db	*db;
	cJSON		*ctx;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = catalogue_product(db, code != NULL ? code : "", &p)) != 0 ||
	    !p.active) {
		if (rc == 0)
			catalogue_product_free(&p);
		cJSON_Delete(quote);
		return rc == -1 ? 500 : http_error(r, 404, "not_found",
		    "no such product");
	}
	ctx = cJSON_CreateObject();
	http_errors_to(r, ctx);
	cJSON_AddItemToObject(ctx, "product", catalogue_product_json(&p,
	    r->lang));
	add_money(cJSON_GetObjectItemCaseSensitive(ctx, "product"),
	    "price_text", (double)p.base_price);
	cJSON_AddItemToObject(ctx, "options", form_options(r, p.schema));
	cJSON_AddStringToObject(ctx, "quantity", http_formval(r, "quantity") ?
	    http_formval(r, "quantity") : "1");
	if (quote != NULL) {
		add_money(quote, "unit_text", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(quote, "unit_price")));
		add_money(quote, "gross_text", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(quote, "gross")));
		add_money(quote, "discount_text", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(quote, "discount")));
		add_money(quote, "total_text", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(quote, "line_total")));
		cJSON_AddItemToObject(ctx, "quote", quote);
	}
	/* adding to the draft: for those the menu offers the draft to */
	if (http_menu_shows(r, "/draft"))
		cJSON_AddBoolToObject(ctx, "takes_orders", 1);
	if ((rc = catalogue_favourite_is(db, r->who.user_id, p.code)) == 1)
		cJSON_AddBoolToObject(ctx, "favourite", 1);
	cJSON_AddStringToObject(ctx, "title", p.code);
	catalogue_product_free(&p);
	return http_page(r, status, "product", ctx);
}

/* The product page of the path's {code}. */
static int
product_page(struct req *r, int status, cJSON *quote)
{
	return catalogue_product_form_page(r, http_param(r, "code"), status,
	    quote);
}

int
catalogue_product_page_get(struct req *r)
{
	return product_page(r, 200, NULL);
}

/*
 * The option form as a line {product, quantity, options}: each option
 * the schema knows, typed by it; empty fields are left out.
 */
cJSON *
catalogue_form_line(struct req *r, const struct product *p)
{
	const cJSON	*it;
	const char	*v, *name, *type;
	cJSON		*j, *opts;

	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "product", p->code);
	v = http_formval(r, "quantity");
	cJSON_AddNumberToObject(j, "quantity", v != NULL ? atof(v) : 0);
	opts = cJSON_AddObjectToObject(j, "options");
	cJSON_ArrayForEach(it, p->schema) {
		name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "name"));
		type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "type"));
		if (name == NULL || type == NULL ||
		    (v = http_formval(r, name)) == NULL || *v == '\0')
			continue;
		if (strcmp(type, "number") == 0)
			cJSON_AddNumberToObject(opts, name, atof(v));
		else
			cJSON_AddStringToObject(opts, name, v);
	}
	return j;
}

/* The option form posted: priced as the quote API prices it. */
int
catalogue_product_page_post(struct req *r)
{
	struct catalogue_quote	 q;
	struct product		 p;
	struct db		*db;
	const char		*code = http_param(r, "code");
	cJSON			*line, *quote = NULL;
	int64_t			 qty;
	double			 d;
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (catalogue_product(db, code, &p) != 0)
		return http_error(r, 404, "not_found", "no such product");
	line = catalogue_form_line(r, &p);
	catalogue_product_free(&p);
	/* a whole number, or 0 which the quote refuses */
	d = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(line,
	    "quantity"));
	qty = d >= QTY_MIN && d <= QTY_MAX && d == (double)(int64_t)d ?
	    (int64_t)d : 0;
	st = catalogue_quote(db, &r->who, code, 0,
	    cJSON_GetObjectItemCaseSensitive(line, "options"), qty, &q,
	    &r->err);
	cJSON_Delete(line);
	if (st == 200)
		quote = catalogue_quote_json(&q, r->lang);
	else if (st != 422)
		return st;
	return product_page(r, st, quote);
}
