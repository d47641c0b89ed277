/*
 * orders_move_db.c: one status transition of one order, in the caller's
 * transaction: lock the order (within the caller's write scope), then
 * update it conditionally on the status and version read, and append to
 * its timeline and to the feed.  Cancelling, tracking and the approval decisions all come
 * here, so of two concurrent identical transitions one wins and the
 * other finds the order changed.  orders_cancel() and orders_track() are
 * the operations of cancelling and tracking: their API handlers
 * (orders_track_http.c) and the order page's forms both call them.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "orders.h"

static const char sql_move[] =
	"UPDATE orders SET status = ?, version = version + 1, promised_date = "
	"COALESCE(?, promised_date) WHERE id = ? AND status = ? AND "
	"version = ?";
static const char sql_event[] =
	"INSERT INTO order_events (order_id, actor_user_id, status, note, "
	"carrier, waybill) VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'order', ?, ?, ?)";
	/* shipped: what each model now costs the dealer, per unit */
static const char sql_costs[] =
	"INSERT INTO dealer_costs (dealer_id, product_id, unit_cost, order_id) "
	"SELECT ?, product_id, ROUND(line_total / quantity), order_id FROM "
	"order_lines WHERE order_id = ? AND quantity > 0 ORDER BY line_no "
	"ON DUPLICATE KEY UPDATE unit_cost = VALUES(unit_cost), order_id = "
	"VALUES(order_id)";

/* The lock, in one variant per scope path (see orders_db.c). */
#define LOCK_SQL(owner) \
	"SELECT o.id, o.status, o.version, o.dealer_id, o.number, o.total, " \
	"o.region_id, o.created_by, COALESCE(o.po_number, '') FROM orders o " \
	"WHERE o.number = ? AND " owner " FOR UPDATE"

static const char *const sql_lock[] = {
	LOCK_SQL(SCOPE_OWNER_ALL("o") ORDERS_RELEASED("o")),
	LOCK_SQL(SCOPE_OWNER_REGION("o") ORDERS_RELEASED("o")),
	LOCK_SQL(SCOPE_OWNER_DEALER("o")),
	LOCK_SQL(SCOPE_OWNER_MANAGER("o") ORDERS_RELEASED("o")),
	LOCK_SQL(SCOPE_OWNER_CHAIN_ORDERS("o")),
};
SCOPE_PATHS_ALL(sql_lock);

/*
 * Lock the order numbered number if sc reaches it, into o.  1 locked,
 * 0 no such order (in scope), -1 error.
 */
int
orders_lock(struct db *db, const char *number, const struct scope *sc,
    struct order_locked *o)
{
	struct db_stmt	*s;
	int64_t		 key;
	int		 rc;

	s = db_prepare(db, sql_lock[scope_path(sc, &key)]);
	if (s == NULL || db_bind_text(s, 0, number) == -1 ||
	    db_bind_int(s, 1, key) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		o->id = db_col_int(s, 0);
		if (orders_status_parse(db_col_text(s, 1, NULL), &o->status))
			rc = DB_ERROR;
		o->version = db_col_int(s, 2);
		o->dealer = db_col_int(s, 3);
		snprintf(o->number, sizeof(o->number), "%s",
		    db_col_text(s, 4, NULL));
		o->total = db_col_int(s, 5);
		o->region = db_col_int(s, 6);
		o->created_by = db_col_int(s, 7);
		db_col_copy(s, 8, o->po_number, sizeof(o->po_number));
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/*
 * One entry of order's timeline by actor (carrier and waybill NULL
 * unless shipped), in the caller's transaction: 0, or -1.
 */
int
orders_timeline_add(struct db *db, int64_t order, int64_t actor,
    const char *status, const char *note, const char *carrier,
    const char *waybill)
{
	struct db_stmt	*s;
	int		 ok;

	ok = (s = db_prepare(db, sql_event)) != NULL &&
	    db_bind_int(s, 0, order) == 0 && db_bind_int(s, 1, actor) == 0 &&
	    db_bind_text(s, 2, status) == 0 &&
	    db_bind_text(s, 3, note != NULL ? note : "") == 0 &&
	    db_bind_text(s, 4, carrier) == 0 &&
	    db_bind_text(s, 5, waybill) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/*
 * The feed event type of the order o with payload p, and the
 * notification of kind "order.<what>" where there is one: in the
 * caller's transaction, 0 or -1.
 */
int
orders_feed_add(struct db *db, const struct order_locked *o,
    const char *type, const char *what, const char *p)
{
	struct db_stmt	*s;
	char		 kind[NOTIFY_KIND_MAX + 1];
	int		 ok;

	/* no type: the maker's side never heard of the order (a dealer's
	 * own approver sent it back) */
	if (type != NULL) {
		ok = (s = db_prepare(db, sql_feed)) != NULL &&
		    db_bind_text(s, 0, type) == 0 &&
		    db_bind_text(s, 1, o->number) == 0 &&
		    db_bind_int(s, 2, o->dealer) == 0 &&
		    db_bind_text(s, 3, p) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	} else
		ok = 1;
	/* the dealer's people hear of it: one event, fanned out later */
	snprintf(kind, sizeof(kind), "order.%s", what);
	return ok && (notify_kind_find(kind) == NULL || notify_event(db, kind,
	    "order", o->number, o->dealer, p) == 0) ? 0 : -1;
}

/* The feed's payload: {number, from, to, and m's extra fields}. */
static char *
payload(const struct order_locked *o, const struct order_move *m)
{
	cJSON	*p = cJSON_CreateObject();
	char	*s;

	cJSON_AddStringToObject(p, "number", o->number);
	cJSON_AddStringToObject(p, "from", orders_status_name(o->status));
	cJSON_AddStringToObject(p, "to", orders_status_name(m->to));
	if (m->carrier != NULL)
		cJSON_AddStringToObject(p, "carrier", m->carrier);
	if (m->waybill != NULL)
		cJSON_AddStringToObject(p, "waybill", m->waybill);
	if (m->shipment != NULL)
		cJSON_AddStringToObject(p, "shipment", m->shipment);
	if (m->promised != NULL)
		cJSON_AddStringToObject(p, "promised_date", m->promised);
	if (m->feed_reason && m->note != NULL && *m->note != '\0')
		cJSON_AddStringToObject(p, "reason", m->note);
	/* released by the dealer: what a placed order's event says too */
	if (m->to == ORDER_SUBMITTED) {
		cJSON_AddNumberToObject(p, "dealer", (double)o->dealer);
		cJSON_AddNumberToObject(p, "total", (double)o->total);
	}
	s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

/*
 * Move the locked order o as m says.  0 done, 1 the order changed since
 * it was read (the caller answers 409), -1 error.  The caller rolls back
 * on anything but 0.  A move to shipped comes from the shipment that
 * ships the last of the order's lines (orders_ship_db.c), which posted
 * its invoice.
 */
int
orders_move(struct db *db, const struct order_locked *o,
    const struct order_move *m)
{
	struct db_stmt	*s;
	char		*p;
	int		 ok;

	s = db_prepare(db, sql_move);
	ok = s != NULL && db_bind_text(s, 0, orders_status_name(m->to)) == 0 &&
	    db_bind_text(s, 1, m->promised) == 0 &&
	    db_bind_int(s, 2, o->id) == 0 &&
	    db_bind_text(s, 3, orders_status_name(o->status)) == 0 &&
	    db_bind_int(s, 4, o->version) == 0 && db_exec(s) == 0;
	if (ok && db_affected(s) != 1) {
		db_stmt_release(s);
		return 1;
	}
	db_stmt_release(s);
	if (!ok)
		return -1;
	ok = orders_timeline_add(db, o->id, m->actor,
	    orders_status_name(m->to), m->note, m->carrier, m->waybill) == 0;
	/* what each model now costs the dealer, per unit */
	if (ok && m->to == ORDER_SHIPPED)
		ok = db_execv(db, sql_costs, NULL, "ii", o->dealer, o->id) >= 0;
	if (!ok || (p = payload(o, m)) == NULL)
		return -1;
	ok = orders_feed_add(db, o, m->feed_type, orders_status_name(m->to),
	    p) == 0;
	cJSON_free(p);
	return ok ? 0 : -1;
}

/*
 * A transition's start: a transaction, and the order numbered number
 * locked within who's write scope.  0 to go on, else the status to
 * answer (404 outside the scope, in f; rolled back).
 */
int
orders_begin_locked(struct db *db, const struct principal *who,
    const char *number, struct order_locked *o, struct fault *f)
{
	struct scope	 sc;
	int		 rc;

	if (db == NULL || db_begin(db) == -1)
		return 503;
	scope_write(who, &sc);
	if ((rc = orders_lock(db, number, &sc, o)) == 1)
		return 0;
	db_rollback(db);
	return rc == 0 ? fault_set(f, 404, "not_found", "no such order") :
	    500;
}

struct move {
	struct order_move	 m;
	int64_t			 version;	/* ORDERS_VERSION_ANY: any */
	int			 cancel;
};

/*
 * "shipped" as a tracking event: whatever is left of every line goes as
 * one shipment with its invoice (the whole order's when nothing shipped
 * before), which moves the order.  Commits: 200, else the refusal.
 */
static int
ship_rest(struct db *db, const struct order_locked *o,
    const struct order_move *m, struct fault *f)
{
	struct orders_shipment_in	 in;
	int				 rc;

	memset(&in, 0, sizeof(in));
	in.carrier = m->carrier;
	in.waybill = m->waybill;
	in.note = m->note;
	in.version = ORDERS_VERSION_ANY;
	if ((rc = orders_ship_locked(db, o, m->actor, &in, NULL, 0, f)) != 0 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc != 0 ? rc : 500;
	}
	return 200;
}

/* Apply mv to the order numbered number; 200 done, else the refusal. */
static int
transition(struct db *db, const struct principal *who, const char *number,
    struct move *mv, struct fault *f)
{
	struct order_locked	 o;
	int			 rc;

	if ((rc = orders_begin_locked(db, who, number, &o, f)) != 0)
		return rc;
	if (mv->cancel ? !orders_can_cancel(o.status,
	    ORG_IS_CUSTOMER(who->kind)) : !orders_can_move(o.status, mv->m.to)) {
		db_rollback(db);
		return fault_set(f, 409, "illegal_transition", "an order %s "
		    "cannot become %s", orders_status_name(o.status),
		    orders_status_name(mv->m.to));
	}
	if (mv->version != ORDERS_VERSION_ANY && mv->version != o.version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict",
		    "the order was changed meanwhile; reload");
	}
	mv->m.actor = who->user_id;
	mv->m.feed_type = mv->cancel ? "order.cancelled" :
	    "order.status_changed";
	/* withdrawn before its release: the maker's side never hears of it */
	if (mv->cancel && o.status == ORDER_AWAITING_RELEASE) {
		mv->m.to = ORDER_WITHDRAWN;
		mv->m.feed_type = NULL;
	}
	if (!mv->cancel && mv->m.to == ORDER_SHIPPED)
		return ship_rest(db, &o, &mv->m, f);
	if ((rc = orders_move(db, &o, &mv->m)) != 0 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? fault_set(f, 409, "conflict",
		    "the order was changed meanwhile; reload") : 500;
	}
	return 200;
}

/* The version a client read: ORDERS_VERSION_ANY, or 1 to INT32_MAX. */
void
orders_check_version(struct fault *f, int64_t version)
{
	if (version != ORDERS_VERSION_ANY && (version < 1 ||
	    version > INT32_MAX))
		fault_field(f, "version", "the version you read");
}

/* A text of at most max bytes (NULL: none). */
int
orders_check_length(struct fault *f, const char *field, const char *s,
    size_t max, const char *msg)
{
	if (s == NULL || strlen(s) <= max)
		return 0;
	fault_field(f, field, msg);
	return -1;
}

/*
 * Cancel the order numbered number (within who's write scope), if the
 * status machine lets who: 200, or the refusal in f.
 */
int
orders_cancel(struct db *db, const struct principal *who, const char *number,
    int64_t version, const char *note, struct fault *f)
{
	struct move	 m;

	if (!(who->roles & ORDER_CANCELLERS))
		return fault_set(f, 403, "forbidden", "you do not cancel "
		    "orders");
	memset(&m, 0, sizeof(m));
	m.m.to = ORDER_CANCELLED;
	m.m.note = note;
	m.cancel = 1;
	m.version = version;
	orders_check_length(f, "note", note, 1000, "at most 1000 characters");
	orders_check_version(f, version);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	return transition(db, who, number, &m, f);
}

/*
 * A tracking event of the order numbered number (a tracking status, with
 * carrier and waybill when shipped): 200, or the refusal in f.
 */
int
orders_track(struct db *db, const struct principal *who, const char *number,
    const struct orders_event *ev, struct fault *f)
{
	struct move	 m;

	if (!(who->roles & ORDER_TRACKERS))
		return fault_set(f, 403, "forbidden", "you do not track "
		    "orders");
	memset(&m, 0, sizeof(m));
	m.version = ev->version;
	m.m.note = ev->note;
	m.m.carrier = ev->carrier;
	m.m.waybill = ev->waybill;
	orders_check_length(f, "note", ev->note, 1000,
	    "at most 1000 characters");
	orders_check_version(f, ev->version);
	if (orders_status_parse(ev->status, &m.m.to) == -1 ||
	    !orders_is_tracking(m.m.to))
		fault_field(f, "status", "scheduled, in_production, "
		    "shipped, delivered or closed");
	if (orders_check_length(f, "carrier", ev->carrier, 100,
	    "at most 100 characters") == 0)
		orders_check_length(f, "carrier", ev->waybill, 100,
		    "at most 100 characters");
	if (m.m.to == ORDER_SHIPPED && (ev->carrier == NULL ||
	    !*ev->carrier))
		fault_field(f, "carrier", "required for shipped");
	if (m.m.to == ORDER_SHIPPED && (ev->waybill == NULL ||
	    !*ev->waybill))
		fault_field(f, "waybill", "required for shipped");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	return transition(db, who, number, &m, f);
}
