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
#define CANDIDATES	SERVICE_CANDIDATES

#define JOB_COLS \
	"SELECT j.id, j.number, j.dealer_id, j.region_id, j.version, " \
	"j.round, j.city, j.category_id, j.lat_e6, j.lng_e6, " \
	"j.unplaced_at IS NULL, j.first_offered_at IS NULL, " \
	"TIMESTAMPDIFF(MICROSECOND, j.filed_at, " NOW ") FROM service_jobs j "
/*
 * The due jobs no one else is dispatching, oldest due first; of a part.
 * By the dispatch_at index whatever the statistics say: a burst of jobs
 * into a new table once made the optimizer scan it all, every claim.
 */
static const char sql_claim[] =
	JOB_COLS "FORCE INDEX (service_jobs_dispatch) "
	"WHERE j.dispatch_at <= " NOW " AND j.status = 'waiting' "
	"AND (? = 0 OR CRC32(j.city) % ? = ?) "
	"ORDER BY j.dispatch_at LIMIT ? FOR UPDATE SKIP LOCKED";
/* one job, whatever its due (on demand) */
static const char sql_lock[] =
	JOB_COLS "WHERE j.id = ? AND j.status = 'waiting' FOR UPDATE";
/*
 * The candidates of a batch of jobs in one statement (one statement, not
 * one a job: fewer for the server to parse and plan): each job's nearest
 * CANDIDATES, in order.
 */
static const char sql_candidates[] =
	"SELECT x.job, x.provider, x.open, x.cap FROM (SELECT STRAIGHT_JOIN "
	"j.id AS job, "
	"a.provider_id AS provider, p.open_jobs AS open, p.capacity AS cap, "
	"ROW_NUMBER() OVER (PARTITION BY j.id "
	"ORDER BY " SERVICE_DISTANCE ", p.open_jobs, a.provider_id) AS k "
	"FROM service_jobs j JOIN provider_areas a ON a.city = j.city AND "
	"a.category_id = j.category_id "
	"JOIN providers p ON p.org_id = a.provider_id "
	"JOIN orgs o ON o.id = a.provider_id "
	"LEFT JOIN service_offers f ON f.job_id = j.id AND f.round = j.round "
	"AND f.provider_id = a.provider_id "
	"WHERE j.id IN " SERVICE_IN_BATCH " AND o.active = 1 AND "
	"p.open_jobs < p.capacity AND f.id IS NULL) x WHERE x.k <= ? "
	"ORDER BY x.job, x.k";
/*
 * A slot of the provider and the job, in one statement (a round trip per
 * job fewer): both rows change (2) or neither (0: the provider is full,
 * try the next; or the job moved, which the flagging then finds).
 */
/* placed now: no longer unplaced, so a later "no one left" alerts again */
static const char sql_offer[] =
	"UPDATE service_jobs j JOIN providers p ON p.org_id = ? "
	"SET p.open_jobs = p.open_jobs + 1, j.status = 'offered', "
	"j.provider_id = p.org_id, j.offered_at = " NOW ", "
	"j.offer_due = " NOW " + INTERVAL ? MINUTE, "
	"j.first_offered_at = COALESCE(j.first_offered_at, " NOW "), "
	"j.dispatch_at = NULL, j.unplaced_at = NULL, "
	"j.version = j.version + 1 WHERE j.id = ? AND j.version = ? AND j.status = 'waiting' AND "
	"p.open_jobs < p.capacity";
/*
 * Flagged the first time (a change: the version moves on); a later retry
 * only sets the next try, so a version a page read stays good.  The
 * version is set first: MariaDB's SET sees the values set before it.
 */
static const char sql_unplaced[] =
	"UPDATE service_jobs SET version = version + (unplaced_at IS NULL), "
	"unplaced_at = COALESCE(unplaced_at, " NOW "), dispatch_at = " NOW
	" + INTERVAL 1 MINUTE WHERE id = ? AND version = ? AND "
	"status = 'waiting'";

/* A job read to dispatch (the columns of JOB_COLS). */
struct job {
	struct service_job_ref	 ref;
	char			 city[SERVICE_CITY_MAX * 4 + 1];
	int64_t			 category, lat, lng;
	int			 flagged;	/* unplaced before */
	int			 first;		/* never offered before */
	double			 waited;	/* seconds since filing */
	struct service_pick	 pick;		/* candidates(), the choice */
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

/*
 * The candidates of jobs (n, a batch at most), nearest first: each job's
 * into its cand[] (ncand of them).  0, or -1.
 */
static int
candidates(struct db *db, struct job *jobs, int n)
{
	struct db_stmt	*s;
	int64_t		 ids[SERVICE_DISPATCH_BATCH], job;
	int		 i, rc;

	for (i = 0; i < n; i++) {
		ids[i] = jobs[i].ref.id;
		jobs[i].pick.ncand = 0;
	}
	if ((s = db_prepare(db, sql_candidates)) == NULL ||
	    service_dispatch_bind_batch(s, ids, n) == -1 ||
	    db_bind_int(s, SERVICE_DISPATCH_BATCH, CANDIDATES) == -1) {
		db_stmt_release(s);
		return -1;
	}
	i = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		job = db_col_int(s, 0);
		/* rows come by job id; the batch is in claim order */
		for (i = 0; i < n && jobs[i].ref.id != job; i++)
			;
		if (i < n && jobs[i].pick.ncand < CANDIDATES) {
			struct service_pick	*k = &jobs[i].pick;

			k->open[k->ncand] = (int)db_col_int(s, 2);
			k->cap[k->ncand] = (int)db_col_int(s, 3);
			k->cand[k->ncand++] = db_col_int(s, 1);
		}
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
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
	int	 i, rc;

	for (i = 0; i < j->pick.ncand; i++)
		if ((rc = offer(db, j, j->pick.cand[i], now)) != 0)
			return rc;
	if (j->pick.ncand == CANDIDATES)
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
	if (candidates(db, j, 1) == -1) {
		db_rollback(db);
		return -1;
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
 * A batch at once: each job, in claim order, gets the first of its
 * candidates with a slot left after the jobs before it (the loads as the
 * candidates read them); then two statements take every slot and move
 * every job, each guarded as one job's are (open_jobs + taken <=
 * capacity; the job's version and state).  Should a guard fail (a
 * dispatcher elsewhere moved first), the rows changed do not add up and
 * the caller does the batch again job by job.
 */
static const char sql_take_batch[] =
	"UPDATE providers p JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT "
	"UNSIGNED PATH '$[0]', k INT PATH '$[1]')) x ON p.org_id = x.id "
	"SET p.open_jobs = p.open_jobs + x.k WHERE p.open_jobs + x.k <= "
	"p.capacity";
static const char sql_offer_batch[] =
	"UPDATE service_jobs j JOIN JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT "
	"UNSIGNED PATH '$[0]', v INT UNSIGNED PATH '$[1]', pr BIGINT "
	"UNSIGNED PATH '$[2]')) x ON j.id = x.id "
	"SET j.status = 'offered', j.provider_id = x.pr, j.offered_at = " NOW
	", j.offer_due = " NOW " + INTERVAL ? MINUTE, j.first_offered_at = "
	"COALESCE(j.first_offered_at, " NOW "), j.dispatch_at = NULL, "
	"j.unplaced_at = NULL, j.version = j.version + 1 WHERE j.version = x.v "
	"AND j.status = 'waiting'";

/* 0 applied, 1 a guard failed (do it job by job), -1 an error */
static int
apply(struct db *db, struct job *jobs, int n, int64_t now)
{
	struct service_slot sl[SERVICE_DISPATCH_BATCH * CANDIDATES];
	struct service_pick *picks[SERVICE_DISPATCH_BATCH];
	char		 take[SERVICE_DISPATCH_BATCH * 48 + 8];
	char		 move[SERVICE_DISPATCH_BATCH * 72 + 8];
	size_t		 a = 0, b = 0;
	int		 ns, i, k, providers = 0, chosen = 0, rc;

	for (i = 0; i < n; i++)
		picks[i] = &jobs[i].pick;
	ns = service_dispatch_assign(picks, n, sl);
	take[a++] = '[';
	for (k = 0; k < ns; k++)
		if (sl[k].take > 0)
			a += (size_t)snprintf(take + a, sizeof(take) - a,
			    "%s[%lld,%d]", providers++ ? "," : "",
			    (long long)sl[k].id, sl[k].take);
	move[b++] = '[';
	for (i = 0; i < n; i++)
		if (jobs[i].pick.chosen != 0)
			b += (size_t)snprintf(move + b, sizeof(move) - b,
			    "%s[%lld,%lld,%lld]", chosen++ ? "," : "",
			    (long long)jobs[i].ref.id,
			    (long long)jobs[i].ref.version,
			    (long long)jobs[i].pick.chosen);
	if (a + 2 > sizeof(take) || b + 2 > sizeof(move))
		return 1;
	snprintf(take + a, sizeof(take) - a, "]");
	snprintf(move + b, sizeof(move) - b, "]");
	if (chosen == 0)
		return 0;
	if ((rc = db_execv(db, sql_take_batch, NULL, "s", take)) != providers)
		return rc == -1 ? -1 : 1;
	rc = db_execv(db, sql_offer_batch, NULL, "siiii", move, now, now,
	    (int64_t)service_settings.accept_minutes, now);
	return rc == -1 ? -1 : rc != chosen;
}

/* The batch's jobs no one could take: flagged, or left to the next pass. */
static int
unchosen(struct db *db, const struct job *jobs, int n, int64_t now, int *rc)
{
	int	 i;

	for (i = 0; i < n; i++) {
		if (jobs[i].pick.chosen != 0)
			rc[i] = 1;
		else if (jobs[i].pick.ncand == CANDIDATES)
			rc[i] = 2;	/* all full meanwhile */
		else if ((rc[i] = unplaced(db, &jobs[i], now)) == 1)
			rc[i] = 2;
		if (rc[i] <= 0)
			return -1;
	}
	return 0;
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
		ok = candidates(db, jobs, n) == 0 && apply(db, jobs, n,
		    now) == 0 && unchosen(db, jobs, n, now, rc) == 0;
		for (i = 0, m = 0; ok && i < n; i++)
			if (rc[i] == 1)
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
	if (candidates(db, &j, 1) == -1) {
		db_rollback(db);
		return 500;
	}
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
