/*
 * complaints_handle_db.c: what happens to a complaint after it is filed,
 * below the JSON handlers and the portal's form alike:
 *   message, take, assign, escalate, resolve	staff (message: both)
 *   reopen, rate				the dealer
 * Each checks who may, locks the complaint within the caller's write
 * scope, checks the state, changes it conditionally on its version, and
 * writes the thread (and the feed), in one transaction.  The first reply
 * of staff that the dealer sees stops the first-response clock.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "../search/search_index.h"
#include "complaints.h"

#define LOCK_COLS \
	"SELECT c.id, c.number, c.dealer_id, c.status, c.version, " \
	"c.escalation_level, COALESCE(UNIX_TIMESTAMP(c.resolved_at), 0), " \
	"UNIX_TIMESTAMP(UTC_TIMESTAMP()), c.rating IS NOT NULL, c.region_id, " \
	"EXISTS (SELECT 1 FROM statement_disputes sd WHERE sd.complaint_id = " \
	"c.id) FROM complaints c WHERE "
#define LOCK_SQL(owner) LOCK_COLS "c.number = ? AND " owner " FOR UPDATE"

/* the complaint by number, one variant per scope path */
static const char *const sql_lock[] = {
	LOCK_SQL(SCOPE_OWNER_ALL("c")),
	LOCK_SQL(SCOPE_OWNER_REGION("c")),
	LOCK_SQL(SCOPE_OWNER_DEALER("c")),
	LOCK_SQL(SCOPE_OWNER_MANAGER("c")),
	LOCK_SQL(SCOPE_OWNER_CHAIN("c")),
};
SCOPE_PATHS_ALL(sql_lock);
static const char sql_lock_id[] = LOCK_COLS "c.id = ? FOR UPDATE";
static const char sql_post[] =
	"INSERT INTO complaint_messages (complaint_id, author_user_id, at, "
	"kind, body) VALUES (?, ?, UTC_TIMESTAMP(6), ?, ?)";
static const char sql_respond[] =
	"UPDATE complaints SET first_responded_at = COALESCE("
	"first_responded_at, UTC_TIMESTAMP(6)), status = IF(status = 'open', "
	"'in_progress', status), version = version + 1 WHERE id = ? AND "
	"version = ?";
static const char sql_bump[] =
	"UPDATE complaints SET version = version + 1 WHERE id = ? AND "
	"version = ?";
static const char sql_take[] =
	"UPDATE complaints SET assigned_user_id = ?, status = IF(status = "
	"'open', 'in_progress', status), version = version + 1 WHERE id = ? "
	"AND version = ? AND status <> 'resolved'";
static const char sql_escalate[] =
	"UPDATE complaints SET escalation_level = ?, version = version + 1 "
	"WHERE id = ? AND version = ? AND escalation_level < ?";
static const char sql_escalation[] =
	"INSERT IGNORE INTO complaint_escalations (complaint_id, level, clock, "
	"at) VALUES (?, ?, 'manual', UTC_TIMESTAMP(6))";
static const char sql_resolve[] =
	"UPDATE complaints SET status = 'resolved', resolved_at = "
	"UTC_TIMESTAMP(6), first_responded_at = COALESCE(first_responded_at, "
	"UTC_TIMESTAMP(6)), version = version + 1 WHERE id = ? AND version = ? "
	"AND status <> 'resolved'";
static const char sql_reopen[] =
	"UPDATE complaints c JOIN complaint_targets t ON t.severity = "
	"c.severity SET c.status = 'in_progress', c.resolved_at = NULL, "
	"c.reopen_count = c.reopen_count + 1, c.resolution_due = "
	"UTC_TIMESTAMP(6) + INTERVAL t.resolution_hours HOUR, c.version = "
	"c.version + 1 WHERE c.id = ? AND c.version = ? AND c.status = "
	"'resolved'";
static const char sql_rate[] =
	"UPDATE complaints SET rating = ?, rating_comment = ?, version = "
	"version + 1 WHERE id = ? AND version = ? AND status = 'resolved' AND "
	"rating IS NULL";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'complaint', ?, ?, ?)";
/* who may be given a complaint: its region's or HQ's handlers */
static const char sql_handler[] =
	"SELECT u.id FROM users u JOIN orgs g ON g.id = u.org_id WHERE "
	"u.login = ? AND u.disabled = 0 AND (FIND_IN_SET('service_agent', "
	"u.roles) OR FIND_IN_SET('account_manager', u.roles)) AND (g.id = ? "
	"OR g.kind = 'hq')";

/* The locked complaint. */
struct locked {
	int64_t			 id, dealer, version, resolved_at, now, region;
	enum complaint_status	 status;
	int			 level, rated, dispute;
	char			 number[32];
};

enum side { W_DEALER = 1, W_STAFF = 2 };

/* What an action asks of its caller and of its text. */
struct rule {
	int		 sides;		/* W_* that may */
	const char	*denied;	/* the 403's message */
	const char	*field;		/* the text's name; NULL: none */
	size_t		 max;		/* its bytes */
	int		 optional;
	const char	*field_msg;
};

/* Which side who acts for, if any of want. */
static int
side(const struct principal *who, int want)
{
	if ((want & W_DEALER) && who->kind == ORG_DEALER &&
	    (who->roles & COMPLAINT_FILERS))
		return W_DEALER;
	if ((want & W_STAFF) && who->kind != ORG_DEALER &&
	    (who->roles & COMPLAINT_HANDLERS))
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
 * Check who may and what a sent, then lock the complaint in a
 * transaction: 0 to go on, else the status to answer (f filled).
 */
static int
begin(struct db *db, const struct principal *who, const struct rule *u,
    const struct complaints_act *a, struct locked *c, struct fault *f)
{
	struct scope	 sc;
	struct db_stmt	*s;
	int64_t		 key;
	int		 rc;

	if (side(who, u->sides) == 0)
		return fault_set(f, 403, "forbidden", "%s", u->denied);
	if (u->field != NULL && (a->text_bad || (a->text == NULL ?
	    !u->optional : strlen(a->text) > u->max || (!u->optional &&
	    util_blank(a->text)))))
		fault_field(f, u->field, u->field_msg);
	if (a->version != -1 && (a->version < 1 || a->version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	scope_write(who, &sc);
	s = db_prepare(db, sql_lock[scope_path(&sc, &key)]);
	if (s == NULL || db_bind_text(s, 0, a->number) == -1 ||
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
		return fault_set(f, 404, "not_found", "no such complaint");
	}
	if (a->version >= 0 && a->version != c->version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the complaint changed "
		    "meanwhile; reload");
	}
	return 0;
}

/* Run a statement with int and text arguments ("i" or "t" each). */
#define run(db, sql, ...) db_execv(db, sql, NULL, __VA_ARGS__)

/* A message, note or event; a message's or note's words are indexed. */
static int
post(struct db *db, const struct locked *c, int64_t author, const char *kind,
    const char *body)
{
	struct search_text	 t = { body, SEARCH_MESSAGE };

	if (run(db, sql_post, "iitt", c->id, author, kind, body) != 1)
		return -1;
	if (strcmp(kind, "note") == 0)
		t.field = SEARCH_NOTE;
	else if (strcmp(kind, "message") != 0)
		return 0;
	return search_index_complaint(db, c->id, c->dealer, c->region, &t, 1);
}

static int
feed(struct db *db, const struct locked *c, const char *type, int level)
{
	char	 payload[120];

	snprintf(payload, sizeof(payload), "{\"number\":\"%s\",\"level\":%d}",
	    c->number, level);
	return run(db, sql_feed, "ttit", type, c->number, c->dealer,
	    payload) == 1 ? 0 : -1;
}

/* Commit; changed 0 means the complaint moved meanwhile.  200 or not. */
static int
finish(struct db *db, int changed, struct fault *f)
{
	if (changed != 1 || db_commit(db) == -1) {
		db_rollback(db);
		return changed == 0 || db_is_conflict(db) ? fault_set(f, 409,
		    "conflict", "the complaint changed meanwhile; reload") :
		    500;
	}
	return 200;
}

/* Refuse in the transaction: roll back, say why. */
static int
refuse(struct db *db, struct fault *f, int status, const char *code,
    const char *msg)
{
	db_rollback(db);
	return fault_set(f, status, code, "%s", msg);
}

/*
 * Change the state by sql, then the text as a message, the event and the
 * feed: what resolving and reopening both write.
 */
static int
turn(struct db *db, const struct principal *who, const struct locked *c,
    const char *sql, const char *text, const char *event, const char *type,
    struct fault *f)
{
	int	 changed;

	changed = run(db, sql, "ii", c->id, c->version);
	if (changed != 1 || post(db, c, who->user_id, "message", text) ==
	    -1 || post(db, c, who->user_id, "event", event) == -1 ||
	    feed(db, c, type, c->level) == -1)
		return finish(db, changed == 0 ? 0 : -1, f);
	return finish(db, 1, f);
}

int
complaints_message(struct db *db, const struct principal *who,
    const struct complaints_act *a, struct fault *f)
{
	static const struct rule u = { W_DEALER | W_STAFF, "you do not write "
	    "to complaints", "body", BODY_MAX, 0, "required: 1 to 4000 "
	    "characters" };
	struct locked	 c;
	int		 st, staff = side(who, W_STAFF) != 0;

	if (staff || side(who, W_DEALER)) {
		if (a->internal == -1)
			fault_field(f, "internal", "true or false");
		else if (a->internal && !staff)
			fault_field(f, "internal", "notes are staff's");
	}
	if ((st = begin(db, who, &u, a, &c, f)) != 0)
		return st;
	if (post(db, &c, who->user_id, a->internal ? "note" : "message",
	    a->text) == -1)
		return finish(db, -1, f);
	/* staff's reply the dealer reads: the dealer hears of it */
	if (staff && !a->internal && notify_event(db, "complaint.replied",
	    "complaint", c.number, c.dealer, NULL) == -1)
		return finish(db, -1, f);
	/* staff's first reply the dealer reads stops the 24-hour clock */
	return finish(db, run(db, staff && !a->internal ? sql_respond :
	    sql_bump, "ii", c.id, c.version), f);
}

int
complaints_take(struct db *db, const struct principal *who,
    const struct complaints_act *a, struct fault *f)
{
	static const struct rule u = { W_STAFF, "service staff take "
	    "complaints", NULL, 0, 0, NULL };
	struct locked	 c;
	int		 st;

	if ((st = begin(db, who, &u, a, &c, f)) != 0)
		return st;
	if (c.status == CP_RESOLVED)
		return refuse(db, f, 409, "illegal_transition", "the complaint "
		    "is resolved");
	if (post(db, &c, who->user_id, "event", "taken") == -1)
		return finish(db, -1, f);
	return finish(db, run(db, sql_take, "iii", who->user_id, c.id,
	    c.version), f);
}

/* The handler login names, if one may take this complaint: id, 0, -1. */
static int64_t
handler(struct db *db, const char *login, int64_t region)
{
	struct db_stmt	*s;
	int64_t		 id = 0;
	int		 rc;

	if ((s = db_preparef(db, sql_handler, "ti", login, region)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW)
		id = db_col_int(s, 0);
	db_stmt_release(s);
	return id;
}

/* Reassign to the handler a->text names. */
int
complaints_assign(struct db *db, const struct principal *who,
    const struct complaints_act *a, struct fault *f)
{
	static const struct rule u = { W_STAFF, "service staff assign "
	    "complaints", "user", 64, 0, "required: a login" };
	struct locked	 c;
	int64_t		 to;
	int		 st;

	if ((st = begin(db, who, &u, a, &c, f)) != 0)
		return st;
	if (c.status == CP_RESOLVED)
		return refuse(db, f, 409, "illegal_transition", "the complaint "
		    "is resolved");
	if ((to = handler(db, a->text, c.region)) <= 0) {
		db_rollback(db);
		if (to == -1)
			return 500;
		fault_field(f, "user", "no service agent or account manager "
		    "of this region or of HQ");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (post(db, &c, who->user_id, "event", "assigned") == -1)
		return finish(db, -1, f);
	return finish(db, run(db, sql_take, "iii", to, c.id, c.version), f);
}

int
complaints_escalate(struct db *db, const struct principal *who,
    const struct complaints_act *a, struct fault *f)
{
	static const struct rule u = { W_STAFF, "service staff escalate "
	    "complaints", "reason", 1000, 0, "required: 1 to 1000 characters" };
	struct locked	 c;
	int		 st, changed;

	if ((st = begin(db, who, &u, a, &c, f)) != 0)
		return st;
	if (c.status == CP_RESOLVED || c.level >= 2)
		return refuse(db, f, 409, "illegal_transition", c.level >= 2 ?
		    "already with HQ" : "the complaint is resolved");
	changed = run(db, sql_escalate, "iiii", (int64_t)c.level + 1, c.id,
	    c.version, (int64_t)c.level + 1);
	if (changed != 1 || run(db, sql_escalation, "ii", c.id,
	    (int64_t)c.level + 1) == -1 || post(db, &c, who->user_id, "event",
	    c.level == 0 ? "escalated_1" : "escalated_2") == -1 || post(db,
	    &c, who->user_id, "note", a->text) == -1 || feed(db, &c,
	    "complaint.escalated", c.level + 1) == -1)
		return finish(db, changed == 0 ? 0 : -1, f);
	return finish(db, 1, f);
}

int
complaints_resolve(struct db *db, const struct principal *who,
    const struct complaints_act *a, struct fault *f)
{
	static const struct rule u = { W_STAFF, "service staff resolve "
	    "complaints", "note", BODY_MAX, 0, "required: how it was "
	    "resolved" };
	struct locked	 c;
	int		 st;

	if ((st = begin(db, who, &u, a, &c, f)) != 0)
		return st;
	if (c.status == CP_RESOLVED)
		return refuse(db, f, 409, "illegal_transition", "the complaint "
		    "is resolved already");
	if (c.dispute)
		return refuse(db, f, 409, "statement_dispute", "a finance "
		    "clerk settles a statement dispute on the statement: with "
		    "an adjustment or a rejection");
	return turn(db, who, &c, sql_resolve, a->text, "resolved",
	    "complaint.resolved", f);
}

int
complaints_reopen(struct db *db, const struct principal *who,
    const struct complaints_act *a, struct fault *f)
{
	static const struct rule u = { W_DEALER, "the dealer reopens its "
	    "complaints", "reason", BODY_MAX, 0, "required: what is still "
	    "wrong" };
	struct locked	 c;
	int		 st;

	if ((st = begin(db, who, &u, a, &c, f)) != 0)
		return st;
	if (c.dispute)
		return refuse(db, f, 409, "statement_dispute", "a settled "
		    "statement dispute stays settled: dispute the lines of the "
		    "next statement");
	if (!complaints_may_reopen(c.status, c.resolved_at, c.now))
		return refuse(db, f, 409, "illegal_transition", c.status !=
		    CP_RESOLVED ? "only a resolved complaint is reopened" :
		    "more than 14 days since it was resolved: file a new one");
	return turn(db, who, &c, sql_reopen, a->text, "reopened",
	    "complaint.reopened", f);
}

/* Rate the handling a->rating of 5, a->text the comment (optional). */
int
complaints_rate(struct db *db, const struct principal *who,
    const struct complaints_act *a, struct fault *f)
{
	static const struct rule u = { W_DEALER, "the dealer rates the "
	    "handling", "comment", 1000, 1, "at most 1000 characters" };
	struct locked	 c;
	int		 st;

	if (side(who, W_DEALER) && (a->rating < 1 || a->rating > 5))
		fault_field(f, "rating", "required: 1 to 5");
	if ((st = begin(db, who, &u, a, &c, f)) != 0)
		return st;
	if (c.status != CP_RESOLVED || c.rated)
		return refuse(db, f, 409, "illegal_transition", c.rated ?
		    "rated already" : "a complaint is rated once resolved");
	return finish(db, run(db, sql_rate, "itii", a->rating, a->text !=
	    NULL ? a->text : "", c.id, c.version), f);
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

	if ((s = db_preparef(db, sql_lock_id, "i", id)) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	locked_read(s, &c);
	db_stmt_release(s);
	return c.status != CP_RESOLVED && run(db, sql_resolve, "ii", c.id,
	    c.version) == 1 && post(db, &c, user, "message", note) == 0 &&
	    post(db, &c, user, "event", event) == 0 && feed(db, &c,
	    "complaint.resolved", c.level) == 0 ? 0 : -1;
}
