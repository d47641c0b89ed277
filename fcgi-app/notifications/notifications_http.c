/*
 * notifications_http.c: GET /api/v1/notifications, POST .../{id}/read,
 * POST .../read-all: the caller's own, never anyone else's.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../http/http.h"
#include "../notify/notify.h"
#include "notifications.h"

/* One item as the API shows it: its text in the caller's language too. */
static cJSON *
item_json(const struct req *r, const struct notifications_item *it)
{
	cJSON		*j = cJSON_CreateObject();
	struct buf	 b;

	buf_init(&b);
	cJSON_AddNumberToObject(j, "id", (double)it->id);
	cJSON_AddStringToObject(j, "kind", it->kind);
	cJSON_AddStringToObject(j, "object_type", it->object_type);
	cJSON_AddStringToObject(j, "object_ref", it->object_ref);
	notify_object_path("", it->object_type, it->object_ref, &b);
	cJSON_AddStringToObject(j, "link", buf_cstr(&b));
	buf_reset(&b);
	notify_text(r->lang, it->kind, it->object_ref, it->params, 0, &b);
	cJSON_AddStringToObject(j, "text", buf_cstr(&b));
	cJSON_AddItemToObject(j, "params", cJSON_Parse(it->params));
	cJSON_AddStringToObject(j, "created_at", it->created_at);
	if (it->read_at[0] != '\0')
		cJSON_AddStringToObject(j, "read_at", it->read_at);
	else
		cJSON_AddNullToObject(j, "read_at");
	buf_free(&b);
	return j;
}

/* GET /api/v1/notifications?after=&limit=&unread=1 */
int
notifications_list_get(struct req *r)
{
	struct notifications_page	 pg;
	struct http_paging		 p;
	struct db			*db;
	const char			*u = http_query(r, "unread");
	cJSON				*j, *items;
	size_t				 i;
	int				 st;

	if (u != NULL && strcmp(u, "0") != 0 && strcmp(u, "1") != 0)
		http_field_error(r, "unread", "0 or 1");
	if ((st = http_list_begin(r, &p, &db)) != 0)
		return st;
	if (notifications_list(db, r->who.user_id, p.after, p.limit,
	    u != NULL && *u == '1', &pg) == -1) {
		notifications_page_free(&pg);
		return 500;
	}
	j = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < pg.n; i++)
		cJSON_AddItemToArray(items, item_json(r, &pg.v[i]));
	p.more = pg.next != 0;
	p.last = pg.next;
	http_paging_cursor(j, &p);
	cJSON_AddNumberToObject(j, "unread", (double)pg.unread);
	notifications_page_free(&pg);
	return http_json(r, 200, j);
}

/* POST /api/v1/notifications/{id}/read */
int
notifications_read_post(struct req *r)
{
	struct notifications_item	 it;
	struct db			*db;
	int64_t				 id = http_param_id(r, "id");
	int				 st;

	if (id <= 0)
		return http_error(r, 404, "not_found", "no such notification");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = notifications_mark_read(db, r->who.user_id, id, &it,
	    &r->err)) != 200)
		return http_refused(r, st);
	st = http_json(r, 200, item_json(r, &it));
	free(it.params);
	return st;
}

/* POST /api/v1/notifications/read-all */
int
notifications_read_all_post(struct req *r)
{
	struct db	*db;
	int64_t		 n;
	cJSON		*j;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (notifications_mark_all_read(db, r->who.user_id, &n) == -1)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "marked", (double)n);
	cJSON_AddNumberToObject(j, "unread", 0);
	return http_json(r, 200, j);
}
