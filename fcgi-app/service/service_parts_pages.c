/*
 * service_parts_pages.c: the region's service agents' pages, no
 * JavaScript
 *   /service/parts	the parts not received, the late ones first, each
 *			with its ship or receive button
 *   /service/followups	the call list: the customer to call, the provider,
 *			the work done, and the form to log the call
 * The forms post back to the page and run the API's operations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "service_work.h"

/* A form's whole number in [1, max]: none (absent), 0 (not one). */
static int64_t
form_int(const struct req *r, const char *name, int64_t max, int64_t none)
{
	const char	*v = http_formval(r, name);
	char		*end;
	long long	 n;

	if (v == NULL || *v == '\0')
		return none;
	n = strtoll(v, &end, 10);
	return end == v || *end != '\0' || n < 1 || n > max ? 0 : n;
}

static int
parts_page(struct req *r, int status, const char *notice)
{
	struct db	*db;
	cJSON		*ctx, *it;
	const char	*st;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = service_parts_list(db, &r->who, r->lang, NULL, NULL, 0,
	    &r->err,
	    &ctx)) != 200)
		return rc;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx,
	    "items")) {
		service_work_label(r, it, "status", "service_work_part_");
		service_work_when(it, "due_at");
		service_work_when(it, "requested_at");
		st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "status"));
		cJSON_AddBoolToObject(it, st != NULL && strcmp(st,
		    "requested") == 0 ? "can_ship" : "can_receive", 1);
	}
	return http_form_page(r, status, "service_parts", ctx, notice,
	    http_i18n(r, "service_work_parts_title"));
}

/* GET /service/parts */
int
service_parts_page_get(struct req *r)
{
	return parts_page(r, 200, http_query(r, "done") != NULL ?
	    "service_work_done_notice" : NULL);
}

/* POST /service/parts: action = ship|receive, id, version */
int
service_parts_page_post(struct req *r)
{
	const char	*a = http_formval(r, "action");
	int64_t		 id = form_int(r, "id", INT64_MAX, 0);
	int64_t		 version = form_int(r, "version", INT32_MAX, -1);
	struct db	*db;
	int		 st;

	if (a == NULL || (strcmp(a, "ship") != 0 && strcmp(a, "receive") !=
	    0))
		return http_error(r, 400, "bad_request", "no such action");
	if ((db = http_db(r)) == NULL)
		return 503;
	st = (*a == 's' ? service_parts_ship : service_parts_receive)(db,
	    &r->who, id, version, &r->err);
	if (st == 200)
		return http_redirect(r, 303, "/service/parts?done=1");
	if (st == 409 || st == 422)
		return parts_page(r, st, NULL);
	return st;
}

static int
followup_page(struct req *r, int status, const char *notice)
{
	struct db	*db;
	cJSON		*ctx, *it;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = service_followup_list(db, &r->who, r->lang, &r->err,
	    &ctx)) != 200)
		return rc;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx, "items"))
		service_work_when(it, "due_at");
	return http_form_page(r, status, "service_followups", ctx, notice,
	    http_i18n(r, "service_work_followups_title"));
}

/* GET /service/followups */
int
service_followup_page_get(struct req *r)
{
	return followup_page(r, 200, http_query(r, "done") != NULL ?
	    "service_work_done_notice" : NULL);
}

/* POST /service/followups: id, version, outcome, satisfaction, comment */
int
service_followup_page_post(struct req *r)
{
	struct service_followup_call	 c;
	const char			*v;
	struct db			*db;
	int				 st;

	memset(&c, 0, sizeof(c));
	c.id = form_int(r, "id", INT64_MAX, 0);
	c.version = form_int(r, "version", INT32_MAX, -1);
	c.outcome = http_formval(r, "outcome");
	/* a form sends satisfaction with "not reached" too: only if reached */
	v = http_formval(r, "satisfaction");
	if (c.outcome != NULL && strcmp(c.outcome, "reached") == 0)
		c.satisfaction = v == NULL || *v == '\0' ? 0 :
		    form_int(r, "satisfaction", 5, 0) == 0 ? -1 :
		    form_int(r, "satisfaction", 5, 0);
	v = http_formval(r, "comment");
	c.comment = v != NULL && *v != '\0' ? v : NULL;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = service_followup_log(db, &r->who, &c, &r->err)) == 200)
		return http_redirect(r, 303, "/service/followups?done=1");
	if (st == 409 || st == 422)
		return followup_page(r, st, NULL);
	return st;
}
