/*
 * feed_http.c: GET /api/v1/feed?after=<cursor>&limit=N for the ERP
 *
 * Events in commit order (see feed_seq.c), each once.  The answer always
 * carries next_cursor, the cursor to pass next time (the last event's,
 * or the one given when nothing is new), and "more" when a full page
 * suggests asking again at once.
 */
#include <stdio.h>

#include "../db/db.h"
#include "../http/http.h"
#include "feed.h"

static const char sql_page[] =
	"SELECT seq, type, DATE_FORMAT(at, '%Y-%m-%dT%H:%i:%sZ'), object_type, "
	"object_ref, dealer_id, payload, id FROM feed_events WHERE seq > ? "
	"ORDER BY seq LIMIT ?";

struct db_stmt *
feed_events_after(struct db *db, int64_t after, int limit)
{
	return db_preparef(db, sql_page, "ii", after, (int64_t)limit);
}

/*
 * An event as the feed and the webhooks show it, from a row of seq, type,
 * at, object_type, object_ref, dealer_id, payload.
 */
cJSON *
feed_event_json(struct db_stmt *s)
{
	cJSON		*e = cJSON_CreateObject(), *p;
	char		 cur[24];

	snprintf(cur, sizeof(cur), "%lld", (long long)db_col_int(s, 0));
	cJSON_AddStringToObject(e, "cursor", cur);
	cJSON_AddStringToObject(e, "type", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(e, "at", db_col_text(s, 2, NULL));
	p = cJSON_AddObjectToObject(e, "object");
	cJSON_AddStringToObject(p, "type", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(p, "ref", db_col_text(s, 4, NULL));
	if (db_col_null(s, 5))
		cJSON_AddNullToObject(e, "dealer");
	else
		cJSON_AddNumberToObject(e, "dealer", (double)db_col_int(s, 5));
	if ((p = cJSON_Parse(db_col_text(s, 6, NULL))) == NULL)
		p = cJSON_CreateObject();
	cJSON_AddItemToObject(e, "payload", p);
	return e;
}

int
feed_get(struct req *r)
{
	struct http_paging	 pg;
	struct db_stmt		*s;
	struct db		*db;
	cJSON			*j, *items;
	char			 cur[24];
	int			 n = 0, numbered, rc, st;

	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if (feed_sequence(db, &numbered) == -1)
		return 503;
	if ((s = feed_events_after(db, pg.after, pg.limit)) == NULL)
		return 500;
	j = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(j, "items");
	pg.last = pg.after;
	while ((rc = db_step(s)) == DB_ROW) {
		cJSON_AddItemToArray(items, feed_event_json(s));
		pg.last = db_col_int(s, 0);
		n++;
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(j);
		return 500;
	}
	snprintf(cur, sizeof(cur), "%lld", (long long)pg.last);
	cJSON_AddStringToObject(j, "next_cursor", cur);
	cJSON_AddBoolToObject(j, "more", n == pg.limit);
	return http_json(r, 200, j);
}
