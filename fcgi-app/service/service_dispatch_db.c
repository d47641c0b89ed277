/*
 * service_dispatch_db.c: a waiting job offered to the nearest provider
 * that serves its city and category and has a free slot
 *
 * Candidates come from the (city, category) range of provider_areas,
 * never from all providers, ordered by great-circle distance from the
 * customer (rounded to metres), then the lighter load, then the id; those
 * offered the job in this round (declined, lapsed) are left out.  A slot
 * is taken by the guarded update of the provider's open_jobs (0 rows: a
 * racer took the last one, try the next), in the same statement as the
 * job's move, conditional on its version and state: two dispatchers
 * (threads, app nodes, `dealernetd dispatch`) that take one job both
 * write its row and the provider's, so one waits (one server) or fails
 * certification (Galera) and rolls back whole.  The worker's dispatcher
 * threads share the due jobs out by city (a hash), so that they rarely
 * contend for one provider; SKIP LOCKED keeps them off each other's.  No candidate: the job waits, flagged
 * unplaced once (the region's agents are told once), tried again a minute
 * later.  Offers past their due lapse: the slot goes back and the job
 * waits again, to be offered to the next.
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/log.h"
#include "../core/stop.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "service.h"
#include "service_jobs.h"

/* the clock: an injected one (seconds, tests) or the database's */
#define NOW	"COALESCE(FROM_UNIXTIME(NULLIF(?, 0)), UTC_TIMESTAMP(6))"
#define CANDIDATES	20	/* tried per job before it waits a pass */

#define JOB_COLS \
	"SELECT j.id, j.number, j.dealer_id, j.region_id, j.version, " \
	"j.round, j.city, j.category_id, j.lat_e6, j.lng_e6, " \
	"j.unplaced_at IS NULL, j.first_offered_at IS NULL, " \
	"TIMESTAMPDIFF(MICROSECOND, j.filed_at, " NOW ") FROM service_jobs j "
/* the due jobs no one else is dispatching, oldest due first; of a part */
static const char sql_claim[] =
	JOB_COLS "WHERE j.dispatch_at <= " NOW " AND j.status = 'waiting' "
	"AND (? = 0 OR CRC32(j.city) % ? = ?) "
	"ORDER BY j.dispatch_at LIMIT ? FOR UPDATE SKIP LOCKED";
/* one job, whatever its due (on demand) */
static const char sql_lock[] =
	JOB_COLS "WHERE j.id = ? AND j.status = 'waiting' FOR UPDATE";
static const char sql_candidates[] =
	"SELECT a.provider_id, ROUND(12742000 * ASIN(LEAST(1, SQRT("
	"POW(SIN(RADIANS((p.lat_e6 - ?) / 1e6) / 2), 2) + "
	"COS(RADIANS(? / 1e6)) * COS(RADIANS(p.lat_e6 / 1e6)) * "
	"POW(SIN(RADIANS((p.lng_e6 - ?) / 1e6) / 2), 2))))) AS distance "
	"FROM provider_areas a JOIN providers p ON p.org_id = a.provider_id "
	"JOIN orgs o ON o.id = a.provider_id "
	"LEFT JOIN service_offers f ON f.job_id = ? AND f.round = ? AND "
	"f.provider_id = a.provider_id "
	"WHERE a.city = ? AND a.category_id = ? AND o.active = 1 AND "
	"p.open_jobs < p.capacity AND f.id IS NULL "
	"ORDER BY distance, p.open_jobs, a.provider_id LIMIT ?";
/*
 * A slot of the provider and the job, in one statement (a round trip per
 * job fewer): both rows change (2) or neither (0: the provider is full,
 * try the next; or the job moved, which the flagging then finds).
 */
static const char sql_offer[] =
	"UPDATE service_jobs j JOIN providers p ON p.org_id = ? "
	"SET p.open_jobs = p.open_jobs + 1, j.status = 'offered', "
	"j.provider_id = p.org_id, j.offered_at = " NOW ", "
	"j.offer_due = " NOW " + INTERVAL ? MINUTE, "
	"j.first_offered_at = COALESCE(j.first_offered_at, " NOW "), "
	"j.dispatch_at = NULL, j.version = j.version + 1 "
	"WHERE j.id = ? AND j.version = ? AND j.status = 'waiting' AND "
	"p.open_jobs < p.capacity";
static const char sql_unplaced[] =
	"UPDATE service_jobs SET unplaced_at = COALESCE(unplaced_at, " NOW
	"), dispatch_at = " NOW " + INTERVAL 1 MINUTE, version = version + 1 "
	"WHERE id = ? AND version = ? AND status = 'waiting'";

/* A job read to dispatch (the columns of JOB_COLS). */
struct job {
	struct service_job_ref	 ref;
	char			 city[SERVICE_CITY_MAX * 4 + 1];
	int64_t			 category, lat, lng;
	int			 flagged;	/* unplaced before */
	int			 first;		/* never offered before */
	double			 waited;	/* seconds since filing */
};

static void
job_read(struct db_stmt *s, struct job *j)
{
	memset(j, 0, sizeof(*j));
	j->ref.id = db_col_int(s, 0);
	db_col_copy(s, 1, j->ref.number, sizeof(j->ref.number));
	j->ref.dealer_id = db_col_int(s, 2);
	j->ref.region_id = db_col_int(s, 3);
	j->ref.version = db_col_int(s, 4);
	j->ref.round = (int)db_col_int(s, 5);
	j->ref.status = SERVICE_WAITING;
	db_col_copy(s, 6, j->city, sizeof(j->city));
	j->category = db_col_int(s, 7);
	j->lat = db_col_int(s, 8);
	j->lng = db_col_int(s, 9);
	j->flagged = db_col_int(s, 10) == 0;
	j->first = db_col_int(s, 11) != 0;
	j->waited = (double)db_col_int(s, 12) / 1e6;
}

/* The candidates of j, nearest first: their ids; n, or -1. */
static int
candidates(struct db *db, const struct job *j, int64_t *ids)
{
	struct db_stmt	*s;
	int		 n = 0, rc;

	s = db_preparef(db, sql_candidates, "iiiiitii", j->lat, j->lat,
	    j->lng, j->ref.id, (int64_t)j->ref.round, j->city, j->category,
	    (int64_t)CANDIDATES);
	if (s == NULL)
		return -1;
	while (n < CANDIDATES && (rc = db_step(s)) == DB_ROW)
		ids[n++] = db_col_int(s, 0);
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : n;
}

/*
 * Offer j to provider if it has a free slot, in the caller's transaction:
 * 1 offered, 0 full, -1 an error.  The offer's row, timeline, feed and
 * notification are written for the whole batch after
 * (service_dispatch_record()).
 */
static int
offer(struct db *db, const struct job *j, int64_t provider, int64_t now)
{
	int	 rc;

	rc = db_execv(db, sql_offer, NULL, "iiiiiii", provider, now, now,
	    (int64_t)service_settings.accept_minutes, now, j->ref.id,
	    j->ref.version);
	return rc == -1 ? -1 : rc == 2;
}

/* No one left for j: it waits a minute, flagged (and told) once. */
static int
unplaced(struct db *db, const struct job *j, int64_t now)
{
	char	 params[96];
	int	 rc;

	if ((rc = db_execv(db, sql_unplaced, NULL, "iiii", now, now,
	    j->ref.id, j->ref.version)) != 1)
		return rc;	/* 0: moved under us */
	if (j->flagged)
		return 1;
	snprintf(params, sizeof(params), "{\"number\":\"%s\"}", j->ref.number);
	if (service_event(db, &j->ref, "service.unplaced", 0, 0,
	    "no provider with capacity") == -1 ||
	    notify_event(db, "service.unplaced", "service_job", j->ref.number,
	    j->ref.dealer_id, params) == -1)
		return -1;
	return 1;
}

/*
 * Dispatch one locked waiting job in the caller's transaction: 1 offered,
 * 2 left waiting (no one, or every candidate filled meanwhile), 0 the job
 * moved under us (roll back), -1 an error.
 */
static int
dispatch_one(struct db *db, const struct job *j, int64_t now)
{
	int64_t	 ids[CANDIDATES];
	int	 n, i, rc;

	if ((n = candidates(db, j, ids)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((rc = offer(db, j, ids[i], now)) != 0)
			return rc;
	}
	if (n == CANDIDATES)
		return 2;	/* all full meanwhile: the next pass tries */
	return (rc = unplaced(db, j, now)) == 1 ? 2 : rc;
}

static void
tally(struct service_dispatch_pass *p, const struct job *j, int rc)
{
	if (rc == 1) {
		p->offered++;
		service_dispatch_count(SERVICE_OFFER_MADE, 1);
		if (j->first)
			service_dispatch_latency(j->waited);
	} else if (rc == 2) {
		p->unplaced++;
		if (!j->flagged)
			service_dispatch_count(SERVICE_OFFER_UNPLACED, 1);
	} else
		p->lost++;
}

/* One job by id in a transaction of its own: as dispatch_one, 0 gone. */
static int
dispatch_alone(struct db *db, int64_t id, int64_t now, struct job *j)
{
	struct db_stmt	*s;
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	if ((s = db_preparef(db, sql_lock, "ii", now, id)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	if (rc == DB_ROW)
		job_read(s, j);
	db_stmt_release(s);
	if (rc != DB_ROW) {
		db_rollback(db);
		return 0;
	}
	if ((rc = dispatch_one(db, j, now)) <= 0 || (rc == 1 &&
	    service_dispatch_record(db, &id, 1) == -1) ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc < 0 ? -1 : rc == 0 ? 0 : -1;
	}
	return rc;
}

/*
 * Dispatch up to max due jobs of part (of parts; 0 parts: all), claimed
 * with SKIP LOCKED, so dispatchers running at once share them out, batch
 * by batch, each batch in one
 * transaction; a batch that fails is done again job by job, so one bad
 * job holds up no other.  0, or -1 on a database error.
 */
int
service_dispatch_due(struct db *db, int64_t now, int part, int parts,
    int max, struct service_dispatch_pass *p)
{
	struct job	 jobs[SERVICE_DISPATCH_BATCH];
	struct db_stmt	*s;
	int64_t		 offered[SERVICE_DISPATCH_BATCH];
	int		 n, m, i, rc[SERVICE_DISPATCH_BATCH], ok;

	while (max > 0 && !stop_requested()) {
		/*
		 * Read committed: the claim keeps locks only on the jobs it
		 * takes (not on those of another part it passes, nor gaps
		 * that a filing would wait on), and candidates' loads are
		 * the latest.
		 */
		if (db_run(db, "SET TRANSACTION ISOLATION LEVEL READ "
		    "COMMITTED") == -1 || db_begin(db) == -1)
			return -1;
		n = 0;
		s = db_preparef(db, sql_claim, "iiiiii", now, now,
		    (int64_t)parts, (int64_t)parts, (int64_t)part,
		    (int64_t)(max < SERVICE_DISPATCH_BATCH ? max :
		    SERVICE_DISPATCH_BATCH));
		while (s != NULL && n < SERVICE_DISPATCH_BATCH &&
		    db_step(s) == DB_ROW)
			job_read(s, &jobs[n++]);
		db_stmt_release(s);
		if (s == NULL || n == 0) {
			db_rollback(db);
			return s == NULL ? -1 : 0;
		}
		for (i = 0, m = 0, ok = 1; ok && i < n; i++)
			if ((ok = (rc[i] = dispatch_one(db, &jobs[i], now)) >
			    0) && rc[i] == 1)
				offered[m++] = jobs[i].ref.id;
		if (ok && service_dispatch_record(db, offered, m) == 0 &&
		    db_commit(db) == 0) {
			for (i = 0; i < n; i++)
				tally(p, &jobs[i], rc[i]);
		} else {
			db_rollback(db);
			for (i = 0; i < n; i++) {
				int64_t	 id = jobs[i].ref.id;

				if ((rc[i] = dispatch_alone(db, id, now,
				    &jobs[i])) == -1 && !db_is_conflict(db))
					log_error("service: job %lld not "
					    "dispatched: %s", (long long)id,
					    db_errmsg(db));
				tally(p, &jobs[i], rc[i]);
			}
		}
		max -= n;
		if (n < SERVICE_DISPATCH_BATCH)
			break;
	}
	return 0;
}

/* a job's id by number, in who's reach, locked (service_job_find) */
int
service_dispatch_now(struct db *db, const struct principal *who,
    const char *number, struct fault *f)
{
	struct service_job_ref	 ref;
	struct db_stmt		*s;
	struct job		 j;
	int			 rc;

	if (db_begin(db) == -1)
		return 503;
	if ((rc = service_job_find(db, who, number, 1, &ref)) != 1) {
		db_rollback(db);
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such service job") : 500;
	}
	if (ref.status != SERVICE_WAITING) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the job is %s, not "
		    "waiting", service_status_name(ref.status));
	}
	if ((s = db_preparef(db, sql_lock, "ii", (int64_t)0, ref.id)) ==
	    NULL || (rc = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		db_rollback(db);
		return 500;
	}
	job_read(s, &j);
	db_stmt_release(s);
	if ((rc = dispatch_one(db, &j, 0)) <= 0 || (rc == 1 &&
	    service_dispatch_record(db, &ref.id, 1) == -1) ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc == 0 ? fault_set(f, 409, "conflict", "the job "
		    "changed meanwhile") : 500;
	}
	{
		struct service_dispatch_pass	 p;

		memset(&p, 0, sizeof(p));
		tally(&p, &j, rc);
	}
	return 200;
}
