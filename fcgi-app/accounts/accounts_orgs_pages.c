/*
 * accounts_orgs_pages.c: the admin's organisation pages
 *
 * As for users, the forms become the API's JSON and go through the API's
 * handlers, so validation lives in one place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../http/http.h"
#include "accounts_users.h"

/* The API's answer (a JSON body) as a tree for a template. */
static cJSON *
answer_tree(struct req *r)
{
	cJSON	*j = cJSON_Parse(buf_cstr(&r->out));

	buf_reset(&r->out);
	return j;
}

static int
list_page(struct req *r, int status)
{
	cJSON	*ctx = cJSON_CreateObject(), *j;
	int	 st;

	http_errors_to(r, ctx);
	if ((st = accounts_orgs_list_get(r)) != 200 || (j = answer_tree(r)) ==
	    NULL) {
		cJSON_Delete(ctx);
		return st == 200 ? 500 : st;
	}
	cJSON_AddItemToObject(ctx, "orgs", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	if (http_query(r, "saved") != NULL)
		cJSON_AddStringToObject(ctx, "notice", http_i18n(r,
		    "accounts_users_saved"));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "accounts_orgs_title"));
	return http_page(r, status, "orgs", ctx);
}

int
accounts_orgs_page_get(struct req *r)
{
	return list_page(r, 200);
}

int
accounts_orgs_page_post(struct req *r)
{
	cJSON		*j = cJSON_CreateObject();
	const char	*region = http_formval(r, "region");
	int		 st;

	http_form_field(r, j, "kind");
	http_form_field(r, j, "code");
	http_form_field(r, j, "name_zh");
	http_form_field(r, j, "name_en");
	http_form_field(r, j, "city");
	http_form_field(r, j, "dealer_kind");
	http_form_field(r, j, "tier");
	if (region != NULL && *region != '\0')
		cJSON_AddNumberToObject(j, "region", atof(region));
	cJSON_Delete(r->json);
	r->json = j;
	if ((st = accounts_orgs_create_post(r)) == 201)
		return http_redirect(r, 303, "/orgs?saved=1");
	if (st == 422 || st == 409)
		return list_page(r, st);
	return st;
}

/* The organisation's page (its form and, for a region, its limit). */
int
accounts_orgs_edit_page(struct req *r, int status)
{
	cJSON		*ctx = cJSON_CreateObject(), *o;
	const cJSON	*tier;
	const char	*kind;
	char		 key[16], limit[32];
	int		 st;

	http_errors_to(r, ctx);
	if ((st = accounts_orgs_get_one(r)) != 200 || (o = answer_tree(r)) ==
	    NULL) {
		cJSON_Delete(ctx);
		return st == 200 ? 500 : st;
	}
	tier = cJSON_GetObjectItemCaseSensitive(o, "tier");
	if (cJSON_IsString(tier)) {
		snprintf(key, sizeof(key), "tier_%s", tier->valuestring);
		cJSON_AddBoolToObject(ctx, key, 1);
	}
	kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
	    "kind"));
	if (kind != NULL && strcmp(kind, "dealer") == 0)
		cJSON_AddBoolToObject(ctx, "is_dealer", 1);
	if (kind != NULL && strcmp(kind, "region") == 0) {
		money_format((int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(o, "approval_limit")), limit,
		    sizeof(limit));
		cJSON_AddStringToObject(ctx, "approval_limit_text",
		    http_formval(r, "approval_limit") != NULL ?
		    http_formval(r, "approval_limit") : limit);
		snprintf(limit, sizeof(limit), "%.0f", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(o,
		    "approval_window_hours")));
		cJSON_AddStringToObject(ctx, "window_hours",
		    http_formval(r, "window_hours") != NULL ?
		    http_formval(r, "window_hours") : limit);
	}
	cJSON_AddItemToObject(ctx, "org", o);
	if (http_query(r, "saved") != NULL)
		cJSON_AddStringToObject(ctx, "notice", http_i18n(r,
		    "accounts_users_saved"));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "accounts_orgs_edit_title"));
	return http_page(r, status, "org_edit", ctx);
}

int
accounts_orgs_edit_page_get(struct req *r)
{
	return accounts_orgs_edit_page(r, 200);
}

int
accounts_orgs_edit_page_post(struct req *r)
{
	cJSON		*j = cJSON_CreateObject();
	const char	*ver = http_formval(r, "version");
	char		 loc[64];
	int		 st;

	http_form_field(r, j, "name_zh");
	http_form_field(r, j, "name_en");
	http_form_field(r, j, "city");
	http_form_field(r, j, "tier");
	cJSON_AddBoolToObject(j, "active", http_formval(r, "active") != NULL);
	if (ver != NULL)
		cJSON_AddNumberToObject(j, "version", atof(ver));
	cJSON_Delete(r->json);
	r->json = j;
	if ((st = accounts_orgs_patch(r)) == 200) {
		snprintf(loc, sizeof(loc), "/orgs/%s?saved=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409)
		return accounts_orgs_edit_page(r, st);
	return st;
}
