/*
 * complaints_db.c: reading one complaint with its thread, and the lists of
 * them, always within the caller's scope; internal notes only for staff.
 * Untranslated: the API answers it as it is, the pages say it in words.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
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
	"LEFT JOIN service_jobs sj ON sj.complaint_id = c.id " \
	"LEFT JOIN orgs p ON p.id = sj.provider_id " \
	"WHERE c.number = ? AND " owner

static const char *const sql_one[] = {
	ONE_SQL(SCOPE_OWNER_ALL("c")),
	ONE_SQL(SCOPE_OWNER_REGION("c")),
	ONE_SQL(SCOPE_OWNER_DEALER("c")),
	ONE_SQL(SCOPE_OWNER_MANAGER("c")),
	ONE_SQL(SCOPE_OWNER_CHAIN("c")),
};
SCOPE_PATHS_ALL(sql_one);

#define LIST_COLS \
	"c.id, c.number, c.dealer_id, d.name_zh, d.name_en, c.category, " \
	"c.severity, c.subject, c.status, c.escalation_level, " \
	TS("c.filed_at") ", " TS("c.first_response_due") ", " \
	TS("c.resolution_due") ", c.first_responded_at IS NOT NULL, " \
	"TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(6), c.next_due), " \
	"TIMESTAMPDIFF(MICROSECOND, '1970-01-01', c.next_due)"
#define LIST_FROM \
	" FROM complaints c JOIN orgs d ON d.id = c.dealer_id WHERE "
/* owner ?, status ? ?, cursor, limit */
#define BY_NEW(owner) \
	"SELECT " LIST_COLS LIST_FROM owner " AND (? = '' OR c.status = ?) " \
	"AND c.id < ? ORDER BY c.id DESC LIMIT ?"
#define BY_DUE(owner) \
	"SELECT " LIST_COLS LIST_FROM owner " AND (? = '' OR c.status = ?) " \
	"AND c.next_due IS NOT NULL AND (c.next_due > TIMESTAMPADD(" \
	"MICROSECOND, ?, '1970-01-01') OR (c.next_due = TIMESTAMPADD(" \
	"MICROSECOND, ?, '1970-01-01') AND c.id > ?)) ORDER BY c.next_due, " \
	"c.id LIMIT ?"

/* by new, by due: one variant per scope path each */
static const char *const sql_by_new[] = {
	BY_NEW(SCOPE_OWNER_ALL("c")), BY_NEW(SCOPE_OWNER_REGION("c")),
	BY_NEW(SCOPE_OWNER_DEALER("c")), BY_NEW(SCOPE_OWNER_MANAGER("c")),
	BY_NEW(SCOPE_OWNER_CHAIN("c")),
};
static const char *const sql_by_due[] = {
	BY_DUE(SCOPE_OWNER_ALL("c")), BY_DUE(SCOPE_OWNER_REGION("c")),
	BY_DUE(SCOPE_OWNER_DEALER("c")), BY_DUE(SCOPE_OWNER_MANAGER("c")),
	BY_DUE(SCOPE_OWNER_CHAIN("c")),
};
SCOPE_PATHS_ALL(sql_by_new);
SCOPE_PATHS_ALL(sql_by_due);
static const char *const *const sql_list[2] = { sql_by_new, sql_by_due };

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
	s = db_prepare(db, sql_one[scope_path(&sc, &key)]);
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
	if (thread(db, id, !ORG_IS_CUSTOMER(who->kind), j) == -1) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static cJSON *
item(struct db_stmt *s, void *lang)
{
	cJSON	*j = cJSON_CreateObject(), *d;
	int	 en = strcmp(lang, "en") == 0;

	cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)db_col_int(s, 2));
	cJSON_AddStringToObject(d, "name", db_col_text(s, en ? 4 : 3, NULL));
	cJSON_AddStringToObject(j, "category", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(j, "severity", db_col_text(s, 6, NULL));
	cJSON_AddStringToObject(j, "subject", db_col_text(s, 7, NULL));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 8, NULL));
	cJSON_AddNumberToObject(j, "escalation_level",
	    (double)db_col_int(s, 9));
	cJSON_AddStringToObject(j, "filed_at", db_col_text(s, 10, NULL));
	cJSON_AddStringToObject(j, "first_response_due",
	    db_col_text(s, 11, NULL));
	cJSON_AddStringToObject(j, "resolution_due", db_col_text(s, 12, NULL));
	cJSON_AddBoolToObject(j, "responded", db_col_int(s, 13) != 0);
	if (db_col_null(s, 14))
		cJSON_AddNullToObject(j, "next_due_in_minutes");
	else {
		cJSON_AddNumberToObject(j, "next_due_in_minutes",
		    (double)db_col_int(s, 14));
		cJSON_AddBoolToObject(j, "overdue", db_col_int(s, 14) < 0);
	}
	return j;
}

/* The last complaint's cursor by due: "us.id". */
static void
due_cursor(struct db_stmt *s, void *ctx, char *out, size_t size)
{
	(void)ctx;
	snprintf(out, size, "%lld.%lld", (long long)db_col_int(s, 15),
	    (long long)db_col_int(s, 0));
}

/* "us.id" for the due order, "id" for the new; 0 or -1. */
static int
cursor(const char *after, int due, int64_t *us, int64_t *id)
{
	int64_t	 a[2];

	*us = -1;
	*id = due ? 0 : INT64_MAX;
	if (after == NULL)
		return 0;
	if (http_cursor_parts(after, due ? 2 : 1, a) == -1 ||
	    (!due && a[0] < 1))
		return -1;
	*us = due ? a[0] : -1;
	*id = due ? a[1] : a[0];
	return 0;
}

/*
 * The complaints who may see, as q asks (sort NULL: by due if due_first,
 * staff's pages), limit of them: 200 with the list into *out, or 404/422
 * in f (a field refused before, e.g. the limit, counts too), 500.
 */
int
complaints_list_read(struct db *db, const struct principal *who,
    const char *lang, const struct complaints_query *q, int limit,
    struct fault *f, cJSON **out)
{
	enum complaint_status cs;
	enum scope_path	 path;
	struct scope	 sc;
	struct db_stmt	*s;
	int64_t		 key, us, id;
	cJSON		*j;
	int		 due, i = 0;

	*out = NULL;
	due = q->sort != NULL ? strcmp(q->sort, "due") == 0 : q->due_first;
	if (q->sort != NULL && !due && strcmp(q->sort, "new") != 0)
		fault_field(f, "sort", "new or due");
	if (q->status != NULL && *q->status != '\0' &&
	    complaints_status_parse(q->status, &cs) == -1)
		fault_field(f, "status", "open, in_progress or resolved");
	if (cursor(q->after, due, &us, &id) == -1)
		fault_field(f, "after", "a cursor from next_cursor");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	scope_read(who, &sc);
	path = scope_path(&sc, &key);
	if (q->dealer != NULL && *q->dealer != '\0') {
		/* one dealer of those: its own path, keyed by it */
		key = strtoll(q->dealer, NULL, 10);
		if ((i = scope_dealer_reach(db, &sc, key)) == -1)
			return 500;
		if (i == 0)
			return fault_set(f, 404, "not_found", "no such dealer");
		path = SCOPE_DEALER;
		i = 0;
	}
	if ((s = db_prepare(db, sql_list[due][path])) == NULL)
		return 500;
	db_bind_int(s, i++, key);
	db_bind_text(s, i++, q->status != NULL ? q->status : "");
	db_bind_text(s, i++, q->status != NULL ? q->status : "");
	if (due) {
		db_bind_int(s, i++, us);
		db_bind_int(s, i++, us);
	}
	db_bind_int(s, i++, id);
	db_bind_int(s, i, limit + 1);
	j = cJSON_CreateObject();
	if (http_keyset_items(s, limit, j, item, (void *)lang, due ?
	    due_cursor : http_cursor_id) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	*out = j;
	return 200;
}
