/*
 * approvals_credit_pages.c: the finance clerk's pages for credit limits:
 *   /credit		the dealers in scope with their positions
 *   /credit/{id}	one dealer's position and its limit, in yuan
 *   /orgs/{id}/approval-limit	a region's approval limit (its org page)
 * through the same operations as the API, so scope and audit are theirs.
 */
#include <stdio.h>
#include <string.h>

#include "../accounts/accounts_users.h"
#include "../audit/audit.h"
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

	if ((st = approvals_credits_find(r, &ctx)) != 200)
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

	if ((st = approvals_credit_of(http_db(r), &r->who, http_param_id(r,
	    "id"), r->lang, &r->err, &ctx)) != 200)
		return st;
	cJSON_AddStringToObject(ctx, "limit_input",
	    http_formval(r, "credit_limit") != NULL ?
	    http_formval(r, "credit_limit") : cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ctx, "credit_limit_text")));
	audit_page_flags(ctx, &r->who);
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

/*
 * A form's amount in yuan ("1,500,000.00", "1500000") as fen; -1 with a
 * field error when it does not read.
 */
static int64_t
yuan_field(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);
	int64_t		 fen;

	if (v != NULL && money_parse(v, CREDIT_MAX, &fen) == 0)
		return fen;
	http_field_error(r, name, http_i18n(r, "approvals_bad_amount"));
	return -1;
}

/* POST /credit/{id}: the limit in yuan */
int
approvals_credit_page_post(struct req *r)
{
	const char	*v = http_formval(r, "version");
	int64_t		 limit, version = APPROVALS_VERSION_ANY;
	char		 loc[48];
	int		 st;

	limit = yuan_field(r, "credit_limit");
	if (v != NULL && *v != '\0' && util_parse_int(v, 1, INT32_MAX,
	    &version) == -1)
		version = 0;
	if (r->err.fields != NULL)
		return credit_page(r, 422, NULL);
	if ((st = approvals_credit_update(http_db(r), &r->who,
	    http_param_id(r, "id"), limit, version, &r->err)) == 200) {
		snprintf(loc, sizeof(loc), "/credit/%s?saved=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return credit_page(r, st, NULL);
	return st;
}

/* POST /orgs/{id}/approval-limit: a region's limit in yuan and its window */
int
approvals_region_limit_page_post(struct req *r)
{
	int64_t		 limit, hours;
	char		 loc[48];
	int		 st;

	limit = yuan_field(r, "approval_limit");
	if (util_parse_int(http_formval(r, "window_hours"), 1,
	    APPROVAL_WINDOW_MAX, &hours) == -1)
		http_field_error(r, "window_hours", http_i18n(r,
		    "approvals_window_bad"));
	st = r->err.fields != NULL ? 422 : approvals_region_limit_update(
	    http_db(r), &r->who, http_param_id(r, "id"), limit, hours,
	    &r->err);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/orgs/%s?saved=1",
		    http_param(r, "id"));
		return http_redirect(r, 303, loc);
	}
	if (st != 422)
		return st;
	return accounts_orgs_edit_page(r, 422);
}
