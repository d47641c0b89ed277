/*
 * approvals_outlook_db.c: the dealer's side of its credit (issue #24)
 *
 * What a dealer's own people and its chain read of its credit: the
 * position as an approval takes it (approvals_credit_read), the region's
 * approval limit as it stands for the dealer
 * (approvals_credit_region_limit), what approvals_blocks() would say of
 * an order of some value now, and the open orders that make up the part
 * "approved, not yet invoiced": the same statuses and the same value per
 * order as that sum (CREDIT_OPEN_STATUSES, CREDIT_OPEN_ORDER_VALUE).
 * Plain reads without the approval's lock: the figures as they stand
 * now, which the approval checks again when it comes.
 */
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "approvals.h"

/* oldest first: the longest-standing use of the credit heads the list */
static const char sql_orders[] =
	"SELECT o.id, o.number, o.status, o.total, o.invoiced, "
	CREDIT_OPEN_ORDER_VALUE("o") ", "
	"DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ'), "
	"DATE_FORMAT(o.created_at + INTERVAL 8 HOUR, '%Y-%m-%d'), "
	"DATE_FORMAT(o.promised_date, '%Y-%m-%d') FROM orders o WHERE "
	"o.dealer_id = ? AND o.status IN " CREDIT_OPEN_STATUSES " AND "
	"o.id > ? ORDER BY o.id LIMIT ?";

/* 0 if who reaches dealer, else the status (404 in f). */
static int
reach(struct db *db, const struct principal *who, int64_t dealer,
    struct fault *f)
{
	struct scope	 sc;
	int		 rc;

	/* a dealer's own users reach their dealer: no statement for it */
	if (who->kind == ORG_DEALER)
		rc = dealer == who->org_id;
	else {
		scope_read(who, &sc);
		if ((rc = scope_dealer_reach(db, &sc, dealer)) == -1)
			return 500;
	}
	return rc == 1 ? 0 : fault_set(f, 404, "not_found", "no such dealer");
}

/*
 * Dealer's credit and what a region's approval of an order of value
 * (fen; 0: none) would meet now, if who reaches the dealer: 200 with *o,
 * or the refusal.
 */
int
approvals_outlook_read(struct db *db, const struct principal *who,
    int64_t dealer, int64_t value, struct fault *f,
    struct approvals_outlook *o)
{
	int	 st;

	memset(o, 0, sizeof(*o));
	if (value < 0 || value > CREDIT_MAX)
		fault_field(f, "order_value", "fen, 0 to 100000000000000");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	if ((st = reach(db, who, dealer, f)) != 0)
		return st;
	if (approvals_credit_read(db, dealer, 0, &o->credit) == -1 ||
	    approvals_credit_region_limit(db, 0, dealer, &o->region) == -1)
		return 500;
	o->value = value;
	approvals_outlook_figure(o);
	return 200;
}

/*
 * o as JSON into j: the position (approvals_credit_json), the region's
 * limit as it stands (approval_limit, window_hours, approved_recent) and
 * region_max, the most it approves alone now; over_credit_by when the
 * exposure, with the order, is over the credit limit; and with an order,
 * its value, headroom_after and the verdicts over_credit, over_limit and
 * needs_hq, the two bits of approvals_blocks().
 */
void
approvals_outlook_json(cJSON *j, const struct approvals_outlook *o)
{
	int64_t	 after;

	after = approvals_credit_headroom_after(&o->credit, o->value);
	approvals_credit_json(j, &o->credit, 0);
	approvals_credit_money(j, "approval_limit", o->region.limit);
	cJSON_AddNumberToObject(j, "window_hours", (double)o->region.hours);
	approvals_credit_money(j, "approved_recent", o->region.recent);
	approvals_credit_money(j, "region_max", o->region_max);
	if (after < 0)
		approvals_credit_money(j, "over_credit_by", -after);
	if (o->value == 0)
		return;
	approvals_credit_money(j, "order_value", o->value);
	approvals_credit_money(j, "headroom_after", after);
	cJSON_AddBoolToObject(j, "over_credit",
	    (o->blocks & APPROVAL_OVER_CREDIT) != 0);
	cJSON_AddBoolToObject(j, "over_limit",
	    (o->blocks & APPROVAL_OVER_LIMIT) != 0);
	cJSON_AddBoolToObject(j, "needs_hq", o->blocks != 0);
}

/*
 * {dealer, the outlook} of dealer for an order of value, if who reaches
 * it: 200 with *out, or the refusal.
 */
int
approvals_outlook_of(struct db *db, const struct principal *who,
    int64_t dealer, int64_t value, const char *lang, struct fault *f,
    cJSON **out)
{
	struct approvals_outlook	 o;
	int				 st;

	*out = NULL;
	if ((st = approvals_outlook_read(db, who, dealer, value, f, &o)) !=
	    200)
		return st;
	*out = cJSON_CreateObject();
	if (approvals_credit_dealer(db, dealer, lang, *out) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	approvals_outlook_json(*out, &o);
	return 200;
}

static cJSON *
order_row(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	(void)ctx;
	cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "status", db_col_text(s, 2, NULL));
	approvals_credit_money(j, "total", db_col_int(s, 3));
	approvals_credit_money(j, "invoiced", db_col_int(s, 4));
	approvals_credit_money(j, "open", db_col_int(s, 5));
	cJSON_AddStringToObject(j, "created_at", db_col_text(s, 6, NULL));
	cJSON_AddStringToObject(j, "placed_on", db_col_text(s, 7, NULL));
	http_col_text(j, "promised_date", s, 8);
	return j;
}

/*
 * A page of dealer's orders that use its credit now, oldest first after
 * the cursor (an order's id), each with what of it is open (its total
 * less what its shipments invoiced), if who reaches the dealer: 200 with
 * *out ({items, next_cursor}), or the refusal (field errors already in
 * f, the paging's, refuse).
 */
int
approvals_credit_orders_read(struct db *db, const struct principal *who,
    int64_t dealer, int64_t after, int limit, struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	int		 st;

	*out = NULL;
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	if ((st = reach(db, who, dealer, f)) != 0)
		return st;
	if ((s = db_prepare(db, sql_orders)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_int(s, 1, after) == -1 ||
	    db_bind_int(s, 2, limit + 1) == -1) {
		db_stmt_release(s);
		return 500;
	}
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, limit, *out, order_row, NULL,
	    http_cursor_id) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}
