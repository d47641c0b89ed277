/*
 * service_db.c: the shared core of service jobs: states, finding a job in
 * the caller's reach, the timeline and feed, a provider's capacity
 */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "service.h"

struct service_settings service_settings = { 15, 7, 48 };

static const char *const statuses[SERVICE__STATUSES] = { "waiting",
	"offered", "accepted", "scheduled", "in_progress", "waiting_parts",
	"finished", "closed", "cancelled" };

const char *
service_status_name(enum service_status s)
{
	return (unsigned)s < SERVICE__STATUSES ? statuses[s] : "?";
}

int
service_status_parse(const char *s, enum service_status *out)
{
	int	 i;

	for (i = 0; s != NULL && i < SERVICE__STATUSES; i++)
		if (strcmp(s, statuses[i]) == 0) {
			*out = (enum service_status)i;
			return 0;
		}
	return -1;
}

int
service_status_holds(enum service_status s)
{
	return s >= SERVICE_OFFERED && s <= SERVICE_WAITING_PARTS;
}

#define JOB_COLS \
	"SELECT j.id, j.number, j.dealer_id, j.region_id, " \
	"COALESCE(j.provider_id, 0), j.status, j.version, j.round " \
	"FROM service_jobs j "

/* staff and dealers: the dealer's orgs row in the caller's scope */
static const char sql_find[] =
	JOB_COLS "JOIN orgs d ON d.id = j.dealer_id WHERE j.number = ? AND "
	SCOPE_SQL("d");
/*
 * Locked: the job's row alone.  A locking read locks every row its join
 * reads, and the dealer's orgs row is the parent every order of the
 * dealer checks (its foreign key): held by a cancel, it made the order
 * inserts that Galera applied from other nodes abort the cancel, up to
 * four times running (`make cluster`).  A subquery's rows are read, not
 * locked.
 */
static const char sql_find_lock[] =
	JOB_COLS "WHERE j.number = ? AND j.dealer_id IN (SELECT d.id FROM "
	"orgs d WHERE " SCOPE_SQL("d") ") FOR UPDATE";
/* a provider: the jobs offered to it or held by it, nothing else */
static const char sql_find_provider[] =
	JOB_COLS "WHERE j.number = ? AND j.provider_id = ?";
static const char sql_find_provider_lock[] =
	JOB_COLS "WHERE j.number = ? AND j.provider_id = ? FOR UPDATE";

int
service_job_find(struct db *db, const struct principal *who,
    const char *number, int lock, struct service_job_ref *j)
{
	struct db_stmt	*s;
	struct scope	 sc;
	enum db_step	 rc;
	int		 prov = who->kind == ORG_PROVIDER, ok;

	memset(j, 0, sizeof(*j));
	if (number == NULL || strlen(number) >= sizeof(j->number))
		return 0;
	s = db_prepare(db, prov ? (lock ? sql_find_provider_lock :
	    sql_find_provider) : (lock ? sql_find_lock : sql_find));
	ok = s != NULL && db_bind_text(s, 0, number) == 0;
	if (ok && prov)
		ok = db_bind_int(s, 1, who->org_id) == 0;
	else if (ok) {
		scope_read(who, &sc);
		ok = scope_bind(s, 1, &sc) == 0;
	}
	if (!ok || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		j->id = db_col_int(s, 0);
		db_col_copy(s, 1, j->number, sizeof(j->number));
		j->dealer_id = db_col_int(s, 2);
		j->region_id = db_col_int(s, 3);
		j->provider_id = db_col_int(s, 4);
		if (service_status_parse(db_col_text(s, 5, NULL),
		    &j->status) == -1)
			rc = DB_DONE;
		j->version = db_col_int(s, 6);
		j->round = (int)db_col_int(s, 7);
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

int
service_job_held_by(const struct service_job_ref *j,
    const struct principal *who)
{
	return who->kind == ORG_PROVIDER && j->provider_id == who->org_id &&
	    j->status != SERVICE_OFFERED && j->status != SERVICE_WAITING &&
	    j->status != SERVICE_CANCELLED;
}

static const char sql_timeline[] =
	"INSERT INTO service_job_events (job_id, at, type, provider_id, "
	"user_id, note) VALUES (?, UTC_TIMESTAMP(6), ?, NULLIF(?, 0), "
	"NULLIF(?, 0), ?)";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'service_job', ?, ?, ?)";

int
service_event(struct db *db, const struct service_job_ref *j,
    const char *type, int64_t provider, int64_t user, const char *note)
{
	struct db_stmt	*s;
	cJSON		*p;
	char		*payload = NULL;
	int		 ok;

	s = db_prepare(db, sql_timeline);
	ok = s != NULL && db_bind_int(s, 0, j->id) == 0 &&
	    db_bind_text(s, 1, type) == 0 &&
	    db_bind_int(s, 2, provider) == 0 && db_bind_int(s, 3, user) == 0 &&
	    db_bind_text(s, 4, note != NULL ? note : "") == 0 &&
	    db_exec(s) == 0;
	db_stmt_release(s);
	if (!ok)
		return -1;

	/* the feed carries no customer's data: the number, who, the type */
	if ((p = cJSON_CreateObject()) == NULL)
		return -1;
	cJSON_AddStringToObject(p, "number", j->number);
	if (provider != 0)
		cJSON_AddNumberToObject(p, "provider", (double)provider);
	payload = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	s = payload != NULL ? db_prepare(db, sql_feed) : NULL;
	ok = s != NULL && db_bind_text(s, 0, type) == 0 &&
	    db_bind_text(s, 1, j->number) == 0 &&
	    db_bind_int(s, 2, j->dealer_id) == 0 &&
	    db_bind_text(s, 3, payload) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	cJSON_free(payload);
	return ok ? 0 : -1;
}

static const char sql_release[] =
	"UPDATE providers SET open_jobs = open_jobs - 1 WHERE org_id = ? AND "
	"open_jobs > 0";

int
service_release(struct db *db, int64_t provider)
{
	struct db_stmt	*s;
	int		 ok;

	s = db_prepare(db, sql_release);
	ok = s != NULL && db_bind_int(s, 0, provider) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	return ok ? 0 : -1;
}
