/*
 * approvals_pages.c: the approval queue page, and the decision panel of the
 * order page (credit position, approve / reject / escalate), both from
 * the same operations and figures as the API.
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../orders/orders.h"
#include "approvals.h"

/* GET /approvals?sort=age|value&after= */
int
approvals_page_get(struct req *r)
{
	const char	*sort = http_query(r, "sort");
	cJSON		*j, *it, *ctx;
	int		 st, value = sort != NULL && strcmp(sort, "value") == 0;

	if ((st = approvals_queue_find(r, &j)) != 200) {
		if (st != 422)
			return st;
		ctx = cJSON_CreateObject();
		http_errors_to(r, ctx);
		return http_page(r, st, "approvals", ctx);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
		orders_page_money(it, "total", "total_text");
	ctx = j;
	cJSON_AddBoolToObject(ctx, value ? "by_value" : "by_age", 1);
	cJSON_AddStringToObject(ctx, "sort", value ? "value" : "age");
	if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j,
	    "queue")), "escalated") == 0)
		cJSON_AddBoolToObject(ctx, "hq", 1);
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "approvals_title"));
	return http_page(r, 200, "approvals", ctx);
}

/* One decision for the order page, its status in the reader's words. */
struct decisions {
	struct req	*r;
	cJSON		*list;
};

static void
decision_row(void *ctx, const struct approvals_decision *d)
{
	struct decisions	*h = ctx;
	cJSON			*it = cJSON_CreateObject();
	char			 key[32];

	cJSON_AddStringToObject(it, "decision", d->decision);
	cJSON_AddStringToObject(it, "actor", d->actor);
	cJSON_AddStringToObject(it, "at_china", d->at_china);
	cJSON_AddStringToObject(it, "reason", d->reason);
	cJSON_AddBoolToObject(it, "override", d->override);
	cJSON_AddStringToObject(it, "promised_date", d->promised_date);
	snprintf(key, sizeof(key), "orders_status_%s", d->decision);
	cJSON_AddStringToObject(it, "label", http_i18n(h->r, key));
	cJSON_AddItemToArray(h->list, it);
}

/* On the order page o, for staff: every decision taken, with reasons. */
static void
history(struct req *r, struct db *db, cJSON *o, cJSON *ctx)
{
	struct decisions	 h;

	if (ORG_IS_CUSTOMER(r->who.kind))
		return;
	h.r = r;
	h.list = cJSON_CreateArray();
	if (approvals_history(db, cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, "number")), decision_row,
	    &h) == 0 && cJSON_GetArraySize(h.list) > 0)
		cJSON_AddItemToObject(ctx, "decisions", h.list);
	else
		cJSON_Delete(h.list);
}

/*
 * On the order page o: what the caller may decide now, into ctx.decide,
 * with the dealer's credit position and this order's effect on it.
 */
void
approvals_order_panel(struct req *r, struct db *db, cJSON *o, cJSON *ctx)
{
	struct credit	 c;
	struct region_limit limit;
	const char	*status = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, "status"));
	cJSON		*d, *dealer = cJSON_GetObjectItemCaseSensitive(o,
	    "dealer");
	int64_t		 total = (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(o, "total")), dealer_id;
	char		 text[32];
	int		 hq;

	history(r, db, o, ctx);
	if ((hq = approvals_decides(&r->who)) == -1 || status == NULL ||
	    strcmp(status, hq ? "escalated" : "submitted") != 0)
		return;
	dealer_id = (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(dealer, "id"));
	if (approvals_credit_read(db, dealer_id, 0, &c) == -1)
		return;
	d = cJSON_AddObjectToObject(ctx, "decide");
	approvals_credit_json(d, &c, total);
	if (hq)
		cJSON_AddBoolToObject(d, "hq", 1);
	else if (approvals_credit_region_limit(db, r->who.region_id, dealer_id,
	    &limit) == 0) {
		cJSON_AddBoolToObject(d, "region", 1);
		money_format(limit.limit, text, sizeof(text));
		cJSON_AddStringToObject(d, "approval_limit_text", text);
		money_format(limit.recent, text, sizeof(text));
		cJSON_AddStringToObject(d, "approved_recent_text", text);
		cJSON_AddNumberToObject(d, "window_hours", (double)limit.hours);
		if (limit.recent + total > limit.limit)
			cJSON_AddBoolToObject(d, "over_limit", 1);
	}
	cJSON_AddStringToObject(d, "promised_date",
	    http_formval(r, "promised_date") != NULL ?
	    http_formval(r, "promised_date") : cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, "requested_date")));
}
