/*
 * service_parts_db.c: spare parts for a job, with their lead-time clock
 *   request {items}	the provider's agent: the job waits for parts
 *			(its own clock, parts_since), each part due in
 *			service_settings.parts_days; idempotent by its key
 *			(service_part_requests), a resend creates nothing
 *   ship, receive	the region's (or HQ's) service agents; the last
 *			part received puts the job back where it was and
 *			tells the provider's agents
 *   list		the region's parts, late ones first
 * Receiving writes the job's row every time, so that two agents
 * receiving its last two parts at once (two app nodes) cannot both think
 * the other part still open: one server's row lock and Galera's
 * certification both stop the second.
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../notify/notify.h"
#include "service.h"
#include "service_work.h"

#define PART_NO_MAX	64
#define LIST_MAX	500
#define JOB_PARTS_MAX	100	/* a job's parts in all, every request's */

static const char sql_wait_parts[] =
	"UPDATE service_jobs SET status = 'waiting_parts', parts_since = "
	"COALESCE(parts_since, UTC_TIMESTAMP(6)), version = version + 1 WHERE "
	"id = ? AND version = ? AND status IN ('accepted', 'scheduled', "
	"'in_progress', 'waiting_parts')";
static const char sql_replay[] =
	"SELECT request_hash FROM service_part_requests WHERE job_id = ? AND "
	"idem_key = ?";
static const char sql_request[] =
	"INSERT INTO service_part_requests (job_id, idem_key, request_hash, "
	"requested_by, requested_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))";
static const char sql_part_add[] =
	"INSERT INTO service_parts (job_id, provider_id, part_no, quantity, "
	"requested_by, requested_at, due_at) VALUES (?, ?, ?, ?, ?, "
	"UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL ? DAY)";
/* counted under the job's row lock: two requests at once wait in turn */
static const char sql_part_count[] =
	"SELECT COUNT(*) FROM service_parts WHERE job_id = ?";

/* a part and its job, for staff of the job's region (key 0: HQ, all) */
static const char sql_part_lock[] =
	"SELECT p.id, p.status, p.version, p.part_no, p.quantity, j.id, "
	"j.number, j.dealer_id, j.region_id, COALESCE(j.provider_id, 0), "
	"j.status, j.version, j.round FROM service_parts p JOIN service_jobs "
	"j ON j.id = p.job_id WHERE p.id = ? AND (? = 0 OR j.region_id = ?) "
	"FOR UPDATE";
static const char sql_ship[] =
	"UPDATE service_parts SET status = 'shipped', shipped_at = "
	"UTC_TIMESTAMP(6), version = version + 1 WHERE id = ? AND version = ? "
	"AND status = 'requested'";
static const char sql_receive[] =
	"UPDATE service_parts SET status = 'received', received_at = "
	"UTC_TIMESTAMP(6), version = version + 1 WHERE id = ? AND version = ? "
	"AND status IN ('requested', 'shipped')";
static const char sql_open_left[] =
	"SELECT COUNT(*) FROM service_parts WHERE job_id = ? AND status <> "
	"'received' FOR UPDATE";
/* the last part in: the parts clock stops, the job goes back */
static const char sql_parts_in[] =
	"UPDATE service_jobs SET parts_seconds = parts_seconds + "
	"GREATEST(0, TIMESTAMPDIFF(SECOND, parts_since, UTC_TIMESTAMP(6))), "
	"parts_since = NULL, status = IF(visit_date IS NOT NULL, 'scheduled', "
	"'accepted'), version = version + 1 WHERE id = ? AND version = ? AND "
	"status = 'waiting_parts'";
static const char sql_job_bump[] =
	"UPDATE service_jobs SET version = version + 1 WHERE id = ? AND "
	"version = ?";

#define PART_SQL \
	"SELECT p.id, j.number, p.part_no, p.quantity, p.status, " \
	"DATE_FORMAT(p.requested_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"DATE_FORMAT(p.due_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"DATE_FORMAT(p.shipped_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"DATE_FORMAT(p.received_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"DATE_FORMAT(p.overdue_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"p.status <> 'received' AND (p.overdue_at IS NOT NULL OR p.due_at < " \
	"UTC_TIMESTAMP(6)), p.version, COALESCE(IF(? = 'en', o.name_en, " \
	"o.name_zh), ''), j.city, j.status FROM service_parts p JOIN " \
	"service_jobs j ON j.id = p.job_id LEFT JOIN orgs o ON o.id = " \
	"j.provider_id WHERE (? = 0 OR j.region_id = ?) AND "
/* late: flagged by the sweep, or past due by the clock */
#define LIST_SQL(status) PART_SQL status " AND (? = '' OR j.number = ?) " \
	"AND (? = 0 OR (p.status <> 'received' AND (p.overdue_at IS NOT NULL " \
	"OR p.due_at < UTC_TIMESTAMP(6)))) " \
	"ORDER BY p.overdue_at IS NULL, p.due_at, p.id LIMIT ?"
static const char sql_list_open[] =
	LIST_SQL("p.status IN ('requested', 'shipped')");
static const char sql_list_status[] = LIST_SQL("p.status = ?");
static const char sql_one[] = PART_SQL "p.id = ?";

/*
 * The job's request by this key, if any, in the transaction: 0 none,
 * 200 the same one (nothing to do), 409 another body, 500.
 */
static int
replay(struct db *db, const struct service_job_ref *j,
    const struct service_work_act *a, struct fault *f)
{
	struct db_stmt	*s;
	int		 rc, same = 0;

	if ((s = db_preparef(db, sql_replay, "is", j->id, a->idem_key)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW)
		same = strcmp(db_col_text(s, 0, NULL), a->request_hash) == 0;
	db_stmt_release(s);
	if (rc == DB_DONE)
		return 0;
	return same ? 200 : fault_set(f, 409, "idempotency_conflict", "this "
	    "Idempotency-Key was used with other parts");
}

/* whether the job has room for n more parts: 0, or 422 in f, 500 */
static int
room(struct db *db, const struct service_job_ref *j, size_t n,
    struct fault *f)
{
	struct db_stmt	*s;
	int64_t		 have = 0;
	int		 rc;

	if ((s = db_preparef(db, sql_part_count, "i", j->id)) == NULL)
		return 500;
	if ((rc = db_step(s)) == DB_ROW)
		have = db_col_int(s, 0);
	db_stmt_release(s);
	if (rc != DB_ROW)
		return 500;
	if (have + (int64_t)n <= JOB_PARTS_MAX)
		return 0;
	fault_field(f, "items", "at most 100 parts a job in all");
	return fault_set(f, 422, "validation_failed", "the job has %lld "
	    "parts already", (long long)have);
}

int
service_parts_request(struct db *db, const struct principal *who,
    const struct service_work_act *a, struct fault *f)
{
	struct service_work_act	 any = *a;
	struct service_job_ref	 j;
	struct buf		 note;
	char			 field[48], params[64];
	size_t			 i;
	int			 st, ok;

	if (who->kind == ORG_PROVIDER) {
		if (!http_idem_ok(a->idem_key))
			fault_field(f, "Idempotency-Key", "required: 1 to 100 "
			    "of A-Z a-z 0-9 - _ . :");
		if (a->version != -1 && (a->version < 1 || a->version >
		    INT32_MAX))
			fault_field(f, "version", "the version you read");
		if (a->items_bad || a->nitems == 0)
			fault_field(f, "items", "required: 1 to 20 parts");
		for (i = 0; i < a->nitems; i++) {
			if (a->items[i].part_no == NULL ||
			    util_blank(a->items[i].part_no) ||
			    strlen(a->items[i].part_no) > PART_NO_MAX) {
				snprintf(field, sizeof(field),
				    "items[%zu].part_no", i);
				fault_field(f, field, "required: 1 to 64 "
				    "characters");
			}
			if (a->items[i].quantity < 1 ||
			    a->items[i].quantity > 999) {
				snprintf(field, sizeof(field),
				    "items[%zu].quantity", i);
				fault_field(f, field, "required: 1 to 999");
			}
		}
	}
	/* a resend is answered before the version it was drawn with */
	any.version = -1;
	if ((st = service_work_begin(db, who, &any, &j, f)) != 0)
		return st;
	if ((st = replay(db, &j, a, f)) != 0) {
		db_rollback(db);
		return st;
	}
	if (a->version != -1 && a->version != j.version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the job changed "
		    "meanwhile; reload");
	}
	if (j.status != SERVICE_ACCEPTED && j.status != SERVICE_SCHEDULED &&
	    j.status != SERVICE_IN_PROGRESS && j.status !=
	    SERVICE_WAITING_PARTS)
		return service_work_refuse(db, f, "parts are asked for while "
		    "the job is held and not finished");
	if ((st = room(db, &j, a->nitems, f)) != 0) {
		db_rollback(db);
		return st;
	}
	st = db_execv(db, sql_wait_parts, NULL, "ii", j.id, j.version);
	if (st == 1 && db_execv(db, sql_request, NULL, "issi", j.id,
	    a->idem_key, a->request_hash, who->user_id) != 1)
		st = -1;
	buf_init(&note);
	for (i = 0, ok = st == 1; ok && i < a->nitems; i++) {
		/* the requesting provider's: the job may change hands */
		ok = db_execv(db, sql_part_add, NULL, "iisiii", j.id,
		    who->org_id, a->items[i].part_no, a->items[i].quantity,
		    who->user_id, (int64_t)service_settings.parts_days) == 1;
		buf_printf(&note, "%s%s x%lld", i ? ", " : "",
		    a->items[i].part_no, (long long)a->items[i].quantity);
	}
	/* the region ships them */
	snprintf(params, sizeof(params), "{\"number\":\"%s\"}", j.number);
	if (ok && (service_event(db, &j, "service.parts_requested",
	    who->org_id, who->user_id, buf_cstr(&note)) == -1 ||
	    notify_event(db, "service.parts_requested", "service_job",
	    j.number, j.dealer_id, params) == -1))
		ok = 0;
	buf_free(&note);
	return service_work_end(db, st == 1 && !ok ? -1 : st, f);
}

struct part {
	int64_t			 id, version, quantity;
	char			 status[16], part_no[PART_NO_MAX + 1];
	struct service_job_ref	 j;
};

/* Lock part id within the caller's region: 0 to go on, else the status. */
static int
part_begin(struct db *db, const struct principal *who, int64_t id,
    int64_t version, struct part *p, struct fault *f)
{
	struct db_stmt	*s;
	int64_t		 key;
	int		 rc;

	if (service_work_staff_key(who, &key) == -1)
		return fault_set(f, 404, "not_found", "no such part");
	if (version != -1 && (version < 1 || version > INT32_MAX)) {
		fault_field(f, "version", "the version you read");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (db_begin(db) == -1)
		return 503;
	if ((s = db_preparef(db, sql_part_lock, "iii", id, key, key)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return 500;
	}
	if (rc == DB_ROW) {
		p->id = db_col_int(s, 0);
		db_col_copy(s, 1, p->status, sizeof(p->status));
		p->version = db_col_int(s, 2);
		db_col_copy(s, 3, p->part_no, sizeof(p->part_no));
		p->quantity = db_col_int(s, 4);
		memset(&p->j, 0, sizeof(p->j));
		p->j.id = db_col_int(s, 5);
		db_col_copy(s, 6, p->j.number, sizeof(p->j.number));
		p->j.dealer_id = db_col_int(s, 7);
		p->j.region_id = db_col_int(s, 8);
		p->j.provider_id = db_col_int(s, 9);
		service_status_parse(db_col_text(s, 10, NULL), &p->j.status);
		p->j.version = db_col_int(s, 11);
		p->j.round = (int)db_col_int(s, 12);
	}
	db_stmt_release(s);
	if (rc == DB_DONE) {
		db_rollback(db);
		return fault_set(f, 404, "not_found", "no such part");
	}
	if (version != -1 && version != p->version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the part changed "
		    "meanwhile; reload");
	}
	return 0;
}

int
service_parts_ship(struct db *db, const struct principal *who, int64_t id,
    int64_t version, struct fault *f)
{
	struct part	 p;
	char		 note[96];
	int		 st;

	if ((st = part_begin(db, who, id, version, &p, f)) != 0)
		return st;
	if (strcmp(p.status, "requested") != 0)
		return service_work_refuse(db, f, "only a requested part is "
		    "shipped");
	snprintf(note, sizeof(note), "%s x%lld", p.part_no,
	    (long long)p.quantity);
	st = db_execv(db, sql_ship, NULL, "ii", p.id, p.version);
	if (st == 1 && service_event(db, &p.j, "service.parts_shipped", 0,
	    who->user_id, note) == -1)
		st = -1;
	return service_work_end(db, st, f);
}

/* how many of the job's parts are still out; -1 on an error */
static int64_t
open_left(struct db *db, int64_t job)
{
	struct db_stmt	*s;
	int64_t		 n = -1;

	if ((s = db_preparef(db, sql_open_left, "i", job)) != NULL &&
	    db_step(s) == DB_ROW)
		n = db_col_int(s, 0);
	db_stmt_release(s);
	return n;
}

int
service_parts_receive(struct db *db, const struct principal *who,
    int64_t id, int64_t version, struct fault *f)
{
	struct part	 p;
	char		 note[96], params[64];
	int64_t		 left;
	int		 st;

	if ((st = part_begin(db, who, id, version, &p, f)) != 0)
		return st;
	if (strcmp(p.status, "received") == 0)
		return service_work_refuse(db, f, "the part was received "
		    "already");
	snprintf(note, sizeof(note), "%s x%lld", p.part_no,
	    (long long)p.quantity);
	snprintf(params, sizeof(params), "{\"number\":\"%s\"}", p.j.number);
	st = db_execv(db, sql_receive, NULL, "ii", p.id, p.version);
	if (st != 1 || service_event(db, &p.j, "service.parts_received", 0,
	    who->user_id, note) == -1)
		return service_work_end(db, st == 1 ? -1 : st, f);
	if ((left = open_left(db, p.j.id)) == -1)
		return service_work_end(db, -1, f);
	if (left > 0 || p.j.status != SERVICE_WAITING_PARTS)
		return service_work_end(db, db_execv(db, sql_job_bump, NULL,
		    "ii", p.j.id, p.j.version), f);
	/* all in: the provider's agents go back to the customer */
	st = db_execv(db, sql_parts_in, NULL, "ii", p.j.id, p.j.version);
	if (st == 1 && notify_event(db, "service.parts_arrived",
	    "service_job", p.j.number, p.j.provider_id, params) == -1)
		st = -1;
	return service_work_end(db, st, f);
}

static cJSON *
part_json(struct db_stmt *s)
{
	cJSON	*it = cJSON_CreateObject();
	int	 i;
	static const char *const at[] = { "requested_at", "due_at",
	    "shipped_at", "received_at", "overdue_at" };

	cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
	http_col_text(it, "job", s, 1);
	http_col_text(it, "part_no", s, 2);
	cJSON_AddNumberToObject(it, "quantity", (double)db_col_int(s, 3));
	http_col_text(it, "status", s, 4);
	for (i = 0; i < 5; i++)
		http_col_text(it, at[i], s, 5 + i);
	cJSON_AddBoolToObject(it, "overdue", db_col_int(s, 10) != 0);
	cJSON_AddNumberToObject(it, "version", (double)db_col_int(s, 11));
	http_col_text(it, "provider", s, 12);
	http_col_text(it, "city", s, 13);
	http_col_text(it, "job_status", s, 14);
	return it;
}

int
service_parts_list(struct db *db, const struct principal *who,
    const char *lang, const char *status, const char *job, int overdue,
    struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*items;
	int64_t		 key;
	int		 rc;

	*out = NULL;
	if (service_work_staff_key(who, &key) == -1)
		return fault_set(f, 404, "not_found", "no such resource");
	if (status != NULL && strcmp(status, "requested") != 0 &&
	    strcmp(status, "shipped") != 0 && strcmp(status, "received") != 0) {
		fault_field(f, "status", "requested, shipped or received");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (job == NULL)
		job = "";
	s = status == NULL ? db_preparef(db, sql_list_open, "siissii", lang,
	    key, key, job, job, (int64_t)overdue, (int64_t)LIST_MAX) :
	    db_preparef(db, sql_list_status, "siisssii", lang, key, key,
	    status, job, job, (int64_t)overdue, (int64_t)LIST_MAX);
	if (s == NULL)
		return 500;
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(items, part_json(s));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}

/* The part as it is now, for staff: 200 (*out), 404 or 500. */
int
service_parts_one(struct db *db, const struct principal *who,
    const char *lang, int64_t id, cJSON **out)
{
	struct db_stmt	*s;
	int64_t		 key;
	int		 rc;

	*out = NULL;
	if (service_work_staff_key(who, &key) == -1)
		return 404;
	if ((s = db_preparef(db, sql_one, "siii", lang, key, key, id)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW)
		*out = part_json(s);
	db_stmt_release(s);
	return rc == DB_ROW ? 200 : 404;
}
