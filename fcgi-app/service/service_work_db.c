/*
 * service_work_db.c: a provider's agent works a job it was offered,
 * below the JSON handlers and the provider's pages alike:
 *   accept, decline {reason}	an offered job
 *   schedule {date, from, to}	the visit (again: moved)
 *   start			the visit begins
 *   finish {work_done, parts_used}	done: its capacity slot back, the
 *				follow-up call due for the region
 * (needs parts: service_parts_db.c).  Each locks the job within the
 * caller's provider, checks its state, changes it conditionally on its
 * version and state, and writes the timeline and the feed, in one
 * transaction; the loser of a race answers 409.
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "service.h"
#include "service_jobs.h"
#include "service_work.h"

#define REASON_MAX	500
#define WORK_MAX	2000
#define USED_MAX	500

static const char sql_offer_answer[] =
	"UPDATE service_offers SET outcome = ?, answered_at = "
	"UTC_TIMESTAMP(6), reason = ? WHERE job_id = ? AND round = ? AND "
	"provider_id = ? AND outcome = 'pending'";
/* not once its offer lapsed (the dispatcher may not have seen it yet) */
static const char sql_accept[] =
	"UPDATE service_jobs SET status = 'accepted', accepted_at = "
	"UTC_TIMESTAMP(6), offer_due = NULL, version = version + 1 WHERE "
	"id = ? AND version = ? AND status = 'offered' AND offer_due >= "
	"UTC_TIMESTAMP(6)";
/* back to the dispatcher now, to the next provider */
static const char sql_decline[] =
	"UPDATE service_jobs SET status = 'waiting', provider_id = NULL, "
	"offered_at = NULL, offer_due = NULL, dispatch_at = UTC_TIMESTAMP(6), "
	"version = version + 1 WHERE id = ? AND version = ? AND status = "
	"'offered'";
/* whether the visit falls on the provider's day and hours, not past */
static const char sql_hours[] =
	"SELECT FIND_IN_SET(ELT(WEEKDAY(?) + 1, 'mon', 'tue', 'wed', 'thu', "
	"'fri', 'sat', 'sun'), days) > 0, CAST(? AS TIME) >= opens AND "
	"CAST(? AS TIME) <= closes, CAST(? AS DATE) >= DATE(UTC_TIMESTAMP() + "
	"INTERVAL 8 HOUR) FROM providers WHERE org_id = ?";
/* moved while waiting for parts, it still waits */
static const char sql_schedule[] =
	"UPDATE service_jobs SET status = IF(status = 'waiting_parts', "
	"'waiting_parts', 'scheduled'), visit_date = ?, visit_from = ?, "
	"visit_to = ?, version = version + 1 WHERE id = ? AND version = ? AND "
	"status IN ('accepted', 'scheduled', 'waiting_parts')";
static const char sql_start[] =
	"UPDATE service_jobs SET status = 'in_progress', first_visit_at = "
	"COALESCE(first_visit_at, UTC_TIMESTAMP(6)), visits = visits + 1, "
	"version = version + 1 WHERE id = ? AND version = ? AND status IN "
	"('accepted', 'scheduled')";
static const char sql_finish[] =
	"UPDATE service_jobs SET status = 'finished', finished_at = "
	"UTC_TIMESTAMP(6), work_done = ?, parts_used = ?, version = version + "
	"1 WHERE id = ? AND version = ? AND status = 'in_progress'";

int
service_work_begin(struct db *db, const struct principal *who,
    const struct service_work_act *a, struct service_job_ref *j,
    struct fault *f)
{
	int	 rc;

	/* anyone but a provider's agent: no job of theirs, as out of scope */
	if (who->kind != ORG_PROVIDER || !(who->roles & ROLE_PROVIDER_AGENT))
		return fault_set(f, 404, "not_found", "no such service job");
	if (a->version != -1 && (a->version < 1 || a->version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	if ((rc = service_job_find(db, who, a->number, 1, j)) != 1) {
		db_rollback(db);
		return rc == -1 ? 500 : fault_set(f, 404, "not_found",
		    "no such service job");
	}
	if (a->version != -1 && a->version != j->version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the job changed "
		    "meanwhile; reload");
	}
	return 0;
}

int
service_work_end(struct db *db, int changed, struct fault *f)
{
	if (changed != 1 || db_commit(db) == -1) {
		db_rollback(db);
		return changed == 0 || db_is_conflict(db) ? fault_set(f, 409,
		    "conflict", "the job changed meanwhile; reload") : 500;
	}
	return 200;
}

int
service_work_refuse(struct db *db, struct fault *f, const char *msg)
{
	db_rollback(db);
	return fault_set(f, 409, "illegal_transition", "%s", msg);
}

/* A text field: required (1 to max bytes, not blank) or optional. */
static void
text_field(struct fault *f, const char *name, const char *v, size_t max,
    int required, const char *msg)
{
	if (v == NULL ? required : strlen(v) > max || (required &&
	    util_blank(v)))
		fault_field(f, name, msg);
}

/* state change by sql (id, version), the event; 200 or not */
static int
turn(struct db *db, const struct principal *who,
    const struct service_job_ref *j, const char *sql, const char *type,
    const char *note, struct fault *f)
{
	int	 changed;

	changed = db_execv(db, sql, NULL, "ii", j->id, j->version);
	if (changed == 1 && service_event(db, j, type, who->org_id,
	    who->user_id, note) == -1)
		changed = -1;
	return service_work_end(db, changed, f);
}

/* The offer's answer: accepted or declined (with the reason). */
static int
answer(struct db *db, const struct service_job_ref *j, const char *outcome,
    const char *reason)
{
	return db_execv(db, sql_offer_answer, NULL, "stiii", outcome,
	    reason != NULL ? reason : "", j->id, (int64_t)j->round,
	    j->provider_id) == -1 ? -1 : 0;
}

int
service_work_accept(struct db *db, const struct principal *who,
    const struct service_work_act *a, struct fault *f)
{
	struct service_job_ref	 j;
	int			 st, changed;

	if ((st = service_work_begin(db, who, a, &j, f)) != 0)
		return st;
	if (j.status != SERVICE_OFFERED)
		return service_work_refuse(db, f, "only an offered job is "
		    "accepted");
	/* locked, of this version and offered: 0 rows is a lapsed offer */
	changed = db_execv(db, sql_accept, NULL, "ii", j.id, j.version);
	if (changed == 0) {
		db_rollback(db);
		return fault_set(f, 409, "offer_lapsed", "the offer lapsed");
	}
	if (changed == 1 && (answer(db, &j, "accepted", NULL) == -1 ||
	    service_event(db, &j, "service.accepted", who->org_id,
	    who->user_id, NULL) == -1))
		changed = -1;
	if ((st = service_work_end(db, changed, f)) == 200)
		service_dispatch_count(SERVICE_OFFER_ACCEPTED, 1);
	return st;
}

int
service_work_decline(struct db *db, const struct principal *who,
    const struct service_work_act *a, struct fault *f)
{
	struct service_job_ref	 j;
	int			 st, changed;

	if (who->kind == ORG_PROVIDER)
		text_field(f, "reason", a->reason,
		    REASON_MAX, 1, "required: why, 1 to 500 characters");
	if ((st = service_work_begin(db, who, a, &j, f)) != 0)
		return st;
	if (j.status != SERVICE_OFFERED)
		return service_work_refuse(db, f, "only an offered job is "
		    "declined");
	/* the slot goes back with the job: the dispatcher offers it on */
	changed = db_execv(db, sql_decline, NULL, "ii", j.id, j.version);
	if (changed == 1 && (answer(db, &j, "declined", a->reason) == -1 ||
	    service_release(db, j.provider_id) == -1 || service_event(db, &j,
	    "service.declined", who->org_id, who->user_id, a->reason) == -1))
		changed = -1;
	if ((st = service_work_end(db, changed, f)) == 200)
		service_dispatch_count(SERVICE_OFFER_DECLINED, 1);
	return st;
}

/* "HH:MM" into minutes of the day; -1 if not one. */
static int
hhmm(const char *s)
{
	int	 h, m, n = 0;

	if (s == NULL || strlen(s) != 5 || sscanf(s, "%2d:%2d%n", &h, &m,
	    &n) != 2 || n != 5 || s[2] != ':' || h < 0 || h > 23 || m < 0 ||
	    m > 59)
		return -1;
	return h * 60 + m;
}

/* The provider's days and hours, and not in the past: 0, 422, or 500. */
static int
visit_fits(struct db *db, const struct service_work_act *a,
    int64_t provider, struct fault *f)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql_hours, "ssssi", a->date, a->from, a->to,
	    a->date, provider)) == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW) {
		if (db_col_int(s, 2) == 0)
			fault_field(f, "date", "not in the past");
		else if (db_col_int(s, 0) == 0)
			fault_field(f, "date", "a working day of the provider");
		if (db_col_int(s, 1) == 0)
			fault_field(f, "from", "within the provider's hours");
	}
	db_stmt_release(s);
	return fault_fields(f) ? fault_set(f, 422, "validation_failed",
	    "check the fields") : 0;
}

int
service_work_schedule(struct db *db, const struct principal *who,
    const struct service_work_act *a, struct fault *f)
{
	struct service_job_ref	 j;
	char			 note[64];
	int			 st, from, to;

	from = hhmm(a->from);
	to = hhmm(a->to);
	if (who->kind == ORG_PROVIDER) {
		if (!util_date_ok(a->date))
			fault_field(f, "date", "required: YYYY-MM-DD");
		if (from == -1)
			fault_field(f, "from", "required: HH:MM");
		if (to == -1 || (from != -1 && to <= from))
			fault_field(f, "to", "required: HH:MM, after from");
	}
	if ((st = service_work_begin(db, who, a, &j, f)) != 0)
		return st;
	if (j.status != SERVICE_ACCEPTED && j.status != SERVICE_SCHEDULED &&
	    j.status != SERVICE_WAITING_PARTS)
		return service_work_refuse(db, f, "a visit is scheduled once "
		    "the job is accepted and before it starts");
	if ((st = visit_fits(db, a, j.provider_id, f)) != 0) {
		db_rollback(db);
		return st;
	}
	snprintf(note, sizeof(note), "%s %s-%s", a->date, a->from, a->to);
	st = db_execv(db, sql_schedule, NULL, "sssii", a->date, a->from,
	    a->to, j.id, j.version);
	if (st == 1 && service_event(db, &j, "service.scheduled",
	    who->org_id, who->user_id, note) == -1)
		st = -1;
	return service_work_end(db, st, f);
}

int
service_work_start(struct db *db, const struct principal *who,
    const struct service_work_act *a, struct fault *f)
{
	struct service_job_ref	 j;
	int			 st;

	if ((st = service_work_begin(db, who, a, &j, f)) != 0)
		return st;
	if (j.status != SERVICE_ACCEPTED && j.status != SERVICE_SCHEDULED)
		return service_work_refuse(db, f, j.status ==
		    SERVICE_WAITING_PARTS ? "the job waits for parts" :
		    "a visit starts once the job is accepted");
	return turn(db, who, &j, sql_start, "service.started", NULL, f);
}

int
service_work_finish(struct db *db, const struct principal *who,
    const struct service_work_act *a, struct fault *f)
{
	struct service_job_ref	 j;
	char			 params[64];
	int			 st, changed;

	if (who->kind == ORG_PROVIDER) {
		text_field(f, "work_done", a->work_done,
		    WORK_MAX, 1, "required: what was done, 1 to 2000 "
		    "characters");
		text_field(f, "parts_used", a->parts_used, USED_MAX, 0,
		    "at most 500 characters");
	}
	if ((st = service_work_begin(db, who, a, &j, f)) != 0)
		return st;
	if (j.status != SERVICE_IN_PROGRESS)
		return service_work_refuse(db, f, "only a job in progress is "
		    "finished");
	/* its slot back; the region calls the customer */
	snprintf(params, sizeof(params), "{\"number\":\"%s\"}", j.number);
	changed = db_execv(db, sql_finish, NULL, "ssii", a->work_done,
	    a->parts_used != NULL ? a->parts_used : "", j.id, j.version);
	if (changed == 1 && (service_release(db, j.provider_id) == -1 ||
	    service_followup_create(db, &j) == -1 || service_event(db, &j,
	    "service.finished", who->org_id, who->user_id, NULL) == -1 ||
	    notify_event(db, "service.followup_due", "service_job", j.number,
	    j.dealer_id, params) == -1))
		changed = -1;
	return service_work_end(db, changed, f);
}
