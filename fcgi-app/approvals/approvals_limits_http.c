/*
 * approvals_limits_http.c: the credit position of a dealer, and the two limits:
 *   GET /api/v1/credit				the dealers in scope, with theirs
 *   GET /api/v1/dealers/{id}/credit		anyone whose scope reaches it
 *   PUT /api/v1/dealers/{id}/credit		finance_clerk, admin
 *   PUT /api/v1/regions/{id}/approval-limit	admin
 * Every change is audited with the value before and after.
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
	"l.dealer_id = o.id), 0), COALESCE((SELECT SUM(x.total) FROM orders x " \
	"WHERE x.dealer_id = o.id AND x.status IN " CREDIT_OPEN_STATUSES \
	"), 0) FROM orgs o LEFT JOIN dealer_credit c ON " \
	"c.dealer_id = o.id WHERE " owner " AND o.kind = 'dealer' AND " \
	"o.id > ? ORDER BY o.id LIMIT ?"

static const char *const credits_sql[SCOPE__PATHS] = {
	CREDITS_SQL(SCOPE_ORG_ALL("o")),
	CREDITS_SQL(SCOPE_ORG_REGION("o")),
	CREDITS_SQL(SCOPE_ORG_DEALER("o")),
	CREDITS_SQL(SCOPE_ORG_MANAGER("o")),
};

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

/* GET /api/v1/credit?after=&limit=: the dealers in scope, by id. */
int
approvals_credits_get(struct req *r)
{
	struct http_paging	 pg;
	struct scope		 sc;
	struct db_stmt		*s;
	struct db		*db;
	int64_t			 key;
	int			 st;

	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	scope_read(&r->who, &sc);
	if ((s = db_prepare(db, credits_sql[scope_path(&sc, &key)])) == NULL ||
	    db_bind_int(s, 0, key) == -1 || db_bind_int(s, 1, pg.after) == -1 ||
	    db_bind_int(s, 2, pg.limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	return http_paging_answer(r, s, &pg, credit_row, (void *)r->lang);
}

static const char sql_dealer[] =
	"SELECT code, name_zh, name_en, tier FROM orgs WHERE id = ?";

/* {dealer: {id, code, name, tier}, the position} */
static int
answer(struct req *r, struct db *db, int64_t dealer)
{
	struct db_stmt	*s;
	struct credit	 c;
	cJSON		*j, *d;
	int		 rc;

	if (approvals_credit_read(db, dealer, 0, &c) == -1 ||
	    (s = db_prepare(db, sql_dealer)) == NULL)
		return 500;
	if (db_bind_int(s, 0, dealer) == -1 || (rc = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		return 500;
	}
	j = cJSON_CreateObject();
	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)dealer);
	cJSON_AddStringToObject(d, "code", db_col_text(s, 0, NULL));
	cJSON_AddStringToObject(d, "name", db_col_text(s,
	    strcmp(r->lang, "en") == 0 ? 2 : 1, NULL));
	cJSON_AddStringToObject(d, "tier", db_col_text(s, 3, NULL));
	db_stmt_release(s);
	approvals_credit_json(j, &c, 0);
	return http_json(r, 200, j);
}

/* The dealer of the path if sc reaches it: 0 yes, else the status. */
static int
dealer_of_path(struct req *r, struct db *db, const struct scope *sc,
    int64_t *dealer)
{
	int	 rc;

	*dealer = http_param_id(r, "id");
	if ((rc = scope_dealer_reach(db, sc, *dealer)) == -1)
		return 500;
	return rc == 1 ? 0 : http_error(r, 404, "not_found", "no such dealer");
}

/* GET /api/v1/dealers/{id}/credit */
int
approvals_credit_get(struct req *r)
{
	struct scope	 sc;
	struct db	*db;
	int64_t		 dealer;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	scope_read(&r->who, &sc);
	if ((st = dealer_of_path(r, db, &sc, &dealer)) != 0)
		return st;
	return answer(r, db, dealer);
}

static int
audit_change(struct db *db, const struct principal *who, const char *what,
    int64_t id, const char *key, int64_t before, int64_t after)
{
	cJSON	*d = cJSON_CreateObject();
	char	 k[48];
	int	 rc;

	snprintf(k, sizeof(k), "%s_before", key);
	cJSON_AddNumberToObject(d, k, (double)before);
	cJSON_AddNumberToObject(d, key, (double)after);
	rc = audit_write(db, who, what, what[0] == 'd' ? "dealer" : "region",
	    id, d);
	cJSON_Delete(d);
	return rc;
}

/* PUT /api/v1/dealers/{id}/credit {"credit_limit","version"} */
int
approvals_credit_put(struct req *r)
{
	struct scope	 sc;
	struct db	*db;
	int64_t		 dealer, limit = 0, version = -1, old;
	int		 st, rc;

	if (!(r->who.roles & CREDIT_SETTERS))
		return http_error(r, 403, "forbidden", "you do not set credit "
		    "limits");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "credit_limit", 0, CREDIT_MAX, &limit) != 0)
		http_field_error(r, "credit_limit", "required: fen, 0 or more");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	scope_write(&r->who, &sc);
	if ((st = dealer_of_path(r, db, &sc, &dealer)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	if ((rc = approvals_credit_set(db, dealer, limit, version,
	    r->who.user_id,
	    &old)) != 0 || audit_change(db, &r->who, "dealer.credit_limit",
	    dealer, "credit_limit", old, limit) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 || db_is_conflict(db) ?
		    http_error(r, 409, "conflict", "the credit limit was "
		    "changed meanwhile; reload") : 500;
	}
	return answer(r, db, dealer);
}

/*
 * PUT /api/v1/regions/{id}/approval-limit {"approval_limit","window_hours"}
 * window_hours, 1 to 720, is kept as it was when not sent.
 */
int
approvals_region_limit_put(struct req *r)
{
	struct db	*db;
	int64_t		 region = http_param_id(r, "id"), limit = 0, old = 0;
	int64_t		 hours = 0;
	cJSON		*j;
	int		 rc;

	if (!(r->who.roles & ROLE_ADMIN))
		return http_error(r, 403, "forbidden", "you do not set "
		    "approval limits");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "approval_limit", 0, CREDIT_MAX, &limit) != 0)
		http_field_error(r, "approval_limit", "required: fen, 0 or "
		    "more");
	if (json_get_int(r->json, "window_hours", 1, APPROVAL_WINDOW_MAX,
	    &hours) == -1)
		http_field_error(r, "window_hours", "hours, 1 to 720");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	rc = approvals_credit_region_limit_set(db, region, limit, hours, &old);
	if (rc != 1 || audit_change(db, &r->who, "region.approval_limit",
	    region, "approval_limit", old, limit) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 0 ? http_error(r, 404, "not_found",
		    "no such region") : 500;
	}
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "region", (double)region);
	cJSON_AddNumberToObject(j, "approval_limit", (double)limit);
	if (hours > 0)
		cJSON_AddNumberToObject(j, "window_hours", (double)hours);
	return http_json(r, 200, j);
}
