/*
 * orders_ship_ops.c: a shipment as the API and the order page post it:
 * its fields checked, the order locked within the caller's write scope,
 * its Idempotency-Key, the order's status and version, then
 * orders_ship_locked() (orders_ship_db.c) and the commit
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "orders.h"

/*
 * A shipment's or a return's lines checked, into f: 1 to 100, each line
 * once, 1 to 1000000 units.
 */
void
orders_check_lines(struct fault *f, const struct ship_line *l, int n)
{
	char	 field[40];
	int	 i, k;

	if (n < 1 || n > ORDER_LINES_MAX)
		fault_field(f, "lines", "1 to 100 lines: {line, quantity}");
	for (i = 0; i < n && i < ORDER_LINES_MAX; i++) {
		snprintf(field, sizeof(field), "lines[%d].line", i);
		if (l[i].line < 1 || l[i].line > ORDER_LINES_MAX)
			fault_field(f, field, "a line number of the order");
		for (k = 0; k < i; k++)
			if (l[k].line == l[i].line)
				fault_field(f, field, "each line once");
		snprintf(field, sizeof(field), "lines[%d].quantity", i);
		if (l[i].quantity < 1 || l[i].quantity > ORDER_QUANTITY_MAX)
			fault_field(f, field, "1 to 1000000 units");
	}
}

/* in's fields checked, into f. */
static void
check(const struct orders_shipment_in *in, struct fault *f)
{
	char	 today[11];

	orders_china_today(today, sizeof(today));
	if (in->key == NULL)
		fault_field(f, "Idempotency-Key", "required: 1 to 100 of A-Z "
		    "a-z 0-9 - _ . :");
	orders_check_lines(f, in->lines, in->n);
	if (in->carrier == NULL || *in->carrier == '\0')
		fault_field(f, "carrier", "required: 1 to 100 characters");
	else
		orders_check_length(f, "carrier", in->carrier, 100,
		    "at most 100 characters");
	if (in->waybill == NULL || *in->waybill == '\0')
		fault_field(f, "waybill", "required: 1 to 100 characters");
	else
		orders_check_length(f, "waybill", in->waybill, 100,
		    "at most 100 characters");
	if (in->shipped_on != NULL && (!util_date_ok(in->shipped_on) ||
	    strcmp(in->shipped_on, "2000-01-01") < 0 ||
	    strcmp(in->shipped_on, today) > 0))
		fault_field(f, "shipped_on", "YYYY-MM-DD, not after today");
	orders_check_length(f, "note", in->note, 900,
	    "at most 900 characters");
	orders_check_version(f, in->version);
}

/*
 * A shipment of the order numbered number (within who's write scope) as
 * in says, idempotent by in->key: 201 made, 200 the same request again,
 * its number into out (size bytes); else the refusal in f (404 outside
 * the scope, 409 the order's status, version, a line's rest or the key's
 * other request, 422 the fields).
 */
int
orders_ship(struct db *db, const struct principal *who, const char *number,
    const struct orders_shipment_in *in, char *out, size_t size,
    struct fault *f)
{
	struct order_locked	 o;
	int			 rc;

	if (!(who->roles & ORDER_TRACKERS))
		return fault_set(f, 403, "forbidden", "you do not ship orders");
	check(in, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = orders_begin_locked(db, who, number, &o, f)) != 0)
		return rc;
	/* after the lock: a retry finds what the first call committed */
	if ((rc = orders_ship_replay(db, o.id, in->key, in->hash, out,
	    size, f)) != 0) {
		db_rollback(db);
		return rc;
	}
	if (o.status != ORDER_IN_PRODUCTION) {
		db_rollback(db);
		return fault_set(f, 409, "illegal_transition", "an order %s "
		    "does not ship: only one in production",
		    orders_status_name(o.status));
	}
	if (in->version != ORDERS_VERSION_ANY && in->version != o.version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict",
		    "the order was changed meanwhile; reload");
	}
	if ((rc = orders_ship_locked(db, &o, who->user_id, in, out, size,
	    f)) != 0 || db_commit(db) == -1) {
		db_rollback(db);
		/* the same key, committed meanwhile by a retry on another node */
		if (rc == 500 && db_is_duplicate(db) && (rc =
		    orders_ship_replay(db, o.id, in->key, in->hash, out, size,
		    f)) != 0)
			return rc;
		return rc != 0 ? rc : 500;
	}
	return 201;
}
