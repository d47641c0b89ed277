/*
 * orders_limit_db.c: the dealer's own release limit (issue #23)
 *
 * A dealer's admin sets its dealer's, a chain's admin its chain's (which
 * holds for every branch without one of its own): an order above it
 * waits for the dealer's approver (orders_release_db.c).  NULL: none.
 * The change is conditional on the organisation's version and audited.
 */
#include <string.h>

#include "../audit/audit.h"
#include "../db/db.h"
#include "orders.h"

static const char sql_get[] =
	"SELECT release_limit, version FROM orgs WHERE id = ? AND "
	"kind IN ('dealer', 'chain')";
static const char sql_of_dealer[] =
	"SELECT " ORDERS_RELEASE_LIMIT("d", "x") " FROM orgs d LEFT JOIN orgs "
	"x ON x.id = d.chain_id WHERE d.id = ? AND d.kind = 'dealer'";
static const char sql_set[] =
	"UPDATE orgs SET release_limit = ?, version = version + 1 WHERE id = ? "
	"AND kind IN ('dealer', 'chain') AND version = ?";

/* Whose limit who sets: its own dealer's or chain's (0: none). */
static int64_t
own_org(const struct principal *who)
{
	if ((who->kind == ORG_DEALER && (who->roles & ROLE_DEALER_ADMIN)) ||
	    (who->kind == ORG_CHAIN && (who->roles & ROLE_CHAIN_ADMIN)))
		return who->org_id;
	return 0;
}

/* The caller's organisation's limit: {release_limit, version}.  200. */
int
orders_limit_read(struct db *db, const struct principal *who, cJSON **out,
    struct fault *f)
{
	struct db_stmt	*s;
	int		 r;

	*out = NULL;
	if (own_org(who) == 0)
		return fault_set(f, 403, "forbidden", "the dealer's or the "
		    "chain's admin sets its limit");
	if (db == NULL)
		return 503;
	if ((s = db_preparef(db, sql_get, "i", own_org(who))) == NULL ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (r == DB_ROW) {
		*out = cJSON_CreateObject();
		if (db_col_null(s, 0))
			cJSON_AddNullToObject(*out, "release_limit");
		else
			cJSON_AddNumberToObject(*out, "release_limit",
			    (double)db_col_int(s, 0));
		cJSON_AddNumberToObject(*out, "version",
		    (double)db_col_int(s, 1));
	}
	db_stmt_release(s);
	return *out != NULL ? 200 : fault_set(f, 404, "not_found",
	    "no such organisation");
}

/*
 * The release limit that holds for dealer's own orders, as an order's
 * INSERT decides it (orders_store_db.c): *limit the fen, or -1 for none.
 * 0, or -1 (no such dealer, error).
 */
int
orders_limit_of(struct db *db, int64_t dealer, int64_t *limit)
{
	struct db_stmt	*s;

	if ((s = db_preparef(db, sql_of_dealer, "i", dealer)) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	*limit = db_col_null(s, 0) ? -1 : db_col_int(s, 0);
	db_stmt_release(s);
	return 0;
}

/*
 * Set the caller's organisation's limit (fen; -1: none) if it is still
 * at version: 200, or the refusal (403, 409, 422).
 */
int
orders_limit_set(struct db *db, const struct principal *who, int64_t limit,
    int64_t version, struct fault *f)
{
	struct db_stmt	*s;
	cJSON		*d;
	int64_t		 was = -1;
	int		 ok, n = -1;

	if (own_org(who) == 0)
		return fault_set(f, 403, "forbidden", "the dealer's or the "
		    "chain's admin sets its limit");
	if (limit < -1 || limit > ORDERS_LIMIT_MAX)
		fault_field(f, "release_limit", "fen, 0 to 100000000000, or "
		    "null for none");
	if (version < 1 || version > INT32_MAX)
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db == NULL || db_begin(db) == -1)
		return 503;
	/* what it was, for the audit log (the change is from that version) */
	s = db_preparef(db, sql_get, "i", own_org(who));
	if (s == NULL || (n = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return 500;
	}
	if (n == DB_ROW && !db_col_null(s, 0))
		was = db_col_int(s, 0);
	db_stmt_release(s);
	n = -1;
	s = db_prepare(db, sql_set);
	ok = s != NULL && (limit < 0 ? db_bind_null(s, 0) :
	    db_bind_int(s, 0, limit)) == 0 &&
	    db_bind_int(s, 1, own_org(who)) == 0 &&
	    db_bind_int(s, 2, version) == 0 && db_exec(s) == 0;
	if (ok)
		n = (int)db_affected(s);
	db_stmt_release(s);
	d = cJSON_CreateObject();
	if (was < 0)
		cJSON_AddNullToObject(d, "release_limit" AUDIT_BEFORE);
	else
		cJSON_AddNumberToObject(d, "release_limit" AUDIT_BEFORE,
		    (double)was);
	if (limit < 0)
		cJSON_AddNullToObject(d, "release_limit");
	else
		cJSON_AddNumberToObject(d, "release_limit", (double)limit);
	if (n == 1 && (audit_write(db, who, "release_limit", "org",
	    own_org(who), own_org(who), d) == -1 || db_commit(db) == -1))
		ok = 0;
	cJSON_Delete(d);
	if (ok && n == 1)
		return 200;
	db_rollback(db);
	return ok ? fault_set(f, 409, "conflict", "the limit was changed "
	    "meanwhile; reload") : 500;
}
