/*
 * notifications_outbox_db.c: the outbox as an admin sees it: messages by
 * state (the dead letters first of all), and sending one again
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../db/db.h"
#include "notifications.h"

static const char sql_list[] =
	"SELECT o.id, o.channel, o.recipient, o.state, o.attempts, "
	"COALESCE(o.last_error, ''), e.kind, e.object_ref, "
	"DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ') "
	"FROM outbox o JOIN notify_events e ON e.id = o.event_id "
	"WHERE o.state = ? AND (? = 0 OR o.id < ?) ORDER BY o.id DESC LIMIT ?";
/* again from now, with its attempts counted afresh */
static const char sql_resend[] =
	"UPDATE outbox o JOIN notify_events e ON e.id = o.event_id SET "
	"o.state = 'pending', o.attempts = 0, o.next_at = NOW(6), "
	"o.claimed_until = NULL, o.version = o.version + 1 WHERE o.id = ? AND "
	"o.state IN ('dead', 'pending') AND (o.claimed_until IS NULL OR "
	"o.claimed_until < NOW(6)) AND e.kind <> 'password.reset'";
static const char sql_exists[] =
	"SELECT e.kind FROM outbox o JOIN notify_events e ON e.id = o.event_id "
	"WHERE o.id = ?";

int
notifications_outbox_list(struct db *db, const char *state, int64_t before,
    int limit, struct notifications_message **v, size_t *n, int64_t *next)
{
	struct notifications_message	*m;
	struct db_stmt			*s;
	int				 rc;

	*n = 0;
	*next = 0;
	if ((*v = calloc((size_t)limit, sizeof(**v))) == NULL ||
	    (s = db_preparef(db, sql_list, "siii", state, before, before,
	    (int64_t)limit + 1)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == (size_t)limit) {
			*next = (*v)[*n - 1].id;
			continue;
		}
		m = &(*v)[(*n)++];
		m->id = db_col_int(s, 0);
		db_col_copy(s, 1, m->channel, sizeof(m->channel));
		db_col_copy(s, 2, m->recipient, sizeof(m->recipient));
		db_col_copy(s, 3, m->state, sizeof(m->state));
		m->attempts = db_col_int(s, 4);
		db_col_copy(s, 5, m->last_error, sizeof(m->last_error));
		db_col_copy(s, 6, m->kind, sizeof(m->kind));
		db_col_copy(s, 7, m->object_ref, sizeof(m->object_ref));
		db_col_copy(s, 8, m->created_at, sizeof(m->created_at));
	}
	db_stmt_release(s);
	return rc == DB_DONE ? 0 : -1;
}

/* Send message id again: 200, 404, 409 (sent already, or being sent). */
int
notifications_outbox_resend(struct db *db, int64_t id, struct fault *f)
{
	struct db_stmt	*s;
	int		 rc, secret;

	if ((rc = db_execv(db, sql_resend, NULL, "i", id)) == -1)
		return 500;
	if (rc == 1)
		return 200;
	if ((s = db_preparef(db, sql_exists, "i", id)) == NULL)
		return 500;
	rc = db_step(s);
	secret = rc == DB_ROW && strcmp(db_col_text(s, 0, NULL),
	    "password.reset") == 0;
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	if (rc == DB_DONE)
		return fault_set(f, 404, "not_found", "no such message");
	return secret ? fault_set(f, 409, "conflict", "a reset link is not "
	    "sent again (its token is gone); the user asks for a new one") :
	    fault_set(f, 409, "conflict", "the message is sent, or being "
	    "sent now");
}
