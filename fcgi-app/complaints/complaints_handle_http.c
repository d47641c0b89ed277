/*
 * complaints_handle_http.c: what happens to a complaint after it is filed
 *   POST /api/v1/complaints/{number}/messages {"body","internal"}
 *   POST .../take, .../assign {"user"}, .../escalate {"reason"},
 *   .../resolve {"note"}						staff
 *   POST .../reopen {"reason"}, .../rate {"rating","comment"}	dealer
 * Each locks the complaint within the caller's write scope, checks who
 * may and the state, changes it conditionally on its version, and writes
 * the thread (and the feed), in one transaction.  The first reply of
 * staff that the dealer sees stops the first-response clock.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

#define LOCK_COLS \
	"SELECT c.id, c.number, c.dealer_id, c.status, c.version, " \
	"c.escalation_level, COALESCE(UNIX_TIMESTAMP(c.resolved_at), 0), " \
	"UNIX_TIMESTAMP(UTC_TIMESTAMP()), c.rating IS NOT NULL, c.region_id, " \
	"EXISTS (SELECT 1 FROM statement_disputes sd WHERE sd.complaint_id = " \
	"c.id) FROM complaints c WHERE "
#define LOCK_SQL(owner) LOCK_COLS "c.number = ? AND " owner " FOR UPDATE"

static const char *const lock_sql[SCOPE__PATHS] = {
	LOCK_SQL(SCOPE_OWNER_ALL("c")),
	LOCK_SQL(SCOPE_OWNER_REGION("c")),
	LOCK_SQL(SCOPE_OWNER_DEALER("c")),
	LOCK_SQL(SCOPE_OWNER_MANAGER("c")),
};

enum stmt { STMT_POST, STMT_RESPOND, STMT_BUMP, STMT_TAKE, STMT_ESCALATE,
	STMT_ESCALATION, STMT_RESOLVE, STMT_REOPEN, STMT_RATE, STMT_FEED,
	STMT_HANDLER, STMT_LOCK_ID, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"INSERT INTO complaint_messages (complaint_id, author_user_id, at, "
	"kind, body) VALUES (?, ?, UTC_TIMESTAMP(6), ?, ?)",
	"UPDATE complaints SET first_responded_at = COALESCE("
	"first_responded_at, UTC_TIMESTAMP(6)), status = IF(status = 'open', "
	"'in_progress', status), version = version + 1 WHERE id = ? AND "
	"version = ?",
	"UPDATE complaints SET version = version + 1 WHERE id = ? AND "
	"version = ?",
	"UPDATE complaints SET assigned_user_id = ?, status = IF(status = "
	"'open', 'in_progress', status), version = version + 1 WHERE id = ? "
	"AND version = ? AND status <> 'resolved'",
	"UPDATE complaints SET escalation_level = ?, version = version + 1 "
	"WHERE id = ? AND version = ? AND escalation_level < ?",
	"INSERT IGNORE INTO complaint_escalations (complaint_id, level, clock, "
	"at) VALUES (?, ?, 'manual', UTC_TIMESTAMP(6))",
	"UPDATE complaints SET status = 'resolved', resolved_at = "
	"UTC_TIMESTAMP(6), first_responded_at = COALESCE(first_responded_at, "
	"UTC_TIMESTAMP(6)), version = version + 1 WHERE id = ? AND version = ? "
	"AND status <> 'resolved'",
	"UPDATE complaints c JOIN complaint_targets t ON t.severity = "
	"c.severity SET c.status = 'in_progress', c.resolved_at = NULL, "
	"c.reopen_count = c.reopen_count + 1, c.resolution_due = "
	"UTC_TIMESTAMP(6) + INTERVAL t.resolution_hours HOUR, c.version = "
	"c.version + 1 WHERE c.id = ? AND c.version = ? AND c.status = "
	"'resolved'",
	"UPDATE complaints SET rating = ?, rating_comment = ?, version = "
	"version + 1 WHERE id = ? AND version = ? AND status = 'resolved' AND "
	"rating IS NULL",
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'complaint', ?, ?, ?)",
	/* who may be given a complaint: its region's or HQ's handlers */
	"SELECT u.id FROM users u JOIN orgs g ON g.id = u.org_id WHERE "
	"u.login = ? AND u.disabled = 0 AND (FIND_IN_SET('service_agent', "
	"u.roles) OR FIND_IN_SET('account_manager', u.roles)) AND (g.id = ? "
	"OR g.kind = 'hq')",
	LOCK_COLS "c.id = ? FOR UPDATE",
};

/* The locked complaint. */
struct locked {
	int64_t			 id, dealer, version, resolved_at, now, region;
	enum complaint_status	 status;
	int			 level, rated, dispute;
	char			 number[32];
};

enum who { W_DEALER = 1, W_STAFF = 2 };

/* Which side the caller acts for, if any of want. */
static int
side(const struct req *r, int want)
{
	if ((want & W_DEALER) && r->who.kind == ORG_DEALER &&
	    (r->who.roles & COMPLAINT_FILERS))
		return W_DEALER;
	if ((want & W_STAFF) && r->who.kind != ORG_DEALER &&
	    (r->who.roles & COMPLAINT_HANDLERS))
		return W_STAFF;
	return 0;
}

static void
locked_read(struct db_stmt *s, struct locked *c)
{
	c->id = db_col_int(s, 0);
	snprintf(c->number, sizeof(c->number), "%s", db_col_text(s, 1, NULL));
	c->dealer = db_col_int(s, 2);
	complaints_status_parse(db_col_text(s, 3, NULL), &c->status);
	c->version = db_col_int(s, 4);
	c->level = (int)db_col_int(s, 5);
	c->resolved_at = db_col_int(s, 6);
	c->now = db_col_int(s, 7);
	c->rated = db_col_int(s, 8) != 0;
	c->region = db_col_int(s, 9);
	c->dispute = db_col_int(s, 10) != 0;
}

/*
 * Read the body (a JSON object; version optional) and lock the complaint
 * in a transaction.  0 to go on, else the status to answer.
 */
static int
begin(struct req *r, struct locked *c, int64_t *version)
{
	struct scope	 sc;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 key;
	int		 rc;

	*version = -1;
	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (r->json != NULL && json_get_int(r->json, "version", 1, INT32_MAX,
	    version) == -1)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	scope_write(&r->who, &sc);
	s = db_prepare(db, lock_sql[scope_path(&sc, &key)]);
	if (s == NULL || db_bind_text(s, 0, http_param(r, "number")) == -1 ||
	    db_bind_int(s, 1, key) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return 500;
	}
	if (rc == DB_ROW)
		locked_read(s, c);
	db_stmt_release(s);
	if (rc == DB_DONE) {
		db_rollback(db);
		return http_error(r, 404, "not_found", "no such complaint");
	}
	if (*version >= 0 && *version != c->version) {
		db_rollback(db);
		return http_error(r, 409, "conflict", "the complaint changed "
		    "meanwhile; reload");
	}
	return 0;
}

/* Run one of stmts with int and text arguments ("i" or "t" each). */
#define run(db, which, ...) db_execv(db, stmts[which], NULL, __VA_ARGS__)

static int
post(struct db *db, const struct locked *c, int64_t author, const char *kind,
    const char *body)
{
	return run(db, STMT_POST, "iitt", c->id, author, kind, body) == 1 ?
	    0 : -1;
}

static int
feed(struct db *db, const struct locked *c, const char *type, int level)
{
	char	 payload[120];

	snprintf(payload, sizeof(payload), "{\"number\":\"%s\",\"level\":%d}",
	    c->number, level);
	return run(db, STMT_FEED, "ttit", type, c->number, c->dealer,
	    payload) == 1 ? 0 : -1;
}

/* Commit, and answer with the complaint; changed 0 means it moved. */
static int
finish(struct req *r, int changed)
{
	struct db	*db = http_db(r);
	cJSON		*j;
	int		 found;

	if (changed != 1 || db_commit(db) == -1) {
		db_rollback(db);
		return changed == 0 || db_is_conflict(db) ?
		    http_error(r, 409, "conflict",
		    "the complaint changed meanwhile; reload") : 500;
	}
	if ((j = complaints_load(db, http_param(r, "number"), &r->who,
	    r->lang, &found)) == NULL)
		return 500;
	return http_json(r, 200, j);
}

/* Refuse in the transaction: roll back, answer. */
static int
refuse(struct req *r, int status, const char *code, const char *msg)
{
	db_rollback(http_db(r));
	return http_error(r, status, code, "%s", msg);
}

int
complaints_message_post(struct req *r)
{
	struct locked	 c;
	const char	*body = NULL;
	int64_t		 version;
	int		 who, internal = 0, st, changed;
	cJSON		*in;

	if ((who = side(r, W_DEALER | W_STAFF)) == 0)
		return http_error(r, 403, "forbidden", "you do not write to "
		    "complaints");
	if (r->json == NULL || json_get_string(r->json, "body", BODY_MAX,
	    &body) != 0 || util_blank(body))
		http_field_error(r, "body", "required: 1 to 4000 characters");
	in = r->json != NULL ? cJSON_GetObjectItemCaseSensitive(r->json,
	    "internal") : NULL;
	if (in != NULL && !cJSON_IsBool(in))
		http_field_error(r, "internal", "true or false");
	internal = cJSON_IsTrue(in);
	if (internal && who == W_DEALER)
		http_field_error(r, "internal", "notes are staff's");
	if ((st = begin(r, &c, &version)) != 0)
		return st;
	if (post(http_db(r), &c, r->who.user_id, internal ? "note" :
	    "message", body) == -1)
		return finish(r, -1);
	/* staff's first reply the dealer reads stops the 24-hour clock */
	changed = run(http_db(r), who == W_STAFF && !internal ? STMT_RESPOND :
	    STMT_BUMP, "ii", c.id, c.version);
	return finish(r, changed);
}

int
complaints_take_post(struct req *r)
{
	struct locked	 c;
	int64_t		 version;
	int		 st;

	if (side(r, W_STAFF) == 0)
		return http_error(r, 403, "forbidden", "service staff take "
		    "complaints");
	if ((st = begin(r, &c, &version)) != 0)
		return st;
	if (c.status == CP_RESOLVED)
		return refuse(r, 409, "illegal_transition", "the complaint is "
		    "resolved");
	if (post(http_db(r), &c, r->who.user_id, "event", "taken") == -1)
		return finish(r, -1);
	return finish(r, run(http_db(r), STMT_TAKE, "iii", r->who.user_id,
	    c.id, c.version));
}

/* The handler login names, if one may take this complaint: id, 0, -1. */
static int64_t
handler(struct db *db, const char *login, int64_t region)
{
	struct db_stmt	*s;
	int64_t		 id = 0;
	int		 rc;

	if ((s = db_prepare(db, stmts[STMT_HANDLER])) == NULL ||
	    db_bind_text(s, 0, login) == -1 || db_bind_int(s, 1, region) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW)
		id = db_col_int(s, 0);
	db_stmt_release(s);
	return id;
}

/* POST /api/v1/complaints/{number}/assign {"user","version"}: reassign */
int
complaints_assign_post(struct req *r)
{
	struct locked	 c;
	const char	*login = NULL;
	int64_t		 version, to;
	int		 st;

	if (side(r, W_STAFF) == 0)
		return http_error(r, 403, "forbidden", "service staff assign "
		    "complaints");
	if (r->json == NULL || json_get_string(r->json, "user", 64,
	    &login) != 0 || util_blank(login))
		http_field_error(r, "user", "required: a login");
	if ((st = begin(r, &c, &version)) != 0)
		return st;
	if (c.status == CP_RESOLVED)
		return refuse(r, 409, "illegal_transition", "the complaint is "
		    "resolved");
	if ((to = handler(http_db(r), login, c.region)) <= 0) {
		db_rollback(http_db(r));
		if (to == -1)
			return 500;
		http_field_error(r, "user", "no service agent or account "
		    "manager of this region or of HQ");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if (post(http_db(r), &c, r->who.user_id, "event", "assigned") == -1)
		return finish(r, -1);
	return finish(r, run(http_db(r), STMT_TAKE, "iii", to, c.id,
	    c.version));
}

int
complaints_escalate_post(struct req *r)
{
	struct locked	 c;
	const char	*reason = NULL;
	int64_t		 version;
	int		 st, changed;

	if (side(r, W_STAFF) == 0)
		return http_error(r, 403, "forbidden", "service staff "
		    "escalate complaints");
	if (r->json == NULL || json_get_string(r->json, "reason", 1000,
	    &reason) != 0 || util_blank(reason))
		http_field_error(r, "reason", "required: 1 to 1000 characters");
	if ((st = begin(r, &c, &version)) != 0)
		return st;
	if (c.status == CP_RESOLVED || c.level >= 2)
		return refuse(r, 409, "illegal_transition", c.level >= 2 ?
		    "already with HQ" : "the complaint is resolved");
	changed = run(http_db(r), STMT_ESCALATE, "iiii", (int64_t)c.level + 1,
	    c.id, c.version, (int64_t)c.level + 1);
	if (changed != 1 || run(http_db(r), STMT_ESCALATION, "ii", c.id,
	    (int64_t)c.level + 1) == -1 || post(http_db(r), &c,
	    r->who.user_id, "event", c.level == 0 ? "escalated_1" :
	    "escalated_2") == -1 || post(http_db(r), &c,
	    r->who.user_id, "note", reason) == -1 || feed(http_db(r), &c,
	    "complaint.escalated", c.level + 1) == -1)
		return finish(r, changed == 0 ? 0 : -1);
	return finish(r, 1);
}

int
complaints_resolve_post(struct req *r)
{
	struct locked	 c;
	const char	*note = NULL;
	int64_t		 version;
	int		 st, changed;

	if (side(r, W_STAFF) == 0)
		return http_error(r, 403, "forbidden", "service staff resolve "
		    "complaints");
	if (r->json == NULL || json_get_string(r->json, "note", BODY_MAX,
	    &note) != 0 || util_blank(note))
		http_field_error(r, "note", "required: how it was resolved");
	if ((st = begin(r, &c, &version)) != 0)
		return st;
	if (c.status == CP_RESOLVED)
		return refuse(r, 409, "illegal_transition", "the complaint is "
		    "resolved already");
	if (c.dispute)
		return refuse(r, 409, "statement_dispute", "a finance clerk "
		    "settles a statement dispute on the statement: with an "
		    "adjustment or a rejection");
	changed = run(http_db(r), STMT_RESOLVE, "ii", c.id, c.version);
	if (changed != 1 || post(http_db(r), &c, r->who.user_id, "message",
	    note) == -1 || post(http_db(r), &c, r->who.user_id, "event",
	    "resolved") == -1 || feed(http_db(r), &c, "complaint.resolved",
	    c.level) == -1)
		return finish(r, changed == 0 ? 0 : -1);
	return finish(r, 1);
}

int
complaints_reopen_post(struct req *r)
{
	struct locked	 c;
	const char	*reason = NULL;
	int64_t		 version;
	int		 st, changed;

	if (side(r, W_DEALER) == 0)
		return http_error(r, 403, "forbidden", "the dealer reopens "
		    "its complaints");
	if (r->json == NULL || json_get_string(r->json, "reason", BODY_MAX,
	    &reason) != 0 || util_blank(reason))
		http_field_error(r, "reason", "required: what is still wrong");
	if ((st = begin(r, &c, &version)) != 0)
		return st;
	if (c.dispute)
		return refuse(r, 409, "statement_dispute", "a settled "
		    "statement dispute stays settled: dispute the lines of the "
		    "next statement");
	if (!complaints_may_reopen(c.status, c.resolved_at, c.now))
		return refuse(r, 409, "illegal_transition", c.status !=
		    CP_RESOLVED ? "only a resolved complaint is reopened" :
		    "more than 14 days since it was resolved: file a new one");
	changed = run(http_db(r), STMT_REOPEN, "ii", c.id, c.version);
	if (changed != 1 || post(http_db(r), &c, r->who.user_id, "message",
	    reason) == -1 || post(http_db(r), &c, r->who.user_id, "event",
	    "reopened") == -1 || feed(http_db(r), &c, "complaint.reopened",
	    c.level) == -1)
		return finish(r, changed == 0 ? 0 : -1);
	return finish(r, 1);
}

int
complaints_rate_post(struct req *r)
{
	struct locked	 c;
	const char	*comment = "";
	int64_t		 version, rating = 0;
	int		 st;

	if (side(r, W_DEALER) == 0)
		return http_error(r, 403, "forbidden", "the dealer rates the "
		    "handling");
	if (r->json == NULL || json_get_int(r->json, "rating", 1, 5,
	    &rating) != 0)
		http_field_error(r, "rating", "required: 1 to 5");
	if (r->json != NULL && json_get_string(r->json, "comment", 1000,
	    &comment) == -1)
		http_field_error(r, "comment", "at most 1000 characters");
	if ((st = begin(r, &c, &version)) != 0)
		return st;
	if (c.status != CP_RESOLVED || c.rated)
		return refuse(r, 409, "illegal_transition", c.rated ?
		    "rated already" : "a complaint is rated once resolved");
	return finish(r, run(http_db(r), STMT_RATE, "itii", rating,
	    comment != NULL ? comment : "", c.id, c.version));
}

/*
 * Resolve complaint id for a statement dispute settled by user, in the
 * caller's transaction: the note to the dealer, the event (its code), the
 * feed.  0, or -1.
 */
int
complaints_settle(struct db *db, int64_t id, int64_t user, const char *event,
    const char *note)
{
	struct locked	 c;
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, stmts[STMT_LOCK_ID])) == NULL ||
	    db_bind_int(s, 0, id) == -1 || (rc = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	locked_read(s, &c);
	db_stmt_release(s);
	return c.status != CP_RESOLVED && run(db, STMT_RESOLVE, "ii", c.id,
	    c.version) == 1 && post(db, &c, user, "message", note) == 0 &&
	    post(db, &c, user, "event", event) == 0 && feed(db, &c,
	    "complaint.resolved", c.level) == 0 ? 0 : -1;
}
