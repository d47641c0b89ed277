/*
 * accounts_apikeys_pages.c: the API keys page: the list, a form for a new key
 * (shown once, on the answer to the form), and a revoke button per key.
 * The page's own door onto accounts_apikeys_db.c; the JSON API is the other.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../audit/audit.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_apikeys.h"
#include "accounts_users.h"

#define PAGE_KEYS	100

/* The capability checkboxes, ticked as held; each with its words. */
static cJSON *
cap_choices(struct req *r, unsigned held)
{
	cJSON	*a = cJSON_CreateArray(), *o;
	char	 key[48], *p;
	int	 i;

	for (i = 0; i < CAP__COUNT; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "cap", apikey_cap_name(1u << i));
		snprintf(key, sizeof(key), "accounts_cap_%s",
		    apikey_cap_name(1u << i));
		if ((p = strchr(key, ':')) != NULL)
			*p = '_';
		cJSON_AddStringToObject(o, "label", http_i18n(r, key));
		cJSON_AddBoolToObject(o, "checked", (held & (1u << i)) != 0);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* The list and the form; created (a new key's row and key) on top. */
static int
list_page(struct req *r, int status, const char *notice,
    const cJSON *created, unsigned held)
{
	struct apikey_row	*rows;
	struct db		*db;
	cJSON			*ctx, *items;
	int64_t			 limit;
	int			 n, i;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rows = calloc(PAGE_KEYS, sizeof(*rows))) == NULL)
		return 500;
	if (accounts_apikeys_list(db, limit, 0, PAGE_KEYS, rows, &n) == -1) {
		free(rows);
		return 500;
	}
	ctx = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(ctx, "keys");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, accounts_apikeys_json(&rows[i]));
	free(rows);
	if (created != NULL)
		cJSON_AddItemToObject(ctx, "created",
		    cJSON_Duplicate(created, 1));
	cJSON_AddItemToObject(ctx, "cap_choices", cap_choices(r, held));
	audit_page_flags(ctx, &r->who);
	return http_form_page(r, status, "api_keys", ctx, notice,
	    http_i18n(r, "accounts_keys_title"));
}

int
accounts_apikeys_page_get(struct req *r)
{
	return list_page(r, 200, http_query(r, "revoked") != NULL ?
	    "accounts_keys_revoked" : NULL, NULL, CAP_READ);
}

/* POST /api-keys: user, name, caps (checkboxes), idem, _csrf */
int
accounts_apikeys_page_post(struct req *r)
{
	struct apikey_req	 q;
	struct apikey_row	 k;
	struct db		*db;
	char			 key[APIKEY_LEN + 1], names[128], msg[256];
	int64_t			 limit;
	unsigned		 bit;
	cJSON			*made;
	size_t			 i;
	int			 st;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	memset(&q, 0, sizeof(q));
	q.login = http_formval(r, "user");
	q.name = http_formval(r, "name");
	q.idem = http_formval(r, "idem");
	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].name, "caps") == 0 &&
		    apikey_cap_parse(r->form.v[i].value, &bit) == 0)
			q.caps |= bit;
	if (q.login == NULL || *q.login == '\0' || strlen(q.login) > 64)
		http_field_error(r, "user", http_i18n(r,
		    "accounts_keys_user_missing"));
	if (q.name == NULL || *q.name == '\0' ||
	    strlen(q.name) > APIKEYS_NAME_MAX)
		http_field_error(r, "name", http_i18n(r,
		    "accounts_keys_name_missing"));
	if (q.caps == 0)
		http_field_error(r, "caps", http_i18n(r,
		    "accounts_keys_caps_missing"));
	if (q.idem == NULL || strlen(q.idem) == 0 ||
	    strlen(q.idem) > APIKEYS_IDEM_MAX)
		http_field_error(r, "idem", "reload the page");
	if (r->err.fields != NULL)
		return list_page(r, 422, NULL, NULL, q.caps);
	if ((db = http_db(r)) == NULL)
		return 503;
	switch (accounts_apikeys_create(db, &r->who, limit, &q, &k, key)) {
	case APIKEY_CREATED:
		made = accounts_apikeys_json(&k);
		cJSON_AddStringToObject(made, "key", key);
		sodium_memzero(key, sizeof(key));
		st = list_page(r, 201, "accounts_keys_made", made, CAP_READ);
		cJSON_Delete(made);
		return st;
	case APIKEY_REPLAYED:
		return list_page(r, 200, "accounts_keys_replayed", NULL,
		    CAP_READ);
	case APIKEY_CONFLICT:
		http_field_error(r, "idem", "reload the page");
		return list_page(r, 409, NULL, NULL, q.caps);
	case APIKEY_NO_USER:
		http_field_error(r, "user", http_i18n(r,
		    "accounts_keys_no_user"));
		return list_page(r, 404, NULL, NULL, q.caps);
	case APIKEY_BAD_CAPS:
		accounts_apikeys_caps_text(k.caps, names, sizeof(names));
		snprintf(msg, sizeof(msg), "%s: %s",
		    http_i18n(r, "accounts_keys_caps_unusable"), names);
		http_field_error(r, "caps", msg);
		return list_page(r, 422, NULL, NULL, q.caps);
	default:
		return 500;
	}
}

/* POST /api-keys/{id}/revoke */
int
accounts_apikeys_revoke_page_post(struct req *r)
{
	struct apikey_row	 k;
	struct db		*db;
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_apikeys_revoke(db, &r->who, http_param_id(r, "id"),
	    &k, &r->err)) != 200)
		return http_refused(r, st);
	return http_redirect(r, 303, "/api-keys?revoked=1");
}
