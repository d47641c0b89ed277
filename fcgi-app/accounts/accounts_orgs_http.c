/*
 * accounts_orgs_http.c: the admin's organisations and account-manager assignments
 *
 * Regions and dealers are created and changed here (HQ exists once);
 * every change is conditional on the row's version and audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_users.h"

#define ORG_COLS \
	"o.id, o.kind, o.code, o.name_zh, o.name_en, o.region_id, " \
	"o.dealer_kind, o.city, o.tier, o.active, o.version, o.approval_limit, " \
	"o.approval_window_hours"
#define MAX_ASSIGN	200

enum stmt {
	STMT_GET, STMT_LIST, STMT_INSERT, STMT_UPDATE, STMT_MANAGER,
	STMT_UNASSIGN, STMT_ASSIGN, STMT_ASSIGNED, STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
	/* STMT_GET */
	"SELECT " ORG_COLS " FROM orgs o WHERE o.id = ?",
	/* STMT_LIST */
	"SELECT " ORG_COLS " FROM orgs o WHERE (? = '' OR o.kind = ?) "
	"AND (? = 0 OR o.region_id = ?) AND o.id > ? ORDER BY o.id LIMIT ?",
	/* STMT_INSERT: a dealer's region must be a region */
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, "
	"dealer_kind, city, tier) SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM DUAL "
	"WHERE ? IS NULL OR EXISTS (SELECT 1 FROM orgs r WHERE r.id = ? AND "
	"r.kind = 'region')",
	/* STMT_UPDATE */
	"UPDATE orgs SET name_zh = COALESCE(?, name_zh), name_en = "
	"COALESCE(?, name_en), city = COALESCE(?, city), tier = "
	"IF(kind = 'dealer', COALESCE(?, tier), tier), active = "
	"COALESCE(?, active), version = version + 1 WHERE id = ? AND "
	"kind <> 'hq' AND (? < 0 OR version = ?)",
	/* STMT_MANAGER: an account manager and its region */
	"SELECT u.org_id FROM users u JOIN orgs o ON o.id = u.org_id "
	"WHERE u.id = ? AND o.kind = 'region' AND "
	"FIND_IN_SET('account_manager', u.roles) > 0 FOR UPDATE",
	/* STMT_UNASSIGN */
	"DELETE FROM manager_dealers WHERE manager_id = ?",
	/* STMT_ASSIGN: only dealers of the manager's region */
	"INSERT INTO manager_dealers (manager_id, dealer_id) SELECT ?, o.id "
	"FROM orgs o WHERE o.id = ? AND o.kind = 'dealer' AND o.region_id = ?",
	/* STMT_ASSIGNED */
	"SELECT dealer_id FROM manager_dealers WHERE manager_id = ? "
	"ORDER BY dealer_id",
};

static cJSON *
org_json(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	(void)ctx;
	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "kind", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "code", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "name_zh", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(j, "name_en", db_col_text(s, 4, NULL));
	if (!db_col_null(s, 5))
		cJSON_AddNumberToObject(j, "region_id",
		    (double)db_col_int(s, 5));
	if (!db_col_null(s, 6))
		cJSON_AddStringToObject(j, "dealer_kind",
		    db_col_text(s, 6, NULL));
	cJSON_AddStringToObject(j, "city", db_col_text(s, 7, NULL));
	if (!db_col_null(s, 8))
		cJSON_AddStringToObject(j, "tier", db_col_text(s, 8, NULL));
	cJSON_AddBoolToObject(j, "active", db_col_int(s, 9) != 0);
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 10));
	/* fen: what a region approves for a dealer within the window's
	 * hours without HQ (approvals/) */
	if (strcmp(db_col_text(s, 1, NULL), "region") == 0) {
		cJSON_AddNumberToObject(j, "approval_limit",
		    (double)db_col_int(s, 11));
		cJSON_AddNumberToObject(j, "approval_window_hours",
		    (double)db_col_int(s, 12));
	}
	return j;
}

static int
org_answer(struct req *r, int status, struct db *db, int64_t id)
{
	struct db_stmt	*s;

	if ((s = db_prepare(db, stmts[STMT_GET])) == NULL ||
	    db_bind_int(s, 0, id) == -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_row_answer(r, s, status, org_json, NULL, "organisation");
}

int
accounts_orgs_get_one(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return org_answer(r, 200, db, http_param_id(r, "id"));
}

/* GET /api/v1/orgs?kind=&region=&after=&limit= */
int
accounts_orgs_list_get(struct req *r)
{
	const char		*kind = http_query(r, "kind"), *q;
	struct http_paging	 pg;
	struct db_stmt		*s;
	struct db		*db;
	int64_t			 region = 0;
	enum org_kind		 k;
	int			 st;

	if (kind != NULL && *kind == '\0')
		kind = NULL;		/* the filter form's "all" */
	if (kind != NULL && org_kind_parse(kind, &k) == -1)
		http_field_error(r, "kind", "hq, region or dealer");
	if ((q = http_query(r, "region")) != NULL && (region = atoll(q)) <= 0)
		http_field_error(r, "region", "a region id");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	kind = kind != NULL ? kind : "";
	if ((s = db_prepare(db, stmts[STMT_LIST])) == NULL ||
	    db_bind_text(s, 0, kind) == -1 || db_bind_text(s, 1, kind) == -1 ||
	    db_bind_int(s, 2, region) == -1 || db_bind_int(s, 3, region) == -1 ||
	    db_bind_int(s, 4, pg.after) == -1 ||
	    db_bind_int(s, 5, pg.limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_paging_answer(r, s, &pg, org_json, NULL);
}

static int
one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static const char *const dealer_kinds[] = { "multinational_chain",
	"domestic_chain", "department_store", "exclusive_store",
	"specialty_store", NULL };
static const char *const tiers[] = { "A", "B", "C", "D", NULL };

/* POST /api/v1/orgs {kind, code, name_zh, name_en, region, dealer_kind, ...} */
int
accounts_orgs_create_post(struct req *r)
{
	const char	*kind, *code, *zh, *en, *dk = NULL, *city = "", *tier = NULL;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 region = 0, id;
	int		 dealer, rc;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "kind", 8, &kind) != 0 ||
	    (strcmp(kind, "region") && strcmp(kind, "dealer")))
		http_field_error(r, "kind", "region or dealer");
	dealer = kind != NULL && strcmp(kind, "dealer") == 0;
	if (json_get_string(r->json, "code", 16, &code) != 0 ||
	    strlen(code) < 2 || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-") != strlen(code))
		http_field_error(r, "code", "2 to 16 of A-Z, 0-9, dash");
	if (json_get_string(r->json, "name_zh", 200, &zh) != 0 || !*zh)
		http_field_error(r, "name_zh", "1 to 200 characters");
	if (json_get_string(r->json, "name_en", 200, &en) != 0 || !*en)
		http_field_error(r, "name_en", "1 to 200 characters");
	if (json_get_string(r->json, "city", 100, &city) == -1)
		http_field_error(r, "city", "at most 100 characters");
	if (dealer && json_get_int(r->json, "region", 1, INT64_C(1) << 52,
	    &region) != 0)
		http_field_error(r, "region", "the dealer's region id");
	if (dealer && (json_get_string(r->json, "dealer_kind", 32, &dk) != 0 ||
	    !one_of(dk, dealer_kinds)))
		http_field_error(r, "dealer_kind", "one of the five kinds");
	if (dealer && (json_get_string(r->json, "tier", 1, &tier) != 0 ||
	    !one_of(tier, tiers)))
		http_field_error(r, "tier", "A, B, C or D");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	rc = -1;
	if ((s = db_prepare(db, stmts[STMT_INSERT])) != NULL &&
	    db_bind_text(s, 0, kind) == 0 && db_bind_text(s, 1, code) == 0 &&
	    db_bind_text(s, 2, zh) == 0 && db_bind_text(s, 3, en) == 0 &&
	    (dealer ? db_bind_int(s, 4, region) : db_bind_null(s, 4)) == 0 &&
	    db_bind_text(s, 5, dk) == 0 &&
	    db_bind_text(s, 6, city != NULL ? city : "") == 0 &&
	    db_bind_text(s, 7, tier) == 0 &&
	    (dealer ? db_bind_int(s, 8, region) : db_bind_null(s, 8)) == 0 &&
	    (dealer ? db_bind_int(s, 9, region) : db_bind_null(s, 9)) == 0) {
		if (db_exec(s) == 0)
			rc = db_affected(s) == 1 ? 0 : 1;
		else if (db_is_duplicate(db))
			rc = 2;
	}
	id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	if (rc == 0 && (audit_write(db, &r->who, "org_create", "org", id,
	    r->json) == -1 || db_commit(db) == -1))
		rc = -1;
	if (rc != 0) {
		db_rollback(db);
		if (rc == 1) {
			http_field_error(r, "region", "no such region");
			return http_error(r, 422, "validation_failed",
			    "check the fields");
		}
		if (rc == 2) {
			http_field_error(r, "code", "taken");
			return http_error(r, 409, "conflict",
			    "the code is taken");
		}
		return 500;
	}
	return org_answer(r, 201, db, id);
}

/* PATCH /api/v1/orgs/{id} {name_zh, name_en, city, tier, active, version} */
int
accounts_orgs_patch(struct req *r)
{
	const char	*zh = NULL, *en = NULL, *city = NULL, *tier = NULL;
	const cJSON	*act;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 id = http_param_id(r, "id"), version = -1;
	int		 rc = -1;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "name_zh", 200, &zh) == -1 ||
	    (zh != NULL && *zh == '\0'))
		http_field_error(r, "name_zh", "1 to 200 characters");
	if (json_get_string(r->json, "name_en", 200, &en) == -1 ||
	    (en != NULL && *en == '\0'))
		http_field_error(r, "name_en", "1 to 200 characters");
	if (json_get_string(r->json, "city", 100, &city) == -1)
		http_field_error(r, "city", "at most 100 characters");
	if (json_get_string(r->json, "tier", 1, &tier) == -1 ||
	    (tier != NULL && !one_of(tier, tiers)))
		http_field_error(r, "tier", "A, B, C or D");
	act = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	if (act != NULL && !cJSON_IsBool(act))
		http_field_error(r, "active", "true or false");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	if ((s = db_prepare(db, stmts[STMT_UPDATE])) != NULL &&
	    db_bind_text(s, 0, zh) == 0 && db_bind_text(s, 1, en) == 0 &&
	    db_bind_text(s, 2, city) == 0 && db_bind_text(s, 3, tier) == 0 &&
	    (act != NULL ? db_bind_int(s, 4, cJSON_IsTrue(act)) :
	    db_bind_null(s, 4)) == 0 && db_bind_int(s, 5, id) == 0 &&
	    db_bind_int(s, 6, version) == 0 &&
	    db_bind_int(s, 7, version) == 0 && db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	if (rc == 0 && (audit_write(db, &r->who, "org_update", "org", id,
	    r->json) == -1 || db_commit(db) == -1))
		rc = -1;
	if (rc != 0) {
		db_rollback(db);
		if (rc == -1)
			return 500;
		/* not there (or HQ), or another version: tell which */
		if (org_answer(r, 200, db, id) == 200 && version >= 0)
			return http_error(r, 409, "conflict",
			    "the organisation was changed meanwhile; reload");
		return http_error(r, 404, "not_found", "no such organisation");
	}
	return org_answer(r, 200, db, id);
}

/* The dealers assigned to an account manager, as a JSON answer. */
static int
assigned_answer(struct req *r, struct db *db, int64_t manager)
{
	struct db_stmt	*s;
	cJSON		*j, *a;
	int		 rc;

	if ((s = db_prepare(db, stmts[STMT_ASSIGNED])) == NULL ||
	    db_bind_int(s, 0, manager) == -1) {
		db_stmt_release(s);
		return 500;
	}
	j = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(j, "dealers");
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(
		    (double)db_col_int(s, 0)));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

int
accounts_orgs_assignments_get(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return assigned_answer(r, db, http_param_id(r, "id"));
}

/* PUT /api/v1/users/{id}/dealers {"dealers":[id, ...]}: replaces all. */
int
accounts_orgs_assignments_put(struct req *r)
{
	const cJSON	*list, *it;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 manager = http_param_id(r, "id"), region;
	int		 n = DB_ERROR, bad = 0;

	list = cJSON_GetObjectItemCaseSensitive(r->json, "dealers");
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > MAX_ASSIGN) {
		http_field_error(r, "dealers", "a list of at most 200 dealer ids");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	if ((s = db_prepare(db, stmts[STMT_MANAGER])) == NULL ||
	    db_bind_int(s, 0, manager) == -1 || (n = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		db_rollback(db);
		return n == DB_DONE ? http_error(r, 404, "not_found",
		    "no such account manager") : 500;
	}
	n = 0;
	region = db_col_int(s, 0);
	db_stmt_release(s);
	if ((s = db_prepare(db, stmts[STMT_UNASSIGN])) == NULL ||
	    db_bind_int(s, 0, manager) == -1 || db_exec(s) == -1)
		bad = -1;
	db_stmt_release(s);
	cJSON_ArrayForEach(it, list) {
		if (bad)
			break;
		if (!cJSON_IsNumber(it) || it->valuedouble < 1 ||
		    it->valuedouble >= 9007199254740992.0 ||
		    it->valuedouble != (double)(int64_t)it->valuedouble) {
			bad = 1;	/* whole numbers only */
			break;
		}
		if ((s = db_prepare(db, stmts[STMT_ASSIGN])) == NULL ||
		    db_bind_int(s, 0, manager) == -1 ||
		    db_bind_int(s, 1, (int64_t)it->valuedouble) == -1 ||
		    db_bind_int(s, 2, region) == -1 || db_exec(s) == -1)
			bad = db_is_duplicate(db) ? 1 : -1;
		else if (db_affected(s) != 1)
			bad = 1;	/* not a dealer of that region */
		db_stmt_release(s);
		n++;
	}
	if (bad == 0 && (audit_write(db, &r->who, "assign_dealers", "user",
	    manager, r->json) == -1 || db_commit(db) == -1))
		bad = -1;
	if (bad != 0) {
		db_rollback(db);
		if (bad == -1)
			return 500;
		http_field_error(r, "dealers", "dealers of the manager's region, "
		    "each once");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	return assigned_answer(r, db, manager);
}
