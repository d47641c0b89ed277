/*
 * service_work_read_db.c: a job as the one working it sees it, and a
 * provider's list of its jobs
 *
 * The customer's name, phone and address go only to the provider holding
 * the job (accepted and on) and to staff; a provider that is only offered
 * the job reads where (the city), what (product line, kind, model,
 * serial) and the fault.  A provider reads its own lines of the timeline
 * and the region's (parts), not another provider's answers.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "service.h"
#include "service_work.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define MINE_MAX	200

static const char sql_job[] =
	"SELECT j.number, j.status, j.version, j.round, j.kind, c.code, "
	"IF(? = 'en', c.name_en, c.name_zh), j.city, j.model, j.serial, "
	"j.fault, COALESCE(IF(? = 'en', o.name_en, o.name_zh), ''), "
	TS("j.offer_due") ", "
	TS("j.accepted_at") ", DATE_FORMAT(j.visit_date, '%Y-%m-%d'), "
	"TIME_FORMAT(j.visit_from, '%H:%i'), TIME_FORMAT(j.visit_to, "
	"'%H:%i'), j.visits, " TS("j.parts_since") ", j.parts_seconds, "
	TS("j.finished_at") ", j.work_done, j.parts_used, " TS("j.closed_at")
	", " TS("j.filed_at") ", j.customer_name, j.customer_phone, "
	"j.customer_address FROM service_jobs j JOIN categories c ON c.id = "
	"j.category_id LEFT JOIN orgs o ON o.id = j.provider_id WHERE j.id = ?";
/*
 * provider 0: every part and line (staff); a provider: those of the
 * current round (since the last reopening: not the last provider's
 * parts), its own lines and the unattributed ones, never the customer's
 * follow-up
 */
static const char sql_parts[] =
	"SELECT id, part_no, quantity, status, " TS("requested_at") ", "
	TS("due_at") ", " TS("shipped_at") ", " TS("received_at") ", "
	"overdue_at IS NOT NULL, version FROM service_parts p WHERE job_id = "
	"? AND (? = 0 OR NOT EXISTS (SELECT 1 FROM service_job_events r "
	"WHERE r.job_id = p.job_id AND r.type = 'service.reopened' AND r.at "
	">= p.requested_at)) ORDER BY id";
static const char sql_timeline[] =
	"SELECT " TS("e.at") ", e.type, e.note, COALESCE(u.display_name, '') "
	"FROM service_job_events e LEFT JOIN users u ON u.id = e.user_id "
	"WHERE e.job_id = ? AND (? = 0 OR ((e.provider_id IS NULL OR "
	"e.provider_id = ?) AND e.type <> 'service.followed_up' AND NOT "
	"EXISTS (SELECT 1 FROM service_job_events r WHERE r.job_id = "
	"e.job_id AND r.type = 'service.reopened' AND r.id > e.id))) "
	"ORDER BY e.id";
static const char sql_mine[] =
	"SELECT j.number, j.status, j.version, j.kind, IF(? = 'en', "
	"c.name_en, c.name_zh), j.city, DATE_FORMAT(j.visit_date, "
	"'%Y-%m-%d'), TIME_FORMAT(j.visit_from, '%H:%i'), "
	"TIME_FORMAT(j.visit_to, '%H:%i'), " TS("j.offer_due") ", j.fault "
	"FROM service_jobs j JOIN categories c ON c.id = j.category_id WHERE "
	"j.provider_id = ? AND j.status IN ('offered', 'accepted', "
	"'scheduled', 'in_progress', 'waiting_parts', 'finished') ORDER BY "
	"j.id DESC LIMIT ?";

int
service_work_staff(const struct principal *who)
{
	return (who->kind == ORG_HQ || who->kind == ORG_REGION) &&
	    (who->roles & SERVICE_STAFF);
}

int
service_work_staff_key(const struct principal *who, int64_t *key)
{
	if (!service_work_staff(who))
		return -1;
	*key = who->kind == ORG_HQ ? 0 : who->org_id;
	return 0;
}

/* the columns from..from+n as keys (NULL stays null) */
static void
cols(cJSON *j, struct db_stmt *s, int from, const char *const *keys)
{
	int	 i;

	for (i = 0; keys[i] != NULL; i++)
		if (*keys[i] != '\0')
			http_col_text(j, keys[i], s, from + i);
}

static int
add_parts(struct db *db, int64_t id, int64_t provider, cJSON *job)
{
	static const char *const keys[] = { "part_no", "", "status",
	    "requested_at", "due_at", "shipped_at", "received_at", NULL };
	struct db_stmt	*s;
	cJSON		*list = cJSON_AddArrayToObject(job, "parts"), *it;
	int		 rc;

	if ((s = db_preparef(db, sql_parts, "ii", id, provider)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		cols(it, s, 1, keys);
		cJSON_AddNumberToObject(it, "quantity",
		    (double)db_col_int(s, 2));
		cJSON_AddBoolToObject(it, "overdue", db_col_int(s, 8) != 0);
		cJSON_AddNumberToObject(it, "version",
		    (double)db_col_int(s, 9));
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

static int
add_timeline(struct db *db, int64_t id, int64_t provider, cJSON *job)
{
	static const char *const keys[] = { "at", "type", "note", "by",
	    NULL };
	struct db_stmt	*s;
	cJSON		*list = cJSON_AddArrayToObject(job, "timeline"), *it;
	int		 rc;

	if ((s = db_preparef(db, sql_timeline, "iii", id, provider,
	    provider)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cols(it, s, 0, keys);
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

cJSON *
service_work_load(struct db *db, const struct principal *who,
    const char *number, const char *lang, int *found)
{
	static const char *const keys[] = { "number", "status", "", "", "kind",
	    "category", "category_name", "city", "model", "serial", "fault",
	    "provider", "offer_due", "accepted_at", "visit_date", "visit_from",
	    "visit_to", "", "parts_since", "", "finished_at", "work_done",
	    "parts_used", "closed_at", "filed_at", NULL };
	struct service_job_ref	 ref;
	struct db_stmt		*s;
	cJSON			*j = NULL, *c;
	int64_t			 prov;
	int			 rc, sees;

	*found = 0;
	if ((rc = service_job_find(db, who, number, 0, &ref)) != 1) {
		*found = rc == 0 ? 0 : 1;
		return NULL;
	}
	*found = 1;
	sees = service_job_held_by(&ref, who) || service_work_staff(who);
	if ((s = db_preparef(db, sql_job, "ssi", lang, lang, ref.id)) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return NULL;
	}
	j = cJSON_CreateObject();
	cols(j, s, 0, keys);
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 2));
	cJSON_AddNumberToObject(j, "round", (double)db_col_int(s, 3));
	cJSON_AddNumberToObject(j, "visits", (double)db_col_int(s, 17));
	cJSON_AddNumberToObject(j, "parts_seconds", (double)db_col_int(s, 19));
	if (sees) {
		c = cJSON_AddObjectToObject(j, "customer");
		http_col_text(c, "name", s, 25);
		http_col_text(c, "phone", s, 26);
		http_col_text(c, "address", s, 27);
	} else
		cJSON_AddNullToObject(j, "customer");
	db_stmt_release(s);
	prov = who->kind == ORG_PROVIDER ? who->org_id : 0;
	if (add_parts(db, ref.id, prov, j) == -1 || add_timeline(db, ref.id,
	    prov, j) == -1) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

cJSON *
service_work_mine(struct db *db, const struct principal *who,
    const char *lang)
{
	static const char *const keys[] = { "number", "status", "", "kind",
	    "category_name", "city", "visit_date", "visit_from", "visit_to",
	    "offer_due", "fault", NULL };
	struct db_stmt	*s;
	cJSON		*out, *items, *it;
	int		 rc;

	if ((s = db_preparef(db, sql_mine, "sii", lang, who->org_id,
	    (int64_t)MINE_MAX)) == NULL)
		return NULL;
	out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(out, "items");
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cols(it, s, 0, keys);
		cJSON_AddNumberToObject(it, "version",
		    (double)db_col_int(s, 2));
		cJSON_AddItemToArray(items, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(out);
		return NULL;
	}
	return out;
}
