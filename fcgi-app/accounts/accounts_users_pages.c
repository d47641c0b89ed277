/*
 * accounts_users_pages.c: user administration pages
 *
 * The forms post to these handlers, which turn the fields into the JSON
 * the API takes and call the API's handler: one place validates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "accounts_users.h"

/* Role checkboxes: name "roles", one value per ticked role. */
static cJSON *
form_roles(struct req *r)
{
	cJSON	*a = cJSON_CreateArray();
	size_t	 i;

	for (i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].name, "roles") == 0)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(r->form.v[i].value));
	return a;
}

/* The roles a form may offer, ticked where the user holds them. */
static cJSON *
role_choices(struct req *r, unsigned held)
{
	cJSON		*a = cJSON_CreateArray(), *o;
	unsigned	 offer = (r->who.roles & ROLE_ADMIN) ? ROLE__ALL :
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
	cJSON	*ctx = cJSON_CreateObject(), *j = NULL;
	int	 st;

	http_errors_to(r, ctx);
	st = accounts_users_list_get(r);		/* the JSON answer, as
	    the API gives */
	if (st == 200)
		j = cJSON_Parse(buf_cstr(&r->out));
	buf_reset(&r->out);
	if (j == NULL) {
		cJSON_Delete(ctx);
		return st == 200 ? 500 : st;
	}
	cJSON_AddItemToObject(ctx, "users", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_Delete(j);
	add_role_labels(r, cJSON_GetObjectItemCaseSensitive(ctx, "users"));
	cJSON_AddItemToObject(ctx, "role_choices", role_choices(r,
	    ROLE_DEALER_BUYER));
	cJSON_AddBoolToObject(ctx, "is_admin", (r->who.roles & ROLE_ADMIN) != 0);
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
	cJSON	*j = cJSON_CreateObject();
	int	 st;

	http_form_field(r, j, "login");
	http_form_field(r, j, "display_name");
	http_form_field(r, j, "password");
	http_form_field(r, j, "org_code");
	cJSON_AddItemToObject(j, "roles", form_roles(r));
	cJSON_Delete(r->json);
	r->json = j;
	st = accounts_users_create_post(r);
	if (st == 201)
		return http_redirect(r, 303, "/users?saved=1");
	if (st == 422 || st == 409 || st == 404) {
		if (r->err.fields == NULL)
			http_field_error(r, "org_code", r->err.msg);
		return list_page(r, st, NULL);
	}
	return st;
}

static int
edit_page(struct req *r, int status, const char *notice)
{
	cJSON		*ctx = cJSON_CreateObject(), *u;
	const cJSON	*it;
	unsigned	 held = 0, bit;
	int		 st;

	http_errors_to(r, ctx);
	if ((st = accounts_users_get_one(r)) != 200) {
		cJSON_Delete(ctx);
		return st;
	}
	u = cJSON_Parse(buf_cstr(&r->out));
	buf_reset(&r->out);
	if (u == NULL) {
		cJSON_Delete(ctx);
		return 500;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(u, "roles"))
		if (role_parse(it->valuestring, &bit) == 0)
			held |= bit;
	cJSON_AddItemToObject(ctx, "role_choices", role_choices(r, held));
	cJSON_AddItemToObject(ctx, "user", u);
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
	const char	*action = http_formval(r, "action");
	const char	*ver = http_formval(r, "version");
	char		 loc[64];
	cJSON		*j = cJSON_CreateObject();
	int		 st, password;

	password = action != NULL && strcmp(action, "password") == 0;
	if (password)
		http_form_field(r, j, "new_password");
	else {
		http_form_field(r, j, "display_name");
		cJSON_AddItemToObject(j, "roles", form_roles(r));
		cJSON_AddBoolToObject(j, "disabled",
		    http_formval(r, "disabled") != NULL);
		if (ver != NULL)
			cJSON_AddNumberToObject(j, "version", atof(ver));
	}
	cJSON_Delete(r->json);
	r->json = j;
	st = password ? accounts_users_password_post(r) :
	    accounts_users_patch(r);
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
