/*
 * orders_rules.c: the order status machine of DESIGN §3.4, in one place
 *
 *   awaiting_release -> submitted | sent_back  (the dealer's own step)
 *   submitted -> approved | rejected | escalated
 *   escalated -> approved | rejected
 *   approved -> scheduled -> in_production -> shipped -> delivered -> closed
 *   cancelled: by the dealer while submitted (withdrawn while awaiting its
 *   release: staff never read it); by staff until in_production
 *
 * An order in production goes out in one or more shipments and stays
 * in_production until the one that ships the last of its lines, which
 * moves it to shipped (orders_ship_db.c); the shares of the invoice are
 * orders_ship_amount()'s.
 */
#include <string.h>

#include "orders.h"

static const char *const names[ORDER__MAX] = {
	"submitted", "approved", "rejected", "escalated", "scheduled",
	"in_production", "shipped", "delivered", "closed", "cancelled",
	"awaiting_release", "sent_back", "withdrawn"
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

/*
 * floor(total * n / quantity) for 0 <= n <= quantity, without the
 * product's overflow: the whole units of total / quantity, then the
 * remainder's share (remainder and n below ORDER_QUANTITY_MAX each).
 */
static int64_t
upto(int64_t total, int64_t quantity, int64_t n)
{
	return total / quantity * n + total % quantity * n / quantity;
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

/*
 * What q more units of a line cost when before of its quantity have
 * shipped already, in fen: the line's value up to before + q units less
 * its value up to before, where the value of n units is
 * floor(line_total * n / quantity) (the frozen line total, discount
 * included, spread evenly).  The value of all the units is line_total
 * exactly, so however a line is split into shipments its amounts sum to
 * line_total: what a per-unit division leaves over goes with the units
 * that reach it, the last shipment of the line taking the rest.  -1 when
 * the arguments make no sense (q < 1, beyond the quantity).
 */
int64_t
orders_ship_amount(int64_t line_total, int64_t quantity, int64_t before,
    int64_t q)
{
	if (quantity < 1 || quantity > ORDER_QUANTITY_MAX || line_total < 0 ||
	    before < 0 || q < 1 || before + q > quantity)
		return -1;
	return upto(line_total, quantity, before + q) -
	    upto(line_total, quantity, before);
}

/*
 * The credit of q units of a line returned when before of its units were
 * returned already: the same rule as a shipment's share of its invoice,
 * value(before + q) - value(before) with value(n) = floor(line_total * n /
 * quantity), so that returning all of a line credits line_total exactly
 * and the credits of any split of it sum to it.  before counts the units
 * reserved by returns asked (at the request) or received (at receipt).
 * -1 when the arguments make no sense.
 */
int64_t
orders_return_amount(int64_t line_total, int64_t quantity, int64_t before,
    int64_t q)
{
	return orders_ship_amount(line_total, quantity, before, q);
}

/* Returns are asked of orders gone to the dealer: shipped or later. */
int
orders_can_return(enum order_status s)
{
	return s == ORDER_SHIPPED || s == ORDER_DELIVERED || s == ORDER_CLOSED;
}
