/*
 * accounts_users_http.c: user administration API
 *
 * admin manages every user; a dealer's dealer_admin only its own dealer's
 * users, with dealer roles only.  A user out of reach answers 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "accounts.h"
#include "accounts_users.h"

static int
id_param(struct req *r, int64_t *id)
{
	return (*id = http_param_id(r, "id")) > 0 ? 0 : -1;
}

/* ["dealer_buyer", ...] into a mask; -1 if not such a list. */
int
accounts_users_roles_parse(const cJSON *a, unsigned *mask)
{
	const cJSON	*it;
	unsigned	 bit;

	*mask = 0;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > ROLE__COUNT)
		return -1;
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsString(it) || role_parse(it->valuestring, &bit))
			return -1;
		*mask |= bit;
	}
	return 0;
}

static int
user_answer(struct req *r, int status, struct db *db, int64_t id,
    int64_t limit)
{
	struct user_row	 u;
	int		 rc;

	if ((rc = accounts_users_get(db, id, limit, &u)) == -1)
		return 500;
	if (rc == 1)
		return http_error(r, 404, "not_found", "no such user");
	return http_json(r, status, accounts_users_json(&u));
}

int
accounts_users_get_one(struct req *r)
{
	struct db	*db;
	int64_t		 id, limit;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if (id_param(r, &id) == -1)
		return http_error(r, 404, "not_found", "no such user");
	if ((db = http_db(r)) == NULL)
		return 503;
	return user_answer(r, 200, db, id, limit);
}

/*
 * ?org=&after=&limit= into a page of users as the API shows them (the
 * users page reads the same query): 200 and *out, or a refusal's status.
 */
int
accounts_users_list_read(struct req *r, cJSON **out)
{
	struct user_row		*rows;
	struct http_paging	 pg;
	struct db		*db;
	const char		*q;
	cJSON			*items;
	int64_t			 limit, org = 0;
	int			 n, i, st;

	*out = NULL;
	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if ((q = http_query(r, "org")) != NULL && (org = atoll(q)) <= 0)
		http_field_error(r, "org", "an organisation id");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if ((rows = calloc((size_t)pg.limit + 1, sizeof(*rows))) == NULL)
		return 500;
	if (accounts_users_list(db, limit, org, pg.after, pg.limit + 1, rows,
	    &n) == -1) {
		free(rows);
		return 500;
	}
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	for (i = 0; i < n && i < pg.limit; i++)
		cJSON_AddItemToArray(items, accounts_users_json(&rows[i]));
	pg.more = n > pg.limit;
	pg.last = i > 0 ? rows[i - 1].id : 0;
	http_paging_cursor(*out, &pg);
	free(rows);
	return 200;
}

/* GET /api/v1/users?org=&after=&limit= */
int
accounts_users_list_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = accounts_users_list_read(r, &j)) != 200)
		return st;
	return http_json(r, 200, j);
}

/*
 * A string member of the body for an operation to check (any length); a
 * member of another type is a JSON matter, refused here.
 */
const char *
accounts_json_text(struct req *r, const char *key)
{
	const char	*s;

	if (json_get_string(r->json, key, SIZE_MAX, &s) == -1)
		http_field_error(r, key, "a string");
	return s;
}

/* POST /api/v1/users {login, display_name, password, roles[], org} */
int
accounts_users_create_post(struct req *r)
{
	struct accounts_user_new	 n;
	struct db			*db;
	unsigned			 roles;
	int64_t				 limit, id;
	int				 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	n.login = accounts_json_text(r, "login");
	n.name = accounts_json_text(r, "display_name");
	n.password = accounts_json_text(r, "password");
	n.roles = accounts_users_roles_parse(cJSON_GetObjectItemCaseSensitive(
	    r->json, "roles"), &roles) == 0 ? (int64_t)roles : -1;
	switch (json_get_int(r->json, "org", 1, INT64_C(1) << 52, &n.org)) {
	case 1:
		n.org = 0;	/* by its code, or the dealer admin's own */
		break;
	case -1:
		n.org = -1;
		break;
	}
	if (json_get_string(r->json, "org_code", 16, &n.org_code) != 0)
		n.org_code = NULL;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_users_create(db, &r->who, &n, &id, &r->err)) != 201)
		return http_refused(r, st);
	accounts_users_org_limit(&r->who, &limit);
	return user_answer(r, 201, db, id, limit);
}

/* PATCH /api/v1/users/{id} {display_name, roles, disabled, version} */
int
accounts_users_patch(struct req *r)
{
	struct user_change	 c = { NULL, -1, -1, -1 };
	const cJSON		*v;
	struct db		*db;
	unsigned		 roles;
	int64_t			 id = http_param_id(r, "id"), limit;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	c.name = accounts_json_text(r, "display_name");
	if ((v = cJSON_GetObjectItemCaseSensitive(r->json, "roles")) != NULL)
		c.roles = accounts_users_roles_parse(v, &roles) == 0 ?
		    (int64_t)roles : -2;
	if ((v = cJSON_GetObjectItemCaseSensitive(r->json, "disabled")) != NULL) {
		if (!cJSON_IsBool(v))
			http_field_error(r, "disabled", "true or false");
		c.disabled = cJSON_IsTrue(v);
	}
	if (json_get_int(r->json, "version", 1, INT32_MAX, &c.version) == -1)
		c.version = 0;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_users_change(db, &r->who, id, &c, &r->err)) != 200)
		return http_refused(r, st);
	accounts_users_org_limit(&r->who, &limit);
	return user_answer(r, 200, db, id, limit);
}

/* POST /api/v1/users/{id}/password {new_password}: ends its sessions. */
int
accounts_users_password_post(struct req *r)
{
	const char	*pw = NULL;
	struct db	*db;

	if (cJSON_IsObject(r->json) && json_get_string(r->json,
	    "new_password", SIZE_MAX, &pw) != 0)
		pw = NULL;
	if ((db = http_db(r)) == NULL)
		return 503;
	return http_refused(r, accounts_users_reset_password(db, &r->who,
	    http_param_id(r, "id"), pw, &r->err));
}
