/*
 * accounts_orgs_db.c: SQL of organisations and account managers' dealers
 *
 * The statements of organisations; the operations that use them are
 * accounts_orgs_ops.c's.  A dealer's chain is kept twice: orgs.chain_id,
 * and each of its orders' chain_id (migration 0048, for the chain's list
 * index); accounts_orgs_set_chain() writes both in the caller's
 * transaction.  An order placed meanwhile on this server waits for it:
 * its INSERT ... SELECT reads the dealer's row with a shared lock.
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "../http/http.h"
#include "accounts_orgs.h"

#define ORG_COLS \
	"o.id, o.kind, o.code, o.name_zh, o.name_en, o.region_id, " \
	"o.dealer_kind, o.city, o.tier, o.active, o.version, o.approval_limit, " \
	"o.approval_window_hours, o.chain_id"

static const char sql_get[] =
	"SELECT " ORG_COLS " FROM orgs o WHERE o.id = ?";
static const char sql_list[] =
	"SELECT " ORG_COLS " FROM orgs o WHERE (? = '' OR o.kind = ?) "
	"AND (? = 0 OR o.region_id = ?) AND (? = 0 OR o.chain_id = ?) "
	"AND o.id > ? ORDER BY o.id LIMIT ?";
static const char sql_kind[] =
	"SELECT kind, active FROM orgs WHERE id = ?";
/* a dealer's region must be a region, its chain an active chain */
static const char sql_insert[] =
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, "
	"chain_id, dealer_kind, city, tier) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? "
	"FROM DUAL WHERE (? IS NULL OR EXISTS (SELECT 1 FROM orgs r WHERE "
	"r.id = ? AND r.kind = 'region')) AND (? IS NULL OR EXISTS (SELECT 1 "
	"FROM orgs c WHERE c.id = ? AND c.kind = 'chain' AND c.active = 1))";
/* a dealer joins (or leaves, NULL) a chain: its row, then its orders */
static const char sql_set_chain[] =
	"UPDATE orgs SET chain_id = ? WHERE id = ? AND kind = 'dealer'";
static const char sql_orders_chain[] =
	"UPDATE orders SET chain_id = ? WHERE dealer_id = ? AND "
	"NOT (chain_id <=> ?)";
static const char sql_returns_chain[] =
	"UPDATE returns SET chain_id = ? WHERE dealer_id = ? AND "
	"NOT (chain_id <=> ?)";
/* the row a change is about to make, locked: itself, no parent joined */
static const char sql_was[] =
	"SELECT name_zh, name_en, city, COALESCE(tier, ''), active, "
	"COALESCE(chain_id, 0), version FROM orgs WHERE id = ? AND "
	"kind <> 'hq' FOR UPDATE";
static const char sql_update[] =
	"UPDATE orgs SET name_zh = COALESCE(?, name_zh), name_en = "
	"COALESCE(?, name_en), city = COALESCE(?, city), tier = "
	"IF(kind = 'dealer', COALESCE(?, tier), tier), active = "
	"COALESCE(?, active), version = version + 1 WHERE id = ? AND "
	"kind <> 'hq' AND (? < 0 OR version = ?)";
/*
 * An account manager and its region.  The user's row is locked, the
 * organisation's only read (a subquery's rows are not locked): every
 * order of the region checks that row as its parent.
 */
static const char sql_manager[] =
	"SELECT u.org_id FROM users u WHERE u.id = ? AND u.org_id IN "
	"(SELECT o.id FROM orgs o WHERE o.kind = 'region') AND "
	"FIND_IN_SET('account_manager', u.roles) > 0 FOR UPDATE";
static const char sql_unassign[] =
	"DELETE FROM manager_dealers WHERE manager_id = ?";
/* only dealers of the manager's region */
static const char sql_assign[] =
	"INSERT INTO manager_dealers (manager_id, dealer_id) SELECT ?, o.id "
	"FROM orgs o WHERE o.id = ? AND o.kind = 'dealer' AND o.region_id = ?";
/* HQ's key-account staff and the chains assigned to them */
static const char sql_key_account[] =
	"SELECT u.id FROM users u WHERE u.id = ? AND u.org_id IN (SELECT "
	"o.id FROM orgs o WHERE o.kind = 'hq') AND "
	"FIND_IN_SET('hq_key_account', u.roles) > 0 FOR UPDATE";
static const char sql_chains_clear[] =
	"DELETE FROM key_account_chains WHERE user_id = ?";
static const char sql_chain_assign[] =
	"INSERT INTO key_account_chains (user_id, chain_id) SELECT ?, c.id "
	"FROM orgs c WHERE c.id = ? AND c.kind = 'chain'";
static const char sql_chains_assigned[] =
	"SELECT chain_id FROM key_account_chains WHERE user_id = ? "
	"ORDER BY chain_id";
static const char sql_assigned[] =
	"SELECT dealer_id FROM manager_dealers WHERE manager_id = ? "
	"ORDER BY dealer_id";

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
	if (!db_col_null(s, 13))
		cJSON_AddNumberToObject(j, "chain_id",
		    (double)db_col_int(s, 13));
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
 * A page of the organisations that pass the filter, after the id after:
 * {"items", "next_cursor"} into *out.  0, or -1 on error.
 */
int
accounts_orgs_list(struct db *db, const struct accounts_org_filter *fl,
    int64_t after, int limit, cJSON **out)
{
	struct db_stmt	*s;

	*out = NULL;
	if ((s = db_preparef(db, sql_list, "ssiiiiii", fl->kind, fl->kind,
	    fl->region, fl->region, fl->chain, fl->chain, after,
	    (int64_t)limit + 1)) == NULL) {
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

/* An id, or NULL for one below 1. */
static int
bind_id(struct db_stmt *s, int i, int64_t id)
{
	return id > 0 ? db_bind_int(s, i, id) : db_bind_null(s, i);
}

/*
 * Insert a new organisation (a dealer's region must be a region, its
 * chain a chain): 0 and *id; 1 if there is no such region or chain, 2 if
 * the code is taken, -1.
 */
int
accounts_orgs_insert(struct db *db, const struct accounts_org_new *o,
    int dealer, int64_t *id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_insert)) != NULL &&
	    db_bind_text(s, 0, o->kind) == 0 &&
	    db_bind_text(s, 1, o->code) == 0 &&
	    db_bind_text(s, 2, o->name_zh) == 0 &&
	    db_bind_text(s, 3, o->name_en) == 0 &&
	    bind_id(s, 4, dealer ? o->region : 0) == 0 &&
	    bind_id(s, 5, dealer ? o->chain : 0) == 0 &&
	    db_bind_text(s, 6, dealer ? o->dealer_kind : NULL) == 0 &&
	    db_bind_text(s, 7, o->city != NULL ? o->city : "") == 0 &&
	    db_bind_text(s, 8, dealer ? o->tier : NULL) == 0 &&
	    bind_id(s, 9, dealer ? o->region : 0) == 0 &&
	    bind_id(s, 10, dealer ? o->region : 0) == 0 &&
	    bind_id(s, 11, dealer ? o->chain : 0) == 0 &&
	    bind_id(s, 12, dealer ? o->chain : 0) == 0) {
		if (db_exec(s) == 0)
			rc = db_affected(s) == 1 ? 0 : 1;
		else if (db_is_duplicate(db))
			rc = 2;
	}
	*id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	return rc;
}

/* Apply c to id (not HQ) if at c->version: 0, 1 if no row matched, -1. */
int
accounts_orgs_update_row(struct db *db, int64_t id,
    const struct accounts_org_change *c)
{
	struct db_stmt	*s;
	int		 rc = -1;

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
	if (rc == 0 && c->active >= 0)	/* its users may no longer sign in */
		changes_local("org", id);
	if (rc == 0)			/* the names lists show */
		changes_local("org_name", id);
	if (rc == 0 && c->tier != NULL)	/* its orders' promotions */
		changes_local("tier", id);
	return rc;
}

/*
 * Organisation id (not HQ) as it is, locked for the change the caller's
 * transaction makes next: 0, 1 if there is none, -1.
 */
int
accounts_orgs_was(struct db *db, int64_t id, struct accounts_org_was *w)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	memset(w, 0, sizeof(*w));
	if ((s = db_preparef(db, sql_was, "i", id)) != NULL &&
	    (r = db_step(s)) != DB_ERROR) {
		rc = r == DB_ROW ? 0 : 1;
		if (rc == 0) {
			db_col_copy(s, 0, w->name_zh, sizeof(w->name_zh));
			db_col_copy(s, 1, w->name_en, sizeof(w->name_en));
			db_col_copy(s, 2, w->city, sizeof(w->city));
			db_col_copy(s, 3, w->tier, sizeof(w->tier));
			w->active = (int)db_col_int(s, 4);
			w->chain = db_col_int(s, 5);
			w->version = db_col_int(s, 6);
		}
	}
	db_stmt_release(s);
	return rc;
}

/*
 * The kind of organisation id into kind: 0, or 1 if there is none (or it
 * is not active), -1.
 */
int
accounts_orgs_kind(struct db *db, int64_t id, char *kind, size_t size)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	*kind = '\0';
	if ((s = db_preparef(db, sql_kind, "i", id)) != NULL &&
	    (r = db_step(s)) != DB_ERROR) {
		rc = r == DB_ROW && db_col_int(s, 1) == 1 ? 0 : 1;
		if (rc == 0)
			snprintf(kind, size, "%s", db_col_text(s, 0, NULL));
	}
	db_stmt_release(s);
	return rc;
}

/*
 * Dealer id joins chain (0: leaves its chain), its orders with it, in the
 * caller's transaction: 0, or -1.
 */
int
accounts_orgs_set_chain(struct db *db, int64_t id, int64_t chain)
{
	struct db_stmt	*s;
	int		 ok, k;

	s = db_prepare(db, sql_set_chain);
	ok = s != NULL && bind_id(s, 0, chain) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	if (!ok)
		return -1;
	/* its orders, and its returns (migration 0056), scoped as it is */
	for (k = 0; ok && k < 2; k++) {
		s = db_prepare(db, k == 0 ? sql_orders_chain :
		    sql_returns_chain);
		ok = s != NULL && bind_id(s, 0, chain) == 0 &&
		    db_bind_int(s, 1, id) == 0 && bind_id(s, 2, chain) == 0 &&
		    db_exec(s) == 0;
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}

/*
 * An account manager's region, its row locked: 0 and *region, 1 if it is
 * no account manager of a region, -1.
 */
int
accounts_orgs_manager_region(struct db *db, int64_t manager, int64_t *region)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	if ((s = db_prepare(db, sql_manager)) != NULL &&
	    db_bind_int(s, 0, manager) == 0 && (r = db_step(s)) != DB_ERROR) {
		rc = r == DB_ROW ? 0 : 1;
		if (r == DB_ROW)
			*region = db_col_int(s, 0);
	}
	db_stmt_release(s);
	return rc;
}

/* Take every dealer from a manager: 0, or -1. */
int
accounts_orgs_unassign(struct db *db, int64_t manager)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_unassign)) != NULL &&
	    db_bind_int(s, 0, manager) == 0 && db_exec(s) == 0)
		rc = 0;
	db_stmt_release(s);
	return rc;
}

/* The ids sql reads for key as {name: [id, ...]} into *out: 0, or -1. */
static int
ids_json(struct db *db, const char *sql, int64_t key, const char *name,
    cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*a;
	int		 rc;

	*out = NULL;
	if ((s = db_preparef(db, sql, "i", key)) == NULL)
		return -1;
	*out = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(*out, name);
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

/* The dealers assigned to an account manager: {"dealers":[id, ...]}. */
int
accounts_orgs_assigned(struct db *db, int64_t manager, cJSON **out)
{
	return ids_json(db, sql_assigned, manager, "dealers", out);
}

/* Assign one dealer inside the transaction: 0, 1 if it may not be, -1. */
int
accounts_orgs_assign_one(struct db *db, int64_t manager, int64_t dealer,
    int64_t region)
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
 * Replace the chains of HQ key-account person user with the n in chains,
 * in a transaction of the caller: 0; 1 no such person; 2 a chain that is
 * none (or twice); -1.
 */
int
accounts_orgs_assign_chains(struct db *db, int64_t user,
    const int64_t *chains, int n)
{
	struct db_stmt	*s;
	int		 i, r;

	if ((s = db_preparef(db, sql_key_account, "i", user)) == NULL ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	if (r != DB_ROW)
		return 1;
	if (db_execv(db, sql_chains_clear, NULL, "i", user) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (chains[i] < 1)
			return 2;
		if ((r = db_execv(db, sql_chain_assign, NULL, "ii", user,
		    chains[i])) == -1)
			return db_is_duplicate(db) ? 2 : -1;
		if (r != 1)
			return 2;
	}
	return 0;
}

/* The chains assigned to a key-account person: {"chains":[id, ...]}. */
int
accounts_orgs_chains_assigned(struct db *db, int64_t user, cJSON **out)
{
	return ids_json(db, sql_chains_assigned, user, "chains", out);
}
