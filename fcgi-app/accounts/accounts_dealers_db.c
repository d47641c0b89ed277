/*
 * accounts_dealers_db.c: the dealer directory, as far as the reader
 * reaches: a dealer's users see their dealer, region staff their
 * region's dealers, HQ all; any other dealer reads as missing.
 */
#include "../auth/scope.h"
#include "../core/fault.h"
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

static const char *const sql_list[] = {
	LIST_SQL(SCOPE_ORG_ALL("o")),
	LIST_SQL(SCOPE_ORG_REGION("o")),
	LIST_SQL(SCOPE_ORG_DEALER("o")),
	LIST_SQL(SCOPE_ORG_MANAGER("o")),
	LIST_SQL(SCOPE_ORG_CHAIN("o")),
};
SCOPE_PATHS_ALL(sql_list);

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

/* One dealer in who's reach as the API shows it: 200 and *out, 404, 500. */
int
accounts_dealers_read(struct db *db, const struct principal *who, int64_t id,
    cJSON **out, struct fault *f)
{
	struct scope	 sc;
	struct db_stmt	*s;
	int		 rc;

	*out = NULL;
	scope_read(who, &sc);
	if ((s = db_prepare(db, sql_get)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || scope_bind(s, 1, &sc) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW)
		*out = dealer_json(s, NULL);
	db_stmt_release(s);
	return *out != NULL ? 200 : fault_set(f, 404, "not_found",
	    "no such dealer");
}

/*
 * A page of the dealers in who's reach after the id after:
 * {"items", "next_cursor"} into *out.  0, or -1.
 */
int
accounts_dealers_list(struct db *db, const struct principal *who,
    int64_t after, int limit, cJSON **out)
{
	enum scope_path	 path;
	struct scope	 sc;
	struct db_stmt	*s;
	int64_t		 key;

	*out = NULL;
	scope_read(who, &sc);
	path = scope_path(&sc, &key);
	if ((s = db_prepare(db, sql_list[path])) == NULL ||
	    db_bind_int(s, 0, key) == -1 || db_bind_int(s, 1, after) == -1 ||
	    db_bind_int(s, 2, limit + 1) == -1) {
		db_stmt_release(s);
		return -1;
	}
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, limit, *out, dealer_json, NULL,
	    http_cursor_id) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}
