/*
 * approvals_outlook_pages.c: the dealer's credit page (issue #24)
 *   /my-credit		a dealer's own people: their dealer; a chain's
 *			people: its branches, each with its position
 *   /my-credit/{id}	one dealer: one's own, or a branch of one's chain
 * Each dealer's page shows the position an approval takes, what the
 * region can approve alone for it now, and the orders that use the
 * credit; through the operations of the API (approvals_outlook_db.c,
 * approvals_limits_db.c), so the scope is theirs: outside it, 404.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/money.h"
#include "../http/http.h"
#include "approvals.h"

/* The orders' statuses in the reader's words. */
static void
labels(struct req *r, cJSON *items)
{
	const char	*st;
	char		 key[48];
	cJSON		*it;

	cJSON_ArrayForEach(it, items) {
		st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "status"));
		snprintf(key, sizeof(key), "orders_status_%s",
		    st != NULL ? st : "");
		cJSON_AddStringToObject(it, "status_label", http_i18n(r, key));
	}
}

/* One dealer's page: its position, the region's room, its open orders. */
static int
one(struct req *r, int64_t dealer)
{
	struct http_paging	 pg;
	cJSON			*ctx, *orders;
	int			 st;

	http_paging(r, &pg);
	if ((st = approvals_outlook_of(http_db(r), &r->who, dealer, 0,
	    r->lang, &r->err, &ctx)) != 200)
		return st;
	if ((st = approvals_credit_orders_read(http_db(r), &r->who, dealer,
	    pg.after, pg.limit, &r->err, &orders)) != 200) {
		cJSON_Delete(ctx);
		return st;
	}
	labels(r, cJSON_GetObjectItemCaseSensitive(orders, "items"));
	cJSON_AddItemToObject(ctx, "orders", cJSON_DetachItemFromObject(orders,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(
	    orders, "next_cursor"));
	cJSON_Delete(orders);
	if (r->who.kind == ORG_CHAIN)
		cJSON_AddBoolToObject(ctx, "chain", 1);
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "approvals_mine_title"));
	/* its limit's history: the dealer's or the chain's admin reads it */
	audit_page_flags(ctx, &r->who);
	return http_page(r, 200, "my_credit", ctx);
}

/* The chain's branches with their positions, by id after ?after=. */
static int
branches(struct req *r)
{
	char	 text[32];
	double	 h;
	cJSON	*ctx, *it;
	int	 st;

	if ((st = approvals_credits_find(r, &ctx)) != 200)
		return st;
	/* a headroom below 0 reads as how far over the limit */
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx, "items"))
		if ((h = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
		    it, "headroom"))) < 0) {
			money_format(-(int64_t)h, text, sizeof(text));
			cJSON_AddStringToObject(it, "over_by_text", text);
		}
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "approvals_mine_title"));
	return http_page(r, 200, "my_credits", ctx);
}

/* GET /my-credit: one's own dealer, or one's chain's branches */
int
approvals_my_credit_page_get(struct req *r)
{
	if (r->who.kind == ORG_DEALER)
		return one(r, r->who.org_id);
	if (r->who.kind == ORG_CHAIN)
		return branches(r);
	return http_error(r, 404, "not_found", "no such page");
}

/* GET /my-credit/{id}: one's own dealer, or a branch of one's chain */
int
approvals_my_credit_one_page_get(struct req *r)
{
	return one(r, http_param_id(r, "id"));
}
