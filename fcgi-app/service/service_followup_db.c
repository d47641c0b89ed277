/*
 * service_followup_db.c: the follow-up call after a job is finished
 *   create	with the finish, in its transaction: due in
 *		service_settings.followup_hours, for the job's region
 *   list	the region's open calls, the earliest due first, with the
 *		customer to call (staff see the customer)
 *   log	reached (satisfaction 1 to 5) or not reached, a comment:
 *		satisfied (3 or more) or not reached closes the job; 2 or
 *		less reopens it for another round, back to the dispatcher
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../db/db.h"
#include "../http/http.h"
#include "service.h"
#include "service_work.h"

#define COMMENT_MAX	1000
#define LIST_MAX	200

static const char sql_create[] =
	"INSERT INTO service_followups (job_id, provider_id, round, region_id, "
	"created_at, due_at) VALUES (?, NULLIF(?, 0), ?, ?, UTC_TIMESTAMP(6), "
	"UTC_TIMESTAMP(6) + INTERVAL ? HOUR)";
static const char sql_lock[] =
	"SELECT f.id, f.outcome, f.version, j.id, j.number, j.dealer_id, "
	"j.region_id, COALESCE(j.provider_id, 0), j.status, j.version, "
	"j.round, f.round FROM service_followups f JOIN service_jobs j ON "
	"j.id = f.job_id WHERE f.id = ? AND (? = 0 OR f.region_id = ?) "
	"FOR UPDATE";
static const char sql_log[] =
	"UPDATE service_followups SET outcome = ?, satisfaction = NULLIF(?, "
	"0), comment = ?, called_by = ?, called_at = UTC_TIMESTAMP(6), "
	"version = version + 1 WHERE id = ? AND version = ? AND outcome = "
	"'open'";
static const char sql_close[] =
	"UPDATE service_jobs SET status = 'closed', closed_at = "
	"UTC_TIMESTAMP(6), version = version + 1 WHERE id = ? AND version = ? "
	"AND status = 'finished'";
/*
 * another round from the start: no holder, no visit, no report of the
 * last round's work (the next provider is not shown another's), dispatched
 * now
 */
static const char sql_reopen[] =
	"UPDATE service_jobs SET status = 'waiting', round = round + 1, "
	"provider_id = NULL, dispatch_at = UTC_TIMESTAMP(6), offered_at = "
	"NULL, offer_due = NULL, accepted_at = NULL, unplaced_at = NULL, "
	"visit_date = NULL, visit_from = NULL, visit_to = NULL, finished_at = "
	"NULL, work_done = '', parts_used = '', version = version + 1 WHERE "
	"id = ? AND version = ? AND status = 'finished'";
static const char sql_list[] =
	"SELECT f.id, j.number, f.round, "
	"DATE_FORMAT(f.due_at, '%Y-%m-%dT%H:%i:%sZ'), f.due_at < "
	"UTC_TIMESTAMP(6), f.version, j.customer_name, j.customer_phone, "
	"j.city, COALESCE(IF(? = 'en', o.name_en, o.name_zh), ''), "
	"j.work_done, j.parts_used, "
	"DATE_FORMAT(j.finished_at, '%Y-%m-%dT%H:%i:%sZ') FROM "
	"service_followups f JOIN service_jobs j ON j.id = f.job_id AND "
	"j.round = f.round AND j.status = 'finished' LEFT JOIN orgs o ON "
	"o.id = j.provider_id WHERE f.outcome = 'open' AND (? = 0 OR "
	"f.region_id = ?) ORDER BY f.due_at, f.id LIMIT ?";

int
service_followup_create(struct db *db, const struct service_job_ref *j)
{
	/* the holder's call: a reopened job may go to another provider */
	return db_execv(db, sql_create, NULL, "iiiii", j->id, j->provider_id,
	    (int64_t)j->round, j->region_id,
	    (int64_t)service_settings.followup_hours) == 1 ? 0 : -1;
}

static void
check(const struct service_followup_call *c, struct fault *f)
{
	int	 reached = c->outcome != NULL && strcmp(c->outcome,
	    "reached") == 0;

	if (!reached && (c->outcome == NULL || strcmp(c->outcome,
	    "not_reached") != 0))
		fault_field(f, "outcome", "required: reached or not_reached");
	else if (reached && (c->satisfaction < 1 || c->satisfaction > 5))
		fault_field(f, "satisfaction", "required when reached: 1 to 5");
	else if (!reached && c->satisfaction != 0)
		fault_field(f, "satisfaction", "only when reached");
	if (c->comment != NULL && strlen(c->comment) > COMMENT_MAX)
		fault_field(f, "comment", "at most 1000 characters");
	if (c->version != -1 && (c->version < 1 || c->version > INT32_MAX))
		fault_field(f, "version", "the version you read");
}

int
service_followup_log(struct db *db, const struct principal *who,
    struct service_followup_call *c, struct fault *f)
{
	struct service_job_ref	 j;
	struct db_stmt		*s;
	char			 outcome[16], note[1100];
	int64_t			 key, fversion = 0;
	int			 rc, round = 0, reopen, ok;

	if (service_work_staff_key(who, &key) == -1)
		return fault_set(f, 404, "not_found", "no such follow-up");
	check(c, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	memset(&j, 0, sizeof(j));
	if ((s = db_preparef(db, sql_lock, "iii", c->id, key, key)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return 500;
	}
	if (rc == DB_ROW) {
		db_col_copy(s, 1, outcome, sizeof(outcome));
		fversion = db_col_int(s, 2);
		j.id = db_col_int(s, 3);
		db_col_copy(s, 4, j.number, sizeof(j.number));
		j.dealer_id = db_col_int(s, 5);
		j.region_id = db_col_int(s, 6);
		j.provider_id = db_col_int(s, 7);
		service_status_parse(db_col_text(s, 8, NULL), &j.status);
		j.version = db_col_int(s, 9);
		j.round = (int)db_col_int(s, 10);
		round = (int)db_col_int(s, 11);
	}
	db_stmt_release(s);
	if (rc == DB_DONE) {
		db_rollback(db);
		return fault_set(f, 404, "not_found", "no such follow-up");
	}
	if (c->version != -1 && c->version != fversion) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the follow-up changed "
		    "meanwhile; reload");
	}
	if (strcmp(outcome, "open") != 0 || j.status != SERVICE_FINISHED ||
	    j.round != round)
		return service_work_refuse(db, f, "the call was logged "
		    "already, or the job moved on");
	memcpy(c->job, j.number, sizeof(c->job));
	reopen = strcmp(c->outcome, "reached") == 0 && c->satisfaction <= 2;
	if (strcmp(c->outcome, "reached") == 0)
		snprintf(note, sizeof(note), "reached %lld/5%s%s",
		    (long long)c->satisfaction, c->comment != NULL &&
		    *c->comment ? ": " : "", c->comment != NULL ? c->comment :
		    "");
	else
		snprintf(note, sizeof(note), "not reached%s%s",
		    c->comment != NULL && *c->comment ? ": " : "",
		    c->comment != NULL ? c->comment : "");
	rc = db_execv(db, sql_log, NULL, "sisiii", c->outcome,
	    c->satisfaction, c->comment != NULL ? c->comment : "",
	    who->user_id, c->id, fversion);
	ok = rc == 1 && service_event(db, &j, "service.followed_up", 0,
	    who->user_id, note) == 0;
	if (ok)
		rc = db_execv(db, reopen ? sql_reopen : sql_close, NULL, "ii",
		    j.id, j.version);
	/* reopened: the dispatcher finds it waiting, in its next round */
	if (ok && rc == 1)
		ok = service_event(db, &j, reopen ? "service.reopened" :
		    "service.closed", 0, who->user_id, NULL) == 0;
	return service_work_end(db, ok ? rc : rc == 0 ? 0 : -1, f);
}

int
service_followup_list(struct db *db, const struct principal *who,
    const char *lang, struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*items, *it;
	int64_t		 key;
	int		 rc;

	*out = NULL;
	if (service_work_staff_key(who, &key) == -1)
		return fault_set(f, 404, "not_found", "no such resource");
	if ((s = db_preparef(db, sql_list, "siii", lang, key, key,
	    (int64_t)LIST_MAX)) == NULL)
		return 500;
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		http_col_text(it, "job", s, 1);
		cJSON_AddNumberToObject(it, "round", (double)db_col_int(s, 2));
		http_col_text(it, "due_at", s, 3);
		cJSON_AddBoolToObject(it, "overdue", db_col_int(s, 4) != 0);
		cJSON_AddNumberToObject(it, "version",
		    (double)db_col_int(s, 5));
		http_col_text(it, "customer_name", s, 6);
		http_col_text(it, "customer_phone", s, 7);
		http_col_text(it, "city", s, 8);
		http_col_text(it, "provider", s, 9);
		http_col_text(it, "work_done", s, 10);
		http_col_text(it, "parts_used", s, 11);
		http_col_text(it, "finished_at", s, 12);
		cJSON_AddItemToArray(items, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}
