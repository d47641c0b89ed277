/*
 * service_dispatch_lapse_db.c: offers past their due lapse (the slot goes
 * back, the job waits to be offered to the next), and a dispatcher's pass
 * (the lapses, then the due jobs)
 */
#include <stdio.h>
#include <string.h>

#include "../core/stop.h"
#include "../core/util.h"
#include "../db/db.h"
#include "service.h"
#include "service_jobs.h"

/* the clock: an injected one (seconds, tests) or the database's */
#define NOW	"COALESCE(FROM_UNIXTIME(NULLIF(?, 0)), UTC_TIMESTAMP(6))"

/* offers past their due, oldest first; each lapses in its own transaction */
static const char sql_lapsed[] =
	"SELECT id FROM service_jobs FORCE INDEX (service_jobs_offer_due) "
	"WHERE offer_due < " NOW " AND "
	"status = 'offered' ORDER BY offer_due LIMIT ?";
static const char sql_lapse_lock[] =
	"SELECT number, dealer_id, region_id, provider_id, version, round "
	"FROM service_jobs WHERE id = ? AND status = 'offered' AND "
	"offer_due < " NOW " FOR UPDATE SKIP LOCKED";
static const char sql_lapse_offer[] =
	"UPDATE service_offers SET outcome = 'timed_out', answered_at = " NOW
	" WHERE job_id = ? AND round = ? AND provider_id = ? AND "
	"outcome = 'pending'";
static const char sql_lapse_job[] =
	"UPDATE service_jobs SET status = 'waiting', provider_id = NULL, "
	"offer_due = NULL, dispatch_at = " NOW ", version = version + 1 "
	"WHERE id = ? AND version = ? AND status = 'offered'";

/* One lapse: 1 done, 0 someone else did it (or answered), -1 error. */
static int
lapse_one(struct db *db, int64_t id, int64_t now)
{
	struct service_job_ref	 j;
	struct db_stmt		*s;
	int			 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((s = db_preparef(db, sql_lapse_lock, "ii", id, now)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	memset(&j, 0, sizeof(j));
	if (rc == DB_ROW) {
		j.id = id;
		db_col_copy(s, 0, j.number, sizeof(j.number));
		j.dealer_id = db_col_int(s, 1);
		j.region_id = db_col_int(s, 2);
		j.provider_id = db_col_int(s, 3);
		j.version = db_col_int(s, 4);
		j.round = (int)db_col_int(s, 5);
		j.status = SERVICE_OFFERED;
	}
	db_stmt_release(s);
	if (rc != DB_ROW) {
		db_rollback(db);
		return 0;
	}
	rc = db_execv(db, sql_lapse_offer, NULL, "iiii", now, id,
	    (int64_t)j.round, j.provider_id) == -1 ? -1 :
	    db_execv(db, sql_lapse_job, NULL, "iii", now, id, j.version);
	if (rc == 1 && (service_release(db, j.provider_id) == -1 ||
	    service_event(db, &j, "service.timed_out", j.provider_id, 0,
	    "") == -1))
		rc = -1;
	if (rc != 1 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 0 ? 0 : -1;
	}
	return 1;
}

/* Lapse up to max offers past their due; 0, or -1 on an error. */
int
service_dispatch_lapse(struct db *db, int64_t now, int max,
    struct service_dispatch_pass *p)
{
	struct db_stmt	*s;
	int64_t		 ids[SERVICE_DISPATCH_BATCH];
	int		 n, i, rc;

	while (max > 0 && !stop_requested()) {
		n = 0;
		if ((s = db_preparef(db, sql_lapsed, "ii", now, (int64_t)(max <
		    SERVICE_DISPATCH_BATCH ? max : SERVICE_DISPATCH_BATCH))) ==
		    NULL)
			return -1;
		while (n < SERVICE_DISPATCH_BATCH && db_step(s) == DB_ROW)
			ids[n++] = db_col_int(s, 0);
		db_stmt_release(s);
		for (i = 0; i < n; i++) {
			if ((rc = lapse_one(db, ids[i], now)) == -1 &&
			    !db_is_conflict(db))
				return -1;
			if (rc == 1) {
				p->lapsed++;
				service_dispatch_count(SERVICE_OFFER_TIMED_OUT,
				    1);
			}
		}
		max -= n;
		if (n < SERVICE_DISPATCH_BATCH)
			break;
	}
	return 0;
}

/*
 * One pass over part of parts (0 parts: all, and the lapses first): the
 * due jobs (those lapsed among them), until none is due or budget seconds
 * have gone (0: no limit).
 */
int
service_dispatch_run(struct db *db, int64_t now, int part, int parts,
    double budget, struct service_dispatch_pass *p)
{
	double	 end = util_now_mono() + budget;
	int	 before;

	memset(p, 0, sizeof(*p));
	if (part == 0 && service_dispatch_lapse(db, now, 10000, p) == -1)
		return -1;
	do {
		before = p->offered + p->unplaced + p->lost;
		if (service_dispatch_due(db, now, part, parts, 1000, p) == -1)
			return -1;
	} while (p->offered + p->unplaced + p->lost - before >= 1000 &&
	    (budget <= 0 || util_now_mono() < end) && !stop_requested());
	return 0;
}
