/*
 * service_dispatch_db.c: a waiting job offered to the nearest provider
 * that serves its city and category and has a free slot
 *
 * Candidates come from the (city, category) range of provider_areas,
 * never from all providers, ordered by great-circle distance from the
 * customer (rounded to metres), then the lighter load, then the id; those
 * offered the job in this round (declined, lapsed) are left out.  A slot
 * is taken by the guarded update of the provider's open_jobs (0 rows: a
 * racer took the last one, try the next), and the job moves by an update
 * conditional on its version and state: two dispatchers (threads, app
 * nodes, `dealernetd dispatch`) that take one job both write its row and
 * the provider's, so one waits (one server) or fails certification
 * (Galera) and rolls back whole.  No candidate: the job waits, flagged
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
/* the due jobs no one else is dispatching, oldest due first */
static const char sql_claim[] =
	JOB_COLS "WHERE j.dispatch_at <= " NOW " AND j.status = 'waiting' "
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
	"WHERE a.city = ? AND a.category_id = ? AND o.active = 1 AND "
	"p.open_jobs < p.capacity AND NOT EXISTS (SELECT 1 FROM "
	"service_offers f WHERE f.job_id = ? AND f.round = ? AND "
	"f.provider_id = a.provider_id) "
	"ORDER BY distance, p.open_jobs, a.provider_id LIMIT ?";
static const char sql_take[] =
	"UPDATE providers SET open_jobs = open_jobs + 1 WHERE org_id = ? AND "
	"open_jobs < capacity";
static const char sql_offer[] =
	"INSERT INTO service_offers (job_id, round, provider_id, distance_m, "
	"offered_at, due) VALUES (?, ?, ?, ?, " NOW ", " NOW
	" + INTERVAL ? MINUTE)";
static const char sql_offered[] =
	"UPDATE service_jobs SET status = 'offered', provider_id = ?, "
	"offered_at = " NOW ", offer_due = " NOW " + INTERVAL ? MINUTE, "
	"first_offered_at = COALESCE(first_offered_at, " NOW "), "
	"dispatch_at = NULL, version = version + 1 "
	"WHERE id = ? AND version = ? AND status = 'waiting'";
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

/* The candidates of j, nearest first: their ids and distances; n, -1. */
static int
candidates(struct db *db, const struct job *j, int64_t *ids, int64_t *dist)
{
	struct db_stmt	*s;
	int		 n = 0, rc;

	s = db_preparef(db, sql_candidates, "iiitiiii", j->lat, j->lat,
	    j->lng, j->city, j->category, j->ref.id, (int64_t)j->ref.round,
	    (int64_t)CANDIDATES);
	if (s == NULL)
		return -1;
	while (n < CANDIDATES && (rc = db_step(s)) == DB_ROW) {
		ids[n] = db_col_int(s, 0);
		dist[n++] = db_col_int(s, 1);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : n;
}

/* The offer of j to provider (a slot taken), in the caller's transaction. */
static int
offer(struct db *db, const struct job *j, int64_t provider, int64_t dist,
    int64_t now)
{
	char	 note[64], params[96];
	int64_t	 mins = service_settings.accept_minutes;
	int	 rc;

	if (db_execv(db, sql_offer, NULL, "iiiiiii", j->ref.id,
	    (int64_t)j->ref.round, provider, dist, now, now, mins) != 1)
		return -1;
	if ((rc = db_execv(db, sql_offered, NULL, "iiiiiii", provider, now,
	    now, mins, now, j->ref.id, j->ref.version)) != 1)
		return rc;	/* 0: someone else moved it: roll back */
	snprintf(note, sizeof(note), "%lld m", (long long)dist);
	snprintf(params, sizeof(params), "{\"number\":\"%s\"}", j->ref.number);
	/* the provider's agents: the event's org is the provider */
	if (service_event(db, &j->ref, "service.offered", provider, 0, note) ==
	    -1 || notify_event(db, "service.offered", "service_job",
	    j->ref.number, provider, params) == -1)
		return -1;
	return 1;
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
	int64_t	 ids[CANDIDATES], dist[CANDIDATES];
	int	 n, i, rc;

	if ((n = candidates(db, j, ids, dist)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((rc = db_execv(db, sql_take, NULL, "i", ids[i])) == -1)
			return -1;
		if (rc == 1)
			return offer(db, j, ids[i], dist[i], now);
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
	if ((rc = dispatch_one(db, j, now)) <= 0 || db_commit(db) == -1) {
		db_rollback(db);
		return rc < 0 ? -1 : rc == 0 ? 0 : -1;
	}
	return rc;
}

/*
 * Dispatch up to max due jobs (claimed with SKIP LOCKED, so dispatchers
 * running at once share them out), batch by batch, each batch in one
 * transaction; a batch that fails is done again job by job, so one bad
 * job holds up no other.  0, or -1 on a database error.
 */
int
service_dispatch_due(struct db *db, int64_t now, int max,
    struct service_dispatch_pass *p)
{
	struct job	 jobs[SERVICE_DISPATCH_BATCH];
	struct db_stmt	*s;
	int		 n, i, rc[SERVICE_DISPATCH_BATCH], ok;

	while (max > 0 && !stop_requested()) {
		if (db_begin(db) == -1)
			return -1;
		n = 0;
		s = db_preparef(db, sql_claim, "iii", now, now, (int64_t)(max <
		    SERVICE_DISPATCH_BATCH ? max : SERVICE_DISPATCH_BATCH));
		while (s != NULL && n < SERVICE_DISPATCH_BATCH &&
		    db_step(s) == DB_ROW)
			job_read(s, &jobs[n++]);
		db_stmt_release(s);
		if (s == NULL || n == 0) {
			db_rollback(db);
			return s == NULL ? -1 : 0;
		}
		for (i = 0, ok = 1; ok && i < n; i++)
			ok = (rc[i] = dispatch_one(db, &jobs[i], now)) > 0;
		if (ok && db_commit(db) == 0) {
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
	if ((rc = dispatch_one(db, &j, 0)) <= 0 || db_commit(db) == -1) {
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

/* offers past their due, oldest first; each lapses in its own transaction */
static const char sql_lapsed[] =
	"SELECT id FROM service_jobs WHERE offer_due < " NOW " AND "
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
 * One pass: the lapses, then the due jobs (those lapsed among them),
 * until none is due or budget seconds have gone (0: no limit).
 */
int
service_dispatch_run(struct db *db, int64_t now, double budget,
    struct service_dispatch_pass *p)
{
	double	 end = util_now_mono() + budget;
	int	 before;

	memset(p, 0, sizeof(*p));
	if (service_dispatch_lapse(db, now, 10000, p) == -1)
		return -1;
	do {
		before = p->offered + p->unplaced + p->lost;
		if (service_dispatch_due(db, now, 1000, p) == -1)
			return -1;
	} while (p->offered + p->unplaced + p->lost - before >= 1000 &&
	    (budget <= 0 || util_now_mono() < end) && !stop_requested());
	return 0;
}
