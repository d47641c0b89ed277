/*
 * complaints_list_http.c: the complaints the caller may see, and one of them
 *   GET /api/v1/complaints?status=&sort=new|due&dealer=&after=&limit=
 *   GET /api/v1/complaints/{number}
 * New first by default; sort=due puts the unresolved ones whose next
 * clock runs out first on top (the service queue), overdue ones flagged.
 * ?dealer= narrows staff's list to one dealer in their reach (404 else).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

#define TS(col)	"DATE_FORMAT(" col ", '%Y-%m-%dT%H:%i:%sZ')"
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

static const char *const list_sql[2][SCOPE__PATHS] = {
	{ BY_NEW(SCOPE_OWNER_ALL("c")), BY_NEW(SCOPE_OWNER_REGION("c")),
	  BY_NEW(SCOPE_OWNER_DEALER("c")), BY_NEW(SCOPE_OWNER_MANAGER("c")) },
	{ BY_DUE(SCOPE_OWNER_ALL("c")), BY_DUE(SCOPE_OWNER_REGION("c")),
	  BY_DUE(SCOPE_OWNER_DEALER("c")), BY_DUE(SCOPE_OWNER_MANAGER("c")) },
};

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

int
complaints_list_get(struct req *r)
{
	return complaints_list(r, 0);
}

/* The list; without ?sort=, by due if due_first (staff's pages). */
int
complaints_list(struct req *r, int due_first)
{
	const char	*sort = http_query(r, "sort"), *st = http_query(r,
	    "status");
	const char	*d = http_query(r, "dealer");
	enum complaint_status cs;
	enum scope_path	 path;
	struct scope	 sc;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 key, us, id;
	cJSON		*j;
	int		 due, i = 0, limit;

	due = sort != NULL ? strcmp(sort, "due") == 0 : due_first;
	if (sort != NULL && !due && strcmp(sort, "new") != 0)
		http_field_error(r, "sort", "new or due");
	if (st != NULL && *st != '\0' && complaints_status_parse(st, &cs) == -1)
		http_field_error(r, "status", "open, in_progress or resolved");
	if (cursor(http_query(r, "after"), due, &us, &id) == -1)
		http_field_error(r, "after", "a cursor from next_cursor");
	http_limit(r, &limit);
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	if ((db = http_db(r)) == NULL)
		return 503;
	scope_read(&r->who, &sc);
	path = scope_path(&sc, &key);
	if (d != NULL && *d != '\0') {
		/* one dealer of those: its own path, keyed by it */
		key = strtoll(d, NULL, 10);
		if ((i = scope_dealer_reach(db, &sc, key)) == -1)
			return 500;
		if (i == 0)
			return http_error(r, 404, "not_found", "no such dealer");
		path = SCOPE_DEALER;
		i = 0;
	}
	if ((s = db_prepare(db, list_sql[due][path])) == NULL)
		return 500;
	db_bind_int(s, i++, key);
	db_bind_text(s, i++, st != NULL ? st : "");
	db_bind_text(s, i++, st != NULL ? st : "");
	if (due) {
		db_bind_int(s, i++, us);
		db_bind_int(s, i++, us);
	}
	db_bind_int(s, i++, id);
	db_bind_int(s, i, limit + 1);
	j = cJSON_CreateObject();
	if (http_keyset_items(s, limit, j, item, (void *)r->lang, due ?
	    due_cursor : http_cursor_id) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

int
complaints_get_one(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 found;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((j = complaints_load(db, http_param(r, "number"), &r->who,
	    r->lang, &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such complaint");
	return http_json(r, 200, j);
}
