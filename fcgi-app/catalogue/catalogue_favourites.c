/*
 * catalogue_favourites.c: a user's favourite models (issue #23)
 *
 *   GET    /api/v1/favourites		the caller's, newest first
 *   PUT    /api/v1/favourites/{code}	mark (again: no change)
 *   DELETE /api/v1/favourites/{code}	unmark
 *   GET/POST /favourites		the page: the list, unmark; the
 *					product page marks and unmarks
 * One row per user and model (migration 0050); at most FAV_MAX each.
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

#define FAV_MAX	200		/* a user's favourites */

static const char sql_list[] =
	"SELECT p.code, p.name_zh, p.name_en, c.code, p.base_price FROM "
	"favourites f JOIN products p ON p.id = f.product_id JOIN categories "
	"c ON c.id = p.category_id WHERE f.user_id = ? AND p.active = 1 "
	"ORDER BY f.created_at DESC, f.product_id LIMIT 200";
/* a model that is there and active, up to FAV_MAX */
static const char sql_mark[] =
	"INSERT IGNORE INTO favourites (user_id, product_id) SELECT ?, p.id "
	"FROM products p WHERE p.code = ? AND p.active = 1 AND (SELECT "
	"COUNT(*) FROM favourites f WHERE f.user_id = ?) < ?";
static const char sql_unmark[] =
	"DELETE f FROM favourites f JOIN products p ON p.id = f.product_id "
	"WHERE f.user_id = ? AND p.code = ?";
static const char sql_is[] =
	"SELECT COUNT(*) FROM favourites f JOIN products p ON p.id = "
	"f.product_id WHERE f.user_id = ? AND p.code = ?";
static const char sql_count[] =
	"SELECT COUNT(*) FROM favourites WHERE user_id = ?";

/* One count of sql over (user, code or none): >= 0, or -1. */
static int64_t
count_of(struct db *db, const char *sql, int64_t user, const char *code)
{
	struct db_stmt	*s;
	int64_t		 n = -1;

	s = code != NULL ? db_preparef(db, sql, "it", user, code) :
	    db_preparef(db, sql, "i", user);
	if (s != NULL && db_step(s) == DB_ROW)
		n = db_col_int(s, 0);
	db_stmt_release(s);
	return n;
}

/* Is code one of user's favourites: 1, 0, -1. */
int
catalogue_favourite_is(struct db *db, int64_t user, const char *code)
{
	int64_t	 n = count_of(db, sql_is, user, code);

	return n < 0 ? -1 : n > 0;
}

/* user's favourites: {"items": [{code, name, category, base_price}]}. */
static int
favourites(struct db *db, int64_t user, const char *lang, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*items, *it;
	int		 en = strcmp(lang, "en") == 0, r;

	*out = NULL;
	if ((s = db_preparef(db, sql_list, "i", user)) == NULL)
		return -1;
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	while ((r = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		json_put_str(it, "code", db_col_text(s, 0, NULL));
		json_put_str(it, "name", db_col_text(s, en ? 2 : 1, NULL));
		json_put_str(it, "category", db_col_text(s, 3, NULL));
		json_put_num(it, "base_price", (double)db_col_int(s, 4));
		cJSON_AddItemToArray(items, it);
	}
	db_stmt_release(s);
	if (r == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/*
 * Mark (on) or unmark code for user: 200; 404 (no such active model),
 * 422 (FAV_MAX reached), 500.
 */
int
catalogue_favourite_set(struct db *db, int64_t user, const char *code,
    int on, struct fault *f)
{
	int	 n;

	if (db == NULL)
		return 503;
	if (!catalogue_code_ok(code))
		return fault_set(f, 404, "not_found", "no such product");
	if (!on)
		return db_execv(db, sql_unmark, NULL, "it", user, code) == -1 ?
		    500 : 200;
	if ((n = db_execv(db, sql_mark, NULL, "itii", user, code, user,
	    (int64_t)FAV_MAX)) == -1)
		return 500;
	if (n == 1 || catalogue_favourite_is(db, user, code) == 1)
		return 200;
	if (count_of(db, sql_count, user, NULL) >= FAV_MAX) {
		fault_field(f, "favourites", "at most 200: take one off first");
		return fault_set(f, 422, "validation_failed", "too many "
		    "favourites");
	}
	return fault_set(f, 404, "not_found", "no such product");
}

int
catalogue_favourites_get(struct req *r)
{
	cJSON	*j;

	if (http_db(r) == NULL)
		return 503;
	if (favourites(http_db(r), r->who.user_id, r->lang, &j) == -1)
		return 500;
	return http_json(r, 200, j);
}

static int
set(struct req *r, int on)
{
	int	 st;

	if ((st = catalogue_favourite_set(http_db(r), r->who.user_id,
	    http_param(r, "code"), on, &r->err)) != 200)
		return http_refused(r, st);
	return catalogue_favourites_get(r);
}

int
catalogue_favourite_put(struct req *r)
{
	return set(r, 1);
}

int
catalogue_favourite_delete(struct req *r)
{
	return set(r, 0);
}

static int
favourites_page(struct req *r, int status)
{
	cJSON	*ctx, *j, *it;
	char	 money[32];

	if (http_db(r) == NULL)
		return 503;
	if (favourites(http_db(r), r->who.user_id, r->lang, &j) == -1)
		return 500;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		money_format((int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "base_price")), money,
		    sizeof(money));
		cJSON_AddStringToObject(it, "price_text", money);
	}
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "favourites",
	    cJSON_DetachItemFromObject(j, "items"));
	cJSON_Delete(j);
	return http_form_page(r, status, "favourites", ctx, NULL,
	    http_i18n(r, "catalogue_favourites_title"));
}

int
catalogue_favourites_page_get(struct req *r)
{
	return favourites_page(r, 200);
}

/*
 * POST /favourites {code, on ("1": mark; else unmark), back ("product":
 * to the product's page)}
 */
int
catalogue_favourites_page_post(struct req *r)
{
	const char	*code = http_formval(r, "code");
	const char	*back = http_formval(r, "back");
	const char	*on = http_formval(r, "on");
	char		 loc[64];
	int		 st;

	st = catalogue_favourite_set(http_db(r), r->who.user_id, code,
	    on != NULL && strcmp(on, "1") == 0, &r->err);
	if (st == 422)
		return favourites_page(r, 422);
	if (st != 200)
		return st;
	/* back to the product: a model's code is letters, digits, dashes */
	if (back == NULL || strcmp(back, "product") != 0 ||
	    !catalogue_code_ok(code))
		return http_redirect(r, 303, "/favourites");
	snprintf(loc, sizeof(loc), "/catalogue/%s", code);
	return http_redirect(r, 303, loc);
}
