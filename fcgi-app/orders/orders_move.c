/*
 * orders_move.c: one status transition of one order, in the caller's
 * transaction: lock the order (within the caller's write scope), then
 * update it conditionally on the status and version read, and append to
 * its timeline and to the feed (and when it ships, post its invoice to
 * the ledger).  Cancelling, tracking and the approval decisions all come
 * here, so of two concurrent identical transitions one wins and the
 * other finds the order changed.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../ledger/ledger_invoice.h"
#include "../notify/notify.h"
#include "orders.h"

enum stmt { STMT_MOVE, STMT_EVENT, STMT_FEED, STMT_COSTS, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"UPDATE orders SET status = ?, version = version + 1, promised_date = "
	"COALESCE(?, promised_date) WHERE id = ? AND status = ? AND "
	"version = ?",
	"INSERT INTO order_events (order_id, actor_user_id, status, note, "
	"carrier, waybill) VALUES (?, ?, ?, ?, ?, ?)",
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'order', ?, ?, ?)",
	/* shipped: what each model now costs the dealer, per unit */
	"INSERT INTO dealer_costs (dealer_id, product_id, unit_cost, order_id) "
	"SELECT ?, product_id, ROUND(line_total / quantity), order_id FROM "
	"order_lines WHERE order_id = ? AND quantity > 0 ORDER BY line_no "
	"ON DUPLICATE KEY UPDATE unit_cost = VALUES(unit_cost), order_id = "
	"VALUES(order_id)",
};

/* The lock, in one variant per scope path (see orders_db.c). */
#define LOCK_SQL(owner) \
	"SELECT o.id, o.status, o.version, o.dealer_id, o.number, o.total, " \
	"o.region_id FROM orders o WHERE o.number = ? AND " owner " FOR UPDATE"

static const char *const lock_sql[SCOPE__PATHS] = {
	LOCK_SQL(SCOPE_OWNER_ALL("o")),
	LOCK_SQL(SCOPE_OWNER_REGION("o")),
	LOCK_SQL(SCOPE_OWNER_DEALER("o")),
	LOCK_SQL(SCOPE_OWNER_MANAGER("o")),
};

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

	s = db_prepare(db, lock_sql[scope_path(sc, &key)]);
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
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
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
	if (m->promised != NULL)
		cJSON_AddStringToObject(p, "promised_date", m->promised);
	if (m->feed_reason && m->note != NULL && *m->note != '\0')
		cJSON_AddStringToObject(p, "reason", m->note);
	s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

/*
 * Move the locked order o as m says.  0 done, 1 the order changed since
 * it was read (the caller answers 409), -1 error.  The caller rolls back
 * on anything but 0.
 */
int
orders_move(struct db *db, const struct order_locked *o,
    const struct order_move *m)
{
	struct db_stmt	*s;
	char		*p, kind[NOTIFY_KIND_MAX + 1];
	int		 ok;

	s = db_prepare(db, stmts[STMT_MOVE]);
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
	ok = (s = db_prepare(db, stmts[STMT_EVENT])) != NULL &&
	    db_bind_int(s, 0, o->id) == 0 && db_bind_int(s, 1, m->actor) == 0 &&
	    db_bind_text(s, 2, orders_status_name(m->to)) == 0 &&
	    db_bind_text(s, 3, m->note != NULL ? m->note : "") == 0 &&
	    db_bind_text(s, 4, m->carrier) == 0 &&
	    db_bind_text(s, 5, m->waybill) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	/* from approved to owed: the exposure of the dealer stays the same */
	if (ok && m->to == ORDER_SHIPPED) {
		/* the invoice, in the same transaction */
		ok = ledger_invoice_post(db, o->dealer, o->total, o->number,
		    m->actor) == 0;
		ok = ok && db_execv(db, stmts[STMT_COSTS], NULL, "ii",
		    o->dealer, o->id) >= 0;
	}
	if (!ok || (p = payload(o, m)) == NULL)
		return -1;
	ok = (s = db_prepare(db, stmts[STMT_FEED])) != NULL &&
	    db_bind_text(s, 0, m->feed_type) == 0 &&
	    db_bind_text(s, 1, o->number) == 0 &&
	    db_bind_int(s, 2, o->dealer) == 0 &&
	    db_bind_text(s, 3, p) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	/* the dealer's people hear of it: one event, fanned out later */
	snprintf(kind, sizeof(kind), "order.%s", orders_status_name(m->to));
	ok = ok && (notify_kind_find(kind) == NULL || notify_event(db, kind,
	    "order", o->number, o->dealer, p) == 0);
	cJSON_free(p);
	return ok ? 0 : -1;
}

/*
 * A transition's start, for its handler: a transaction, and the order of
 * the path locked within the caller's write scope.  0 to go on, else the
 * status to answer (404 outside the scope; rolled back).
 */
int
orders_begin_locked(struct req *r, struct order_locked *o)
{
	struct scope	 sc;
	struct db	*db;
	int		 rc;

	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	scope_write(&r->who, &sc);
	if ((rc = orders_lock(db, http_param(r, "number"), &sc, o)) == 1)
		return 0;
	db_rollback(db);
	return rc == 0 ? http_error(r, 404, "not_found", "no such order") :
	    500;
}

/* A transition's end: the order as the caller now sees it, 200. */
int
orders_answer(struct req *r, const char *number)
{
	struct scope	 sc;
	cJSON		*j;
	int		 found;

	scope_read(&r->who, &sc);
	if ((j = orders_load(http_db(r), number, 0, &sc, r->lang,
	    &found)) == NULL)
		return 500;
	return http_json(r, 200, j);
}
