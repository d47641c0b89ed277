/*
 * accounts_orgs_db.c: organisations and account managers' dealers
 *
 * Regions and dealers are created and changed here (HQ exists once);
 * every change is conditional on the row's version and audited.  Both
 * doors (the JSON API and the admin's pages) call these.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_orgs.h"

#define ORG_COLS \
	"o.id, o.kind, o.code, o.name_zh, o.name_en, o.region_id, " \
	"o.dealer_kind, o.city, o.tier, o.active, o.version, o.approval_limit, " \
	"o.approval_window_hours"

static const char sql_get[] =
	"SELECT " ORG_COLS " FROM orgs o WHERE o.id = ?";
static const char sql_list[] =
	"SELECT " ORG_COLS " FROM orgs o WHERE (? = '' OR o.kind = ?) "
	"AND (? = 0 OR o.region_id = ?) AND o.id > ? ORDER BY o.id LIMIT ?";
/* a dealer's region must be a region */
static const char sql_insert[] =
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, "
	"dealer_kind, city, tier) SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM DUAL "
	"WHERE ? IS NULL OR EXISTS (SELECT 1 FROM orgs r WHERE r.id = ? AND "
	"r.kind = 'region')";
static const char sql_update[] =
	"UPDATE orgs SET name_zh = COALESCE(?, name_zh), name_en = "
	"COALESCE(?, name_en), city = COALESCE(?, city), tier = "
	"IF(kind = 'dealer', COALESCE(?, tier), tier), active = "
	"COALESCE(?, active), version = version + 1 WHERE id = ? AND "
	"kind <> 'hq' AND (? < 0 OR version = ?)";
/* an account manager and its region */
static const char sql_manager[] =
	"SELECT u.org_id FROM users u JOIN orgs o ON o.id = u.org_id "
	"WHERE u.id = ? AND o.kind = 'region' AND "
	"FIND_IN_SET('account_manager', u.roles) > 0 FOR UPDATE";
static const char sql_unassign[] =
	"DELETE FROM manager_dealers WHERE manager_id = ?";
/* only dealers of the manager's region */
static const char sql_assign[] =
	"INSERT INTO manager_dealers (manager_id, dealer_id) SELECT ?, o.id "
	"FROM orgs o WHERE o.id = ? AND o.kind = 'dealer' AND o.region_id = ?";
static const char sql_assigned[] =
	"SELECT dealer_id FROM manager_dealers WHERE manager_id = ? "
	"ORDER BY dealer_id";

static const char *const dealer_kinds[] = { "multinational_chain",
	"domestic_chain", "department_store", "exclusive_store",
	"specialty_store", NULL };
static const char *const tiers[] = { "A", "B", "C", "D", NULL };

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

/*
 * One organisation as the API shows it (untranslated: the page draws its
 * form from the same): 200 and *out, 404, or 500.
 */
int
accounts_orgs_read(struct db *db, int64_t id, cJSON **out, struct fault *f)
{
	struct db_stmt	*s;
	int		 rc;

	*out = NULL;
	if ((s = db_prepare(db, sql_get)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW)
		*out = org_json(s, NULL);
	db_stmt_release(s);
	if (*out == NULL)
		return fault_set(f, 404, "not_found", "no such organisation");
	return 200;
}

/*
 * A page of organisations of kind ("" any) in region (0 any) after the
 * id after: {"items", "next_cursor"} into *out.  0, or -1 on error.
 */
int
accounts_orgs_list(struct db *db, const char *kind, int64_t region,
    int64_t after, int limit, cJSON **out)
{
	struct db_stmt	*s;

	*out = NULL;
	if ((s = db_prepare(db, sql_list)) == NULL ||
	    db_bind_text(s, 0, kind) == -1 || db_bind_text(s, 1, kind) == -1 ||
	    db_bind_int(s, 2, region) == -1 || db_bind_int(s, 3, region) == -1 ||
	    db_bind_int(s, 4, after) == -1 ||
	    db_bind_int(s, 5, limit + 1) == -1) {
		db_stmt_release(s);
		return -1;
	}
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, limit, *out, org_json, NULL,
	    http_cursor_id) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

static int
one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* A name of 1 to 200 bytes (NULL when optional is fine). */
static void
check_name(struct fault *f, const char *field, const char *v, int optional)
{
	if (v == NULL ? !optional : (*v == '\0' || strlen(v) > 200))
		fault_field(f, field, "1 to 200 characters");
}

static void
check_new(const struct accounts_org_new *o, struct fault *f)
{
	int	 dealer = o->kind != NULL && strcmp(o->kind, "dealer") == 0;

	if (!dealer && (o->kind == NULL || strcmp(o->kind, "region") != 0))
		fault_field(f, "kind", "region or dealer");
	if (o->code == NULL || strlen(o->code) < 2 || strlen(o->code) > 16 ||
	    strspn(o->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
	    strlen(o->code))
		fault_field(f, "code", "2 to 16 of A-Z, 0-9, dash");
	check_name(f, "name_zh", o->name_zh, 0);
	check_name(f, "name_en", o->name_en, 0);
	if (o->city != NULL && strlen(o->city) > 100)
		fault_field(f, "city", "at most 100 characters");
	if (dealer && (o->region < 1 || o->region > INT64_C(1) << 52))
		fault_field(f, "region", "the dealer's region id");
	if (dealer && !one_of(o->dealer_kind, dealer_kinds))
		fault_field(f, "dealer_kind", "one of the five kinds");
	if (dealer && !one_of(o->tier, tiers))
		fault_field(f, "tier", "A, B, C or D");
}

/* What the audit log keeps of a new organisation. */
static cJSON *
new_details(const struct accounts_org_new *o, int dealer)
{
	cJSON	*d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "kind", o->kind);
	cJSON_AddStringToObject(d, "code", o->code);
	cJSON_AddStringToObject(d, "name_zh", o->name_zh);
	cJSON_AddStringToObject(d, "name_en", o->name_en);
	cJSON_AddStringToObject(d, "city", o->city != NULL ? o->city : "");
	if (dealer) {
		cJSON_AddNumberToObject(d, "region", (double)o->region);
		cJSON_AddStringToObject(d, "dealer_kind", o->dealer_kind);
		cJSON_AddStringToObject(d, "tier", o->tier);
	}
	return d;
}

/*
 * A new region or dealer: 201 and *id; 422 (a field, or no such region),
 * 409 (the code is taken), 500, 503.  Field messages already in f (the
 * JSON door's type checks) make it a 422 too.
 */
int
accounts_orgs_create(struct db *db, const struct principal *who,
    const struct accounts_org_new *o, int64_t *id, struct fault *f)
{
	struct db_stmt	*s;
	cJSON		*d;
	int		 dealer, rc;

	check_new(o, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	dealer = strcmp(o->kind, "dealer") == 0;
	if (db_begin(db) == -1)
		return 503;
	rc = -1;
	if ((s = db_prepare(db, sql_insert)) != NULL &&
	    db_bind_text(s, 0, o->kind) == 0 &&
	    db_bind_text(s, 1, o->code) == 0 &&
	    db_bind_text(s, 2, o->name_zh) == 0 &&
	    db_bind_text(s, 3, o->name_en) == 0 &&
	    (dealer ? db_bind_int(s, 4, o->region) : db_bind_null(s, 4)) == 0 &&
	    db_bind_text(s, 5, dealer ? o->dealer_kind : NULL) == 0 &&
	    db_bind_text(s, 6, o->city != NULL ? o->city : "") == 0 &&
	    db_bind_text(s, 7, dealer ? o->tier : NULL) == 0 &&
	    (dealer ? db_bind_int(s, 8, o->region) : db_bind_null(s, 8)) == 0 &&
	    (dealer ? db_bind_int(s, 9, o->region) : db_bind_null(s, 9)) == 0) {
		if (db_exec(s) == 0)
			rc = db_affected(s) == 1 ? 0 : 1;
		else if (db_is_duplicate(db))
			rc = 2;
	}
	*id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	d = new_details(o, dealer);
	if (rc == 0 && (audit_write(db, who, "org_create", "org", *id, d) ==
	    -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 201;
	db_rollback(db);
	if (rc == 1) {
		fault_field(f, "region", "no such region");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (rc == 2) {
		fault_field(f, "code", "taken");
		return fault_set(f, 409, "conflict", "the code is taken");
	}
	return 500;
}

/* What the audit log keeps of a change. */
static cJSON *
change_details(const struct accounts_org_change *c)
{
	cJSON	*d = cJSON_CreateObject();

	if (c->name_zh != NULL)
		cJSON_AddStringToObject(d, "name_zh", c->name_zh);
	if (c->name_en != NULL)
		cJSON_AddStringToObject(d, "name_en", c->name_en);
	if (c->city != NULL)
		cJSON_AddStringToObject(d, "city", c->city);
	if (c->tier != NULL)
		cJSON_AddStringToObject(d, "tier", c->tier);
	if (c->active >= 0)
		cJSON_AddBoolToObject(d, "active", c->active);
	if (c->version >= 0)
		cJSON_AddNumberToObject(d, "version", (double)c->version);
	return d;
}

/*
 * Change an organisation (not HQ) if it is still at c->version: 200;
 * 404, 409 (changed meanwhile), 422, 500, 503.
 */
int
accounts_orgs_update(struct db *db, const struct principal *who, int64_t id,
    const struct accounts_org_change *c, struct fault *f)
{
	struct db_stmt	*s;
	cJSON		*d;
	int		 rc = -1;

	check_name(f, "name_zh", c->name_zh, 1);
	check_name(f, "name_en", c->name_en, 1);
	if (c->city != NULL && strlen(c->city) > 100)
		fault_field(f, "city", "at most 100 characters");
	if (c->tier != NULL && !one_of(c->tier, tiers))
		fault_field(f, "tier", "A, B, C or D");
	if (c->version != -1 && (c->version < 1 || c->version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	if ((s = db_prepare(db, sql_update)) != NULL &&
	    db_bind_text(s, 0, c->name_zh) == 0 &&
	    db_bind_text(s, 1, c->name_en) == 0 &&
	    db_bind_text(s, 2, c->city) == 0 &&
	    db_bind_text(s, 3, c->tier) == 0 &&
	    (c->active >= 0 ? db_bind_int(s, 4, c->active) :
	    db_bind_null(s, 4)) == 0 && db_bind_int(s, 5, id) == 0 &&
	    db_bind_int(s, 6, c->version) == 0 &&
	    db_bind_int(s, 7, c->version) == 0 && db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	d = change_details(c);
	if (rc == 0 && (audit_write(db, who, "org_update", "org", id, d) ==
	    -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 200;
	db_rollback(db);
	if (rc == -1)
		return 500;
	/* not there (or HQ), or another version: tell which */
	if (accounts_orgs_read(db, id, &d, f) == 200 && c->version >= 0) {
		cJSON_Delete(d);
		return fault_set(f, 409, "conflict",
		    "the organisation was changed meanwhile; reload");
	}
	cJSON_Delete(d);
	fault_clear(f);
	return fault_set(f, 404, "not_found", "no such organisation");
}

/* The dealers assigned to an account manager: {"dealers":[id, ...]}. */
int
accounts_orgs_assigned(struct db *db, int64_t manager, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*a;
	int		 rc;

	*out = NULL;
	if ((s = db_prepare(db, sql_assigned)) == NULL ||
	    db_bind_int(s, 0, manager) == -1) {
		db_stmt_release(s);
		return -1;
	}
	*out = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(*out, "dealers");
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(
		    (double)db_col_int(s, 0)));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Assign one dealer inside the transaction: 0, 1 if it may not be, -1. */
static int
assign_one(struct db *db, int64_t manager, int64_t dealer, int64_t region)
{
	struct db_stmt	*s;
	int		 rc = 0;

	if (dealer < 1)
		return 1;	/* whole numbers only */
	if ((s = db_prepare(db, sql_assign)) == NULL ||
	    db_bind_int(s, 0, manager) == -1 ||
	    db_bind_int(s, 1, dealer) == -1 ||
	    db_bind_int(s, 2, region) == -1 || db_exec(s) == -1)
		rc = db_is_duplicate(db) ? 1 : -1;
	else if (db_affected(s) != 1)
		rc = 1;		/* not a dealer of that region */
	db_stmt_release(s);
	return rc;
}

/*
 * Replace an account manager's dealers with the n in dealers (an id < 1
 * is a bad one): 200; 404 (no such manager), 422, 500, 503.
 */
int
accounts_orgs_assign(struct db *db, const struct principal *who,
    int64_t manager, const int64_t *dealers, int n, struct fault *f)
{
	struct db_stmt	*s;
	int64_t		 region;
	cJSON		*d;
	int		 i, rc = DB_ERROR, bad = 0;

	if (db_begin(db) == -1)
		return 503;
	if ((s = db_prepare(db, sql_manager)) == NULL ||
	    db_bind_int(s, 0, manager) == -1 || (rc = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		db_rollback(db);
		return rc == DB_DONE ? fault_set(f, 404, "not_found",
		    "no such account manager") : 500;
	}
	region = db_col_int(s, 0);
	db_stmt_release(s);
	if ((s = db_prepare(db, sql_unassign)) == NULL ||
	    db_bind_int(s, 0, manager) == -1 || db_exec(s) == -1)
		bad = -1;
	db_stmt_release(s);
	for (i = 0; i < n && bad == 0; i++)
		bad = assign_one(db, manager, dealers[i], region);
	d = cJSON_CreateObject();
	cJSON_AddItemToObject(d, "dealers", cJSON_CreateArray());
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(cJSON_GetObjectItem(d, "dealers"),
		    cJSON_CreateNumber((double)dealers[i]));
	if (bad == 0 && (audit_write(db, who, "assign_dealers", "user",
	    manager, d) == -1 || db_commit(db) == -1))
		bad = -1;
	cJSON_Delete(d);
	if (bad == 0)
		return 200;
	db_rollback(db);
	if (bad == -1)
		return 500;
	fault_field(f, "dealers", "dealers of the manager's region, each once");
	return fault_set(f, 422, "validation_failed", "check the fields");
}
