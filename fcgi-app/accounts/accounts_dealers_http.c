/*
 * accounts_dealers_http.c: the dealer directory, as far as the caller reaches
 *
 * A dealer's users see their dealer, region staff their region's dealers,
 * HQ all; any other dealer answers 404.
 */
#include <stdlib.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_users.h"

#define DEALER_COLS \
	"o.id, o.code, o.name_zh, o.name_en, o.dealer_kind, o.city, o.tier, " \
	"r.id, r.code, o.active"

static const char sql_get[] =
	"SELECT " DEALER_COLS " FROM orgs o JOIN orgs r ON r.id = o.region_id "
	"WHERE o.id = ? AND o.kind = 'dealer' AND " SCOPE_SQL("o");

/* The list in one variant per scope path (scope.h), each on an index. */
#define LIST_SQL(owner) \
	"SELECT " DEALER_COLS " FROM orgs o JOIN orgs r ON r.id = o.region_id " \
	"WHERE " owner " AND o.kind = 'dealer' AND o.id > ? ORDER BY o.id " \
	"LIMIT ?"

static const char *const sql_list[SCOPE__PATHS] = {
	LIST_SQL(SCOPE_ORG_ALL("o")),
	LIST_SQL(SCOPE_ORG_REGION("o")),
	LIST_SQL(SCOPE_ORG_DEALER("o")),
	LIST_SQL(SCOPE_ORG_MANAGER("o")),
};

static cJSON *
dealer_json(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject(), *reg;

	(void)ctx;
	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "name_zh", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "name_en", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(j, "kind", db_col_text(s, 4, NULL));
	cJSON_AddStringToObject(j, "city", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(j, "tier", db_col_text(s, 6, NULL));
	reg = cJSON_AddObjectToObject(j, "region");
	cJSON_AddNumberToObject(reg, "id", (double)db_col_int(s, 7));
	cJSON_AddStringToObject(reg, "code", db_col_text(s, 8, NULL));
	cJSON_AddBoolToObject(j, "active", db_col_int(s, 9) != 0);
	return j;
}

int
accounts_dealers_get_one(struct req *r)
{
	struct scope	 sc;
	struct db_stmt	*s;
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	scope_read(&r->who, &sc);
	if ((s = db_prepare(db, sql_get)) == NULL ||
	    db_bind_int(s, 0, http_param_id(r, "id")) == -1 ||
	    scope_bind(s, 1, &sc) == -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_row_answer(r, s, 200, dealer_json, NULL, "dealer");
}

/* GET /api/v1/dealers?after=&limit= */
int
accounts_dealers_list_get(struct req *r)
{
	struct http_paging	 pg;
	enum scope_path		 path;
	struct scope		 sc;
	struct db_stmt		*s;
	struct db		*db;
	int64_t			 key;
	int			 st;

	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	scope_read(&r->who, &sc);
	path = scope_path(&sc, &key);
	if ((s = db_prepare(db, sql_list[path])) == NULL ||
	    db_bind_int(s, 0, key) == -1 || db_bind_int(s, 1, pg.after) == -1 ||
	    db_bind_int(s, 2, pg.limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_paging_answer(r, s, &pg, dealer_json, NULL);
}
