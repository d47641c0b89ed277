/*
 * orders_return_db.c: a dealer asks to return delivered goods (issue #23)
 *
 * A return names lines of an order shipped, delivered or closed and
 * quantities of what of each has shipped to the dealer, with a reason.
 * Its credit is frozen now from the lines' frozen totals
 * (orders_return_amount(), orders_rules.c) over the units the line's
 * returns already hold; receipt posts it as a credit note
 * (orders_return_move_db.c).
 *
 * Never more than delivered: the order's row is locked first (one
 * server: requests of an order run one after another), then each line's
 * "returned" is written conditionally ("returned + q <= shipped"): on
 * Galera, where locks do not cross nodes, two racers write the same line
 * rows and certification stops the second.  Either way the loser answers
 * 409 and nothing of it is written.  A refusal or a cancellation gives
 * the reserved units back.
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "orders.h"

static const char sql_reserve[] =
	"UPDATE order_lines SET returned = returned + ? WHERE order_id = ? "
	"AND line_no = ? AND returned + ? <= shipped";
static const char sql_number[] =
	"INSERT INTO return_number_ids () VALUES ()";
/* dealer, region and chain: the order's, for scoping as orders are */
static const char sql_insert[] =
	"INSERT INTO returns (number, order_id, dealer_id, region_id, "
	"chain_id, reason, amount, created_by, idem_key, request_hash) "
	"SELECT ?, id, dealer_id, region_id, chain_id, ?, ?, ?, ?, ? "
	"FROM orders WHERE id = ?";
static const char sql_insert_lines[] =
	"INSERT INTO return_lines (return_id, order_id, line_no, quantity, "
	"amount) VALUES (?, ?, ?, ?, ?)";
static const char sql_replay[] =
	"SELECT number, request_hash FROM returns WHERE dealer_id = ? AND "
	"idem_key = ?";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'return', ?, ?, ?)";

struct ret {
	struct line_plan	 l[ORDER_LINES_MAX];
	int			 n;
	int64_t			 amount;
};

/*
 * What in asks of the lines, with its credit: 0, or the refusal in f
 * (422 no such line, 409 more than delivered and not yet asked back).
 */
static int
plan(struct ret *rt, const struct orders_return_in *in, struct fault *f)
{
	char	 field[40], msg[80];
	int	 i, k, over = 0;

	for (i = 0; i < in->n; i++) {
		for (k = 0; k < rt->n && rt->l[k].no != in->lines[i].line; k++)
			;
		if (k == rt->n) {
			snprintf(field, sizeof(field), "lines[%d].line", i);
			fault_field(f, field, "no such line of the order");
			continue;
		}
		rt->l[k].take = in->lines[i].quantity;
		if (rt->l[k].returned + rt->l[k].take > rt->l[k].shipped) {
			snprintf(field, sizeof(field), "lines[%d].quantity", i);
			snprintf(msg, sizeof(msg), "at most %lld delivered and "
			    "not yet returned", (long long)(rt->l[k].shipped -
			    rt->l[k].returned));
			fault_field(f, field, msg);
			over = 1;
		}
	}
	if (fault_fields(f))
		return over ? fault_set(f, 409, "over_return", "a return "
		    "never takes more of a line than was delivered") :
		    fault_set(f, 422, "validation_failed", "check the fields");
	for (k = 0; k < rt->n; k++) {
		if (rt->l[k].take > 0 && (rt->l[k].amount =
		    orders_return_amount(rt->l[k].total, rt->l[k].quantity,
		    rt->l[k].returned, rt->l[k].take)) < 0)
			return 500;
		rt->amount += rt->l[k].amount;
	}
	return 0;
}

/* The return's row and its lines.  0 or -1. */
static int
return_write(struct db *db, const struct order_locked *o, int64_t actor,
    const struct orders_return_in *in, const struct ret *rt,
    const char *number)
{
	struct db_stmt	*s;
	uint64_t	 id;
	int		 ok;

	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_text(s, 0, number) == 0 &&
	    db_bind_text(s, 1, in->reason) == 0 &&
	    db_bind_int(s, 2, rt->amount) == 0 &&
	    db_bind_int(s, 3, actor) == 0 &&
	    db_bind_text(s, 4, in->key) == 0 &&
	    db_bind_text(s, 5, in->hash) == 0 &&
	    db_bind_int(s, 6, o->id) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1;
	id = ok ? db_insert_id(s) : 0;
	db_stmt_release(s);
	if (!ok)
		return -1;
	/* one statement: the order_docs trigger builds the returns' array */
	return orders_lines_insert(db, sql_insert_lines, (int64_t)id, o->id,
	    rt->l, rt->n);
}

/*
 * The feed event of type about the return numbered number of the order
 * o (payload p), and its notification of the same kind, if any: in the
 * caller's transaction.  0 or -1.
 */
int
orders_return_event(struct db *db, int64_t dealer, const char *type,
    const char *number, const char *p)
{
	if (db_execv(db, sql_feed, NULL, "ttit", type, number, dealer, p) != 1)
		return -1;
	return notify_kind_find(type) == NULL || notify_event(db, type,
	    "return", number, dealer, p) == 0 ? 0 : -1;
}

/* The feed's payload of a request (and its notification's params). */
static char *
payload(const struct order_locked *o, const struct ret *rt,
    const char *number)
{
	cJSON	*p = cJSON_CreateObject(), *a, *l;
	char	*s;
	int	 k;

	cJSON_AddStringToObject(p, "number", number);
	cJSON_AddStringToObject(p, "order", o->number);
	cJSON_AddStringToObject(p, "status", "requested");
	cJSON_AddNumberToObject(p, "amount", (double)rt->amount);
	a = cJSON_AddArrayToObject(p, "lines");
	for (k = 0; k < rt->n; k++) {
		if (rt->l[k].take == 0)
			continue;
		l = cJSON_CreateObject();
		cJSON_AddNumberToObject(l, "line", (double)rt->l[k].no);
		cJSON_AddNumberToObject(l, "quantity", (double)rt->l[k].take);
		cJSON_AddNumberToObject(l, "amount", (double)rt->l[k].amount);
		cJSON_AddItemToArray(a, l);
	}
	s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

/* in's fields checked, into f. */
static void
check(const struct orders_return_in *in, struct fault *f)
{
	size_t	 chars;

	if (in->key == NULL)
		fault_field(f, "Idempotency-Key", "required: 1 to 100 of A-Z "
		    "a-z 0-9 - _ . :");
	orders_check_lines(f, in->lines, in->n);
	chars = in->reason != NULL ? util_utf8_chars(in->reason) : 0;
	if (in->reason == NULL || util_blank(in->reason) ||
	    chars > RETURN_TEXT_MAX || strlen(in->reason) > 4 * RETURN_TEXT_MAX)
		fault_field(f, "reason", "required: 1 to 1000 characters");
}

/* The request's writes, the order o locked: 0, or the refusal. */
static int
request_locked(struct db *db, const struct order_locked *o, int64_t actor,
    const struct orders_return_in *in, char *num, size_t size,
    struct fault *f)
{
	struct ret	 rt;
	char		*p;
	int		 rc;

	memset(&rt, 0, sizeof(rt));
	if ((rt.n = orders_lines_plan(db, o->id, rt.l)) == -1)
		return 500;
	if ((rc = plan(&rt, in, f)) != 0)
		return rc;
	if ((rc = orders_lines_take(db, sql_reserve, o->id, rt.l,
	    rt.n)) != 0)
		return rc == 1 ? fault_set(f, 409, "over_return", "a return "
		    "never takes more of a line than was delivered") : 500;
	if (db_number(db, sql_number, "RMA", num, size) == -1 ||
	    return_write(db, o, actor, in, &rt, num) == -1 ||
	    orders_timeline_add(db, o->id, actor, "return_requested", num,
	    NULL, NULL) == -1 || (p = payload(o, &rt, num)) == NULL)
		return 500;
	rc = orders_return_event(db, o->dealer, "return.requested", num, p);
	cJSON_free(p);
	return rc == 0 ? 0 : 500;
}

/*
 * A return of the order numbered number (within who's write scope) as in
 * says, idempotent by in->key (per dealer): 201 made, 200 the same
 * request again, its number into out (size bytes); else the refusal in f
 * (404 outside the scope, 409 the order's status, more than delivered or
 * the key's other request, 422 the fields).
 */
int
orders_return_request(struct db *db, const struct principal *who,
    const char *number, const struct orders_return_in *in, char *out,
    size_t size, struct fault *f)
{
	struct order_locked	 o;
	int			 rc;

	if (!(who->roles & RETURN_TAKERS))
		return fault_set(f, 403, "forbidden",
		    "you do not return goods");
	check(in, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = orders_begin_locked(db, who, number, &o, f)) != 0)
		return rc;
	/* after the lock: a retry finds what the first call committed */
	if ((rc = db_replay(db, sql_replay, o.dealer, in->key, in->hash, out,
	    size, "return", f)) != 0) {
		db_rollback(db);
		return rc;
	}
	if (!orders_can_return(o.status)) {
		db_rollback(db);
		return fault_set(f, 409, "illegal_transition", "an order %s "
		    "takes no returns: only one shipped, delivered or closed",
		    orders_status_name(o.status));
	}
	if ((rc = request_locked(db, &o, who->user_id, in, out, size,
	    f)) != 0 || db_commit(db) == -1) {
		db_rollback(db);
		/* the same key, committed meanwhile by a retry elsewhere */
		if (rc == 500 && db_is_duplicate(db) && (rc = db_replay(db,
		    sql_replay, o.dealer, in->key, in->hash, out, size,
		    "return", f)) != 0)
			return rc;
		return rc != 0 ? rc : 500;
	}
	return 201;
}
