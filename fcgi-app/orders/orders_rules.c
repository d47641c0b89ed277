/*
 * orders_rules.c: the order status machine of DESIGN §3.4, in one place
 *
 *   awaiting_release -> submitted | sent_back  (the dealer's own step)
 *   submitted -> approved | rejected | escalated
 *   escalated -> approved | rejected
 *   approved -> scheduled -> in_production -> shipped -> delivered -> closed
 *   cancelled: by the dealer while submitted or awaiting its release; by
 *   staff until in_production
 */
#include <string.h>

#include "orders.h"

static const char *const names[ORDER__MAX] = {
	"submitted", "approved", "rejected", "escalated", "scheduled",
	"in_production", "shipped", "delivered", "closed", "cancelled",
	"awaiting_release", "sent_back"
};

const char *
orders_status_name(enum order_status s)
{
	return (unsigned)s < ORDER__MAX ? names[s] : "?";
}

int
orders_status_parse(const char *s, enum order_status *out)
{
	int	 i;

	for (i = 0; s != NULL && i < ORDER__MAX; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum order_status)i;
			return 0;
		}
	return -1;
}

/* May an order go from one status to the other (cancel aside)? */
int
orders_can_move(enum order_status from, enum order_status to)
{
	switch (from) {
	case ORDER_AWAITING_RELEASE:
		return to == ORDER_SUBMITTED || to == ORDER_SENT_BACK;
	case ORDER_SUBMITTED:
		return to == ORDER_APPROVED || to == ORDER_REJECTED ||
		    to == ORDER_ESCALATED;
	case ORDER_ESCALATED:
		return to == ORDER_APPROVED || to == ORDER_REJECTED;
	case ORDER_APPROVED:
		return to == ORDER_SCHEDULED;
	case ORDER_SCHEDULED:
		return to == ORDER_IN_PRODUCTION;
	case ORDER_IN_PRODUCTION:
		return to == ORDER_SHIPPED;
	case ORDER_SHIPPED:
		return to == ORDER_DELIVERED;
	case ORDER_DELIVERED:
		return to == ORDER_CLOSED;
	default:
		return 0;
	}
}

/* May this order be cancelled, by its dealer (dealer = 1) or by staff? */
int
orders_can_cancel(enum order_status from, int dealer)
{
	if (dealer)
		return from == ORDER_SUBMITTED ||
		    from == ORDER_AWAITING_RELEASE;
	return from == ORDER_SUBMITTED || from == ORDER_APPROVED ||
	    from == ORDER_ESCALATED || from == ORDER_SCHEDULED;
}

/* The tracking events staff and the ERP post (approval has its own). */
int
orders_is_tracking(enum order_status to)
{
	return to == ORDER_SCHEDULED || to == ORDER_IN_PRODUCTION ||
	    to == ORDER_SHIPPED || to == ORDER_DELIVERED || to == ORDER_CLOSED;
}
