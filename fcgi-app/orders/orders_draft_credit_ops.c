/*
 * orders_draft_credit_ops.c: what the draft would use of the dealer's
 * credit, before it is submitted (issue #24)
 *
 * Into the draft's JSON, for the dealer it is priced for: "credit", the
 * approvals' outlook of an order of the draft's total (the figures and
 * the verdicts of the region's own approval, through the hook routes.c
 * fills in), and "release" when the dealer's own release limit would hold
 * the order for its approver first.  Both doors (GET /api/v1/draft and
 * the /draft page) call this.
 */
#include "../core/money.h"
#include "../http/http.h"
#include "orders.h"

/*
 * Add to draft (orders_draft_load's JSON, priced for dealer, 0: none)
 * what submitting it now would meet.  Without the figures (no dealer, no
 * lines, an error) the draft is shown without them.
 */
void
orders_draft_credit(struct db *db, const struct principal *who,
    int64_t dealer, const char *lang, cJSON *draft)
{
	struct fault	 f = { 0 };
	int64_t		 total, limit;
	cJSON		*c, *rel;
	char		 text[32];

	total = (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(draft, "total"));
	if (dealer == 0 || total <= 0 || orders_approval.outlook == NULL)
		return;
	if (orders_approval.outlook(db, who, dealer, total, lang, &f, &c) !=
	    200) {
		fault_clear(&f);
		return;
	}
	cJSON_AddItemToObject(draft, "credit", c);
	/* a customer's order above it waits for the dealer's approver first;
	 * staff's orders are never held (orders_place_db.c) */
	if (!ORG_IS_CUSTOMER(who->kind) || orders_limit_of(db, dealer,
	    &limit) == -1 || limit < 0)
		return;
	rel = cJSON_AddObjectToObject(draft, "release");
	cJSON_AddNumberToObject(rel, "release_limit", (double)limit);
	money_format(limit, text, sizeof(text));
	cJSON_AddStringToObject(rel, "release_limit_text", text);
	cJSON_AddBoolToObject(rel, "waits", total > limit);
}
