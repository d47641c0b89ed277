/*
 * catalogue_admin_pages.c: the admin's product and promotion pages
 *
 *   /admin/products		every product, active or not; a new one
 *   /admin/products/{code}	edit names, price, active, option schema
 *   /admin/promotions		every promotion; a new one; end or pause
 *
 * Forms become the JSON of the product and promotion API and go through
 * its handlers, so the checks (the option schema above all) are the same.
 * Prices are typed in yuan and stored in fen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

enum stmt { STMT_ALL, STMT_CATS, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT p.id, p.code, c.code, p.name_zh, p.name_en, p.base_price, "
	"p.active FROM products p JOIN categories c ON c.id = p.category_id "
	"WHERE p.id > ? ORDER BY p.id LIMIT ?",
	"SELECT code FROM categories ORDER BY id LIMIT 100",
};

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
	struct db_stmt	*s;
	cJSON		*list = cJSON_CreateArray(), *c;
	char		 key[48];

	if ((s = db_prepare(db, stmts[STMT_CATS])) == NULL)
		return list;
	while (db_step(s) == DB_ROW) {
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "code", db_col_text(s, 0, NULL));
		snprintf(key, sizeof(key), "catalogue_%s",
		    db_col_text(s, 0, NULL));
		cJSON_AddStringToObject(c, "label", http_i18n(r, key));
		if (picked != NULL && strcmp(picked, db_col_text(s, 0,
		    NULL)) == 0)
			cJSON_AddBoolToObject(c, "selected", 1);
		cJSON_AddItemToArray(list, c);
	}
	db_stmt_release(s);
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

static cJSON *
product_row(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();
	int	 en = *(int *)ctx;

	cJSON_AddStringToObject(j, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "category", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "name", db_col_text(s, en ? 4 : 3, NULL));
	add_money(j, "price_text", db_col_int(s, 5));
	if (db_col_int(s, 6))
		cJSON_AddBoolToObject(j, "active", 1);
	return j;
}

static int
products_page(struct req *r, int status)
{
	static const char *const fields[] = { "code", "name_zh", "name_en",
	    "price", "options", NULL };
	struct http_paging	 pg;
	struct db_stmt		*s;
	struct db		*db;
	cJSON			*ctx, *j;
	int			 en = strcmp(r->lang, "en") == 0, st;

	http_paging(r, &pg);
	if ((db = http_db(r)) == NULL)
		return 503;
	/* the page's own list, of inactive products too */
	buf_reset(&r->out);
	if ((s = db_prepare(db, stmts[STMT_ALL])) == NULL ||
	    db_bind_int(s, 0, pg.after) == -1 ||
	    db_bind_int(s, 1, pg.limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	st = http_paging_answer(r, s, &pg, product_row, &en);
	j = st == 200 ? cJSON_Parse(buf_cstr(&r->out)) : NULL;
	buf_reset(&r->out);
	if (j == NULL)
		return 500;
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

/*
 * The form's price (yuan) and option schema (JSON text) into j as
 * base_price (fen) and options; field errors when they do not read.
 */
static void
form_price_schema(struct req *r, cJSON *j)
{
	const char	*v;
	int64_t		 fen;
	cJSON		*o;

	if ((v = http_formval(r, "price")) != NULL && *v != '\0') {
		if (money_parse(v, PRICE_MAX, &fen) == 0)
			cJSON_AddNumberToObject(j, "base_price", (double)fen);
		else
			http_field_error(r, "base_price", http_i18n(r,
			    "catalogue_admin_bad_price"));
	}
	if ((v = http_formval(r, "options")) != NULL && *v != '\0') {
		if ((o = cJSON_Parse(v)) != NULL)
			cJSON_AddItemToObject(j, "options", o);
		else
			http_field_error(r, "options", http_i18n(r,
			    "catalogue_admin_bad_json"));
	}
}

int
catalogue_admin_products_page_post(struct req *r)
{
	char	 loc[80];
	int	 st;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	http_form_field(r, r->json, "code");
	http_form_field(r, r->json, "category");
	http_form_field(r, r->json, "name_zh");
	http_form_field(r, r->json, "name_en");
	form_price_schema(r, r->json);
	if (r->err.fields != NULL)
		return products_page(r, 422);
	if ((st = catalogue_product_post(r)) == 201) {
		snprintf(loc, sizeof(loc), "/admin/products/%s?saved=1",
		    http_formval(r, "code"));
		return http_redirect(r, 303, loc);
	}
	buf_reset(&r->out);
	return st == 409 || st == 422 ? products_page(r, st) : st;
}

static int
product_edit_page(struct req *r, int status, const char *notice)
{
	struct product	 p;
	struct db	*db;
	const char	*v;
	char		*schema;
	cJSON		*ctx, *j;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = catalogue_product(db, http_param(r, "code"), &p)) != 0)
		return rc == 1 ? http_error(r, 404, "not_found",
		    "no such product") : 500;
	ctx = cJSON_CreateObject();
	j = cJSON_AddObjectToObject(ctx, "product");
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
	if (status == 200 ? p.active : http_formval(r, "active") != NULL)
		cJSON_AddBoolToObject(j, "active", 1);
	catalogue_product_free(&p);
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
	const char	*v = http_formval(r, "version");
	char		 loc[80];
	int		 st;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	http_form_field(r, r->json, "name_zh");
	http_form_field(r, r->json, "name_en");
	form_price_schema(r, r->json);
	cJSON_AddBoolToObject(r->json, "active",
	    http_formval(r, "active") != NULL);
	cJSON_AddNumberToObject(r->json, "version", v != NULL ? atof(v) : 0);
	if (r->err.fields != NULL)
		return product_edit_page(r, 422, NULL);
	if ((st = catalogue_product_patch(r)) == 200) {
		snprintf(loc, sizeof(loc), "/admin/products/%s?saved=1",
		    http_param(r, "code"));
		return http_redirect(r, 303, loc);
	}
	buf_reset(&r->out);
	return st == 409 || st == 422 ? product_edit_page(r, st, NULL) : st;
}

/* Promotions: the list through the API, each with its end/pause form. */
static int
promotions_page(struct req *r, int status, const char *notice)
{
	static const char *const fields[] = { "code", "name_zh", "name_en",
	    "product", "percent", "fixed", "starts_on", "ends_on", NULL };
	struct db	*db;
	cJSON		*ctx, *j, *it, *f;
	char		 key[16];
	const char	*t;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	f = r->err.fields;		/* the list's own call must not see them */
	r->err.fields = NULL;
	st = catalogue_promotions_list_get(r);
	cJSON_Delete(r->err.fields);
	r->err.fields = f;
	j = st == 200 ? cJSON_Parse(buf_cstr(&r->out)) : NULL;
	buf_reset(&r->out);
	if (j == NULL)
		return st != 200 ? st : 500;
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
	return http_form_page(r, status, "admin_promotions", ctx, notice,
	    http_i18n(r, "catalogue_admin_promotions"));
}

int
catalogue_admin_promotions_page_get(struct req *r)
{
	return promotions_page(r, 200, http_query(r, "saved") != NULL ?
	    "catalogue_admin_saved" : NULL);
}

/* A new promotion from the form. */
int
catalogue_admin_promotions_page_post(struct req *r)
{
	const char	*v, *t;
	char		 tiers[8] = "", key[16];
	int64_t		 fen;
	int		 st;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	http_form_field(r, r->json, "code");
	http_form_field(r, r->json, "name_zh");
	http_form_field(r, r->json, "name_en");
	http_form_field(r, r->json, "product");
	if ((v = http_formval(r, "product")) == NULL || *v == '\0')
		http_form_field(r, r->json, "category");
	for (t = "ABCD"; *t != '\0'; t++) {
		snprintf(key, sizeof(key), "tier_%c", *t);
		if (http_formval(r, key) != NULL)
			snprintf(tiers + strlen(tiers), sizeof(tiers) -
			    strlen(tiers), "%s%c", tiers[0] ? "," : "", *t);
	}
	cJSON_AddStringToObject(r->json, "tiers", tiers);
	if ((v = http_formval(r, "percent")) != NULL && *v != '\0')
		cJSON_AddNumberToObject(r->json, "percent", atof(v));
	if ((v = http_formval(r, "fixed")) != NULL && *v != '\0') {
		if (money_parse(v, PRICE_MAX, &fen) == 0)
			cJSON_AddNumberToObject(r->json, "fixed", (double)fen);
		else
			http_field_error(r, "fixed", http_i18n(r,
			    "catalogue_admin_bad_price"));
	}
	http_form_field(r, r->json, "starts_on");
	http_form_field(r, r->json, "ends_on");
	if (r->err.fields != NULL)
		return promotions_page(r, 422, NULL);
	if ((st = catalogue_promotions_create_post(r)) == 201)
		return http_redirect(r, 303, "/admin/promotions?saved=1");
	buf_reset(&r->out);
	return st == 409 || st == 422 ? promotions_page(r, st, NULL) : st;
}

/* A promotion's end date and active flag, from its row's form. */
int
catalogue_admin_promotion_page_post(struct req *r)
{
	const char	*v = http_formval(r, "version");
	int		 st;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	http_form_field(r, r->json, "ends_on");
	cJSON_AddBoolToObject(r->json, "active",
	    http_formval(r, "active") != NULL);
	cJSON_AddNumberToObject(r->json, "version", v != NULL ? atof(v) : 0);
	if ((st = catalogue_promotions_patch(r)) == 200)
		return http_redirect(r, 303, "/admin/promotions?saved=1");
	buf_reset(&r->out);
	return st == 409 || st == 422 ? promotions_page(r, st, NULL) : st;
}
