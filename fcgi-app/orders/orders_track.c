/*
 * orders_track.c: cancelling and tracking events
 *
 * Every transition locks the order row, checks the status machine and
 * the version, and moves it (orders_move_db.c) in one transaction: of two
 * concurrent identical transitions one wins and the other gets 409.
 * orders_cancel() and orders_track() are the operations; the API's
 * handlers below and the order page's form (orders_pages.c) both call
 * them.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

struct move {
	struct order_move	 m;
	int64_t			 version;	/* ORDERS_VERSION_ANY: any */
	int			 cancel;
};

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
	    who->kind == ORG_DEALER) : !orders_can_move(o.status, mv->m.to)) {
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

/*
 * body.name as text: NULL when absent or null; a field error (msg) when
 * it is not a string.  For the JSON handlers: lengths are the
 * operations' to check.
 */
const char *
orders_json_text(struct req *r, const cJSON *body, const char *name,
    const char *msg)
{
	const char	*s = NULL;

	if (body != NULL && json_get_string(body, name, (size_t)-1, &s) == -1)
		http_field_error(r, name, msg);
	return s;
}

/* body.version: ORDERS_VERSION_ANY when absent, 0 (refused) when not one. */
int64_t
orders_json_version(const cJSON *body)
{
	int64_t	 v = ORDERS_VERSION_ANY;

	if (body != NULL && json_get_int(body, "version", 1, INT32_MAX,
	    &v) == -1)
		return 0;
	return v;
}

/* The operation's answer: the order as the caller now sees it. */
static int
answer(struct req *r, int st)
{
	return st == 200 ? orders_answer(r, http_param(r, "number")) :
	    http_refused(r, st);
}

/* POST /api/v1/orders/{number}/cancel {"note","version"} */
int
orders_cancel_post(struct req *r)
{
	const char	*note;

	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	note = orders_json_text(r, r->json, "note", "at most 1000 characters");
	return answer(r, orders_cancel(http_db(r), &r->who,
	    http_param(r, "number"), orders_json_version(r->json), note,
	    &r->err));
}

/* POST /api/v1/orders/{number}/events {"status","note","carrier","waybill","version"} */
int
orders_events_post(struct req *r)
{
	struct orders_event	 ev;

	if (r->json != NULL && !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&ev, 0, sizeof(ev));
	ev.note = orders_json_text(r, r->json, "note",
	    "at most 1000 characters");
	ev.version = orders_json_version(r->json);
	ev.status = orders_json_text(r, r->json, "status", "scheduled, "
	    "in_production, shipped, delivered or closed");
	ev.carrier = orders_json_text(r, r->json, "carrier",
	    "at most 100 characters");
	if (r->json != NULL && json_get_string(r->json, "waybill",
	    (size_t)-1, &ev.waybill) == -1)
		http_field_error(r, "carrier", "at most 100 characters");
	return answer(r, orders_track(http_db(r), &r->who,
	    http_param(r, "number"), &ev, &r->err));
}
