/*
 * accounts_orgs_pages.c: the admin's organisation pages
 *
 * The forms call the operations the JSON API calls (accounts_orgs_db.c),
 * so validation lives in one place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_orgs.h"
#include "accounts_users.h"

/* A form's field; an empty one is left out, as if not sent. */
static const char *
given(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* A form's chain: its id, 0 for none (empty), absent if not sent. */
static int64_t
chain_given(struct req *r, int64_t absent)
{
	const char	*v = http_formval(r, "chain");
	int64_t		 id;

	if (v == NULL)
		return absent;
	if (*v == '\0')
		return 0;
	if (util_parse_int(v, 1, INT64_C(1) << 52, &id) == -1) {
		http_field_error(r, "chain", "a chain id");
		return 0;
	}
	return id;
}

/*
 * The chains for a form's choice, the one of id (if any) selected:
 * {"chains": [{id, code, name_zh, name_en, selected}]} into ctx.
 */
static void
add_chains(struct db *db, cJSON *ctx, int64_t id)
{
	struct accounts_org_filter	 fl = { "chain", 0, 0 };
	cJSON				*j, *it, *items;

	if (accounts_orgs_list(db, &fl, 0, 200, &j) == -1)
		return;
	items = cJSON_DetachItemFromObject(j, "items");
	cJSON_ArrayForEach(it, items)
		if ((int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "id")) == id)
			cJSON_AddBoolToObject(it, "selected", 1);
	cJSON_AddItemToObject(ctx, "chains", items);
	cJSON_Delete(j);
}

static int
list_page(struct req *r, int status)
{
	cJSON	*ctx = cJSON_CreateObject(), *j;
	int	 st;

	http_errors_to(r, ctx);
	if ((st = accounts_orgs_list_read(r, &j)) != 200) {
		cJSON_Delete(ctx);
		return st;
	}
	cJSON_AddItemToObject(ctx, "orgs", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	if (http_db(r) != NULL)
		add_chains(http_db(r), ctx, chain_given(r, 0));
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
	struct accounts_org_new	 o;
	struct db		*db;
	int64_t			 id;
	int			 st;

	o.kind = given(r, "kind");
	o.code = given(r, "code");
	o.name_zh = given(r, "name_zh");
	o.name_en = given(r, "name_en");
	o.city = given(r, "city");
	o.dealer_kind = given(r, "dealer_kind");
	o.tier = given(r, "tier");
	if (util_parse_int(http_formval(r, "region"), 1, INT64_C(1) << 52,
	    &o.region) == -1)
		o.region = 0;
	o.chain = chain_given(r, 0);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_orgs_create(db, &r->who, &o, &id, &r->err)) == 201)
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
	const cJSON	*tier, *chain;
	const char	*kind;
	struct db	*db;
	char		 key[16], limit[32];
	int		 st;

	http_errors_to(r, ctx);
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(ctx);
		return 503;
	}
	if ((st = accounts_orgs_read(db, http_param_id(r, "id"), &o,
	    &r->err)) != 200) {
		cJSON_Delete(ctx);
		return st;
	}
	tier = cJSON_GetObjectItemCaseSensitive(o, "tier");
	if (cJSON_IsString(tier)) {
		snprintf(key, sizeof(key), "tier_%s", tier->valuestring);
		cJSON_AddBoolToObject(ctx, key, 1);
	}
	kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
	    "kind"));
	if (kind != NULL && strcmp(kind, "dealer") == 0) {
		chain = cJSON_GetObjectItemCaseSensitive(o, "chain_id");
		cJSON_AddBoolToObject(ctx, "is_dealer", 1);
		add_chains(db, ctx, http_formval(r, "chain") != NULL ?
		    chain_given(r, 0) : cJSON_IsNumber(chain) ?
		    (int64_t)chain->valuedouble : 0);
	}
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
	audit_page_flags(ctx, &r->who);
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
	struct accounts_org_change	 c;
	const char			*ver = http_formval(r, "version");
	struct db			*db;
	char				 loc[64];
	int				 st;

	c.name_zh = given(r, "name_zh");
	c.name_en = given(r, "name_en");
	c.city = given(r, "city");
	c.tier = given(r, "tier");
	c.active = http_formval(r, "active") != NULL;
	c.chain = chain_given(r, -1);
	c.version = -1;
	if (ver != NULL && util_parse_int(ver, 1, INT32_MAX, &c.version) == -1)
		c.version = 0;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_orgs_update(db, &r->who, http_param_id(r, "id"), &c,
	    &r->err)) == 200) {
		snprintf(loc, sizeof(loc), "/orgs/%s?saved=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409)
		return accounts_orgs_edit_page(r, st);
	return st;
}
