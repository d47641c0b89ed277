/*
 * catalogue_promotions_http.c: the admin's promotions: a percentage or a fixed
 * amount per unit, for one product, one category or everything, for
 * chosen dealer tiers, between two dates
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

#define PROMO_COLS \
	"m.id, m.code, m.name_zh, m.name_en, p.code, c.code, m.tiers, " \
	"m.percent, m.fixed, m.starts_on, m.ends_on, m.active, m.version"

enum stmt { STMT_GET, STMT_LIST, STMT_INSERT, STMT_UPDATE, STMT_CURRENT,
	STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* STMT_GET */
	"SELECT " PROMO_COLS " FROM promotions m LEFT JOIN products p ON "
	"p.id = m.product_id LEFT JOIN categories c ON c.id = m.category_id "
	"WHERE m.id = ?",
	/* STMT_LIST */
	"SELECT " PROMO_COLS " FROM promotions m LEFT JOIN products p ON "
	"p.id = m.product_id LEFT JOIN categories c ON c.id = m.category_id "
	"WHERE m.id > ? ORDER BY m.id LIMIT ?",
	/* STMT_INSERT: a named product or category must exist */
	"INSERT INTO promotions (code, name_zh, name_en, product_id, "
	"category_id, tiers, percent, fixed, starts_on, ends_on) SELECT ?, ?, "
	"?, (SELECT id FROM products WHERE code = ?), (SELECT id FROM "
	"categories WHERE code = ?), ?, ?, ?, ?, ? FROM DUAL WHERE (? IS NULL "
	"OR EXISTS (SELECT 1 FROM products WHERE code = ?)) AND (? IS NULL OR "
	"EXISTS (SELECT 1 FROM categories WHERE code = ?))",
	/* STMT_UPDATE */
	"UPDATE promotions SET active = COALESCE(?, active), ends_on = "
	"COALESCE(?, ends_on), version = version + 1 WHERE id = ? AND "
	"(? < 0 OR version = ?) AND COALESCE(?, ends_on) >= starts_on",
	/* STMT_CURRENT: in force today, for the dealer's tier (0: any) */
	"SELECT " PROMO_COLS " FROM promotions m LEFT JOIN products p ON "
	"p.id = m.product_id LEFT JOIN categories c ON c.id = m.category_id "
	"WHERE m.active = 1 AND m.ends_on >= ? AND m.starts_on <= ? AND "
	"(? = 0 OR FIND_IN_SET((SELECT tier FROM orgs WHERE id = ?), m.tiers)) "
	"ORDER BY m.ends_on, m.id LIMIT ?",
};

static cJSON *
promo_json(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	(void)ctx;
	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "name_zh", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "name_en", db_col_text(s, 3, NULL));
	if (!db_col_null(s, 4))
		cJSON_AddStringToObject(j, "product", db_col_text(s, 4, NULL));
	if (!db_col_null(s, 5))
		cJSON_AddStringToObject(j, "category", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(j, "tiers", db_col_text(s, 6, NULL));
	if (db_col_int(s, 7) > 0)
		cJSON_AddNumberToObject(j, "percent", (double)db_col_int(s, 7));
	else
		cJSON_AddNumberToObject(j, "fixed", (double)db_col_int(s, 8));
	cJSON_AddStringToObject(j, "starts_on", db_col_text(s, 9, NULL));
	cJSON_AddStringToObject(j, "ends_on", db_col_text(s, 10, NULL));
	cJSON_AddBoolToObject(j, "active", db_col_int(s, 11) != 0);
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 12));
	return j;
}

static int
promo_answer(struct req *r, struct db *db, int64_t id, int status)
{
	struct db_stmt	*s;

	if ((s = db_prepare(db, stmts[STMT_GET])) == NULL ||
	    db_bind_int(s, 0, id) == -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_row_answer(r, s, status, promo_json, NULL, "promotion");
}

/* GET /api/v1/promotions?after=&limit= (admin) */
int
catalogue_promotions_list_get(struct req *r)
{
	struct http_paging	 pg;
	struct db_stmt		*s;
	struct db		*db;
	int			 st;

	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if ((s = db_prepare(db, stmts[STMT_LIST])) == NULL ||
	    db_bind_int(s, 0, pg.after) == -1 ||
	    db_bind_int(s, 1, pg.limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_paging_answer(r, s, &pg, promo_json, NULL);
}

/* A,B,C,D in any subset, each once. */
static int
tiers_ok(const char *s)
{
	int	 seen = 0, bit;

	if (s == NULL || *s == '\0')
		return 0;
	for (;;) {
		if (*s < 'A' || *s > 'D')
			return 0;
		bit = 1 << (*s - 'A');
		if (seen & bit)
			return 0;
		seen |= bit;
		if (*++s == '\0')
			return 1;
		if (*s++ != ',')
			return 0;
	}
}

/* POST /api/v1/promotions {code, name_zh, name_en, product|category, tiers, percent|fixed, starts_on, ends_on} */
int
catalogue_promotions_create_post(struct req *r)
{
	const char	*code, *zh, *en, *prod = NULL, *cat = NULL, *tiers;
	const char	*from, *to;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 pct = 0, fixed = 0, id;
	int		 rc = -1;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "code", 32, &code) != 0 ||
	    strlen(code) < 2 || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-") != strlen(code))
		http_field_error(r, "code", "2 to 32 of A-Z, 0-9, dash");
	if (json_get_string(r->json, "name_zh", 200, &zh) != 0 || !*zh)
		http_field_error(r, "name_zh", "1 to 200 characters");
	if (json_get_string(r->json, "name_en", 200, &en) != 0 || !*en)
		http_field_error(r, "name_en", "1 to 200 characters");
	if (json_get_string(r->json, "product", 32, &prod) == -1)
		http_field_error(r, "product", "a product code");
	if (json_get_string(r->json, "category", 32, &cat) == -1 ||
	    (cat != NULL && prod != NULL))
		http_field_error(r, "category", "a category code, or a "
		    "product, not both");
	if (json_get_string(r->json, "tiers", 7, &tiers) != 0 ||
	    !tiers_ok(tiers))
		http_field_error(r, "tiers", "A, B, C, D, comma-separated");
	if (json_get_int(r->json, "percent", 1, 100, &pct) == -1 ||
	    json_get_int(r->json, "fixed", 1, PRICE_MAX, &fixed) == -1 ||
	    (pct > 0) == (fixed > 0))
		http_field_error(r, "percent", "either percent 1..100 or a "
		    "fixed amount in fen");
	if (json_get_string(r->json, "starts_on", 10, &from) != 0 ||
	    !util_date_ok(from))
		http_field_error(r, "starts_on", "YYYY-MM-DD");
	if (json_get_string(r->json, "ends_on", 10, &to) != 0 || !util_date_ok(to) ||
	    (from != NULL && strcmp(to, from) < 0))
		http_field_error(r, "ends_on", "YYYY-MM-DD, not before starts_on");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	if ((s = db_prepare(db, stmts[STMT_INSERT])) != NULL &&
	    db_bind_text(s, 0, code) == 0 && db_bind_text(s, 1, zh) == 0 &&
	    db_bind_text(s, 2, en) == 0 && db_bind_text(s, 3, prod) == 0 &&
	    db_bind_text(s, 4, cat) == 0 && db_bind_text(s, 5, tiers) == 0 &&
	    db_bind_int(s, 6, pct) == 0 && db_bind_int(s, 7, fixed) == 0 &&
	    db_bind_text(s, 8, from) == 0 && db_bind_text(s, 9, to) == 0 &&
	    db_bind_text(s, 10, prod) == 0 && db_bind_text(s, 11, prod) == 0 &&
	    db_bind_text(s, 12, cat) == 0 && db_bind_text(s, 13, cat) == 0) {
		if (db_exec(s) == 0)
			rc = db_affected(s) == 1 ? 0 : 1;
		else if (db_is_duplicate(db))
			rc = 2;
		else if (db_is_bad_value(db))
			rc = 3;		/* a bad date or a failed CHECK */
	}
	id = (int64_t)db_insert_id(s);
	if (rc == 0 && audit_write(db, &r->who, "promotion_create",
	    "promotion", id, r->json) == -1)
		rc = -1;
	db_stmt_release(s);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1)
			http_field_error(r, prod != NULL ? "product" :
			    "category", "no such product or category");
		if (rc == 3)
			http_field_error(r, "starts_on", "not a valid date");
		if (rc == 2) {
			http_field_error(r, "code", "taken");
			return http_error(r, 409, "conflict",
			    "the code is taken");
		}
		return rc == 1 || rc == 3 ? http_error(r, 422,
		    "validation_failed", "check the fields") : 500;
	}
	return promo_answer(r, db, id, 201);
}

/* PATCH /api/v1/promotions/{id} {active, ends_on, version}: end or pause. */
int
catalogue_promotions_patch(struct req *r)
{
	const char	*to = NULL;
	const cJSON	*act;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 id = http_param_id(r, "id"), version = -1;
	int		 rc = -1;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	act = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	if (act != NULL && !cJSON_IsBool(act))
		http_field_error(r, "active", "true or false");
	if (json_get_string(r->json, "ends_on", 10, &to) == -1 ||
	    (to != NULL && !util_date_ok(to)))
		http_field_error(r, "ends_on", "YYYY-MM-DD");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	if ((s = db_prepare(db, stmts[STMT_UPDATE])) != NULL &&
	    (act != NULL ? db_bind_int(s, 0, cJSON_IsTrue(act)) :
	    db_bind_null(s, 0)) == 0 && db_bind_text(s, 1, to) == 0 &&
	    db_bind_int(s, 2, id) == 0 && db_bind_int(s, 3, version) == 0 &&
	    db_bind_int(s, 4, version) == 0 && db_bind_text(s, 5, to) == 0 &&
	    db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	if (rc == 0 && audit_write(db, &r->who, "promotion_update",
	    "promotion", id, r->json) == -1)
		rc = -1;
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? http_error(r, 409, "conflict", "no such "
		    "promotion, another version, or ends before it starts") :
		    500;
	}
	return promo_answer(r, db, id, 200);
}

/*
 * The promotions in force today (China's) for dealer's tier (dealer 0:
 * every tier), ending soonest first, at most max, or NULL.
 */
cJSON *
catalogue_promotions_current(struct db *db, int64_t dealer, int max)
{
	struct db_stmt	*s;
	char		 today[11];
	cJSON		*list;
	int		 rc;

	util_china_date(today, sizeof(today), 0);
	if ((s = db_prepare(db, stmts[STMT_CURRENT])) == NULL ||
	    db_bind_text(s, 0, today) == -1 || db_bind_text(s, 1, today) == -1 ||
	    db_bind_int(s, 2, dealer) == -1 || db_bind_int(s, 3, dealer) == -1 ||
	    db_bind_int(s, 4, max) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	list = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(list, promo_json(s, NULL));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

/* GET /api/v1/promotions/current: in force for the caller's tier */
int
catalogue_promotions_current_get(struct req *r)
{
	struct db	*db;
	cJSON		*list, *j;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((list = catalogue_promotions_current(db, r->who.kind == ORG_DEALER ?
	    r->who.org_id : 0, 100)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "items", list);
	return http_json(r, 200, j);
}
