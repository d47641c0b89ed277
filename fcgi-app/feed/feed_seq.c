/*
 * feed_seq.c: giving committed feed events their place in the feed
 *
 * Writers append feed_events rows with no sequence number, in the
 * transaction of the change they describe.  Ids are handed out at INSERT,
 * so they commit out of order; a reader that paged by id could pass an
 * id whose transaction commits a moment later and never see it.  So the
 * reader numbers events here first: under the lock of the one sequencer
 * row, every event it can see without a number gets the next one, and
 * the numbers commit together with the sequencer row.  A number is only
 * ever given to a committed event and numbers become visible in the
 * order they are given, so paging by number misses nothing and repeats
 * nothing.  On Galera the sequencer row is the certification conflict
 * that orders two nodes' numbering; the loser's request runs again.
 */
#include "../db/db.h"
#include "feed.h"

enum stmt { STMT_LOCK, STMT_PENDING, STMT_NUMBER, STMT_MOVE, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT last_seq FROM feed_sequencer WHERE id = 1 FOR UPDATE",
	"SELECT id FROM feed_events WHERE seq IS NULL ORDER BY id LIMIT ?",
	"UPDATE feed_events SET seq = ? WHERE id = ? AND seq IS NULL",
	"UPDATE feed_sequencer SET last_seq = ? WHERE id = 1",
};

/*
 * Number every event waiting (up to FEED_BATCH); *numbered says how
 * many.  0, or -1 (rolled back).  A deadlock or a Galera certification
 * lost on the sequencer row is not retried here: nothing of the request
 * is committed yet, so the dispatcher runs the whole request again.
 */
int
feed_sequence(struct db *db, int *numbered)
{
	struct db_stmt	*s, *u;
	int64_t		 ids[FEED_BATCH], last;
	int		 n = 0, i, ok;

	*numbered = 0;
	if (db_begin(db) == -1)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_LOCK])) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	last = db_col_int(s, 0);
	db_stmt_release(s);
	if ((s = db_prepare(db, stmts[STMT_PENDING])) == NULL ||
	    db_bind_int(s, 0, FEED_BATCH) == -1) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	while (n < FEED_BATCH && db_step(s) == DB_ROW)
		ids[n++] = db_col_int(s, 0);
	db_stmt_release(s);
	ok = 1;
	for (i = 0; ok && i < n; i++) {
		/* a row another reader numbered meanwhile is skipped */
		ok = (u = db_prepare(db, stmts[STMT_NUMBER])) != NULL &&
		    db_bind_int(u, 0, last + 1) == 0 &&
		    db_bind_int(u, 1, ids[i]) == 0 && db_exec(u) == 0;
		if (ok && db_affected(u) == 1) {
			last++;
			(*numbered)++;
		}
		db_stmt_release(u);
	}
	if (ok && *numbered > 0) {
		ok = (u = db_prepare(db, stmts[STMT_MOVE])) != NULL &&
		    db_bind_int(u, 0, last) == 0 && db_exec(u) == 0;
		db_stmt_release(u);
	}
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
