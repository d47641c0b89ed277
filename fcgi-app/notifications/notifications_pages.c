/*
 * notifications_pages.c: the notification centre: one's notifications,
 * newest first, each a button that marks it read and opens its object;
 * and the unread count the header shows on every page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../http/http.h"
#include "../notify/notify.h"
#include "notifications.h"

/* For the header of every page (http_settings.unread): 0 when unknown. */
int64_t
notifications_unread_count(struct req *r)
{
	struct db	*db;
	int64_t		 n;

	if (!r->authed || r->key_auth || (db = http_db(r)) == NULL)
		return 0;
	return (n = notifications_unread(db, r->who.user_id)) > 0 ? n : 0;
}

static cJSON *
item_ctx(const struct req *r, const struct notifications_item *it)
{
	cJSON		*j = cJSON_CreateObject();
	struct buf	 b;

	buf_init(&b);
	cJSON_AddNumberToObject(j, "id", (double)it->id);
	notify_text(r->lang, it->kind, it->object_ref, it->params, 0, &b);
	cJSON_AddStringToObject(j, "text", buf_cstr(&b));
	cJSON_AddStringToObject(j, "created_at", it->created_at);
	cJSON_AddStringToObject(j, "created_on", it->created_china);
	cJSON_AddBoolToObject(j, "read", it->read_at[0] != '\0');
	buf_free(&b);
	return j;
}

/* GET /notifications?after= */
int
notifications_page_get(struct req *r)
{
	struct notifications_page	 pg;
	struct http_paging		 p;
	struct db			*db;
	cJSON				*ctx, *items;
	char				 cur[24];
	size_t				 i;
	int				 st;

	if ((st = http_list_begin(r, &p, &db)) != 0)
		return st;
	if (notifications_list(db, r->who.user_id, p.after, p.limit, 0,
	    &pg) == -1) {
		notifications_page_free(&pg);
		return 500;
	}
	ctx = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(ctx, "items");
	for (i = 0; i < pg.n; i++)
		cJSON_AddItemToArray(items, item_ctx(r, &pg.v[i]));
	if (pg.next != 0) {
		snprintf(cur, sizeof(cur), "%lld", (long long)pg.next);
		cJSON_AddStringToObject(ctx, "next_cursor", cur);
	}
	cJSON_AddBoolToObject(ctx, "has_unread", pg.unread > 0);
	notifications_page_free(&pg);
	return http_form_page(r, 200, "notifications", ctx,
	    http_query(r, "marked") != NULL ? "notifications_marked" : NULL,
	    http_i18n(r, "notifications_title"));
}

/* POST /notifications: mark them all read */
int
notifications_page_post(struct req *r)
{
	struct db	*db;
	int64_t		 n;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (notifications_mark_all_read(db, r->who.user_id, &n) == -1)
		return 500;
	return http_redirect(r, 303, "/notifications?marked=1");
}

/* POST /notifications/{id}: mark it read and go to what it is about */
int
notifications_open_post(struct req *r)
{
	struct notifications_item	 it;
	struct db			*db;
	struct buf			 b;
	int64_t				 id = http_param_id(r, "id");
	int				 st;

	if (id <= 0)
		return http_error(r, 404, "not_found", "no such notification");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = notifications_mark_read(db, r->who.user_id, id, &it,
	    &r->err)) != 200)
		return st;
	buf_init(&b);
	notify_object_path("", it.object_type, it.object_ref, &b);
	free(it.params);
	st = http_redirect(r, 303, buf_cstr(&b));
	buf_free(&b);
	return st;
}
