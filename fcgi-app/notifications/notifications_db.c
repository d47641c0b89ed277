/*
 * notifications_db.c: a user's notifications.  Every statement is bound
 * to the reader's own user id: another user's notification is not found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../db/db.h"
#include "notifications.h"

#define COLUMNS \
	"SELECT id, kind, object_type, object_ref, params, " \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"COALESCE(DATE_FORMAT(read_at, '%Y-%m-%dT%H:%i:%sZ'), ''), " \
	"DATE_FORMAT(created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i') " \
	"FROM notifications "

static const char sql_list[] = COLUMNS
	"WHERE user_id = ? AND id < ? AND (? = 0 OR read_at IS NULL) "
	"ORDER BY id DESC LIMIT ?";
static const char sql_one[] = COLUMNS "WHERE id = ? AND user_id = ?";
static const char sql_unread[] =
	"SELECT COUNT(*) FROM notifications WHERE user_id = ? AND "
	"read_at IS NULL";
static const char sql_read[] =
	"UPDATE notifications SET read_at = NOW(6) WHERE id = ? AND "
	"user_id = ? AND read_at IS NULL";
static const char sql_read_all[] =
	"UPDATE notifications SET read_at = NOW(6) WHERE user_id = ? AND "
	"read_at IS NULL";

static int
item_of(struct db_stmt *s, struct notifications_item *it)
{
	memset(it, 0, sizeof(*it));
	it->id = db_col_int(s, 0);
	db_col_copy(s, 1, it->kind, sizeof(it->kind));
	db_col_copy(s, 2, it->object_type, sizeof(it->object_type));
	db_col_copy(s, 3, it->object_ref, sizeof(it->object_ref));
	db_col_copy(s, 5, it->created_at, sizeof(it->created_at));
	db_col_copy(s, 6, it->read_at, sizeof(it->read_at));
	db_col_copy(s, 7, it->created_china, sizeof(it->created_china));
	return (it->params = strdup(db_col_text(s, 4, NULL))) == NULL ? -1 : 0;
}

/*
 * user's notifications below the id before (0: from the newest), at most
 * limit, only the unread if unread_only; and the unread count.  0 or -1.
 */
int
notifications_list(struct db *db, int64_t user, int64_t before, int limit,
    int unread_only, struct notifications_page *pg)
{
	struct db_stmt	*s;
	int		 rc;

	memset(pg, 0, sizeof(*pg));
	if ((pg->unread = notifications_unread(db, user)) < 0 ||
	    (pg->v = calloc((size_t)limit, sizeof(*pg->v))) == NULL)
		return -1;
	if ((s = db_preparef(db, sql_list, "iiii", user, before > 0 ? before :
	    INT64_MAX, (int64_t)unread_only, (int64_t)limit + 1)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		if (pg->n == (size_t)limit) {
			pg->next = pg->v[pg->n - 1].id;
			continue;
		}
		if (item_of(s, &pg->v[pg->n]) == -1)
			break;
		pg->n++;
	}
	db_stmt_release(s);
	return rc == DB_DONE ? 0 : -1;
}

void
notifications_page_free(struct notifications_page *pg)
{
	size_t	 i;

	for (i = 0; i < pg->n; i++)
		free(pg->v[i].params);
	free(pg->v);
	memset(pg, 0, sizeof(*pg));
}

/* How many of user's are unread; -1 on error. */
int64_t
notifications_unread(struct db *db, int64_t user)
{
	struct db_stmt	*s;
	int64_t		 n = -1;

	if ((s = db_preparef(db, sql_unread, "i", user)) != NULL &&
	    db_step(s) == DB_ROW)
		n = db_col_int(s, 0);
	db_stmt_release(s);
	return n;
}

/*
 * Mark user's notification id read (again is no change) and read it into
 * *it (its params freed by the caller).  200, 404 (not the user's), 500.
 */
int
notifications_mark_read(struct db *db, int64_t user, int64_t id,
    struct notifications_item *it, struct fault *f)
{
	struct db_stmt	*s;
	int		 rc;

	memset(it, 0, sizeof(*it));
	if (db_execv(db, sql_read, NULL, "ii", id, user) == -1)
		return 500;
	if ((s = db_preparef(db, sql_one, "ii", id, user)) == NULL)
		return 500;
	rc = db_step(s);
	if (rc == DB_ROW && item_of(s, it) == -1)
		rc = DB_ERROR;
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	if (rc != DB_ROW)
		return fault_set(f, 404, "not_found", "no such notification");
	return 200;
}

/* Mark all of user's read; *n says how many were unread.  0 or -1. */
int
notifications_mark_all_read(struct db *db, int64_t user, int64_t *n)
{
	int	 rc = db_execv(db, sql_read_all, NULL, "i", user);

	*n = rc;
	return rc < 0 ? -1 : 0;
}
