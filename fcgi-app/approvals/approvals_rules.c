/*
 * approvals_rules.c: the credit rule of DESIGN §3.3, as arithmetic on fen
 *
 *   exposure = ledger balance owed + approved orders not yet invoiced
 *
 * A region approves an order only if its value, with what the region
 * approved for the dealer within the limit's window (24 hours unless set),
 * is within the region's approval limit, and the exposure after it stays
 * within the dealer's credit limit; otherwise the order needs HQ.  The
 * window is why an order split in two does not slip under the limit.
 */
#include "approvals.h"

int64_t
approvals_credit_exposure(const struct credit *c)
{
	return c->balance + c->open;
}

/* What would be left under the limit after an order of value (< 0: over). */
int64_t
approvals_credit_headroom_after(const struct credit *c, int64_t value)
{
	return c->limit - approvals_credit_exposure(c) - value;
}

/*
 * 0 if a region may approve an order of value, having approved recent for
 * the dealer within the window; else APPROVAL_OVER_* bits.
 */
int
approvals_blocks(const struct credit *c, int64_t value, int64_t recent,
    int64_t region_limit)
{
	int	 b = 0;

	if (recent + value > region_limit)
		b |= APPROVAL_OVER_LIMIT;
	if (approvals_credit_headroom_after(c, value) < 0)
		b |= APPROVAL_OVER_CREDIT;
	return b;
}

/*
 * The largest order a region may approve for the dealer now, having
 * approved recent for it within the window: approvals_blocks() solved for
 * the value, so every value up to it passes and one fen more does not.
 * 0 when no order would pass.
 */
int64_t
approvals_region_max(const struct credit *c, int64_t recent,
    int64_t region_limit)
{
	int64_t	 room = region_limit - recent;
	int64_t	 head = approvals_credit_headroom_after(c, 0);
	int64_t	 m = room < head ? room : head;

	return m > 0 ? m : 0;
}

/* o's region_max and blocks, from its credit, region and value. */
void
approvals_outlook_figure(struct approvals_outlook *o)
{
	o->region_max = approvals_region_max(&o->credit, o->region.recent,
	    o->region.limit);
	o->blocks = approvals_blocks(&o->credit, o->value, o->region.recent,
	    o->region.limit);
}

/* The caller decides as HQ (1), as its region (0), or not at all (-1). */
int
approvals_decides(const struct principal *who)
{
	if (who->kind == ORG_HQ && (who->roles & ROLE_HQ_KEY_ACCOUNT))
		return 1;
	if (who->kind == ORG_REGION && (who->roles & ROLE_REGION_APPROVER))
		return 0;
	return -1;
}
