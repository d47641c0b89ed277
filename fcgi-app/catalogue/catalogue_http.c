/*
 * catalogue_http.c: browsing products, pricing a configuration, and the
 * admin's product changes (whose option schema is checked when saved)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/buf.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

#define PRODUCT_LIST \
	"SELECT p.id, p.code, c.code, p.name_zh, p.name_en, p.base_price " \
	"FROM products p JOIN categories c ON c.id = p.category_id " \
	"WHERE p.active = 1 AND (? = '' OR c.code = ?) AND (? = '' OR " \
	"CONVERT(p.code USING utf8mb4) LIKE ? OR p.name_zh LIKE ? OR " \
	"p.name_en LIKE ? OR JSON_SEARCH(LOWER(p.option_schema), 'one', " \
	"LOWER(?), NULL, " \
	"'$[*].values[*].value') IS NOT NULL) AND p.id > ? " \
	"ORDER BY p.id LIMIT ?"

enum stmt { STMT_LIST, STMT_INSERT, STMT_UPDATE, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	PRODUCT_LIST,
	"INSERT INTO products (code, category_id, name_zh, name_en, "
	"base_price, option_schema) SELECT ?, id, ?, ?, ?, ? FROM categories "
	"WHERE code = ?",
	"UPDATE products SET name_zh = COALESCE(?, name_zh), name_en = "
	"COALESCE(?, name_en), base_price = COALESCE(?, base_price), "
	"option_schema = COALESCE(?, option_schema), active = COALESCE(?, "
	"active), version = version + 1 WHERE code = ? AND (? < 0 OR "
	"version = ?)",
};

/* pricing's messages, as the answer's field errors */
static void
field_error(void *ctx, const char *field, const char *msg)
{
	http_field_error(ctx, field, msg);
}

/* %q% for LIKE, with the client's own % _ \ taken literally. */
static void
like_pattern(struct buf *b, const char *q)
{
	buf_addc(b, '%');
	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *q);
	}
	buf_addc(b, '%');
}

/* One row of the product list: the name in the reader's language. */
static cJSON *
list_row(struct db_stmt *s, void *ctx)
{
	cJSON	*it = cJSON_CreateObject();
	int	 en = *(int *)ctx;

	cJSON_AddStringToObject(it, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 4 : 3, NULL));
	cJSON_AddStringToObject(it, "category", db_col_text(s, 2, NULL));
	cJSON_AddNumberToObject(it, "base_price", (double)db_col_int(s, 5));
	return it;
}

/* GET /api/v1/products?category=&q=&after=&limit=: q in the model, the
 * names or an option's values (e.g. "champagne") */
int
catalogue_products_get(struct req *r)
{
	const char		*cat = http_query(r, "category");
	const char		*q = http_query(r, "q");
	struct http_paging	 pg;
	struct db_stmt		*s;
	struct db		*db;
	struct buf		 pat;
	int			 rc, st, en = strcmp(r->lang, "en") == 0;

	cat = cat != NULL ? cat : "";
	q = q != NULL ? q : "";
	if (strlen(cat) > 32)
		http_field_error(r, "category", "a category code");
	if (strlen(q) > 100)
		http_field_error(r, "q", "at most 100 characters");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	buf_init(&pat);
	like_pattern(&pat, q);
	if ((s = db_prepare(db, stmts[STMT_LIST])) == NULL ||
	    db_bind_text(s, 0, cat) == -1 || db_bind_text(s, 1, cat) == -1 ||
	    db_bind_text(s, 2, q) == -1 ||
	    db_bind_text(s, 3, buf_cstr(&pat)) == -1 ||
	    db_bind_text(s, 4, buf_cstr(&pat)) == -1 ||
	    db_bind_text(s, 5, buf_cstr(&pat)) == -1 ||
	    db_bind_text(s, 6, buf_cstr(&pat)) == -1 ||
	    db_bind_int(s, 7, pg.after) == -1 ||
	    db_bind_int(s, 8, pg.limit + 1) == -1) {
		db_stmt_release(s);
		buf_free(&pat);
		return 500;
	}
	rc = http_paging_answer(r, s, &pg, list_row, &en);
	buf_free(&pat);
	return rc;
}

/* The product of that code, active (unless for the admin); or an answer. */
static int
load_code(struct req *r, struct db *db, const char *code, struct product *p)
{
	int	 rc = catalogue_product(db, code, p);

	if (rc == -1)
		return 500;
	if (rc == 1 || (!p->active && !(r->who.roles & ROLE_ADMIN))) {
		catalogue_product_free(p);
		return http_error(r, 404, "not_found", "no such product");
	}
	return 0;
}

static int
load(struct req *r, struct db *db, struct product *p)
{
	return load_code(r, db, http_param(r, "code"), p);
}

static int
product_answer(struct req *r, struct db *db, const char *code, int status)
{
	struct product	 p;
	int		 st;

	if ((st = load_code(r, db, code, &p)) != 0)
		return st;
	st = http_json(r, status, catalogue_product_json(&p, r->lang));
	catalogue_product_free(&p);
	return st;
}

int
catalogue_product_get(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return product_answer(r, db, http_param(r, "code"), 200);
}

/*
 * POST /api/v1/products/{code}/quote {"quantity","options","dealer"}:
 * the price of one configured line for the caller's dealer (staff name a
 * dealer in their scope), or 422 naming every bad field.
 */
int
catalogue_quote_post(struct req *r)
{
	struct promo_info	 applied;
	struct price_line	 l;
	struct product		 p;
	struct db		*db;
	cJSON			*j, *pr;
	int64_t			 qty = 0, dealer = 0;
	char			 tier;
	int			 st, rc;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "quantity", QTY_MIN, QTY_MAX, &qty) != 0)
		http_field_error(r, "line.quantity",
		    "a whole number from 1 to 100000");
	if (json_get_int(r->json, "dealer", 1, INT64_C(1) << 52, &dealer) == -1)
		http_field_error(r, "dealer", "a dealer id");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = load(r, db, &p)) != 0)
		return st;
	if ((rc = catalogue_tier(db, &r->who, dealer, &tier)) != 0) {
		catalogue_product_free(&p);
		return rc == 1 ? http_error(r, 404, "not_found",
		    "no such dealer") : 500;
	}
	rc = catalogue_price(db, &p, tier, cJSON_GetObjectItemCaseSensitive(
	    r->json, "options"), qty > 0 ? qty : 1, "line", field_error, r, &l,
	    &applied);
	catalogue_product_free(&p);
	if (rc == -1)
		return 500;
	if (rc == 1 || r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the configuration");
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "product", http_param(r, "code"));
	cJSON_AddNumberToObject(j, "quantity", (double)l.quantity);
	cJSON_AddNumberToObject(j, "base_price", (double)l.base);
	cJSON_AddNumberToObject(j, "options_price", (double)l.options);
	cJSON_AddNumberToObject(j, "unit_price", (double)l.unit);
	cJSON_AddNumberToObject(j, "gross", (double)l.gross);
	cJSON_AddNumberToObject(j, "discount", (double)l.discount);
	cJSON_AddNumberToObject(j, "line_total", (double)l.total);
	if (applied.p.id != 0) {
		pr = cJSON_AddObjectToObject(j, "promotion");
		cJSON_AddStringToObject(pr, "code", applied.code);
		cJSON_AddStringToObject(pr, "name", strcmp(r->lang, "en") == 0 ?
		    applied.name_en : applied.name_zh);
	} else
		cJSON_AddNullToObject(j, "promotion");
	return http_json(r, 200, j);
}

/* Check and print the "options" schema of a body, or NULL (422 set). */
static char *
schema_of(struct req *r, int required)
{
	const cJSON	*o = cJSON_GetObjectItemCaseSensitive(r->json,
	    "options");

	if (o == NULL && !required)
		return NULL;
	if (catalogue_pricing_schema_check(o, field_error, r) == -1)
		return NULL;
	return cJSON_PrintUnformatted(o);
}

/* POST /api/v1/products {code, category, name_zh, name_en, base_price, options} */
int
catalogue_product_post(struct req *r)
{
	const char	*code, *cat, *zh, *en;
	struct db_stmt	*s;
	struct db	*db;
	char		*schema;
	int64_t		 price;
	int		 rc = -1;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "code", 32, &code) != 0 ||
	    strlen(code) < 2 || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-") != strlen(code))
		http_field_error(r, "code", "2 to 32 of A-Z, 0-9, dash");
	if (json_get_string(r->json, "category", 32, &cat) != 0)
		http_field_error(r, "category", "a category code");
	if (json_get_string(r->json, "name_zh", 200, &zh) != 0 || !*zh)
		http_field_error(r, "name_zh", "1 to 200 characters");
	if (json_get_string(r->json, "name_en", 200, &en) != 0 || !*en)
		http_field_error(r, "name_en", "1 to 200 characters");
	if (json_get_int(r->json, "base_price", 0, PRICE_MAX, &price) != 0)
		http_field_error(r, "base_price", "fen, 0 or more");
	schema = schema_of(r, 1);
	if (r->err.fields != NULL || schema == NULL) {
		cJSON_free(schema);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL || db_begin(db) == -1) {
		cJSON_free(schema);
		return 503;
	}
	if ((s = db_prepare(db, stmts[STMT_INSERT])) != NULL &&
	    db_bind_text(s, 0, code) == 0 && db_bind_text(s, 1, zh) == 0 &&
	    db_bind_text(s, 2, en) == 0 && db_bind_int(s, 3, price) == 0 &&
	    db_bind_text(s, 4, schema) == 0 && db_bind_text(s, 5, cat) == 0) {
		if (db_exec(s) == 0)
			rc = db_affected(s) == 1 ? 0 : 1;
		else if (db_is_duplicate(db))
			rc = 2;
	}
	if (rc == 0 && audit_write(db, &r->who, "product_create", "product",
	    (int64_t)db_insert_id(s), NULL) == -1)
		rc = -1;
	db_stmt_release(s);
	cJSON_free(schema);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1)
			http_field_error(r, "category", "no such category");
		if (rc == 2)
			http_field_error(r, "code", "taken");
		return rc == 1 ? http_error(r, 422, "validation_failed",
		    "check the fields") : rc == 2 ? http_error(r, 409,
		    "conflict", "the code is taken") : 500;
	}
	return product_answer(r, db, code, 201);
}

/* PATCH /api/v1/products/{code} {name_zh, name_en, base_price, options, active, version} */
int
catalogue_product_patch(struct req *r)
{
	const char	*zh = NULL, *en = NULL;
	const cJSON	*act;
	struct product	 p;
	struct db_stmt	*s;
	struct db	*db;
	char		*schema;
	int64_t		 price = -1, version = -1, id;
	int		 rc = -1;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "name_zh", 200, &zh) == -1 ||
	    (zh != NULL && *zh == '\0'))
		http_field_error(r, "name_zh", "1 to 200 characters");
	if (json_get_string(r->json, "name_en", 200, &en) == -1 ||
	    (en != NULL && *en == '\0'))
		http_field_error(r, "name_en", "1 to 200 characters");
	if (json_get_int(r->json, "base_price", 0, PRICE_MAX, &price) == -1)
		http_field_error(r, "base_price", "fen, 0 or more");
	act = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	if (act != NULL && !cJSON_IsBool(act))
		http_field_error(r, "active", "true or false");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		http_field_error(r, "version", "the version you read");
	schema = schema_of(r, 0);
	if (r->err.fields != NULL) {
		cJSON_free(schema);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL) {
		cJSON_free(schema);
		return 503;
	}
	if ((rc = catalogue_product(db, http_param(r, "code"), &p)) != 0) {
		cJSON_free(schema);
		return rc == 1 ? http_error(r, 404, "not_found",
		    "no such product") : 500;
	}
	id = p.id;		/* for the audit log */
	catalogue_product_free(&p);
	rc = -1;
	if (db_begin(db) == -1) {
		cJSON_free(schema);
		return 503;
	}
	if ((s = db_prepare(db, stmts[STMT_UPDATE])) != NULL &&
	    db_bind_text(s, 0, zh) == 0 && db_bind_text(s, 1, en) == 0 &&
	    (price >= 0 ? db_bind_int(s, 2, price) : db_bind_null(s, 2)) == 0 &&
	    db_bind_text(s, 3, schema) == 0 &&
	    (act != NULL ? db_bind_int(s, 4, cJSON_IsTrue(act)) :
	    db_bind_null(s, 4)) == 0 &&
	    db_bind_text(s, 5, http_param(r, "code")) == 0 &&
	    db_bind_int(s, 6, version) == 0 &&
	    db_bind_int(s, 7, version) == 0 && db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	cJSON_free(schema);
	if (rc == 0 && audit_write(db, &r->who, "product_update", "product",
	    id, r->json) == -1)
		rc = -1;
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1)
			return http_error(r, 409, "conflict",
			    "the product was changed meanwhile; reload");
		return 500;
	}
	return product_answer(r, db, http_param(r, "code"), 200);
}
