/*
 * providers_pages.c: the providers' pages for HQ and the regions' service
 * agents: the list with its filters, a new provider, a provider's
 * profile with its agents
 *
 * The forms call the operations the JSON API calls (providers_ops.c), so
 * who reaches what and every check live in one place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "providers.h"

#define AREAS_TEXT	(PROVIDERS_AREAS_MAX * 140)

/* The filters as the list read them, for the form to show again. */
static void
filters_ctx(struct req *r, cJSON *ctx)
{
	static const char *const keys[] = { "city", "category", "active",
		"region", NULL };
	cJSON		*f = cJSON_AddObjectToObject(ctx, "filter"), *it;
	const char	*v;
	char		 key[40];
	int		 i;

	for (i = 0; keys[i] != NULL; i++) {
		v = http_query(r, keys[i]);
		cJSON_AddStringToObject(f, keys[i], v != NULL ? v : "");
	}
	v = http_query(r, "active");
	if (v != NULL && *v != '\0') {
		snprintf(key, sizeof(key), "active_%s", v);
		cJSON_AddBoolToObject(f, key, 1);
	}
	v = http_query(r, "category");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx,
	    "categories"))
		cJSON_AddBoolToObject(it, "selected", v != NULL && strcmp(v,
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "code"))) == 0);
}

/* GET /providers?region=&city=&category=&active= */
int
providers_page_get(struct req *r)
{
	cJSON		*ctx, *j, *it;
	struct db	*db;
	int		 st;

	if ((st = providers_list_read(r, &j)) != 200) {
		if (st == 422) {	/* a bad filter: the list unfiltered */
			fault_clear(&r->err);
			return http_redirect(r, 303, "/providers");
		}
		return st;
	}
	ctx = cJSON_CreateObject();
	if ((db = http_db(r)) == NULL || providers_form_choices(r, db, ctx,
	    http_query(r, "region")) == -1) {
		cJSON_Delete(ctx);
		cJSON_Delete(j);
		return db == NULL ? 503 : 500;
	}
	filters_ctx(r, ctx);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
		cJSON_AddStringToObject(it, "name", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, strcmp(r->lang, "en")
		    == 0 ? "name_en" : "name_zh")));
	cJSON_AddItemToObject(ctx, "providers", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "providers_title"));
	return http_page(r, 200, "providers", ctx);
}

/* The new provider's form, empty or as posted with its refusal. */
static int
new_page(struct req *r, int status, int posted)
{
	cJSON		*ctx = cJSON_CreateObject();
	struct db	*db;
	int64_t		 reach;

	if (providers_reach(&r->who, &reach) == -1) {
		cJSON_Delete(ctx);
		return http_error(r, 404, "not_found", "no such page");
	}
	http_errors_to(r, ctx);
	if ((db = http_db(r)) == NULL || providers_form_choices(r, db, ctx,
	    posted ? http_formval(r, "region") : NULL) == -1) {
		cJSON_Delete(ctx);
		return db == NULL ? 503 : 500;
	}
	cJSON_AddItemToObject(ctx, "form", posted ? providers_form_posted(r) :
	    providers_form_new(r));
	/* the same key again, so that a second try is the same request */
	if (posted && http_formval(r, "idem") != NULL)
		cJSON_AddStringToObject(ctx, "idem", http_formval(r, "idem"));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "providers_new_title"));
	return http_page(r, status, "provider_new", ctx);
}

int
providers_new_page_get(struct req *r)
{
	return new_page(r, 200, 0);
}

/* POST /providers/new */
int
providers_new_page_post(struct req *r)
{
	struct providers_input	 p;
	const char		*key = http_formval(r, "idem");
	struct db		*db;
	char			 loc[64], *buf;
	int64_t			 id;
	int			 st;

	if ((buf = malloc(AREAS_TEXT)) == NULL)
		return 500;
	providers_form_input(r, &p, buf, AREAS_TEXT, 1);
	http_idem_check(r, key);
	if ((db = http_db(r)) == NULL) {
		free(buf);
		return 503;
	}
	st = providers_create(db, &r->who, &p, key, &id, &r->err);
	free(buf);
	if (st == 201 || st == 200) {
		snprintf(loc, sizeof(loc), "/providers/%lld?saved=1",
		    (long long)id);
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409)
		return new_page(r, st, 1);
	return st;
}

/*
 * A provider's page: its profile's form (from the database, or as
 * posted after a refusal of the profile), its agents and the form to add
 * one (as posted after a refusal of that).
 */
static int
edit_page(struct req *r, int status, int posted, int agent_posted)
{
	cJSON		*ctx = cJSON_CreateObject(), *p, *agents, *a;
	struct db	*db;
	int64_t		 id = http_param_id(r, "id");
	const char	*v;
	int		 st;

	http_errors_to(r, ctx);
	if ((db = http_db(r)) == NULL) {
		cJSON_Delete(ctx);
		return 503;
	}
	if ((st = providers_get(db, &r->who, id, &p, &r->err)) != 200 ||
	    providers_form_choices(r, db, ctx, NULL) == -1 ||
	    providers_agents_list(db, id, 0, 100, &agents) == -1) {
		cJSON_Delete(p);
		cJSON_Delete(ctx);
		return st != 200 ? st : 500;
	}
	cJSON_AddItemToObject(ctx, "form", posted ? providers_form_posted(r) :
	    providers_form_of(r, p));
	cJSON_AddItemToObject(ctx, "provider", p);
	cJSON_AddItemToObject(ctx, "agents", cJSON_DetachItemFromObject(agents,
	    "items"));
	cJSON_Delete(agents);
	a = cJSON_AddObjectToObject(ctx, "agent");
	if (agent_posted) {
		cJSON_AddStringToObject(a, "login", (v = http_formval(r,
		    "login")) != NULL ? v : "");
		cJSON_AddStringToObject(a, "display_name", (v = http_formval(r,
		    "display_name")) != NULL ? v : "");
		cJSON_AddStringToObject(a, "email", (v = http_formval(r,
		    "email")) != NULL ? v : "");
		cJSON_AddStringToObject(a, "mobile", (v = http_formval(r,
		    "mobile")) != NULL ? v : "");
		if ((v = http_formval(r, "idem")) != NULL)
			cJSON_AddStringToObject(ctx, "idem", v);
	}
	if ((v = http_query(r, "saved")) != NULL)
		cJSON_AddStringToObject(ctx, "notice", strcmp(v, "agent") ==
		    0 ? http_i18n(r, "providers_agent_added") : http_i18n(r,
		    "providers_saved"));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "providers_edit_title"));
	audit_page_flags(ctx, &r->who);
	return http_page(r, status, "provider_edit", ctx);
}

int
providers_edit_page_get(struct req *r)
{
	return edit_page(r, 200, 0, 0);
}

/* POST /providers/{id}: the profile */
int
providers_edit_page_post(struct req *r)
{
	struct providers_input	 p;
	struct db		*db;
	char			 loc[64], *buf;
	int			 st;

	if ((buf = malloc(AREAS_TEXT)) == NULL)
		return 500;
	providers_form_input(r, &p, buf, AREAS_TEXT, 0);
	if ((db = http_db(r)) == NULL) {
		free(buf);
		return 503;
	}
	st = providers_update(db, &r->who, http_param_id(r, "id"), &p,
	    &r->err);
	free(buf);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/providers/%lld?saved=1",
		    (long long)http_param_id(r, "id"));
		return http_redirect(r, 303, loc);
	}
	/* a stale form shows what is there now; a bad one what was sent */
	if (st == 422 || st == 409)
		return edit_page(r, st, st == 422, 0);
	return st;
}

/* POST /providers/{id}/agents: a new agent */
int
providers_agents_page_post(struct req *r)
{
	struct providers_agent_new	 a;
	const char			*key = http_formval(r, "idem");
	struct db			*db;
	int64_t				 id;
	char				 loc[64];
	int				 st;

	a.login = http_formval(r, "login");
	a.name = http_formval(r, "display_name");
	a.password = http_formval(r, "password");
	a.email = http_formval(r, "email");
	a.mobile = http_formval(r, "mobile");
	http_idem_check(r, key);
	if ((db = http_db(r)) == NULL)
		return 503;
	st = providers_agent_create(db, &r->who, http_param_id(r, "id"), &a,
	    key, &id, &r->err);
	if (st == 201 || st == 200) {
		snprintf(loc, sizeof(loc), "/providers/%lld?saved=agent",
		    (long long)http_param_id(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409)
		return edit_page(r, st, 0, 1);
	return st;
}

/* POST /providers/{id}/agents/{user}: disable or enable the agent */
int
providers_agent_page_post(struct req *r)
{
	struct db	*db;
	int64_t		 version;
	char		 loc[64];
	int		 st;

	if (util_parse_int(http_formval(r, "version"), 1, INT32_MAX,
	    &version) == -1)
		version = 0;
	if ((db = http_db(r)) == NULL)
		return 503;
	st = providers_agent_change(db, &r->who, http_param_id(r, "id"),
	    http_param_id(r, "user"), NULL, http_formval(r, "disabled") !=
	    NULL && strcmp(http_formval(r, "disabled"), "1") == 0, version,
	    &r->err);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/providers/%lld?saved=1",
		    (long long)http_param_id(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409)
		return edit_page(r, st, 0, 0);
	return st;
}
