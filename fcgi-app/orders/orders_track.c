/*
 * orders_track.c: cancelling and tracking events
 *
 * Every transition locks the order row, checks the status machine and
 * the version, and moves it (orders_move.c) in one transaction: of two
 * concurrent identical transitions one wins and the other gets 409.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

struct move {
	struct order_move	 m;
	int64_t			 version;	/* -1: any */
	int			 cancel;
};

/* Apply mv to the order of the path; answers with the order or an error. */
static int
transition(struct req *r, struct move *mv)
{
	struct order_locked	 o;
	struct db		*db;
	int			 rc;

	if ((rc = orders_begin_locked(r, &o)) != 0)
		return rc;
	db = http_db(r);
	if (mv->cancel ? !orders_can_cancel(o.status,
	    r->who.kind == ORG_DEALER) : !orders_can_move(o.status, mv->m.to)) {
		db_rollback(db);
		return http_error(r, 409, "illegal_transition", "an order %s "
		    "cannot become %s", orders_status_name(o.status),
		    orders_status_name(mv->m.to));
	}
	if (mv->version >= 0 && mv->version != o.version) {
		db_rollback(db);
		return http_error(r, 409, "conflict",
		    "the order was changed meanwhile; reload");
	}
	mv->m.actor = r->who.user_id;
	mv->m.feed_type = mv->cancel ? "order.cancelled" :
	    "order.status_changed";
	if ((rc = orders_move(db, &o, &mv->m)) != 0 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? http_error(r, 409, "conflict",
		    "the order was changed meanwhile; reload") : 500;
	}
	return orders_answer(r, o.number);
}

static int
read_common(struct req *r, struct move *m)
{
	m->version = -1;
	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (r->json != NULL && (json_get_string(r->json, "note", 1000,
	    &m->m.note) == -1))
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
	m.m.to = ORDER_CANCELLED;
	m.cancel = 1;
	if ((st = read_common(r, &m)) != 0)
		return st;
	if (r->err.fields != NULL)
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
	    &status) != 0 || orders_status_parse(status, &m.m.to) == -1 ||
	    !orders_is_tracking(m.m.to))
		http_field_error(r, "status", "scheduled, in_production, "
		    "shipped, delivered or closed");
	if (r->json != NULL && (json_get_string(r->json, "carrier", 100,
	    &m.m.carrier) == -1 || json_get_string(r->json, "waybill", 100,
	    &m.m.waybill) == -1))
		http_field_error(r, "carrier", "at most 100 characters");
	if (m.m.to == ORDER_SHIPPED && (m.m.carrier == NULL ||
	    !*m.m.carrier))
		http_field_error(r, "carrier", "required for shipped");
	if (m.m.to == ORDER_SHIPPED && (m.m.waybill == NULL ||
	    !*m.m.waybill))
		http_field_error(r, "waybill", "required for shipped");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	return transition(r, &m);
}
