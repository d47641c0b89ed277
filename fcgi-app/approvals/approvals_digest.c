/*
 * approvals_digest.c: once a day, for each region with orders waiting for
 * approval more than 24 hours, one notification to its approvers saying
 * how many and the oldest (not one message an order).  The tick tries
 * every few minutes from APPROVALS_DIGEST_HOUR China time; the region's
 * row of the day in approval_digests, written with the event, makes it
 * once a day whoever runs it.
 */
#include <stdio.h>
#include <string.h>

#include "../core/log.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "approvals_digest.h"

#define REGIONS	64	/* the 42 regions, with room */

static const char sql_waiting[] =
	"SELECT o.region_id, r.code, COUNT(*), MIN(o.number) FROM orders o "
	"JOIN orgs r ON r.id = o.region_id WHERE o.status = 'submitted' AND "
	"o.created_at < UTC_TIMESTAMP(6) - INTERVAL 24 HOUR "
	"GROUP BY o.region_id, r.code ORDER BY o.region_id";
static const char sql_once[] =
	"INSERT IGNORE INTO approval_digests (region_id, day, orders) VALUES "
	"(?, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), ?)";
static const char sql_hour[] =
	"SELECT HOUR(UTC_TIMESTAMP() + INTERVAL 8 HOUR)";

struct waiting {
	int64_t	 region, n;
	char	 code[17], oldest[33];
};

/* One region's digest, unless it had today's: 1 sent, 0 had it, -1. */
static int
digest_one(struct db *db, const struct waiting *w)
{
	char	 params[128];
	int	 rc;

	snprintf(params, sizeof(params), "{\"count\":%lld,\"oldest\":\"%s\"}",
	    (long long)w->n, w->oldest);
	if (db_begin(db) == -1)
		return -1;
	if ((rc = db_execv(db, sql_once, NULL, "ii", w->region, w->n)) == 1 &&
	    notify_event(db, "approvals.digest", "queue", w->code, w->region,
	    params) == -1)
		rc = -1;
	if (rc != 1) {
		db_rollback(db);
		return rc == 0 ? 0 : -1;
	}
	return db_commit(db) == 0 ? 1 : -1;
}

/* Today's digests not sent yet; *sent counts them.  0, or -1. */
int
approvals_digest(struct db *db, int *sent)
{
	struct waiting	 w[REGIONS];
	struct db_stmt	*s;
	int		 n = 0, i, rc;

	*sent = 0;
	if ((s = db_prepare(db, sql_waiting)) == NULL)
		return -1;
	while (n < REGIONS && db_step(s) == DB_ROW) {
		w[n].region = db_col_int(s, 0);
		db_col_copy(s, 1, w[n].code, sizeof(w[n].code));
		w[n].n = db_col_int(s, 2);
		db_col_copy(s, 3, w[n].oldest, sizeof(w[n].oldest));
		n++;
	}
	db_stmt_release(s);
	for (i = 0; i < n; i++) {
		if ((rc = digest_one(db, &w[i])) == -1 && db_is_conflict(db))
			continue;	/* another node sent it */
		if (rc == -1)
			return -1;
		*sent += rc;
	}
	return 0;
}

/* The worker's tick: from the digest's hour on, today's if not sent. */
void
approvals_digest_tick(struct db *db)
{
	struct db_stmt	*s;
	int		 hour = -1, sent;

	if ((s = db_prepare(db, sql_hour)) != NULL && db_step(s) == DB_ROW)
		hour = (int)db_col_int(s, 0);
	db_stmt_release(s);
	if (hour < APPROVALS_DIGEST_HOUR)
		return;
	if (approvals_digest(db, &sent) == -1)
		log_error("approvals: the digest failed: %s", db_errmsg(db));
}

/* dealernetd digest: today's, whatever the hour */
int
approvals_digest_cli(struct db *db, int argc, char **argv)
{
	int	 sent;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: dealernetd digest\n");
		return 2;
	}
	if (approvals_digest(db, &sent) == -1)
		return 1;
	printf("{\"sent\":%d}\n", sent);
	return 0;
}
