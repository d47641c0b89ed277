/*
 * notifications_settings_http.c: GET/PUT /api/v1/me/notification-settings
 * (one's own) and /api/v1/users/{id}/notification-settings (an admin's for
 * anyone, a dealer admin's for its dealer's users)
 */
#include <string.h>

#include "../http/http.h"
#include "../notify/notify.h"
#include "notifications.h"

static const char *const channel_names[] = { "portal", "email", "sms" };

/* Whose settings the path names, and what bounds the caller: 0, or 404. */
int
notifications_settings_target(struct req *r, int64_t *user, int *all,
    int64_t *org)
{
	const char	*id = http_param(r, "id");

	*org = r->who.org_id;
	if (id == NULL) {		/* /me: one's own */
		*user = r->who.user_id;
		*all = 1;
		return 0;
	}
	*user = http_param_id(r, "id");
	*all = (r->who.roles & ROLE_ADMIN) != 0;
	if (*user <= 0 || (!*all && !(r->who.roles & ROLE_DEALER_ADMIN)))
		return http_error(r, 404, "not_found", "no such user");
	return 0;
}

static cJSON *
channels_json(unsigned ch)
{
	cJSON	*a = cJSON_CreateArray();
	size_t	 i;

	for (i = 0; i < 3; i++)
		if (ch & (1u << i))
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(channel_names[i]));
	return a;
}

static cJSON *
settings_json(const struct notifications_settings *s)
{
	cJSON	*j = cJSON_CreateObject(), *kinds, *k;
	size_t	 i;

	cJSON_AddNumberToObject(j, "user", (double)s->user);
	cJSON_AddStringToObject(j, "email", s->email);
	cJSON_AddStringToObject(j, "mobile", s->mobile);
	cJSON_AddNumberToObject(j, "version", (double)s->version);
	kinds = cJSON_AddArrayToObject(j, "kinds");
	for (i = 0; i < s->n; i++) {
		k = cJSON_CreateObject();
		cJSON_AddStringToObject(k, "kind", s->kinds[i].kind);
		cJSON_AddItemToObject(k, "channels",
		    channels_json(s->kinds[i].channels));
		cJSON_AddItemToObject(k, "defaults",
		    channels_json(s->kinds[i].defaults));
		cJSON_AddBoolToObject(k, "chosen", s->kinds[i].chosen);
		cJSON_AddItemToArray(kinds, k);
	}
	return j;
}

int
notifications_settings_get(struct req *r)
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
		return http_refused(r, st);
	return http_json(r, 200, settings_json(&s));
}

/* The kinds of a body, {"order.shipped": ["portal", "email"], ...}. */
static void
kinds_of(struct req *r, const cJSON *k, struct notifications_change *c)
{
	const cJSON	*it, *ch;
	size_t		 i;

	if (k == NULL)
		return;
	if (!cJSON_IsObject(k) || cJSON_GetArraySize(k) > NOTIFICATIONS_KINDS) {
		http_field_error(r, "kinds", "an object of kinds, each with "
		    "its channels");
		return;
	}
	cJSON_ArrayForEach(it, k) {
		c->kinds[c->n].kind = it->string;
		c->kinds[c->n].channels = 0;
		if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) > 3)
			goto bad;
		cJSON_ArrayForEach(ch, it) {
			for (i = 0; i < 3; i++)
				if (cJSON_IsString(ch) && strcmp(ch->valuestring,
				    channel_names[i]) == 0)
					break;
			if (i == 3)
				goto bad;
			c->kinds[c->n].channels |= 1u << i;
		}
		c->n++;
	}
	return;
bad:
	http_field_error(r, "kinds", "channels are portal, email and sms; "
	    "none for off");
}

int
notifications_settings_put(struct req *r)
{
	struct notifications_settings	 s;
	struct notifications_change	 c;
	struct db			*db;
	int64_t				 user, org, version = 0;
	int				 all, st;

	if ((st = notifications_settings_target(r, &user, &all, &org)) != 0)
		return st;
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&c, 0, sizeof(c));
	/* absent or null: as it is; "" none */
	if (json_get_string(r->json, "email", 254, &c.email) == -1)
		http_field_error(r, "email", "an e-mail address, or empty");
	if (json_get_string(r->json, "mobile", 16, &c.mobile) == -1)
		http_field_error(r, "mobile", "a mobile number, or empty");
	kinds_of(r, cJSON_GetObjectItemCaseSensitive(r->json, "kinds"), &c);
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) != 0)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = notifications_settings_update(db, user, all, org, version, &c,
	    &s, &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, settings_json(&s));
}
