/*
 * service_jobs_read_db.c: one service job with its timeline, and the
 * lists of them, always within the caller's reach: HQ all, a region its
 * region's, a dealer its own, a provider those offered to or held by it.
 * The customer's phone, address and location go only to staff and to the
 * provider holding the job; a provider only offered it sees what the job
 * is (city, line, kind, model, fault), not whose.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "../http/http.h"
#include "service.h"
#include "service_jobs.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define CHINA(col) "DATE_FORMAT(" col " + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')"
#define OWNER_PROVIDER(t)	t ".provider_id = ?"
#define PATHS	(SCOPE__PATHS + 1)	/* and the provider's */
#define PROVIDER_PATH	SCOPE__PATHS

#define ONE_SQL(owner) \
	"SELECT STRAIGHT_JOIN j.id, j.number, j.status, j.kind, c.code, j.dealer_id, " \
	"d.name_zh, d.name_en, j.customer_name, j.customer_phone, " \
	"j.customer_address, j.city, j.lat_e6, j.lng_e6, j.model, j.serial, " \
	"j.fault, cp.number, COALESCE(j.provider_id, 0), p.name_zh, " \
	"p.name_en, " TS("j.filed_at") ", " TS("j.first_offered_at") ", " \
	TS("j.offer_due") ", " TS("j.accepted_at") ", " TS("j.unplaced_at") \
	", DATE_FORMAT(j.visit_date, '%Y-%m-%d'), TIME_FORMAT(j.visit_from, " \
	"'%H:%i'), TIME_FORMAT(j.visit_to, '%H:%i'), " TS("j.finished_at") \
	", j.work_done, j.parts_used, " TS("j.closed_at") ", j.version, " \
	"j.round, " CHINA("j.filed_at") ", " CHINA("j.offer_due") " " \
	"FROM service_jobs j JOIN orgs d ON d.id = j.dealer_id " \
	"JOIN categories c ON c.id = j.category_id " \
	"LEFT JOIN complaints cp ON cp.id = j.complaint_id " \
	"LEFT JOIN orgs p ON p.id = j.provider_id WHERE j.number = ? AND " owner

static const char *const sql_one[] = {
	ONE_SQL(SCOPE_OWNER_ALL("j")), ONE_SQL(SCOPE_OWNER_REGION("j")),
	ONE_SQL(SCOPE_OWNER_DEALER("j")), ONE_SQL(SCOPE_OWNER_MANAGER("j")),
	ONE_SQL(SCOPE_OWNER_CHAIN("j")), ONE_SQL(OWNER_PROVIDER("j")),
};
SCOPE_PATHS_CHECK(sql_one, PATHS);

/*
 * The timeline as who may read it (binds: the job, staff, dealer,
 * provider twice).  Staff: all of it.  A dealer: not the offers' trail
 * (offered, declined, lapsed: they name other providers, their distances
 * and reasons), from acceptance on.  A provider: its own lines and the
 * unattributed ones of the current round (since the last reopening), not
 * who else declined, not the customer's follow-up.
 */
static const char sql_timeline[] =
	"SELECT e.type, " TS("e.at") ", " CHINA("e.at") ", e.note, "
	"COALESCE(p.name_zh, ''), COALESCE(p.name_en, ''), "
	"COALESCE(u.display_name, '') FROM service_job_events e "
	"LEFT JOIN orgs p ON p.id = e.provider_id "
	"LEFT JOIN users u ON u.id = e.user_id WHERE e.job_id = ? AND "
	"(? = 1 OR (? = 1 AND e.type NOT IN ('service.offered', "
	"'service.declined', 'service.timed_out')) OR (? <> 0 AND "
	"(e.provider_id IS NULL OR e.provider_id = ?) AND e.type <> "
	"'service.followed_up' AND NOT EXISTS (SELECT 1 FROM "
	"service_job_events r WHERE r.job_id = e.job_id AND r.type = "
	"'service.reopened' AND r.id > e.id))) ORDER BY e.id";
static const char sql_offers[] =
	"SELECT p.name_zh, p.name_en, o.round, o.distance_m, "
	TS("o.offered_at") ", " TS("o.due") ", o.outcome, "
	TS("o.answered_at") ", o.reason, " CHINA("o.offered_at") " "
	"FROM service_offers o "
	"JOIN orgs p ON p.id = o.provider_id WHERE o.job_id = ? ORDER BY o.id";
/* a provider (the bind not 0): the current round's, since the reopening */
static const char sql_parts[] =
	"SELECT part_no, quantity, status, " TS("requested_at") ", "
	TS("due_at") ", " TS("shipped_at") ", " TS("received_at") ", "
	CHINA("due_at") " FROM service_parts p WHERE job_id = ? AND (? = 0 "
	"OR NOT EXISTS (SELECT 1 FROM service_job_events r WHERE r.job_id = "
	"p.job_id AND r.type = 'service.reopened' AND r.at >= "
	"p.requested_at)) ORDER BY id";

/* the jobs' index first (its order is the list's), the names joined on */
#define LIST_SQL(owner) \
	"SELECT STRAIGHT_JOIN j.id, j.number, j.status, j.kind, c.code, j.city, " \
	"j.dealer_id, d.name_zh, d.name_en, j.customer_name, " \
	"COALESCE(j.provider_id, 0), p.name_zh, p.name_en, " \
	TS("j.filed_at") ", " TS("j.offer_due") ", j.unplaced_at IS NOT " \
	"NULL, " CHINA("j.filed_at") " FROM service_jobs j " \
	"JOIN orgs d ON d.id = j.dealer_id " \
	"JOIN categories c ON c.id = j.category_id " \
	"LEFT JOIN orgs p ON p.id = j.provider_id WHERE " owner " AND " \
	"(? = '' OR j.status = ?) AND j.id < ? ORDER BY j.id DESC LIMIT ?"

static const char *const sql_list[] = {
	LIST_SQL(SCOPE_OWNER_ALL("j")), LIST_SQL(SCOPE_OWNER_REGION("j")),
	LIST_SQL(SCOPE_OWNER_DEALER("j")), LIST_SQL(SCOPE_OWNER_MANAGER("j")),
	LIST_SQL(SCOPE_OWNER_CHAIN("j")), LIST_SQL(OWNER_PROVIDER("j")),
};
SCOPE_PATHS_CHECK(sql_list, PATHS);

/* The statement variant of who and the key bound to it. */
static int
path_of(const struct principal *who, int64_t *key)
{
	struct scope	 sc;

	if (who->kind == ORG_PROVIDER) {
		*key = who->org_id;
		return PROVIDER_PATH;
	}
	scope_read(who, &sc);
	return (int)scope_path(&sc, key);
}

static int
staff(const struct principal *who)
{
	return who->kind == ORG_HQ || who->kind == ORG_REGION;
}

/* whether who is the provider holding a job in state st */
static int
holder_of(const struct principal *who, enum service_status st)
{
	return who->kind == ORG_PROVIDER && st != SERVICE_OFFERED &&
	    st != SERVICE_WAITING && st != SERVICE_CANCELLED;
}

/*
 * j[key] = {"id"?, "name"} from columns idc (0 or NULL: null; with_id:
 * the id too) and zhc (zhc + 1 the English name).
 */
static void
named(cJSON *j, const char *key, struct db_stmt *s, int idc, int zhc,
    int en, int with_id)
{
	cJSON	*o;

	if (db_col_int(s, idc) == 0) {
		cJSON_AddNullToObject(j, key);
		return;
	}
	o = cJSON_AddObjectToObject(j, key);
	if (with_id)
		cJSON_AddNumberToObject(o, "id", (double)db_col_int(s, idc));
	cJSON_AddStringToObject(o, "name", db_col_text(s, zhc + en, NULL));
}

/* The job's head from ONE_SQL's row, as who may see it. */
static cJSON *
head(struct db_stmt *s, const struct principal *who, const char *lang)
{
	cJSON			*j = cJSON_CreateObject(), *o;
	enum service_status	 st = SERVICE_WAITING;
	int			 en = strcmp(lang, "en") == 0, holder, offered;

	service_status_parse(db_col_text(s, 2, NULL), &st);
	holder = holder_of(who, st);
	offered = who->kind == ORG_PROVIDER && !holder;
	cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "kind", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(j, "category", db_col_text(s, 4, NULL));
	if (who->kind != ORG_PROVIDER)
		named(j, "dealer", s, 5, 6, en, 1);
	cJSON_AddStringToObject(j, "city", db_col_text(s, 11, NULL));
	if (!offered) {
		o = cJSON_AddObjectToObject(j, "customer");
		cJSON_AddStringToObject(o, "name", db_col_text(s, 8, NULL));
		if (staff(who) || holder) {
			cJSON *l;

			cJSON_AddStringToObject(o, "phone",
			    db_col_text(s, 9, NULL));
			cJSON_AddStringToObject(o, "address",
			    db_col_text(s, 10, NULL));
			l = cJSON_AddObjectToObject(o, "location");
			cJSON_AddNumberToObject(l, "lat",
			    (double)db_col_int(s, 12) / 1e6);
			cJSON_AddNumberToObject(l, "lng",
			    (double)db_col_int(s, 13) / 1e6);
		}
		cJSON_AddStringToObject(j, "serial", db_col_text(s, 15, NULL));
	}
	cJSON_AddStringToObject(j, "model", db_col_text(s, 14, NULL));
	cJSON_AddStringToObject(j, "fault", db_col_text(s, 16, NULL));
	if (who->kind != ORG_PROVIDER)
		http_col_text(j, "complaint", s, 17);
	named(j, "provider", s, 18, 19, en, 0);
	cJSON_AddStringToObject(j, "filed_at", db_col_text(s, 21, NULL));
	cJSON_AddStringToObject(j, "filed_at_china", db_col_text(s, 35, NULL));
	http_col_text(j, "first_offered_at", s, 22);
	http_col_text(j, "offer_due", s, 23);
	http_col_text(j, "offer_due_china", s, 36);
	http_col_text(j, "accepted_at", s, 24);
	http_col_text(j, "unplaced_at", s, 25);
	cJSON_AddBoolToObject(j, "unplaced", st == SERVICE_WAITING &&
	    !db_col_null(s, 25));
	if (db_col_null(s, 26))
		cJSON_AddNullToObject(j, "visit");
	else {
		o = cJSON_AddObjectToObject(j, "visit");
		cJSON_AddStringToObject(o, "date", db_col_text(s, 26, NULL));
		http_col_text(o, "from", s, 27);
		http_col_text(o, "to", s, 28);
	}
	http_col_text(j, "finished_at", s, 29);
	cJSON_AddStringToObject(j, "work_done", db_col_text(s, 30, NULL));
	cJSON_AddStringToObject(j, "parts_used", db_col_text(s, 31, NULL));
	http_col_text(j, "closed_at", s, 32);
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 33));
	cJSON_AddNumberToObject(j, "round", (double)db_col_int(s, 34));
	return j;
}

/*
 * Rows of sql bound to id (binds 1), id and a (2), or as the timeline's
 * (5: id, who is staff, a dealer, the provider a twice) into j[name].
 */
static int
rows(struct db *db, const struct principal *who, const char *sql,
    int64_t id, int binds, int64_t a, cJSON *j, const char *name,
    cJSON *(*row)(struct db_stmt *, int), int en)
{
	struct db_stmt	*s;
	cJSON		*list;
	int		 rc;

	s = binds == 1 ? db_preparef(db, sql, "i", id) : binds == 2 ?
	    db_preparef(db, sql, "ii", id, a) : db_preparef(db, sql, "iiiii",
	    id, (int64_t)staff(who), (int64_t)(!staff(who) && a == 0), a, a);
	if (s == NULL)
		return -1;
	list = cJSON_AddArrayToObject(j, name);
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(list, row(s, en));
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

static cJSON *
event_row(struct db_stmt *s, int en)
{
	cJSON	*e = cJSON_CreateObject();

	cJSON_AddStringToObject(e, "type", db_col_text(s, 0, NULL));
	cJSON_AddStringToObject(e, "at", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(e, "at_china", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(e, "note", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(e, "provider", db_col_text(s, en ? 5 : 4,
	    NULL));
	cJSON_AddStringToObject(e, "by", db_col_text(s, 6, NULL));
	return e;
}

static cJSON *
offer_row(struct db_stmt *s, int en)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "provider", db_col_text(s, en ? 1 : 0,
	    NULL));
	cJSON_AddNumberToObject(o, "round", (double)db_col_int(s, 2));
	cJSON_AddNumberToObject(o, "distance_m", (double)db_col_int(s, 3));
	cJSON_AddStringToObject(o, "offered_at", db_col_text(s, 4, NULL));
	cJSON_AddStringToObject(o, "due", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(o, "outcome", db_col_text(s, 6, NULL));
	http_col_text(o, "answered_at", s, 7);
	cJSON_AddStringToObject(o, "reason", db_col_text(s, 8, NULL));
	cJSON_AddStringToObject(o, "offered_at_china", db_col_text(s, 9,
	    NULL));
	return o;
}

static cJSON *
part_row(struct db_stmt *s, int en)
{
	cJSON	*p = cJSON_CreateObject();

	(void)en;
	cJSON_AddStringToObject(p, "part_no", db_col_text(s, 0, NULL));
	cJSON_AddNumberToObject(p, "quantity", (double)db_col_int(s, 1));
	cJSON_AddStringToObject(p, "status", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(p, "requested_at", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(p, "due_at", db_col_text(s, 4, NULL));
	http_col_text(p, "shipped_at", s, 5);
	http_col_text(p, "received_at", s, 6);
	cJSON_AddStringToObject(p, "due_china", db_col_text(s, 7, NULL));
	return p;
}

/*
 * The job numbered number as who may see it, or NULL: *found 0 if it is
 * not there for who, 1 (with NULL) on an error.
 */
cJSON *
service_jobs_load(struct db *db, const char *number,
    const struct principal *who, const char *lang, int *found)
{
	struct db_stmt	*s;
	cJSON		*j = NULL;
	int64_t		 key, id = 0, prov;
	int		 rc, en = strcmp(lang, "en") == 0;

	*found = 1;
	if (number == NULL || strlen(number) >= 24) {
		*found = 0;
		return NULL;
	}
	s = db_prepare(db, sql_one[path_of(who, &key)]);
	if (s == NULL || db_bind_text(s, 0, number) == -1 ||
	    db_bind_int(s, 1, key) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return NULL;
	}
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		j = head(s, who, lang);
	}
	db_stmt_release(s);
	if (j == NULL) {
		*found = 0;
		return NULL;
	}
	prov = who->kind == ORG_PROVIDER ? who->org_id : 0;
	if (rows(db, who, sql_timeline, id, 5, prov, j, "timeline",
	    event_row, en) == -1 || rows(db, who, sql_parts, id, 2, prov, j,
	    "parts", part_row, en) == -1 || (staff(who) && rows(db, who,
	    sql_offers, id, 1, 0, j, "offers", offer_row, en) == -1)) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static cJSON *
item(struct db_stmt *s, void *ctx)
{
	const struct principal	*who = ((const void **)ctx)[0];
	const char		*lang = ((const void **)ctx)[1];
	cJSON			*j = cJSON_CreateObject();
	int			 en = strcmp(lang, "en") == 0;
	enum service_status	 st = SERVICE_WAITING;

	service_status_parse(db_col_text(s, 2, NULL), &st);
	cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "kind", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(j, "category", db_col_text(s, 4, NULL));
	cJSON_AddStringToObject(j, "city", db_col_text(s, 5, NULL));
	if (who->kind != ORG_PROVIDER)
		named(j, "dealer", s, 6, 7, en, 1);
	/* the customer's name: not to a provider only offered the job */
	if (who->kind != ORG_PROVIDER || holder_of(who, st))
		cJSON_AddStringToObject(j, "customer_name",
		    db_col_text(s, 9, NULL));
	named(j, "provider", s, 10, 11, en, 0);
	cJSON_AddStringToObject(j, "filed_at", db_col_text(s, 13, NULL));
	cJSON_AddStringToObject(j, "filed_at_china", db_col_text(s, 16, NULL));
	http_col_text(j, "offer_due", s, 14);
	cJSON_AddBoolToObject(j, "unplaced", st == SERVICE_WAITING &&
	    db_col_int(s, 15) != 0);
	return j;
}

/*
 * The jobs who may see, newest first, q->limit of them from q->after: 200
 * with the list into *out, or 422 in f (a field refused before counts
 * too), 500.
 */
int
service_jobs_list_read(struct db *db, const struct principal *who,
    const char *lang, const struct service_jobs_query *q, struct fault *f,
    cJSON **out)
{
	enum service_status	 st;
	struct db_stmt		*s;
	const void		*ctx[2] = { who, lang };
	const char		*status = q->status != NULL ? q->status : "";
	int64_t			 key, after = INT64_MAX;
	cJSON			*j;
	int			 path;

	*out = NULL;
	if (*status != '\0' && service_status_parse(status, &st) == -1)
		fault_field(f, "status", "waiting, offered, accepted, "
		    "scheduled, in_progress, waiting_parts, finished, closed "
		    "or cancelled");
	if (q->after != NULL && (http_cursor_parts(q->after, 1, &after) ==
	    -1 || after < 1))
		fault_field(f, "after", "a cursor from next_cursor");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	path = path_of(who, &key);
	if ((s = db_preparef(db, sql_list[path], "ittii", key,
	    status, status, after, (int64_t)q->limit + 1)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	if (http_keyset_items(s, q->limit, j, item, (void *)ctx,
	    http_cursor_id) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	*out = j;
	return 200;
}

/* what the new-job form takes from a complaint of the dealer's */
static const char sql_complaint[] =
	"SELECT c.number, c.category, c.description, COALESCE(o.number, '') "
	"FROM complaints c LEFT JOIN orders o ON o.id = c.order_id "
	"WHERE c.number = ? AND c.dealer_id = ?";

/* 1 with the complaint into *out, 0 not the dealer's, -1 an error */
int
service_jobs_complaint_read(struct db *db, const struct principal *who,
    const char *number, cJSON **out)
{
	struct db_stmt	*s;
	const char	*cat;
	int		 rc;

	*out = NULL;
	if (number == NULL || strlen(number) > 24 || who->kind != ORG_DEALER)
		return 0;
	if ((s = db_preparef(db, sql_complaint, "ti", number, who->org_id)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		*out = cJSON_CreateObject();
		cat = db_col_text(s, 1, NULL);
		cJSON_AddStringToObject(*out, "complaint", db_col_text(s, 0,
		    NULL));
		cJSON_AddStringToObject(*out, "kind", strcmp(cat,
		    "installation_service") == 0 ? "installation" :
		    strcmp(cat, "delivery") == 0 ? "delivery_damage" :
		    "repair");
		cJSON_AddStringToObject(*out, "fault", db_col_text(s, 2, NULL));
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}
