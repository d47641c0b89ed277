/*
 * accounts_users_pages.c: user administration pages
 *
 * The forms call the operations the JSON API calls (accounts_users_db.c):
 * one place validates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_users.h"

/* Role checkboxes: name "roles", one value per ticked role; -1 if one is
 * not a role. */
static int64_t
form_roles(struct req *r)
{
	unsigned	 mask = 0, bit;
	size_t		 i;

	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].name, "roles") == 0) {
			if (role_parse(r->form.v[i].value, &bit) == -1)
				return -1;
			mask |= bit;
		}
	return mask;
}

/* A form's field; an empty one is left out, as if not sent. */
static const char *
given(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* The roles a form may offer, ticked where the user holds them. */
static cJSON *
role_choices(struct req *r, unsigned held)
{
	cJSON		*a = cJSON_CreateArray(), *o;
	unsigned	 offer = (r->who.roles & ROLE_ADMIN) ? ROLE__ALL :
	    r->who.kind == ORG_CHAIN ? ROLES_DEALER | ROLES_CHAIN :
	    ROLES_DEALER;
	char		 key[48];
	int		 i;

	for (i = 0; i < ROLE__COUNT; i++) {
		if (!(offer & (1u << i)))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "role", role_name(1u << i));
		snprintf(key, sizeof(key), "role_%s", role_name(1u << i));
		cJSON_AddStringToObject(o, "label", http_i18n(r, key));
		cJSON_AddBoolToObject(o, "checked", (held & (1u << i)) != 0);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* Each user's roles in the reader's words, for the list. */
static void
add_role_labels(struct req *r, cJSON *users)
{
	cJSON		*u, *labels;
	const cJSON	*it;
	char		 key[48];

	cJSON_ArrayForEach(u, users) {
		labels = cJSON_AddArrayToObject(u, "role_labels");
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(u,
		    "roles")) {
			snprintf(key, sizeof(key), "role_%s", it->valuestring);
			cJSON_AddItemToArray(labels,
			    cJSON_CreateString(http_i18n(r, key)));
		}
	}
}

static int
list_page(struct req *r, int status, const char *notice)
{
	cJSON	*ctx = cJSON_CreateObject(), *j;
	int	 st;

	http_errors_to(r, ctx);
	if ((st = accounts_users_list_read(r, &j)) != 200) {
		cJSON_Delete(ctx);
		return st;
	}
	cJSON_AddItemToObject(ctx, "users", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_Delete(j);
	add_role_labels(r, cJSON_GetObjectItemCaseSensitive(ctx, "users"));
	cJSON_AddItemToObject(ctx, "role_choices", role_choices(r,
	    ROLE_DEALER_BUYER));
	cJSON_AddBoolToObject(ctx, "is_admin", (r->who.roles & ROLE_ADMIN) != 0);
	/* the admin, and a chain's admin (its chain or a branch), name the
	 * organisation; a dealer's admin adds to its own */
	cJSON_AddBoolToObject(ctx, "choose_org", (r->who.roles & ROLE_ADMIN) ||
	    r->who.kind == ORG_CHAIN);
	if (notice != NULL)
		cJSON_AddStringToObject(ctx, "notice", http_i18n(r, notice));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "accounts_users_title"));
	return http_page(r, status, "users", ctx);
}

int
accounts_users_page_get(struct req *r)
{
	const char	*saved = http_query(r, "saved");

	return list_page(r, 200, saved != NULL ? "accounts_users_saved" : NULL);
}

int
accounts_users_page_post(struct req *r)
{
	struct accounts_user_new	 n;
	struct db			*db;
	int64_t				 id;
	int				 st;

	n.login = given(r, "login");
	n.name = given(r, "display_name");
	n.password = given(r, "password");
	n.org = 0;
	n.org_code = given(r, "org_code");
	if (n.org_code != NULL && strlen(n.org_code) > 16)
		n.org_code = NULL;
	n.roles = form_roles(r);
	if ((db = http_db(r)) == NULL)
		return 503;
	st = accounts_users_create(db, &r->who, &n, &id, &r->err);
	if (st == 201)
		return http_redirect(r, 303, "/users?saved=1");
	if (st == 422 || st == 409 || st == 404) {
		if (r->err.fields == NULL)
			http_field_error(r, "org_code", r->err.msg);
		return list_page(r, st, NULL);
	}
	return st;
}

/* The user the page is about, within the caller's reach: 0, or a status. */
static int
page_user(struct req *r, struct user_row *u)
{
	struct db	*db;
	int64_t		 limit, id = http_param_id(r, "id");
	int		 rc;

	if (accounts_users_org_limit(&r->who, &limit) == -1)
		return http_error(r, 403, "forbidden", "not allowed");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = id > 0 ? accounts_users_get(db, id, limit, u) : 1) == -1)
		return 500;
	return rc == 1 ? http_error(r, 404, "not_found", "no such user") : 0;
}

static int
edit_page(struct req *r, int status, const char *notice)
{
	struct user_row	 u;
	cJSON		*ctx = cJSON_CreateObject();
	int		 st;

	http_errors_to(r, ctx);
	if ((st = page_user(r, &u)) != 0) {
		cJSON_Delete(ctx);
		return st;
	}
	cJSON_AddItemToObject(ctx, "role_choices", role_choices(r, u.roles));
	cJSON_AddItemToObject(ctx, "user", accounts_users_json(&u));
	audit_page_flags(ctx, &r->who);
	if (notice != NULL)
		cJSON_AddStringToObject(ctx, "notice", http_i18n(r, notice));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "accounts_users_edit_title"));
	return http_page(r, status, "user_edit", ctx);
}

int
accounts_users_edit_page_get(struct req *r)
{
	return edit_page(r, 200, http_query(r, "saved") ? "accounts_users_saved"
	    :
	    NULL);
}

/* action=update (name, roles, disabled) or action=password. */
int
accounts_users_edit_page_post(struct req *r)
{
	const char		*action = http_formval(r, "action");
	const char		*ver = http_formval(r, "version");
	struct user_change	 c = { NULL, -1, -1, -1 };
	int64_t			 id = http_param_id(r, "id");
	struct db		*db;
	char			 loc[64];
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (action != NULL && strcmp(action, "password") == 0)
		st = accounts_users_reset_password(db, &r->who, id,
		    given(r, "new_password"), &r->err);
	else {
		c.name = given(r, "display_name");
		c.roles = form_roles(r);
		if (c.roles < 0)
			c.roles = -2;
		c.disabled = http_formval(r, "disabled") != NULL;
		if (ver != NULL && util_parse_int(ver, 1, INT32_MAX,
		    &c.version) == -1)
			c.version = 0;
		st = accounts_users_change(db, &r->who, id, &c, &r->err);
	}
	if (st == 200 || st == 204) {
		snprintf(loc, sizeof(loc), "/users/%s?saved=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409) {
		if (r->err.fields == NULL)
			http_field_error(r, "version", r->err.msg);
		return edit_page(r, st, NULL);
	}
	return st;
}
