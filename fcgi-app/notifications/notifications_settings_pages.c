/*
 * notifications_settings_pages.c: /account/notifications (one's own) and
 * /users/{id}/notifications (a dealer admin's for its users): the e-mail
 * address, the mobile number, and per kind a box per channel
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "../notify/notify.h"
#include "notifications.h"

static const char *const channel_names[] = { "portal", "email", "sms" };

/* The kind's label key: "order.shipped" -> notifications_kind_order_shipped */
static void
label_key(const char *kind, char *out, size_t sz)
{
	char	*p;

	snprintf(out, sz, "notifications_kind_%s", kind);
	for (p = out; *p != '\0'; p++)
		if (*p == '.')
			*p = '_';
}

static int
page(struct req *r, int status, const struct notifications_settings *s,
    const char *notice)
{
	cJSON	*ctx = cJSON_CreateObject(), *kinds, *k, *chs, *c;
	char	 key[96], field[80];
	size_t	 i, j;

	cJSON_AddStringToObject(ctx, "action", r->path);
	cJSON_AddStringToObject(ctx, "email", s->email);
	cJSON_AddStringToObject(ctx, "mobile", s->mobile);
	cJSON_AddNumberToObject(ctx, "version", (double)s->version);
	kinds = cJSON_AddArrayToObject(ctx, "kinds");
	for (i = 0; i < s->n; i++) {
		k = cJSON_CreateObject();
		label_key(s->kinds[i].kind, key, sizeof(key));
		cJSON_AddStringToObject(k, "label", http_i18n(r, key));
		chs = cJSON_AddArrayToObject(k, "channels");
		for (j = 0; j < 3; j++) {
			c = cJSON_CreateObject();
			snprintf(field, sizeof(field), "%s:%s",
			    s->kinds[i].kind, channel_names[j]);
			cJSON_AddStringToObject(c, "name", field);
			snprintf(key, sizeof(key), "notifications_channel_%s",
			    channel_names[j]);
			cJSON_AddStringToObject(c, "label", http_i18n(r, key));
			cJSON_AddBoolToObject(c, "on",
			    (s->kinds[i].channels & (1u << j)) != 0);
			cJSON_AddItemToArray(chs, c);
		}
		cJSON_AddItemToArray(kinds, k);
	}
	return http_form_page(r, status, "notification_settings", ctx, notice,
	    http_i18n(r, "notifications_settings_title"));
}

int
notifications_settings_page_get(struct req *r)
{
	struct notifications_settings	 s;
	struct db			*db;
	int64_t				 user, org;
	int				 all, st;

	if ((st = notifications_settings_target(r, &user, &all, &org)) != 0)
		return st;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = notifications_settings_read(db, user, all, org, &s,
	    &r->err)) != 200)
		return st;
	return page(r, 200, &s, http_query(r, "saved") != NULL ?
	    "notifications_settings_saved" : NULL);
}

/* The form: every kind shown is chosen, its unticked boxes off. */
int
notifications_settings_page_post(struct req *r)
{
	struct notifications_settings	 s;
	struct notifications_change	 c;
	struct db			*db;
	const struct notify_kind	*v;
	const char			*ver = http_formval(r, "version");
	char				 field[80], loc[80];
	int64_t				 user, org;
	size_t				 n, i, j;
	int				 all, st;

	if ((st = notifications_settings_target(r, &user, &all, &org)) != 0)
		return st;
	if ((db = http_db(r)) == NULL)
		return 503;
	memset(&c, 0, sizeof(c));
	c.email = http_formval(r, "email");
	c.mobile = http_formval(r, "mobile");
	n = notify_kinds(&v);
	for (i = 0; i < n && c.n < NOTIFICATIONS_KINDS; i++) {
		if (v[i].fixed)
			continue;
		c.kinds[c.n].kind = v[i].kind;
		for (j = 0; j < 3; j++) {
			snprintf(field, sizeof(field), "%s:%s", v[i].kind,
			    channel_names[j]);
			if (http_formval(r, field) != NULL)
				c.kinds[c.n].channels |= 1u << j;
		}
		c.n++;
	}
	st = notifications_settings_update(db, user, all, org, ver != NULL ?
	    strtoll(ver, NULL, 10) : 0, &c, &s, &r->err);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "%s?saved=1", r->path);
		return http_redirect(r, 303, loc);
	}
	if (st != 409 && st != 422)
		return st;
	if (notifications_settings_read(db, user, all, org, &s, &r->err) !=
	    200)
		return 500;
	/* what was typed stays in the form */
	if (c.email != NULL)
		snprintf(s.email, sizeof(s.email), "%s", c.email);
	if (c.mobile != NULL)
		snprintf(s.mobile, sizeof(s.mobile), "%s", c.mobile);
	return page(r, st, &s, NULL);
}
