/*
 * approvals_limits_db.c: the credit position of the dealers, and the two
 * limits (a dealer's credit limit, a region's approval limit): reading
 * them within the caller's scope and changing them, audited with the
 * value before and after.  The API (approvals_limits_http.c) and the
 * finance clerk's pages (approvals_credit_pages.c) both come here.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "approvals.h"

/* Dealers with their positions, in one variant per scope path. */
#define CREDITS_SQL(owner) \
	"SELECT o.id, o.code, o.name_zh, o.name_en, o.tier, " \
	"COALESCE(c.credit_limit, 0), COALESCE(c.version, 0), " \
	"COALESCE((SELECT SUM(amount) FROM ledger_entries l WHERE " \
	"l.dealer_id = o.id), 0), COALESCE((SELECT " CREDIT_OPEN_VALUE("x") \
	" FROM orders x " \
	"WHERE x.dealer_id = o.id AND x.status IN " CREDIT_OPEN_STATUSES \
	"), 0) FROM orgs o LEFT JOIN dealer_credit c ON " \
	"c.dealer_id = o.id WHERE " owner " AND o.kind = 'dealer' AND " \
	"o.id > ? ORDER BY o.id LIMIT ?"

static const char *const sql_credits[] = {
	CREDITS_SQL(SCOPE_ORG_ALL("o")),
	CREDITS_SQL(SCOPE_ORG_REGION("o")),
	CREDITS_SQL(SCOPE_ORG_DEALER("o")),
	CREDITS_SQL(SCOPE_ORG_MANAGER("o")),
	CREDITS_SQL(SCOPE_ORG_CHAIN("o")),
};
SCOPE_PATHS_ALL(sql_credits);

static cJSON *
credit_row(struct db_stmt *s, void *ctx)
{
	const char	*lang = ctx;
	struct credit	 c;
	cJSON		*j = cJSON_CreateObject(), *d;

	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(d, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(d, "name", db_col_text(s,
	    strcmp(lang, "en") == 0 ? 3 : 2, NULL));
	cJSON_AddStringToObject(d, "tier", db_col_text(s, 4, NULL));
	c.limit = db_col_int(s, 5);
	c.version = db_col_int(s, 6);
	c.balance = db_col_int(s, 7);
	c.open = db_col_int(s, 8);
	approvals_credit_json(j, &c, 0);
	return j;
}

/*
 * A page of the dealers who may read, by id after the cursor, with their
 * positions: 200 with *out ({items, next_cursor}), or the refusal (field
 * errors already in f, the paging's, refuse).
 */
int
approvals_credits_read(struct db *db, const struct principal *who,
    int64_t after, int limit, const char *lang, struct fault *f, cJSON **out)
{
	struct scope		 sc;
	struct db_stmt		*s;
	int64_t			 key;

	*out = NULL;
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	scope_read(who, &sc);
	if ((s = db_prepare(db, sql_credits[scope_path(&sc, &key)])) == NULL ||
	    db_bind_int(s, 0, key) == -1 || db_bind_int(s, 1, after) == -1 ||
	    db_bind_int(s, 2, limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, limit, *out, credit_row, (void *)lang,
	    http_cursor_id) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}

static const char sql_dealer[] =
	"SELECT code, name_zh, name_en, tier FROM orgs WHERE id = ?";

/* {id, code, name, tier} of dealer as j's "dealer": 0, or -1. */
int
approvals_credit_dealer(struct db *db, int64_t dealer, const char *lang,
    cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*d;

	if ((s = db_prepare(db, sql_dealer)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)dealer);
	cJSON_AddStringToObject(d, "code", db_col_text(s, 0, NULL));
	cJSON_AddStringToObject(d, "name", db_col_text(s,
	    strcmp(lang, "en") == 0 ? 2 : 1, NULL));
	cJSON_AddStringToObject(d, "tier", db_col_text(s, 3, NULL));
	db_stmt_release(s);
	return 0;
}

/* {dealer: {id, code, name, tier}, the position}: 200 with *out, or 500. */
int
approvals_credit_position(struct db *db, int64_t dealer, const char *lang, cJSON **out)
{
	struct credit	 c;

	if (approvals_credit_read(db, dealer, 0, &c) == -1)
		return 500;
	*out = cJSON_CreateObject();
	if (approvals_credit_dealer(db, dealer, lang, *out) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	approvals_credit_json(*out, &c, 0);
	return 200;
}

/* 0 if sc reaches dealer, else the status (404 in f). */
static int
reach(struct db *db, const struct scope *sc, int64_t dealer, struct fault *f)
{
	int	 rc;

	if ((rc = scope_dealer_reach(db, sc, dealer)) == -1)
		return 500;
	return rc == 1 ? 0 : fault_set(f, 404, "not_found", "no such dealer");
}

/*
 * The credit position of dealer, if who may read it: 200 with *out, or
 * the refusal.
 */
int
approvals_credit_of(struct db *db, const struct principal *who,
    int64_t dealer, const char *lang, struct fault *f, cJSON **out)
{
	struct scope	 sc;
	int		 st;

	*out = NULL;
	if (db == NULL)
		return 503;
	scope_read(who, &sc);
	if ((st = reach(db, &sc, dealer, f)) != 0)
		return st;
	return approvals_credit_position(db, dealer, lang, out);
}

/*
 * A limit's change on organisation id (a dealer, a region), with the
 * value before; and (hours_before >= 0) the region's window too.
 */
static int
audit_change(struct db *db, const struct principal *who, const char *what,
    int64_t id, const char *key, int64_t before, int64_t after,
    int64_t hours_before, int64_t hours)
{
	cJSON	*d = cJSON_CreateObject();
	int	 rc;

	audit_num(d, key, before, after);
	if (hours_before >= 0 && hours > 0)
		audit_num(d, "window_hours", hours_before, hours);
	rc = audit_write(db, who, what, "org", id, id, d);
	cJSON_Delete(d);
	return rc;
}

/*
 * Set dealer's credit limit (fen, 0 to CREDIT_MAX) if its row is still
 * at version (APPROVALS_VERSION_ANY: any), audited: 200, or the refusal.
 */
int
approvals_credit_update(struct db *db, const struct principal *who,
    int64_t dealer, int64_t limit, int64_t version, struct fault *f)
{
	struct scope	 sc;
	int64_t		 old;
	int		 st, rc;

	if (!(who->roles & CREDIT_SETTERS))
		return fault_set(f, 403, "forbidden", "you do not set credit "
		    "limits");
	if (limit < 0 || limit > CREDIT_MAX)
		fault_field(f, "credit_limit", "required: fen, 0 or more");
	if (version != APPROVALS_VERSION_ANY && (version < 1 ||
	    version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db == NULL)
		return 503;
	scope_write(who, &sc);
	if ((st = reach(db, &sc, dealer, f)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	if ((rc = approvals_credit_set(db, dealer, limit, version,
	    who->user_id, &old)) != 0 || audit_change(db, who,
	    "dealer.credit_limit", dealer, "credit_limit", old, limit, -1,
	    0) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 || db_is_conflict(db) ?
		    fault_set(f, 409, "conflict", "the credit limit was "
		    "changed meanwhile; reload") : 500;
	}
	return 200;
}

/*
 * Set region's approval limit (fen) and its window (hours, 1 to 720;
 * 0 keeps it), audited: 200, or the refusal.
 */
int
approvals_region_limit_update(struct db *db, const struct principal *who,
    int64_t region, int64_t limit, int64_t hours, struct fault *f)
{
	int64_t		 old = 0, old_hours = 0;
	int		 rc;

	if (!(who->roles & ROLE_ADMIN))
		return fault_set(f, 403, "forbidden", "you do not set "
		    "approval limits");
	if (limit < 0 || limit > CREDIT_MAX)
		fault_field(f, "approval_limit", "required: fen, 0 or more");
	if (hours != 0 && (hours < 1 || hours > APPROVAL_WINDOW_MAX))
		fault_field(f, "window_hours", "hours, 1 to 720");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db == NULL || db_begin(db) == -1)
		return 503;
	rc = approvals_credit_region_limit_set(db, region, limit, hours, &old,
	    &old_hours);
	if (rc != 1 || audit_change(db, who, "region.approval_limit",
	    region, "approval_limit", old, limit, old_hours, hours) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such region") : 500;
	}
	return 200;
}
