/*
 * orders_release_db.c: the dealer's own approval step (issue #23)
 *
 * A customer's order above the dealer's release limit (its own, else its
 * chain's) is placed as awaiting_release (orders_store_db.c) and read by
 * nobody on the maker's side.  An approver of the dealer or of its chain
 * (role dealer_approver, within its write scope) releases it: it becomes
 * submitted, and the feed hears of it as of any order placed; or sends it
 * back with a reason: it is over, and the buyers hear why.  Both are
 * transitions of orders_move(), conditional on the status and version.
 */
#include <string.h>

#include "../db/db.h"
#include "orders.h"

/*
 * Release (send_back 0) or send back the order numbered number: 200, or
 * the refusal in f (403, 404, 409, 422).
 */
int
orders_release(struct db *db, const struct principal *who,
    const char *number, const struct orders_release_in *in, struct fault *f)
{
	struct order_locked	 o;
	struct order_move	 m;
	int			 rc;

	if (!(who->roles & ROLE_DEALER_APPROVER) ||
	    !ORG_IS_CUSTOMER(who->kind))
		return fault_set(f, 403, "forbidden", "the dealer's approvers "
		    "release its orders");
	if (in->send_back && (in->note == NULL || *in->note == '\0'))
		fault_field(f, "reason", "say why: 1 to 1000 characters");
	orders_check_length(f, in->send_back ? "reason" : "note", in->note,
	    1000, "at most 1000 characters");
	orders_check_version(f, in->version);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = orders_begin_locked(db, who, number, &o, f)) != 0)
		return rc;
	/* four eyes: who placed it does not release it */
	if (!in->send_back && o.created_by == who->user_id) {
		db_rollback(db);
		return fault_set(f, 403, "forbidden", "another approver "
		    "releases the order you placed");
	}
	if (o.status != ORDER_AWAITING_RELEASE) {
		db_rollback(db);
		return fault_set(f, 409, "illegal_transition", "an order %s "
		    "is not waiting for its release",
		    orders_status_name(o.status));
	}
	if (in->version != ORDERS_VERSION_ANY && in->version != o.version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict",
		    "the order was changed meanwhile; reload");
	}
	memset(&m, 0, sizeof(m));
	m.to = in->send_back ? ORDER_SENT_BACK : ORDER_SUBMITTED;
	m.actor = who->user_id;
	m.note = in->note;
	/* the region hears of a released order only; of the other, never */
	m.feed_type = in->send_back ? NULL : "order.submitted";
	if ((rc = orders_move(db, &o, &m)) != 0 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? fault_set(f, 409, "conflict",
		    "the order was changed meanwhile; reload") : 500;
	}
	return 200;
}
