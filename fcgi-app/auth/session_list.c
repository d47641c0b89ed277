/*
 * session_list.c: a user's own sessions, to see and to end
 *
 * Only the user's own: every statement is bound to the caller's user id,
 * so another user's session is "not found", never shown or ended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "session.h"

enum stmt { STMT_LIST, STMT_FAMILY, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* STMT_LIST */
	"SELECT id, DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "
	"DATE_FORMAT(last_used_at, '%Y-%m-%dT%H:%i:%sZ'), user_agent, addr, "
	"DATE_FORMAT(created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), "
	"DATE_FORMAT(last_used_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i') "
	"FROM sessions WHERE user_id = ? AND ended_at IS NULL "
	"ORDER BY id DESC LIMIT " SESSION_LIST_MAX_TEXT,
	/* STMT_FAMILY */
	"SELECT family FROM sessions WHERE id = ? AND user_id = ? FOR UPDATE",
};

static void
copy_col(struct db_stmt *s, int col, char *out, size_t size)
{
	snprintf(out, size, "%s", db_col_text(s, col, NULL));
}

/* The user's sessions that have not ended, newest first; free(*rows). */
int
session_list(struct db *db, int64_t user_id, struct session_row **rows,
    size_t *n)
{
	struct session_row	*v;
	struct db_stmt		*s;
	enum db_step		 r = DB_DONE;
	int			 rc = -1;

	*rows = NULL;
	*n = 0;
	if ((v = calloc(SESSION_LIST_MAX, sizeof(*v))) == NULL)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_LIST])) == NULL ||
	    db_bind_int(s, 0, user_id) == -1)
		goto out;
	while (*n < SESSION_LIST_MAX && (r = db_step(s)) == DB_ROW) {
		v[*n].id = db_col_int(s, 0);
		copy_col(s, 1, v[*n].created, sizeof(v[*n].created));
		copy_col(s, 2, v[*n].last_used, sizeof(v[*n].last_used));
		copy_col(s, 3, v[*n].user_agent, sizeof(v[*n].user_agent));
		copy_col(s, 4, v[*n].addr, sizeof(v[*n].addr));
		copy_col(s, 5, v[*n].created_cn, sizeof(v[*n].created_cn));
		copy_col(s, 6, v[*n].last_used_cn,
		    sizeof(v[*n].last_used_cn));
		(*n)++;
	}
	if (*n < SESSION_LIST_MAX && r == DB_ERROR)
		goto out;
	*rows = v;
	v = NULL;
	rc = 0;
out:
	db_stmt_release(s);
	free(v);
	if (rc == -1)
		*n = 0;
	return rc;
}

/*
 * End one of the user's sessions (its refresh tokens and access tokens).
 * 0 done (also if it had ended already), 1 no such session of this user,
 * -1 on a database error.
 */
int
session_end(struct db *db, int64_t user_id, int64_t sid)
{
	struct db_stmt	*s;
	char		 family[33];
	enum db_step	 r;

	if (db_begin(db) == -1)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_FAMILY])) == NULL ||
	    db_bind_int(s, 0, sid) == -1 || db_bind_int(s, 1, user_id) == -1 ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	if (r == DB_DONE) {
		db_stmt_release(s);
		db_rollback(db);
		return 1;
	}
	copy_col(s, 0, family, sizeof(family));
	db_stmt_release(s);
	if (session_end_family(db, family, user_id) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
