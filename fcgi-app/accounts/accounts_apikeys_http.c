/*
 * accounts_apikeys_http.c: the API keys API
 *
 *   POST   /api/v1/api-keys {user, name, capabilities[]}  Idempotency-Key
 *   GET    /api/v1/api-keys[?after=&limit=]
 *   GET    /api/v1/api-keys/{id}
 *   DELETE /api/v1/api-keys/{id}                          revoke
 *
 * HQ's admin manages every key, a dealer's admin its own dealer's (as
 * with users); anything else reads as missing.  The key itself is in the
 * answer to its creation only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../db/db.h"
#include "../http/http.h"
#include "accounts_apikeys.h"
#include "accounts_users.h"

/* ["read", "feed:read", ...] into a mask; -1 if not such a list. */
int
accounts_apikeys_caps_parse(const cJSON *a, unsigned *mask)
{
	const cJSON	*it;
	unsigned	 bit;

	*mask = 0;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > CAP__COUNT * 2)
		return -1;
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsString(it) ||
		    apikey_cap_parse(it->valuestring, &bit) == -1)
			return -1;
		*mask |= bit;
	}
	return *mask != 0 ? 0 : -1;
}

/* POST /api/v1/api-keys */
int
accounts_apikeys_create_post(struct req *r)
{
	struct apikey_req	 q;
	struct apikey_row	 k;
	struct db		*db;
	char			 key[APIKEY_LEN + 1], names[128], msg[192];
	int64_t			 limit;
	cJSON			*j;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	memset(&q, 0, sizeof(q));
	q.idem = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	http_idem_check(r, q.idem);
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "user", 64, &q.login) != 0 ||
	    *q.login == '\0')
		http_field_error(r, "user", "the login of the user the key "
		    "acts as");
	if (json_get_string(r->json, "name", APIKEYS_NAME_MAX, &q.name) != 0 ||
	    *q.name == '\0')
		http_field_error(r, "name", "1 to 100 characters");
	if (accounts_apikeys_caps_parse(cJSON_GetObjectItemCaseSensitive(r->json,
	    "capabilities"), &q.caps) == -1)
		http_field_error(r, "capabilities", "one or more of read, "
		    "feed:read, orders:track, ledger:post, stock:write, "
		    "sellthrough:write");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	switch (accounts_apikeys_create(db, &r->who, limit, &q, &k, key)) {
	case APIKEY_CREATED:
		j = accounts_apikeys_json(&k);
		cJSON_AddStringToObject(j, "key", key);
		sodium_memzero(key, sizeof(key));
		return http_json(r, 201, j);
	case APIKEY_REPLAYED:
		/* only the hash is kept: the key was shown the first time */
		j = accounts_apikeys_json(&k);
		cJSON_AddNullToObject(j, "key");
		return http_json(r, 200, j);
	case APIKEY_CONFLICT:
		return http_error(r, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used with another key");
	case APIKEY_NO_USER:
		return http_error(r, 404, "not_found", "no such user");
	case APIKEY_BAD_CAPS:
		accounts_apikeys_caps_text(k.caps, names, sizeof(names));
		snprintf(msg, sizeof(msg), "the user's roles cannot use %s",
		    names);
		http_field_error(r, "capabilities", msg);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	default:
		return 500;
	}
}

/* GET /api/v1/api-keys?after=&limit= */
int
accounts_apikeys_list_get(struct req *r)
{
	struct apikey_row	*rows;
	struct http_paging	 pg;
	struct db		*db;
	cJSON			*j, *items;
	int64_t			 limit;
	int			 n, i, st;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if ((rows = calloc((size_t)pg.limit + 1, sizeof(*rows))) == NULL)
		return 500;
	if (accounts_apikeys_list(db, limit, pg.after, pg.limit + 1, rows, &n)
	    == -1) {
		free(rows);
		return 500;
	}
	j = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < n && i < pg.limit; i++)
		cJSON_AddItemToArray(items, accounts_apikeys_json(&rows[i]));
	pg.more = n > pg.limit;
	pg.last = i > 0 ? rows[i - 1].id : 0;
	http_paging_cursor(j, &pg);
	free(rows);
	return http_json(r, 200, j);
}

/* GET /api/v1/api-keys/{id} */
int
accounts_apikeys_get_one(struct req *r)
{
	struct apikey_row	 k;
	struct db		*db;
	int64_t			 limit, id = http_param_id(r, "id");
	int			 rc;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if (id <= 0)
		return http_error(r, 404, "not_found", "no such key");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = accounts_apikeys_get(db, id, limit, &k)) == -1)
		return 500;
	if (rc == 1)
		return http_error(r, 404, "not_found", "no such key");
	return http_json(r, 200, accounts_apikeys_json(&k));
}

/* DELETE /api/v1/api-keys/{id}: revoke; again answers the same */
int
accounts_apikeys_revoke_delete(struct req *r)
{
	struct apikey_row	 k;
	struct db		*db;
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_apikeys_revoke(db, &r->who, http_param_id(r, "id"),
	    &k, &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, accounts_apikeys_json(&k));
}
