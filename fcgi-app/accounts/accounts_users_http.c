/*
 * accounts_users_http.c: user administration API
 *
 * admin manages every user; a dealer's dealer_admin only its own dealer's
 * users, with dealer roles only.  A user out of reach answers 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../audit/audit.h"
#include "../auth/session.h"
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

/* GET /api/v1/users?org=&after=&limit= */
int
accounts_users_list_get(struct req *r)
{
	struct user_row		*rows;
	struct http_paging	 pg;
	struct db		*db;
	const char		*q;
	cJSON			*j, *items;
	int64_t			 limit, org = 0;
	int			 n, i, st;

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
	j = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < n && i < pg.limit; i++)
		cJSON_AddItemToArray(items, accounts_users_json(&rows[i]));
	pg.more = n > pg.limit;
	pg.last = i > 0 ? rows[i - 1].id : 0;
	http_paging_cursor(j, &pg);
	free(rows);
	return http_json(r, 200, j);
}

/* Roles must suit the organisation; a dealer admin grants dealer roles. */
static int
roles_fit(struct req *r, unsigned roles, enum org_kind kind)
{
	if (roles == 0 || (roles & ~roles_allowed_for(kind)) != 0 ||
	    (!(r->who.roles & ROLE_ADMIN) && (roles & ~ROLES_DEALER) != 0)) {
		http_field_error(r, "roles", "roles this organisation may hold");
		return 0;
	}
	return 1;
}

/* POST /api/v1/users {login, display_name, password, roles[], org} */
int
accounts_users_create_post(struct req *r)
{
	const char	*login, *name, *pw, *code = NULL;
	char		 hash[crypto_pwhash_STRBYTES];
	enum org_kind	 kind = ORG_DEALER;
	struct db	*db;
	unsigned	 roles = 0;
	int64_t		 limit, org = 0, id;
	int		 rc;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "login", 64, &login) != 0 ||
	    strlen(login) < 3 || strspn(login, "abcdefghijklmnopqrstuvwxyz"
	    "0123456789._-") != strlen(login))
		http_field_error(r, "login",
		    "3 to 64 of a-z, 0-9, dot, dash, underscore");
	if (json_get_string(r->json, "display_name", 100, &name) != 0 ||
	    *name == '\0')
		http_field_error(r, "display_name", "1 to 100 characters");
	if (json_get_string(r->json, "password", PASSWORD_MAX, &pw) != 0 ||
	    !password_acceptable(pw))
		http_field_error(r, "password", "10 to 256 characters");
	if (accounts_users_roles_parse(cJSON_GetObjectItemCaseSensitive(r->json,
	    "roles"), &roles) == -1)
		http_field_error(r, "roles", "a list of role names");
	rc = json_get_int(r->json, "org", 1, INT64_C(1) << 52, &org);
	if (rc == 1 && json_get_string(r->json, "org_code", 16, &code) == 0)
		rc = 0;			/* the org by its code instead */
	if (limit != 0 && rc == 1)
		org = limit;		/* a dealer admin adds to its dealer */
	else if (rc != 0)
		http_field_error(r, "org", "an organisation id or org_code");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if (code != NULL && (org = accounts_users_org_by_code(db, code)) <= 0) {
		if (org == -1)
			return 500;
		return http_error(r, 404, "not_found", "no such organisation");
	}
	/* Another dealer's org reads as unknown to a dealer admin. */
	if ((limit != 0 && org != limit) ||
	    (rc = accounts_users_org_kind(db, org, &kind)) == 1)
		return http_error(r, 404, "not_found", "no such organisation");
	if (rc == -1)
		return 500;
	if (!roles_fit(r, roles, kind))
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if (password_hash(pw, hash, sizeof(hash)) == -1)
		return 503;	/* no hashing slot in time: try again */
	if (db_begin(db) == -1)
		return 500;
	if ((rc = accounts_users_insert(db, login, name, org, hash, roles, &id))
	    != 0) {
		db_rollback(db);
		if (rc == -1)
			return 500;
		http_field_error(r, "login", "taken");
		return http_error(r, 409, "conflict", "the login is taken");
	}
	if (audit_write(db, &r->who, "user_create", "user", id, NULL) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return 500;
	}
	return user_answer(r, 201, db, id, limit);
}

/* PATCH /api/v1/users/{id} {display_name, roles, disabled, version} */
int
accounts_users_patch(struct req *r)
{
	struct user_change	 c = { NULL, -1, -1, -1 };
	struct user_row		 u;
	const cJSON		*v;
	struct db		*db;
	unsigned		 roles;
	int64_t			 id, limit;
	int			 rc, ended;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if (id_param(r, &id) == -1)
		return http_error(r, 404, "not_found", "no such user");
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "display_name", 100, &c.name) == -1 ||
	    (c.name != NULL && *c.name == '\0'))
		http_field_error(r, "display_name", "1 to 100 characters");
	if ((v = cJSON_GetObjectItemCaseSensitive(r->json, "roles")) != NULL) {
		if (accounts_users_roles_parse(v, &roles) == -1)
			http_field_error(r, "roles", "a list of role names");
		c.roles = roles;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(r->json, "disabled")) != NULL) {
		if (!cJSON_IsBool(v))
			http_field_error(r, "disabled", "true or false");
		c.disabled = cJSON_IsTrue(v);
	}
	if (json_get_int(r->json, "version", 1, INT32_MAX, &c.version) == -1)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = accounts_users_get(db, id, limit, &u)) != 0)
		return rc == 1 ? http_error(r, 404, "not_found",
		    "no such user") : 500;
	if (c.roles >= 0 && !roles_fit(r, (unsigned)c.roles, u.org_kind))
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 500;
	rc = accounts_users_update(db, id, limit, &c, &ended);
	if (rc == 0 && ended && session_revoke_user(db, id) == -1)
		rc = -1;
	if (rc == 0 && audit_write(db, &r->who, "user_update", "user", id,
	    r->json) == -1)
		rc = -1;
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1)
			return http_error(r, 404, "not_found", "no such user");
		if (rc == 2)
			return http_error(r, 409, "conflict",
			    "the user was changed meanwhile; reload");
		return 500;
	}
	return user_answer(r, 200, db, id, limit);
}

/* POST /api/v1/users/{id}/password {new_password}: ends its sessions. */
int
accounts_users_password_post(struct req *r)
{
	const char	*pw;
	char		 hash[crypto_pwhash_STRBYTES];
	struct db	*db;
	int64_t		 id, limit;
	int		 rc;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if (id_param(r, &id) == -1)
		return http_error(r, 404, "not_found", "no such user");
	if (id == r->who.user_id)	/* one's own needs the current one */
		return http_error(r, 403, "forbidden",
		    "change your own password at /api/v1/me/password");
	if (!cJSON_IsObject(r->json) || json_get_string(r->json,
	    "new_password", PASSWORD_MAX, &pw) != 0 || !password_acceptable(pw)) {
		http_field_error(r, "new_password", "10 to 256 characters");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if (password_hash(pw, hash, sizeof(hash)) == -1)
		return 503;	/* no hashing slot in time: try again */
	if (db_begin(db) == -1)
		return 500;
	rc = accounts_users_set_password(db, id, limit, hash);
	if (rc != 0 || session_revoke_user(db, id) == -1 ||
	    accounts_login_unlock(db, id) == -1 ||
	    audit_write(db, &r->who, "password_reset", "user", id, NULL) ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? http_error(r, 404, "not_found",
		    "no such user") : 500;
	}
	return 204;
}
