/*
 * catalogue_admin_pages.c: the admin's product and promotion pages
 *
 *   /admin/products		every product, active or not; a new one
 *   /admin/products/{code}	edit names, price, active, option schema
 *   /admin/promotions		every promotion; a new one; end or pause
 *
 * Forms go through the same operations as the product and promotion API
 * (catalogue_ops.c), so the checks (the option schema above all) are the
 * same.  Prices are typed in yuan and stored in fen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/money.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

static void
add_money(cJSON *j, const char *key, int64_t fen)
{
	char	 s[48];

	money_format(fen, s, sizeof(s));
	cJSON_AddStringToObject(j, key, s);
}

/* The categories for a select, the picked one marked. */
static cJSON *
categories(struct req *r, struct db *db, const char *picked)
{
	struct catalogue_category	 cat[CATALOGUE_CATEGORIES_MAX];
	cJSON				*list = cJSON_CreateArray(), *c;
	char				 key[48];
	size_t				 i, n;

	/* as before, an error leaves the select empty */
	if (catalogue_categories(db, cat, CATALOGUE_CATEGORIES_MAX, &n) == -1)
		n = 0;
	for (i = 0; i < n; i++) {
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "code", cat[i].code);
		snprintf(key, sizeof(key), "catalogue_%.32s", cat[i].code);
		cJSON_AddStringToObject(c, "label", http_i18n(r, key));
		if (picked != NULL && strcmp(picked, cat[i].code) == 0)
			cJSON_AddBoolToObject(c, "selected", 1);
		cJSON_AddItemToArray(list, c);
	}
	return list;
}

/* The form fields a page shows again after a refusal. */
static void
keep(struct req *r, cJSON *ctx, const char *const *names)
{
	const char	*v;

	for (; *names != NULL; names++)
		cJSON_AddStringToObject(ctx, *names, (v = http_formval(r,
		    *names)) != NULL ? v : "");
}

/* The form's version: the one read, or 0, which the operations refuse. */
static int64_t
form_version(struct req *r)
{
	const char	*v = http_formval(r, "version");
	double		 d = v != NULL ? atof(v) : 0;

	return d >= 1 && d <= INT32_MAX && d == (double)(int64_t)d ?
	    (int64_t)d : 0;
}

static int
products_page(struct req *r, int status)
{
	static const char *const fields[] = { "code", "name_zh", "name_en",
	    "price", "options", NULL };
	struct http_paging	 pg;
	struct db		*db;
	cJSON			*ctx, *j, *it;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	/* the page's own list, of inactive products too */
	j = cJSON_CreateObject();
	if (catalogue_products_all(db, r->lang, pg.after, pg.limit, j) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
		add_money(it, "price_text", (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "base_price")));
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "products", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	cJSON_AddItemToObject(ctx, "categories", categories(r, db,
	    http_formval(r, "category")));
	keep(r, ctx, fields);
	if (http_formval(r, "options") == NULL)
		cJSON_ReplaceItemInObject(ctx, "options",
		    cJSON_CreateString("[]"));
	return http_form_page(r, status, "admin_products", ctx, NULL,
	    http_i18n(r, "catalogue_admin_products"));
}

int
catalogue_admin_products_page_get(struct req *r)
{
	return products_page(r, 200);
}

/* A non-empty form field, or NULL. */
static const char *
given(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The form's product fields: the price (yuan) as fen, the option schema
 * (JSON text; *options owns it) parsed; field errors when they do not
 * read.  For a change, active and version too.
 */
static void
form_product(struct req *r, int change, struct catalogue_product_in *in,
    cJSON **options)
{
	const char	*v;
	int64_t		 fen;

	memset(in, 0, sizeof(*in));
	*options = NULL;
	in->code = given(r, "code");
	in->category = given(r, "category");
	in->name_zh = given(r, "name_zh");
	in->name_en = given(r, "name_en");
	in->base_price = -1;
	if ((v = given(r, "price")) != NULL) {
		if (money_parse(v, PRICE_MAX, &fen) == 0)
			in->base_price = fen;
		else
			http_field_error(r, "base_price", http_i18n(r,
			    "catalogue_admin_bad_price"));
	}
	if ((v = given(r, "options")) != NULL &&
	    (in->options = *options = cJSON_Parse(v)) == NULL)
		http_field_error(r, "options", http_i18n(r,
		    "catalogue_admin_bad_json"));
	else if (*options != NULL)	/* the label fields win */
		catalogue_admin_labels_apply(r, *options);
	in->active = change ? http_formval(r, "active") != NULL : -1;
	in->version = change ? form_version(r) : -1;
}

int
catalogue_admin_products_page_post(struct req *r)
{
	struct catalogue_product_in	 in;
	struct db			*db;
	cJSON				*options;
	char				 loc[80];
	int				 st;

	form_product(r, 0, &in, &options);
	if (r->err.fields != NULL) {
		cJSON_Delete(options);
		return products_page(r, 422);
	}
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(options);
		return 503;
	}
	st = catalogue_product_create(db, &r->who, &in, &r->err);
	cJSON_Delete(options);
	if (st == 201) {
		snprintf(loc, sizeof(loc), "/admin/products/%s?saved=1",
		    http_formval(r, "code"));
		return http_redirect(r, 303, loc);
	}
	return st == 409 || st == 422 ? products_page(r, st) : st;
}

static int
product_edit_page(struct req *r, int status, const char *notice)
{
	struct product	 p;
	struct db	*db;
	const char	*v;
	char		*schema;
	cJSON		*ctx, *j, *typed;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = catalogue_product(db, http_param(r, "code"), &p)) != 0)
		return rc == 1 ? http_error(r, 404, "not_found",
		    "no such product") : 500;
	ctx = cJSON_CreateObject();
	j = cJSON_AddObjectToObject(ctx, "product");
	cJSON_AddNumberToObject(j, "id", (double)p.id);
	cJSON_AddStringToObject(j, "code", p.code);
	cJSON_AddStringToObject(j, "category", p.category);
	cJSON_AddNumberToObject(j, "version", (double)p.version);
	/* after a refusal, what was typed; else what is stored */
	cJSON_AddStringToObject(j, "name_zh", (v = http_formval(r,
	    "name_zh")) != NULL ? v : p.name_zh);
	cJSON_AddStringToObject(j, "name_en", (v = http_formval(r,
	    "name_en")) != NULL ? v : p.name_en);
	if ((v = http_formval(r, "price")) != NULL)
		cJSON_AddStringToObject(j, "price", v);
	else
		add_money(j, "price", p.base_price);
	schema = cJSON_Print(p.schema);
	cJSON_AddStringToObject(j, "options", (v = http_formval(r,
	    "options")) != NULL ? v : schema != NULL ? schema : "[]");
	cJSON_free(schema);
	/* each value's labels: of the schema typed, if it reads, else stored */
	typed = v != NULL ? cJSON_Parse(v) : NULL;
	cJSON_AddItemToObject(ctx, "label_options",
	    catalogue_admin_labels_fields(r, cJSON_IsArray(typed) ? typed :
	    p.schema, r->err.fields));
	cJSON_Delete(typed);
	if (status == 200 ? p.active : http_formval(r, "active") != NULL)
		cJSON_AddBoolToObject(j, "active", 1);
	catalogue_product_free(&p);
	audit_page_flags(ctx, &r->who);
	return http_form_page(r, status, "admin_product", ctx, notice,
	    http_param(r, "code"));
}

int
catalogue_admin_product_page_get(struct req *r)
{
	return product_edit_page(r, 200, http_query(r, "saved") != NULL ?
	    "catalogue_admin_saved" : NULL);
}

int
catalogue_admin_product_page_post(struct req *r)
{
	struct catalogue_product_in	 in;
	struct db			*db;
	cJSON				*options;
	char				 loc[80];
	int				 st;

	form_product(r, 1, &in, &options);
	in.code = in.category = NULL;	/* not the change's */
	if (r->err.fields != NULL) {
		cJSON_Delete(options);
		return product_edit_page(r, 422, NULL);
	}
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(options);
		return 503;
	}
	st = catalogue_product_update(db, &r->who, http_param(r, "code"), &in,
	    &r->err);
	cJSON_Delete(options);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/admin/products/%s?saved=1",
		    http_param(r, "code"));
		return http_redirect(r, 303, loc);
	}
	return st == 409 || st == 422 ? product_edit_page(r, st, NULL) : st;
}

/* Promotions: the list, each with its end/pause form. */
static int
promotions_page(struct req *r, int status, const char *notice)
{
	static const char *const fields[] = { "code", "name_zh", "name_en",
	    "product", "percent", "fixed", "starts_on", "ends_on", NULL };
	struct http_paging	 pg;
	struct db		*db;
	cJSON			*ctx, *j, *it, *f;
	char			 key[16];
	const char		*t;
	int			 bad;

	if ((db = http_db(r)) == NULL)
		return 503;
	f = r->err.fields;		/* the list's own paging must not see them */
	r->err.fields = NULL;
	http_paging(r, &pg);
	bad = r->err.fields != NULL;
	cJSON_Delete(r->err.fields);
	r->err.fields = f;
	if (bad)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	j = cJSON_CreateObject();
	if (catalogue_promotions_list(db, pg.after, pg.limit, j) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		if (cJSON_HasObjectItem(it, "fixed"))
			add_money(it, "fixed_text", (int64_t)
			    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
			    it, "fixed")));
		cJSON_AddStringToObject(it, "name", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, strcmp(r->lang,
		    "en") == 0 ? "name_en" : "name_zh")));
	}
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "promotions", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	cJSON_AddItemToObject(ctx, "categories", categories(r, db,
	    http_formval(r, "category")));
	keep(r, ctx, fields);
	for (t = "ABCD"; *t != '\0'; t++) {
		snprintf(key, sizeof(key), "tier_%c", *t);
		if (http_formval(r, key) != NULL)
			cJSON_AddBoolToObject(ctx, key, 1);
	}
	audit_page_flags(ctx, &r->who);
	return http_form_page(r, status, "admin_promotions", ctx, notice,
	    http_i18n(r, "catalogue_admin_promotions"));
}

int
catalogue_admin_promotions_page_get(struct req *r)
{
	return promotions_page(r, 200, http_query(r, "saved") != NULL ?
	    "catalogue_admin_saved" : NULL);
}

/* A whole number typed in the form: it, or -1 when it is not one. */
static int64_t
form_count(const char *v)
{
	double	 d = atof(v);

	return d >= 1 && d <= 9007199254740991.0 && d == (double)(int64_t)d ?
	    (int64_t)d : -1;
}

/* A new promotion from the form. */
int
catalogue_admin_promotions_page_post(struct req *r)
{
	struct catalogue_promo_in	 in;
	struct db			*db;
	const char			*v, *t;
	char				 tiers[8] = "", key[16];
	int64_t				 fen, id;
	int				 st;

	memset(&in, 0, sizeof(in));
	in.code = given(r, "code");
	in.name_zh = given(r, "name_zh");
	in.name_en = given(r, "name_en");
	if ((in.product = given(r, "product")) == NULL)
		in.category = given(r, "category");
	for (t = "ABCD"; *t != '\0'; t++) {
		snprintf(key, sizeof(key), "tier_%c", *t);
		if (http_formval(r, key) != NULL)
			snprintf(tiers + strlen(tiers), sizeof(tiers) -
			    strlen(tiers), "%s%c", tiers[0] ? "," : "", *t);
	}
	in.tiers = tiers;
	if ((v = given(r, "percent")) != NULL)
		in.percent = form_count(v);
	if ((v = given(r, "fixed")) != NULL) {
		if (money_parse(v, PRICE_MAX, &fen) == 0)
			in.fixed = fen > 0 ? fen : -1;
		else
			http_field_error(r, "fixed", http_i18n(r,
			    "catalogue_admin_bad_price"));
	}
	in.starts_on = given(r, "starts_on");
	in.ends_on = given(r, "ends_on");
	if (r->err.fields != NULL)
		return promotions_page(r, 422, NULL);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = catalogue_promotion_create(db, &r->who, &in, &id,
	    &r->err)) == 201)
		return http_redirect(r, 303, "/admin/promotions?saved=1");
	return st == 409 || st == 422 ? promotions_page(r, st, NULL) : st;
}

/* A promotion's end date and active flag, from its row's form. */
int
catalogue_admin_promotion_page_post(struct req *r)
{
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = catalogue_promotion_update(db, &r->who, http_param_id(r,
	    "id"), http_formval(r, "active") != NULL, given(r, "ends_on"),
	    form_version(r), &r->err)) == 200)
		return http_redirect(r, 303, "/admin/promotions?saved=1");
	return st == 409 || st == 422 ? promotions_page(r, st, NULL) : st;
}
