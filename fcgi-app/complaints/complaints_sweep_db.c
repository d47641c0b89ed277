/*
 * complaints_sweep_db.c: the escalation sweep of DESIGN §5
 *
 * Every minute (server.c's tick, in every app process) and on demand
 * (`dealernetd sweep --now=...`, whose clock tests set): each unresolved
 * complaint past a clock goes up to the level complaints_rules.c says, once per
 * level.  Several processes may sweep at once: the raise is an update
 * conditional on the level read, so one of them makes it, and the level's
 * row in complaint_escalations is its record.
 */
#include <stdio.h>

#include "../core/log.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "complaints.h"

#define BATCH	200

/*
 * Those that may go up (complaints_rules.c decides): at level 0 any past a
 * clock, at level 1 those late for HQ; on the complaints_sweep index.
 */
/* unanswered, due within 4 hours (the 20-hour mark of a 24-hour clock) */
static const char sql_soon[] =
	"SELECT id, number, dealer_id, COALESCE(assigned_user_id, 0) FROM "
	"complaints WHERE first_response_due > FROM_UNIXTIME(?) AND "
	"first_response_due <= FROM_UNIXTIME(?) + INTERVAL 4 HOUR AND "
	"reminded_at IS NULL AND first_responded_at IS NULL AND resolved_at "
	"IS NULL ORDER BY id LIMIT ?";
static const char sql_remind[] =
	"UPDATE complaints SET reminded_at = FROM_UNIXTIME(?) WHERE id = ? AND "
	"reminded_at IS NULL AND first_responded_at IS NULL";
static const char sql_due[] =
	"SELECT id, number, dealer_id, escalation_level, version, "
	"UNIX_TIMESTAMP(first_response_due), UNIX_TIMESTAMP(resolution_due), "
	"COALESCE(UNIX_TIMESTAMP(first_responded_at), 0), "
	"COALESCE(UNIX_TIMESTAMP(resolved_at), 0) FROM complaints "
	"WHERE (escalation_level = 0 AND next_due < FROM_UNIXTIME(?)) OR "
	"(escalation_level = 1 AND next_due IS NOT NULL AND (resolution_due < "
	"FROM_UNIXTIME(?) - INTERVAL 24 HOUR OR (first_responded_at IS NULL "
	"AND first_response_due < FROM_UNIXTIME(?) - INTERVAL 24 HOUR))) "
	"ORDER BY id LIMIT ?";
/* nothing changed since it was read: not answered, not resolved */
static const char sql_raise[] =
	"UPDATE complaints SET escalation_level = ?, version = version + 1 "
	"WHERE id = ? AND escalation_level = ? AND version = ?";
static const char sql_record[] =
	"INSERT INTO complaint_escalations (complaint_id, level, clock, at) "
	"VALUES (?, ?, ?, FROM_UNIXTIME(?))";
static const char sql_event[] =
	"INSERT INTO complaint_messages (complaint_id, author_user_id, at, "
	"kind, body) VALUES (?, NULL, FROM_UNIXTIME(?), 'event', ?)";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('complaint.escalated', 'complaint', ?, ?, ?)";

struct due {
	int64_t		 id, dealer, version;
	char		 number[32];
	struct clocks	 c;
};

static int
exec_ok(struct db_stmt *s, int ok)
{
	ok = ok && db_exec(s) == 0;
	db_stmt_release(s);
	return ok;
}

/* Raise one complaint to level at now: 1 raised, 0 someone else did. */
static int
raise_one(struct db *db, const struct due *d, int level, int clock,
    int64_t now)
{
	static const char *const clocks[] = { "first_response", "resolution" };
	struct db_stmt	*s;
	char		 payload[160];
	int		 l, ok;

	if (db_begin(db) == -1)
		return -1;
	s = db_prepare(db, sql_raise);
	ok = s != NULL && db_bind_int(s, 0, level) == 0 &&
	    db_bind_int(s, 1, d->id) == 0 &&
	    db_bind_int(s, 2, d->c.level) == 0 &&
	    db_bind_int(s, 3, d->version) == 0 && db_exec(s) == 0;
	if (ok && db_affected(s) != 1) {
		db_stmt_release(s);
		db_rollback(db);
		return 0;
	}
	db_stmt_release(s);
	for (l = d->c.level + 1; ok && l <= level; l++) {
		s = db_prepare(db, sql_record);
		ok = exec_ok(s, s != NULL && db_bind_int(s, 0, d->id) == 0 &&
		    db_bind_int(s, 1, l) == 0 &&
		    db_bind_text(s, 2, clocks[clock]) == 0 &&
		    db_bind_int(s, 3, now) == 0);
		s = db_prepare(db, sql_event);
		ok = ok && exec_ok(s, s != NULL &&
		    db_bind_int(s, 0, d->id) == 0 &&
		    db_bind_int(s, 1, now) == 0 &&
		    db_bind_text(s, 2, l == 1 ? (clock ?
		    "escalated_1_resolution" : "escalated_1_first_response") :
		    clock ? "escalated_2_resolution" :
		    "escalated_2_first_response") == 0);
		snprintf(payload, sizeof(payload), "{\"number\":\"%s\","
		    "\"level\":%d,\"clock\":\"%s\"}", d->number, l,
		    clocks[clock]);
		s = db_prepare(db, sql_feed);
		ok = ok && exec_ok(s, s != NULL &&
		    db_bind_text(s, 0, d->number) == 0 &&
		    db_bind_int(s, 1, d->dealer) == 0 &&
		    db_bind_text(s, 2, payload) == 0);
		/* the people of the level, not only the level */
		ok = ok && notify_event(db, l == 1 ? "complaint.escalated_region" :
		    "complaint.escalated_hq", "complaint", d->number, d->dealer,
		    payload) == 0;
	}
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 1;
}

/*
 * Warn whoever handles each complaint 4 hours before its first answer is
 * due (its handler, or with none the region's service agents), once: the
 * conditional update of reminded_at goes with the event.  0, or -1.
 */
static int
remind(struct db *db, int64_t now)
{
	struct {
		int64_t	 id, dealer, handler;
		char	 number[32];
	}		 v[BATCH];
	struct db_stmt	*s;
	int		 n = 0, i, ok, rc;

	if ((s = db_preparef(db, sql_soon, "iii", now, now, (int64_t)BATCH)) ==
	    NULL)
		return -1;
	while (n < BATCH && db_step(s) == DB_ROW) {
		v[n].id = db_col_int(s, 0);
		db_col_copy(s, 1, v[n].number, sizeof(v[n].number));
		v[n].dealer = db_col_int(s, 2);
		v[n].handler = db_col_int(s, 3);
		n++;
	}
	db_stmt_release(s);
	for (i = 0; i < n; i++) {
		if (db_begin(db) == -1)
			return -1;
		if ((rc = db_execv(db, sql_remind, NULL, "ii", now,
		    v[i].id)) != 1) {
			db_rollback(db);	/* answered, or warned already */
			if (rc == -1 && !db_is_conflict(db))
				return -1;
			continue;
		}
		ok = v[i].handler != 0 ? notify_event_user(db,
		    "complaint.due_soon", "complaint", v[i].number,
		    v[i].handler, NULL) : notify_event(db,
		    "complaint.due_soon_region", "complaint", v[i].number,
		    v[i].dealer, NULL);
		if (ok == -1 || db_commit(db) == -1) {
			db_rollback(db);
			return -1;
		}
	}
	return 0;
}

/*
 * Escalate what is due at now (seconds since the epoch, UTC; 0: the
 * database's clock, which wrote the due times); *raised gets how many
 * complaints went up.  0, or -1 on a database error.
 */
int
complaints_sweep(struct db *db, int64_t now, int *raised)
{
	struct db_stmt	*s;
	struct due	 due[BATCH];
	int		 n = 0, i, level, clock, rc;

	*raised = 0;
	if (now == 0) {
		if ((s = db_prepare(db, "SELECT UNIX_TIMESTAMP()")) == NULL ||
		    db_step(s) != DB_ROW) {
			db_stmt_release(s);
			return -1;
		}
		now = db_col_int(s, 0);
		db_stmt_release(s);
	}
	if (remind(db, now) == -1)
		return -1;
	if ((s = db_prepare(db, sql_due)) == NULL ||
	    db_bind_int(s, 0, now) == -1 || db_bind_int(s, 1, now) == -1 ||
	    db_bind_int(s, 2, now) == -1 || db_bind_int(s, 3, BATCH) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW && n < BATCH) {
		due[n].id = db_col_int(s, 0);
		db_col_copy(s, 1, due[n].number, sizeof(due[n].number));
		due[n].dealer = db_col_int(s, 2);
		due[n].c.level = (int)db_col_int(s, 3);
		due[n].version = db_col_int(s, 4);
		due[n].c.first_response_due = db_col_int(s, 5);
		due[n].c.resolution_due = db_col_int(s, 6);
		due[n].c.first_responded_at = db_col_int(s, 7);
		due[n].c.resolved_at = db_col_int(s, 8);
		n++;
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return -1;
	for (i = 0; i < n; i++) {
		level = complaints_escalation_due(&due[i].c, now, &clock);
		if (level <= due[i].c.level)
			continue;
		if ((rc = raise_one(db, &due[i], level, clock, now)) == -1)
			return -1;
		*raised += rc;
	}
	if (*raised > 0)
		log_info("complaint sweep: %d escalated", *raised);
	return 0;
}
