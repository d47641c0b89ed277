/*
 * notifications_outbox_http.c: the admin's view of the outbox, API and
 * page: /api/v1/outbox?state=dead|pending|sent, POST .../{id}/resend;
 * /admin/outbox with a "send again" button on each dead letter
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "notifications.h"

static const char *
state_of(struct req *r)
{
	const char	*s = http_query(r, "state");

	if (s == NULL || *s == '\0')
		return "dead";
	if (strcmp(s, "dead") != 0 && strcmp(s, "pending") != 0 &&
	    strcmp(s, "sent") != 0)
		http_field_error(r, "state", "dead, pending or sent");
	return s;
}

static cJSON *
message_json(const struct notifications_message *m)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)m->id);
	cJSON_AddStringToObject(j, "channel", m->channel);
	cJSON_AddStringToObject(j, "recipient", m->recipient);
	cJSON_AddStringToObject(j, "state", m->state);
	cJSON_AddNumberToObject(j, "attempts", (double)m->attempts);
	cJSON_AddStringToObject(j, "last_error", m->last_error);
	cJSON_AddStringToObject(j, "kind", m->kind);
	cJSON_AddStringToObject(j, "object_ref", m->object_ref);
	cJSON_AddStringToObject(j, "created_at", m->created_at);
	return j;
}

/* The page of messages the query asks for, as {items, next_cursor}. */
static int
page_of(struct req *r, cJSON **out)
{
	struct notifications_message	*v;
	struct http_paging		 p;
	struct db			*db;
	const char			*state = state_of(r);
	cJSON				*items;
	size_t				 n, i;
	int64_t				 next;
	int				 st;

	*out = NULL;
	if ((st = http_list_begin(r, &p, &db)) != 0)
		return st;
	if (notifications_outbox_list(db, state, p.after, p.limit, &v, &n,
	    &next) == -1) {
		free(v);
		return 500;
	}
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, message_json(&v[i]));
	free(v);
	p.more = next != 0;
	p.last = next;
	http_paging_cursor(*out, &p);
	cJSON_AddStringToObject(*out, "state", state);
	return 200;
}

int
notifications_outbox_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = page_of(r, &j)) != 200)
		return st;
	return http_json(r, 200, j);
}

int
notifications_outbox_resend_post(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = notifications_outbox_resend(db, http_param_id(r, "id"),
	    &r->err)) != 200)
		return http_refused(r, st);
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "state", "pending");
	return http_json(r, 200, j);
}

/* GET /admin/outbox?state= */
int
notifications_outbox_page_get(struct req *r)
{
	cJSON	*j, *it;
	char	 key[96], *p;
	int	 st;

	if ((st = page_of(r, &j)) != 200)
		return st;
	/* each kind in words: "order.shipped" as notifications_kind_order_shipped */
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		snprintf(key, sizeof(key), "notifications_kind_%s",
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "kind")));
		for (p = key; *p != '\0'; p++)
			if (*p == '.')
				*p = '_';
		cJSON_AddStringToObject(it, "label", http_i18n(r, key));
	}
	cJSON_AddBoolToObject(j, strcmp(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, "state")), "dead") == 0 ?
	    "is_dead" : strcmp(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, "state")), "pending") == 0 ?
	    "is_pending" : "is_sent", 1);
	return http_form_page(r, 200, "admin_outbox", j,
	    http_query(r, "resent") != NULL ? "notifications_outbox_resent" :
	    NULL, http_i18n(r, "notifications_outbox_title"));
}

/* POST /admin/outbox: id, the message to send again */
int
notifications_outbox_page_post(struct req *r)
{
	const char	*id = http_formval(r, "id");
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	st = notifications_outbox_resend(db, id != NULL ? strtoll(id, NULL,
	    10) : 0, &r->err);
	if (st == 200)
		return http_redirect(r, 303, "/admin/outbox?resent=1");
	return st;
}
