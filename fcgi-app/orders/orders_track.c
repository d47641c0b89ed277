/*
 * orders_track.c: cancelling and tracking events
 *
 * Every transition locks the order row, checks the status machine and
 * the version, updates conditionally on both, and appends to the order's
 * timeline and to the feed, in one transaction: of two concurrent
 * identical transitions one wins and the other gets 409.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

enum stmt { STMT_LOCK, STMT_MOVE, STMT_EVENT, STMT_FEED, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT o.id, o.status, o.version, o.dealer_id, o.number FROM orders o "
	"JOIN "
	"orgs d ON d.id = o.dealer_id WHERE o.number = ? AND " SCOPE_SQL("d")
	" FOR UPDATE",
	"UPDATE orders SET status = ?, version = version + 1 WHERE id = ? AND "
	"status = ? AND version = ?",
	"INSERT INTO order_events (order_id, actor_user_id, status, note, "
	"carrier, waybill) VALUES (?, ?, ?, ?, ?, ?)",
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'order', ?, ?, ?)",
};

struct move {
	enum order_status	 to;
	int64_t			 version;	/* -1: any */
	const char		*note, *carrier, *waybill;
	int			 cancel;
};

/* Apply m to the order of the path; answers with the order or an error. */
static int
transition(struct req *r, const struct move *m)
{
	char			 number[32];
	enum order_status	 from;
	struct scope		 sc;
	struct db_stmt		*s;
	struct db		*db;
	char			*payload;
	int64_t			 id, version, dealer;
	cJSON			*j, *p;
	int			 ok, found, rc;

	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	scope_write(&r->who, &sc);
	if ((s = db_prepare(db, stmts[STMT_LOCK])) == NULL ||
	    db_bind_text(s, 0, http_param(r, "number")) == -1 ||
	    scope_bind(s, 1, &sc) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		db_rollback(db);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		db_rollback(db);
		return http_error(r, 404, "not_found", "no such order");
	}
	id = db_col_int(s, 0);
	order_status_parse(db_col_text(s, 1, NULL), &from);
	version = db_col_int(s, 2);
	dealer = db_col_int(s, 3);
	snprintf(number, sizeof(number), "%s", db_col_text(s, 4, NULL));
	db_stmt_release(s);
	if (m->cancel ? !order_can_cancel(from, r->who.kind == ORG_DEALER) :
	    !order_can_move(from, m->to)) {
		db_rollback(db);
		return http_error(r, 409, "illegal_transition", "an order %s "
		    "cannot become %s", order_status_name(from),
		    order_status_name(m->to));
	}
	if (m->version >= 0 && m->version != version) {
		db_rollback(db);
		return http_error(r, 409, "conflict",
		    "the order was changed meanwhile; reload");
	}
	s = db_prepare(db, stmts[STMT_MOVE]);
	ok = s != NULL && db_bind_text(s, 0, order_status_name(m->to)) == 0 &&
	    db_bind_int(s, 1, id) == 0 &&
	    db_bind_text(s, 2, order_status_name(from)) == 0 &&
	    db_bind_int(s, 3, version) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1;
	db_stmt_release(s);
	if (ok) {
		ok = (s = db_prepare(db, stmts[STMT_EVENT])) != NULL &&
		    db_bind_int(s, 0, id) == 0 &&
		    db_bind_int(s, 1, r->who.user_id) == 0 &&
		    db_bind_text(s, 2, order_status_name(m->to)) == 0 &&
		    db_bind_text(s, 3, m->note != NULL ? m->note : "") == 0 &&
		    db_bind_text(s, 4, m->carrier) == 0 &&
		    db_bind_text(s, 5, m->waybill) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	p = cJSON_CreateObject();
	cJSON_AddStringToObject(p, "number", number);
	cJSON_AddStringToObject(p, "from", order_status_name(from));
	cJSON_AddStringToObject(p, "to", order_status_name(m->to));
	if (m->carrier != NULL)
		cJSON_AddStringToObject(p, "carrier", m->carrier);
	if (m->waybill != NULL)
		cJSON_AddStringToObject(p, "waybill", m->waybill);
	payload = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	ok = ok && payload != NULL;
	if (ok) {
		ok = (s = db_prepare(db, stmts[STMT_FEED])) != NULL &&
		    db_bind_text(s, 0, m->cancel ? "order.cancelled" :
		    "order.status_changed") == 0 &&
		    db_bind_text(s, 1, number) == 0 &&
		    db_bind_int(s, 2, dealer) == 0 &&
		    db_bind_text(s, 3, payload) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	cJSON_free(payload);
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return 500;
	}
	scope_read(&r->who, &sc);
	if ((j = orders_load(db, number, 0, &sc, r->lang, &found)) == NULL)
		return 500;
	return http_json(r, 200, j);
}

static int
read_common(struct req *r, struct move *m)
{
	m->version = -1;
	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (r->json != NULL && (json_get_string(r->json, "note", 1000,
	    &m->note) == -1))
		http_field_error(r, "note", "at most 1000 characters");
	if (r->json != NULL && json_get_int(r->json, "version", 1, INT32_MAX,
	    &m->version) == -1)
		http_field_error(r, "version", "the version you read");
	return 0;
}

/* POST /api/v1/orders/{number}/cancel {"note","version"} */
int
orders_cancel_post(struct req *r)
{
	struct move	 m;
	int		 st;

	/* here too, not only in the route: pages reach this handler */
	if (!(r->who.roles & ORDER_CANCELLERS))
		return http_error(r, 403, "forbidden", "you do not cancel orders");
	memset(&m, 0, sizeof(m));
	m.to = ORDER_CANCELLED;
	m.cancel = 1;
	if ((st = read_common(r, &m)) != 0)
		return st;
	if (r->err_fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	return transition(r, &m);
}

/* POST /api/v1/orders/{number}/events {"status","note","carrier","waybill","version"} */
int
orders_events_post(struct req *r)
{
	const char	*status = NULL;
	struct move	 m;
	int		 st;

	if (!(r->who.roles & ORDER_TRACKERS))
		return http_error(r, 403, "forbidden", "you do not track orders");
	memset(&m, 0, sizeof(m));
	if ((st = read_common(r, &m)) != 0)
		return st;
	if (r->json == NULL || json_get_string(r->json, "status", 16,
	    &status) != 0 || order_status_parse(status, &m.to) == -1 ||
	    !order_is_tracking(m.to))
		http_field_error(r, "status", "scheduled, in_production, "
		    "shipped, delivered or closed");
	if (r->json != NULL && (json_get_string(r->json, "carrier", 100,
	    &m.carrier) == -1 || json_get_string(r->json, "waybill", 100,
	    &m.waybill) == -1))
		http_field_error(r, "carrier", "at most 100 characters");
	if (m.to == ORDER_SHIPPED && (m.carrier == NULL || !*m.carrier))
		http_field_error(r, "carrier", "required for shipped");
	if (m.to == ORDER_SHIPPED && (m.waybill == NULL || !*m.waybill))
		http_field_error(r, "waybill", "required for shipped");
	if (r->err_fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	return transition(r, &m);
}
