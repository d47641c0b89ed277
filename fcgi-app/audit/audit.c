/*
 * audit.c: the audit log every change writes, in the change's transaction
 *
 * A row names the organisation it concerns (audit_log.org_id), and gets
 * one audit_reach row for each organisation besides HQ that may read it
 * (migration 0061): so a region's, a chain's or a dealer's admin reads
 * its trail as one range of one index.  Three statements: the concerned
 * organisation's region and chain (a plain read: no lock on orgs, which
 * every order's foreign key checks), the row, its readers.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/log.h"
#include "../db/db.h"
#include "audit.h"

#define READERS_MAX	(3 + AUDIT_ALSO_MAX)

static const char sql_org[] =
	"SELECT kind, COALESCE(region_id, 0), COALESCE(chain_id, 0) "
	"FROM orgs WHERE id = ?";
static const char sql_insert[] =
	"INSERT INTO audit_log (actor_user_id, actor_org_id, org_id, action, "
	"object_type, object_id, request_id, details) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
/* the row's readers, 1 to READERS_MAX of them, with its time and actor */
#define READERS_SQL(more) \
	"INSERT INTO audit_reach (org_id, at, audit_id, actor_user_id) " \
	"SELECT t.o, a.at, a.id, a.actor_user_id FROM audit_log a JOIN " \
	"(SELECT CAST(? AS UNSIGNED) AS o" more ") t WHERE a.id = ?"
#define U	" UNION ALL SELECT ?"
static const char *const sql_readers[READERS_MAX] = {
	READERS_SQL(""),
	READERS_SQL(U),
	READERS_SQL(U U),
	READERS_SQL(U U U),
	READERS_SQL(U U U U),
};
#undef U
_Static_assert(READERS_MAX == 5, "one statement for each count of readers");

/* Add org to the n readers in r unless it is 0 or there already. */
static void
reader(int64_t *r, int *n, int64_t org)
{
	int	 i;

	if (org <= 0)
		return;
	for (i = 0; i < *n; i++)
		if (r[i] == org)
			return;
	if (*n < READERS_MAX)
		r[(*n)++] = org;
}

/*
 * The organisations that read a row about a: a.org (unless HQ or staff),
 * its region, its chain (unless staff), and a.also.  0 and *n, or -1.
 */
static int
readers(struct db *db, const struct audit_about *a, int64_t *r, int *n)
{
	struct db_stmt	*s;
	const char	*kind;
	int64_t		 region, chain;
	int		 i, rc;

	*n = 0;
	if (a->org > 0) {
		if ((s = db_prepare(db, sql_org)) == NULL ||
		    db_bind_int(s, 0, a->org) == -1 ||
		    (rc = db_step(s)) == DB_ERROR) {
			db_stmt_release(s);
			return -1;
		}
		if (rc == DB_ROW && (kind = db_col_text(s, 0, NULL)) != NULL) {
			region = db_col_int(s, 1);
			chain = db_col_int(s, 2);
			if (strcmp(kind, "region") == 0)
				region = a->org;
			if (strcmp(kind, "chain") == 0)
				chain = a->org;
			if (!a->staff && strcmp(kind, "hq") != 0)
				reader(r, n, a->org);
			reader(r, n, region);
			if (!a->staff)
				reader(r, n, chain);
		}
		db_stmt_release(s);
	}
	for (i = 0; i < AUDIT_ALSO_MAX; i++)
		reader(r, n, a->also[i]);
	return 0;
}

/*
 * Log action on object_type object_id by who (NULL: the command line,
 * the system), about a (whom it concerns), with details (NULL: none).
 * 0 or -1.
 */
int
audit_write_about(struct db *db, const struct principal *who,
    const char *action, const char *object_type, int64_t object_id,
    const struct audit_about *a, const cJSON *details)
{
	struct db_stmt	*s = NULL;
	int64_t		 r[READERS_MAX], row;
	char		 id[24], *json = NULL;
	int		 i, n, rc = -1;

	snprintf(id, sizeof(id), "%lld", (long long)object_id);
	if (readers(db, a, r, &n) == -1)
		return -1;
	if (details != NULL && (json = cJSON_PrintUnformatted(details)) == NULL)
		return -1;
	if ((s = db_prepare(db, sql_insert)) == NULL)
		goto out;
	if ((who != NULL ? db_bind_int(s, 0, who->user_id) :
	    db_bind_null(s, 0)) == -1 ||
	    (who != NULL ? db_bind_int(s, 1, who->org_id) :
	    db_bind_null(s, 1)) == -1 ||
	    (a->org > 0 ? db_bind_int(s, 2, a->org) : db_bind_null(s, 2)) ==
	    -1 || db_bind_text(s, 3, action) == -1 ||
	    db_bind_text(s, 4, object_type) == -1 ||
	    db_bind_text(s, 5, id) == -1 ||
	    db_bind_text(s, 6, log_request_id()) == -1 ||
	    db_bind_text(s, 7, json) == -1 || db_exec(s) == -1)
		goto out;
	row = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	s = NULL;
	if (n > 0) {
		if ((s = db_prepare(db, sql_readers[n - 1])) == NULL)
			goto out;
		for (i = 0; i < n; i++)
			if (db_bind_int(s, i, r[i]) == -1)
				goto out;
		if (db_bind_int(s, n, row) == -1 || db_exec(s) == -1 ||
		    db_affected(s) != (uint64_t)n)
			goto out;
	}
	rc = 0;
out:
	db_stmt_release(s);
	cJSON_free(json);
	return rc;
}

/* Log a change about org (0: HQ's own), read by org, its region, chain. */
int
audit_write(struct db *db, const struct principal *who, const char *action,
    const char *object_type, int64_t object_id, int64_t org,
    const cJSON *details)
{
	struct audit_about	 a = { org, 0, { 0 } };

	return audit_write_about(db, who, action, object_type, object_id, &a,
	    details);
}
