/*
 * orders_templates_http.c: order templates' API and page
 * (orders_templates_db.c)
 *
 *   GET    /api/v1/templates		the organisation's, by name
 *   POST   /api/v1/templates		{name}: the caller's draft kept
 *					(Idempotency-Key required)
 *   GET    /api/v1/templates/{id}
 *   POST   /api/v1/templates/{id}/draft	its lines into the draft
 *   DELETE /api/v1/templates/{id}[?version=]
 *   GET/POST /templates		the page: keep, start from, delete
 */
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "orders.h"

static int
template_answer(struct req *r, int status, int64_t id)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_template_read(http_db(r), &r->who, id, &r->err,
	    &j)) != 200)
		return http_refused(r, st);
	return http_json(r, status, j);
}

int
orders_templates_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_templates_list(http_db(r), &r->who, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

int
orders_template_get(struct req *r)
{
	return template_answer(r, 200, http_param_id(r, "id"));
}

int
orders_templates_post(struct req *r)
{
	struct orders_idem	 idem;
	int64_t			 id = 0;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	orders_idem_of(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"), &idem);
	st = orders_template_save(http_db(r), &r->who, orders_json_text(r,
	    r->json, "name", "1 to 100 characters"), &idem, &id, &r->err);
	if (st != 200 && st != 201)
		return http_refused(r, st);
	return template_answer(r, st, id);
}

int
orders_template_draft_post(struct req *r)
{
	struct orders_idem	 idem;
	const char		*key;

	if (orders_draft_add_key(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"),
	    &key) == -1)
		return http_error(r, 422, "validation_failed", "check the key");
	orders_idem_of(r, key, &idem);
	return orders_draft_answer(r, orders_template_use(http_db(r), &r->who,
	    http_param_id(r, "id"), &idem, &r->err), 201);
}

int
orders_template_delete_req(struct req *r)
{
	const char	*v = http_query(r, "version");
	int64_t		 version = -1;
	int		 st;

	if (v != NULL && util_parse_int(v, 1, INT32_MAX, &version) == -1) {
		http_field_error(r, "version", "the version you read");
		return http_error(r, 422, "validation_failed",
		    "check the query");
	}
	if ((st = orders_template_delete(http_db(r), &r->who,
	    http_param_id(r, "id"), version, &r->err)) != 200)
		return http_refused(r, st);
	return orders_templates_get(r);
}

static int
templates_page(struct req *r, int status, const char *notice)
{
	cJSON	*ctx, *j;
	int	 st;

	if ((st = orders_templates_list(http_db(r), &r->who, &j)) != 200)
		return st;
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "templates",
	    cJSON_DetachItemFromObject(j, "items"));
	cJSON_Delete(j);
	if (http_formval(r, "name") != NULL)
		cJSON_AddStringToObject(ctx, "name", http_formval(r, "name"));
	return http_form_page(r, status, "templates", ctx, notice,
	    http_i18n(r, "orders_templates_title"));
}

int
orders_templates_page_get(struct req *r)
{
	return templates_page(r, 200, http_query(r, "saved") != NULL ?
	    "orders_templates_saved" : http_query(r, "deleted") != NULL ?
	    "orders_templates_deleted" : NULL);
}

/* POST /templates: action save {name}, use {id}, delete {id, version} */
int
orders_templates_page_post(struct req *r)
{
	const char		*a = http_formval(r, "action");
	struct orders_idem	 idem;
	int64_t			 id = 0, version = -1;
	int			 st;

	if (a == NULL)
		a = "";
	if (strcmp(a, "save") != 0 && util_parse_int(http_formval(r, "id"), 1,
	    INT64_C(1) << 52, &id) == -1)
		return http_error(r, 404, "not_found", "no such template");
	orders_idem_of(r, orders_form_key(r), &idem);
	if (strcmp(a, "save") == 0) {
		if ((st = orders_template_save(http_db(r), &r->who,
		    http_formval(r, "name"), &idem, &id, &r->err)) == 200 ||
		    st == 201)
			return http_redirect(r, 303, "/templates?saved=1");
	} else if (strcmp(a, "use") == 0) {
		if ((st = orders_template_use(http_db(r), &r->who, id, &idem,
		    &r->err)) == 200 || st == 201)
			return http_redirect(r, 303, "/draft?done=added");
	} else {
		if (util_parse_int(http_formval(r, "version"), 1, INT32_MAX,
		    &version) == -1)
			version = 0;
		if ((st = orders_template_delete(http_db(r), &r->who, id,
		    version, &r->err)) == 200)
			return http_redirect(r, 303, "/templates?deleted=1");
	}
	if (st == 409 || st == 422)
		return templates_page(r, st, NULL);
	return st;
}
