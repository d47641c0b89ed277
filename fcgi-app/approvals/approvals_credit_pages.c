/*
 * approvals_credit_pages.c: the finance clerk's pages for credit limits:
 *   /credit		the dealers in scope with their positions
 *   /credit/{id}	one dealer's position and its limit, in yuan
 *   /orgs/{id}/approval-limit	a region's approval limit (its org page)
 * both through the API's handlers, so scope and audit are theirs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../accounts/accounts_users.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../http/http.h"
#include "approvals.h"

/* GET /credit?after= */
int
approvals_credits_page_get(struct req *r)
{
	cJSON	*ctx;
	int	 st;

	if ((st = http_call(r, approvals_credits_get, &ctx)) != 200)
		return st;
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "approvals_credit_title"));
	return http_page(r, 200, "credits", ctx);
}

static int
credit_page(struct req *r, int status, const char *notice)
{
	cJSON	*ctx;
	int	 st;

	if ((st = http_call(r, approvals_credit_get, &ctx)) != 200)
		return st;
	cJSON_AddStringToObject(ctx, "limit_input",
	    http_formval(r, "credit_limit") != NULL ?
	    http_formval(r, "credit_limit") : cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ctx, "credit_limit_text")));
	return http_form_page(r, status, "credit", ctx, notice,
	    http_i18n(r, "approvals_credit_title"));
}

/* GET /credit/{id} */
int
approvals_credit_page_get(struct req *r)
{
	return credit_page(r, 200, http_query(r, "saved")
	    ? "approvals_credit_saved" :
	    NULL);
}

/* A form's amount in yuan ("1,500,000.00", "1500000") into r->json as fen. */
static void
yuan_field(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);
	int64_t		 fen;

	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	if (v != NULL && money_parse(v, CREDIT_MAX, &fen) == 0)
		cJSON_AddNumberToObject(r->json, name, (double)fen);
	else
		http_field_error(r, name, http_i18n(r,
		    "catalogue_admin_bad_price"));
}

/* POST /credit/{id}: the limit in yuan */
int
approvals_credit_page_post(struct req *r)
{
	const char	*v;
	char		 loc[48];
	int		 st;

	yuan_field(r, "credit_limit");
	if ((v = http_formval(r, "version")) != NULL && *v != '\0')
		cJSON_AddNumberToObject(r->json, "version", atof(v));
	if (r->err.fields != NULL)
		return credit_page(r, 422, NULL);
	if ((st = approvals_credit_put(r)) == 200) {
		snprintf(loc, sizeof(loc), "/credit/%s?saved=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422) {
		buf_reset(&r->out);
		return credit_page(r, st, NULL);
	}
	return st;
}

/* POST /orgs/{id}/approval-limit: a region's limit in yuan and its window */
int
approvals_region_limit_page_post(struct req *r)
{
	int64_t		 hours;
	char		 loc[48];
	int		 st;

	yuan_field(r, "approval_limit");
	if (util_parse_int(http_formval(r, "window_hours"), 1,
	    APPROVAL_WINDOW_MAX, &hours) == 0)
		cJSON_AddNumberToObject(r->json, "window_hours", (double)hours);
	else
		http_field_error(r, "window_hours", http_i18n(r,
		    "approvals_window_bad"));
	st = r->err.fields != NULL ? 422 : approvals_region_limit_put(r);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/orgs/%s?saved=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st != 422)
		return st;
	buf_reset(&r->out);
	return accounts_orgs_edit_page(r, 422);
}
