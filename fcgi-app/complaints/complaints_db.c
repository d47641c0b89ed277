/*
 * complaints_db.c: reading one complaint with its thread, always within
 * the caller's scope; internal notes only for staff.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
#define CHINA(col) "DATE_FORMAT(" col " + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i')"

/* One complaint by number, in one variant per scope path. */
#define ONE_SQL(owner) \
	"SELECT c.id, c.number, c.dealer_id, d.name_zh, d.name_en, " \
	"o.number, c.category, c.severity, c.subject, c.description, " \
	"c.status, c.escalation_level, " TS("c.filed_at") ", " \
	TS("c.first_response_due") ", " TS("c.resolution_due") ", " \
	TS("c.first_responded_at") ", " TS("c.resolved_at") ", " \
	"c.reopen_count, c.rating, c.rating_comment, c.version, " \
	"a.display_name, p.name_zh, p.name_en, " \
	"TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(6), c.first_response_due), " \
	"TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(6), c.resolution_due), " \
	CHINA("c.first_response_due") ", " CHINA("c.resolution_due") ", " \
	"c.region_id, st.period " \
	"FROM complaints c JOIN orgs d ON d.id = c.dealer_id " \
	"LEFT JOIN statement_disputes sd ON sd.complaint_id = c.id " \
	"LEFT JOIN statements st ON st.id = sd.statement_id " \
	"LEFT JOIN orders o ON o.id = c.order_id " \
	"LEFT JOIN users a ON a.id = c.assigned_user_id " \
	"LEFT JOIN service_providers p ON p.id = c.provider_id " \
	"WHERE c.number = ? AND " owner

static const char *const one_sql[SCOPE__PATHS] = {
	ONE_SQL(SCOPE_OWNER_ALL("c")),
	ONE_SQL(SCOPE_OWNER_REGION("c")),
	ONE_SQL(SCOPE_OWNER_DEALER("c")),
	ONE_SQL(SCOPE_OWNER_MANAGER("c")),
};

/*
 * The thread; notes (staff's internal ones) only when ? = 1.  An event's
 * body is its code (taken, resolved, reopened, escalated_1, and from the
 * sweep escalated_1_first_response ...): pages say it in their language.
 */
static const char sql_thread[] =
	"SELECT m.kind, " TS("m.at") ", " CHINA("m.at") ", m.body, "
	"COALESCE(u.display_name, ''), COALESCE(g.kind, 'system') "
	"FROM complaint_messages m LEFT JOIN users u ON u.id = "
	"m.author_user_id LEFT JOIN orgs g ON g.id = u.org_id "
	"WHERE m.complaint_id = ? AND (m.kind <> 'note' OR ? = 1) "
	"ORDER BY m.id";

static cJSON *
head(struct db_stmt *s, const char *lang)
{
	cJSON	*j = cJSON_CreateObject(), *d;
	int	 en = strcmp(lang, "en") == 0;

	cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)db_col_int(s, 2));
	cJSON_AddStringToObject(d, "name", db_col_text(s, en ? 4 : 3, NULL));
	http_col_text(j, "order", s, 5);
	cJSON_AddStringToObject(j, "category", db_col_text(s, 6, NULL));
	cJSON_AddStringToObject(j, "severity", db_col_text(s, 7, NULL));
	cJSON_AddStringToObject(j, "subject", db_col_text(s, 8, NULL));
	cJSON_AddStringToObject(j, "description", db_col_text(s, 9, NULL));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 10, NULL));
	cJSON_AddNumberToObject(j, "escalation_level",
	    (double)db_col_int(s, 11));
	cJSON_AddStringToObject(j, "filed_at", db_col_text(s, 12, NULL));
	cJSON_AddStringToObject(j, "first_response_due",
	    db_col_text(s, 13, NULL));
	cJSON_AddStringToObject(j, "resolution_due", db_col_text(s, 14, NULL));
	http_col_text(j, "first_responded_at", s, 15);
	http_col_text(j, "resolved_at", s, 16);
	cJSON_AddNumberToObject(j, "reopen_count", (double)db_col_int(s, 17));
	if (db_col_null(s, 18))
		cJSON_AddNullToObject(j, "rating");
	else
		cJSON_AddNumberToObject(j, "rating", (double)db_col_int(s, 18));
	cJSON_AddStringToObject(j, "rating_comment", db_col_text(s, 19, NULL));
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 20));
	http_col_text(j, "assigned_to", s, 21);
	http_col_text(j, "service_provider", s, en ? 23 : 22);
	/* minutes left on each clock (negative: overdue), for countdowns */
	cJSON_AddNumberToObject(j, "first_response_in_minutes",
	    (double)db_col_int(s, 24));
	cJSON_AddNumberToObject(j, "resolution_in_minutes",
	    (double)db_col_int(s, 25));
	cJSON_AddStringToObject(j, "first_response_due_china",
	    db_col_text(s, 26, NULL));
	cJSON_AddStringToObject(j, "resolution_due_china",
	    db_col_text(s, 27, NULL));
	/* a billing dispute of a statement: which one (its lines are there) */
	if (db_col_null(s, 29))
		cJSON_AddNullToObject(j, "statement");
	else {
		d = cJSON_AddObjectToObject(j, "statement");
		cJSON_AddNumberToObject(d, "dealer", (double)db_col_int(s, 2));
		cJSON_AddStringToObject(d, "period", db_col_text(s, 29, NULL));
	}
	return j;
}

static int
thread(struct db *db, int64_t id, int staff, cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*list, *m;
	int		 rc;

	if ((s = db_prepare(db, sql_thread)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || db_bind_int(s, 1, staff) == -1) {
		db_stmt_release(s);
		return -1;
	}
	list = cJSON_AddArrayToObject(j, "messages");
	while ((rc = db_step(s)) == DB_ROW) {
		m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "kind", db_col_text(s, 0, NULL));
		cJSON_AddBoolToObject(m, "internal",
		    strcmp(db_col_text(s, 0, NULL), "note") == 0);
		cJSON_AddStringToObject(m, "at", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(m, "at_china", db_col_text(s, 2, NULL));
		cJSON_AddStringToObject(m, "body", db_col_text(s, 3, NULL));
		cJSON_AddStringToObject(m, "author", db_col_text(s, 4, NULL));
		/* dealer, region, hq or system: whose side wrote it */
		cJSON_AddStringToObject(m, "side", db_col_text(s, 5, NULL));
		cJSON_AddItemToArray(list, m);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * The complaint numbered number as who may see it, or NULL: *found 0 if
 * it is not there for who, 1 (with NULL) on an error.
 */
cJSON *
complaints_load(struct db *db, const char *number,
    const struct principal *who, const char *lang, int *found)
{
	struct scope	 sc;
	struct db_stmt	*s;
	cJSON		*j = NULL;
	int64_t		 key, id = 0;
	int		 rc;

	*found = 1;
	scope_read(who, &sc);
	s = db_prepare(db, one_sql[scope_path(&sc, &key)]);
	if (s == NULL || db_bind_text(s, 0, number) == -1 ||
	    db_bind_int(s, 1, key) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return NULL;
	}
	if (rc == DB_ROW) {
		id = db_col_int(s, 0);
		j = head(s, lang);
	}
	db_stmt_release(s);
	if (j == NULL) {
		*found = 0;
		return NULL;
	}
	if (thread(db, id, who->kind != ORG_DEALER, j) == -1) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}
