/* catalogue_promotions_db.c: SQL of the promotions */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

#define PROMO_COLS \
	"m.id, m.code, m.name_zh, m.name_en, p.code, c.code, m.tiers, " \
	"m.percent, m.fixed, m.starts_on, m.ends_on, m.active, m.version"

static const char sql_get[] =
	"SELECT " PROMO_COLS " FROM promotions m LEFT JOIN products p ON "
	"p.id = m.product_id LEFT JOIN categories c ON c.id = m.category_id "
	"WHERE m.id = ?";

static const char sql_list[] =
	"SELECT " PROMO_COLS " FROM promotions m LEFT JOIN products p ON "
	"p.id = m.product_id LEFT JOIN categories c ON c.id = m.category_id "
	"WHERE m.id > ? ORDER BY m.id LIMIT ?";

/* a named product or category must exist */
static const char sql_insert[] =
	"INSERT INTO promotions (code, name_zh, name_en, product_id, "
	"category_id, tiers, percent, fixed, starts_on, ends_on) SELECT ?, ?, "
	"?, (SELECT id FROM products WHERE code = ?), (SELECT id FROM "
	"categories WHERE code = ?), ?, ?, ?, ?, ? FROM DUAL WHERE (? IS NULL "
	"OR EXISTS (SELECT 1 FROM products WHERE code = ?)) AND (? IS NULL OR "
	"EXISTS (SELECT 1 FROM categories WHERE code = ?))";

static const char sql_state[] =
	"SELECT active, DATE_FORMAT(ends_on, '%Y-%m-%d'), version FROM "
	"promotions WHERE id = ?";
static const char sql_update[] =
	"UPDATE promotions SET active = COALESCE(?, active), ends_on = "
	"COALESCE(?, ends_on), version = version + 1 WHERE id = ? AND "
	"(? < 0 OR version = ?) AND COALESCE(?, ends_on) >= starts_on";

/* in force today, for the dealer's tier (0: any) */
static const char sql_current[] =
	"SELECT " PROMO_COLS " FROM promotions m LEFT JOIN products p ON "
	"p.id = m.product_id LEFT JOIN categories c ON c.id = m.category_id "
	"WHERE m.active = 1 AND m.ends_on >= ? AND m.starts_on <= ? AND "
	"(? = 0 OR FIND_IN_SET((SELECT tier FROM orgs WHERE id = ?), m.tiers)) "
	"ORDER BY m.ends_on, m.id LIMIT ?";

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

/* Every row of s as an array, or NULL on an error.  Releases s. */
static cJSON *
promo_rows(struct db_stmt *s)
{
	cJSON	*list;
	int	 rc;

	if (s == NULL)
		return NULL;
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

/* Promotion id as its answer, or NULL (none such, or an error). */
cJSON *
catalogue_promotion_json(struct db *db, int64_t id)
{
	cJSON	*list, *j;

	if ((list = promo_rows(db_preparef(db, sql_get, "i", id))) == NULL)
		return NULL;
	j = cJSON_DetachItemFromArray(list, 0);
	cJSON_Delete(list);
	return j;
}

/* Every promotion after the id after, at most limit: out gets items and
 * next_cursor.  0, -1. */
int
catalogue_promotions_list(struct db *db, int64_t after, int limit,
    cJSON *out)
{
	struct db_stmt	*s;

	if ((s = db_preparef(db, sql_list, "ii", after, (int64_t)limit +
	    1)) == NULL)
		return -1;
	return http_keyset_items(s, limit, out, promo_json, NULL,
	    http_cursor_id);
}

/*
 * The promotions in force today (China's) for dealer's tier (dealer 0:
 * every tier), ending soonest first, at most max, or NULL.
 */
cJSON *
catalogue_promotions_current(struct db *db, int64_t dealer, int max)
{
	char	 today[11];

	util_china_date(today, sizeof(today), 0);
	return promo_rows(db_preparef(db, sql_current, "ttiii", today, today,
	    dealer, dealer, (int64_t)max));
}

/*
 * A new promotion: 0 with *id, 1 no such product or category, 2 the
 * code taken, 3 a bad date or a failed CHECK, -1 error.
 */
int
catalogue_promotion_insert(struct db *db, const struct catalogue_promo_in *in,
    int64_t *id)
{
	struct db_stmt	*s;

	if ((s = db_prepare(db, sql_insert)) != NULL &&
	    db_bind_text(s, 0, in->code) == 0 &&
	    db_bind_text(s, 1, in->name_zh) == 0 &&
	    db_bind_text(s, 2, in->name_en) == 0 &&
	    db_bind_text(s, 3, in->product) == 0 &&
	    db_bind_text(s, 4, in->category) == 0 &&
	    db_bind_text(s, 5, in->tiers) == 0 &&
	    db_bind_int(s, 6, in->percent) == 0 &&
	    db_bind_int(s, 7, in->fixed) == 0 &&
	    db_bind_text(s, 8, in->starts_on) == 0 &&
	    db_bind_text(s, 9, in->ends_on) == 0 &&
	    db_bind_text(s, 10, in->product) == 0 &&
	    db_bind_text(s, 11, in->product) == 0 &&
	    db_bind_text(s, 12, in->category) == 0 &&
	    db_bind_text(s, 13, in->category) == 0)
		return catalogue_insert(db, s, id);
	db_stmt_release(s);
	return -1;
}

/*
 * Promotion id's active flag (-1: as is) and end (NULL: as is), if still
 * of version (-1: any): 0, 1 none such, another version or an end before
 * its start, -1 error.
 */
/*
 * Promotion id's state before a change (the audit log's): whether it is
 * active, its last day (11 bytes), its version.  1, 0 if none, -1.
 */
int
catalogue_promotion_state(struct db *db, int64_t id, int *active,
    char *ends_on, int64_t *version)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql_state, "i", id)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		*active = (int)db_col_int(s, 0);
		db_col_copy(s, 1, ends_on, 11);
		*version = db_col_int(s, 2);
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

int
catalogue_promotion_update_row(struct db *db, int64_t id, int active,
    const char *ends_on, int64_t version)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_update)) != NULL &&
	    (active >= 0 ? db_bind_int(s, 0, active) : db_bind_null(s, 0)) ==
	    0 && db_bind_text(s, 1, ends_on) == 0 &&
	    db_bind_int(s, 2, id) == 0 && db_bind_int(s, 3, version) == 0 &&
	    db_bind_int(s, 4, version) == 0 &&
	    db_bind_text(s, 5, ends_on) == 0 && db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	return rc;
}
