/*
 * orders_ship_db.c: an order delivered in shipments (issue #23)
 *
 * A shipment names lines of the order and quantities, with carrier,
 * waybill and date; it posts its own invoice (orders_ship_amount() of
 * each line's frozen total, orders_rules.c) in its transaction, with its
 * timeline entry, its feed event and its notification.  The order stays
 * in_production until the shipment that ships the last of its lines,
 * which moves it to shipped (orders_move()).  The old single "shipped"
 * event is one shipment of whatever is left (orders_ship_locked() with
 * no lines).
 *
 * Never more than ordered: the order's row is locked first (so on one
 * server shipments of an order run one after another and each reads what
 * the last one shipped), and each line is then written conditionally
 * ("shipped + q <= quantity") and the order's version too: on Galera,
 * where locks do not cross nodes, two racers write the same rows and
 * certification stops the second.  Either way the loser answers 409.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../ledger/ledger_invoice.h"
#include "orders.h"

static const char sql_lines[] =
	"SELECT line_no, quantity, shipped, returned, line_total FROM "
	"order_lines WHERE order_id = ? ORDER BY line_no";
static const char sql_ship_line[] =
	"UPDATE order_lines SET shipped = shipped + ? WHERE order_id = ? AND "
	"line_no = ? AND shipped + ? <= quantity";
static const char sql_seq[] =
	"SELECT COALESCE(MAX(seq), 0) + 1 FROM shipments WHERE order_id = ?";
static const char sql_insert[] =
	"INSERT INTO shipments (order_id, seq, number, carrier, waybill, "
	"shipped_on, amount, ledger_entry_id, created_by, idem_key, "
	"request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_insert_lines[] =
	"INSERT INTO shipment_lines (shipment_id, order_id, line_no, "
	"quantity, amount) VALUES (?, ?, ?, ?, ?)";
/* a shipment that leaves lines open: the order's version, and what of
 * its value is invoiced */
static const char sql_part[] =
	"UPDATE orders SET version = version + 1, invoiced = invoiced + ? "
	"WHERE id = ? AND status = 'in_production' AND version = ?";
static const char sql_invoiced[] =
	"UPDATE orders SET invoiced = invoiced + ? WHERE id = ?";
static const char sql_replay[] =
	"SELECT number, request_hash FROM shipments WHERE order_id = ? AND "
	"idem_key = ?";

struct ship {
	struct line_plan	 l[ORDER_LINES_MAX];
	int			 n;
	int64_t			 amount;
	int			 complete;	/* every line shipped after it */
};

/*
 * The order's lines as they stand into l (ORDER_LINES_MAX), read after
 * the order's row is locked, for a shipment or a return to plan on:
 * their count, or -1.
 */
int
orders_lines_plan(struct db *db, int64_t order, struct line_plan *l)
{
	struct db_stmt	*s;
	int		 rc, n = 0;

	if ((s = db_preparef(db, sql_lines, "i", order)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW && n < ORDER_LINES_MAX) {
		memset(&l[n], 0, sizeof(l[n]));
		l[n].no = db_col_int(s, 0);
		l[n].quantity = db_col_int(s, 1);
		l[n].shipped = db_col_int(s, 2);
		l[n].returned = db_col_int(s, 3);
		l[n].total = db_col_int(s, 4);
		n++;
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : n;
}

/*
 * Write what each line of l takes with sql ("UPDATE order_lines SET x =
 * x + ? WHERE order_id = ? AND line_no = ? AND x + ? <= ..."), only if
 * the line allows it: 0, 1 a line did not (a racer took it first), -1
 * (a lost deadlock or certification among them: the dispatcher runs the
 * request again).
 */
int
orders_lines_take(struct db *db, const char *sql, int64_t order,
    const struct line_plan *l, int n)
{
	int	 k, rc;

	for (k = 0; k < n; k++) {
		if (l[k].take == 0)
			continue;
		if ((rc = db_execv(db, sql, NULL, "iiii", l[k].take, order,
		    l[k].no, l[k].take)) != 1)
			return rc == 0 ? 1 : -1;
	}
	return 0;
}

/*
 * The lines of l that take something as rows of sql ("INSERT INTO
 * x_lines (parent, order_id, line_no, quantity, amount)"), in one
 * statement: a trigger of the table rebuilds the order's array in
 * order_docs.  0 or -1.
 */
int
orders_lines_insert(struct db *db, const char *sql, int64_t parent,
    int64_t order, const struct line_plan *l, int n)
{
	int64_t		 pid[ORDER_LINES_MAX], oid[ORDER_LINES_MAX];
	int64_t		 no[ORDER_LINES_MAX], q[ORDER_LINES_MAX];
	int64_t		 amt[ORDER_LINES_MAX];
	struct db_stmt	*s;
	unsigned	 rows = 0;
	int		 k, ok;

	for (k = 0; k < n; k++) {
		if (l[k].take == 0)
			continue;
		pid[rows] = parent;
		oid[rows] = order;
		no[rows] = l[k].no;
		q[rows] = l[k].take;
		amt[rows++] = l[k].amount;
	}
	s = db_prepare(db, sql);
	ok = s != NULL && db_bind_ints(s, 0, pid) == 0 &&
	    db_bind_ints(s, 1, oid) == 0 && db_bind_ints(s, 2, no) == 0 &&
	    db_bind_ints(s, 3, q) == 0 && db_bind_ints(s, 4, amt) == 0 &&
	    db_exec_rows(s, rows) == 0;
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/*
 * What in asks of the lines in sh (NULL lines: the rest of each), with
 * the amounts: 0, or the refusal in f (422 no such line, 409 more than
 * is left).
 */
static int
plan(struct ship *sh, const struct orders_shipment_in *in, struct fault *f)
{
	char	 field[40], msg[80];
	int	 i, k, over = 0;

	for (k = 0; k < sh->n; k++)
		if (in->lines == NULL)
			sh->l[k].take = sh->l[k].quantity - sh->l[k].shipped;
	for (i = 0; in->lines != NULL && i < in->n; i++) {
		for (k = 0; k < sh->n && sh->l[k].no != in->lines[i].line; k++)
			;
		if (k == sh->n) {
			snprintf(field, sizeof(field), "lines[%d].line", i);
			fault_field(f, field, "no such line of the order");
			continue;
		}
		sh->l[k].take = in->lines[i].quantity;
		if (sh->l[k].shipped + sh->l[k].take > sh->l[k].quantity) {
			snprintf(field, sizeof(field), "lines[%d].quantity", i);
			snprintf(msg, sizeof(msg), "at most %lld left to ship",
			    (long long)(sh->l[k].quantity - sh->l[k].shipped));
			fault_field(f, field, msg);
			over = 1;
		}
	}
	if (fault_fields(f))
		return over ? fault_set(f, 409, "over_shipment", "a shipment "
		    "never takes more of a line than is left of it") :
		    fault_set(f, 422, "validation_failed", "check the fields");
	sh->complete = 1;
	for (k = 0; k < sh->n; k++) {
		if (sh->l[k].take > 0 && (sh->l[k].amount = orders_ship_amount(
		    sh->l[k].total, sh->l[k].quantity, sh->l[k].shipped,
		    sh->l[k].take)) < 0)
			return 500;
		sh->amount += sh->l[k].amount;
		if (sh->l[k].shipped + sh->l[k].take < sh->l[k].quantity)
			sh->complete = 0;
	}
	return 0;
}

/* The shipment's row and its lines.  0 or -1. */
static int
shipment_write(struct db *db, const struct order_locked *o, int64_t actor,
    const struct orders_shipment_in *in, const struct ship *sh, int seq,
    const char *number, const char *on, int64_t invoice)
{
	struct db_stmt	*s;
	uint64_t	 id;
	int		 ok;

	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_int(s, 0, o->id) == 0 &&
	    db_bind_int(s, 1, seq) == 0 && db_bind_text(s, 2, number) == 0 &&
	    db_bind_text(s, 3, in->carrier) == 0 &&
	    db_bind_text(s, 4, in->waybill) == 0 &&
	    db_bind_text(s, 5, on) == 0 && db_bind_int(s, 6, sh->amount) == 0 &&
	    db_bind_int(s, 7, invoice) == 0 && db_bind_int(s, 8, actor) == 0 &&
	    db_bind_text(s, 9, in->key) == 0 &&
	    db_bind_text(s, 10, in->key != NULL ? in->hash : NULL) == 0 &&
	    db_exec(s) == 0;
	id = ok ? db_insert_id(s) : 0;
	db_stmt_release(s);
	if (!ok)
		return -1;
	/* one statement: the order_docs trigger builds the shipments' array */
	return orders_lines_insert(db, sql_insert_lines, (int64_t)id, o->id,
	    sh->l, sh->n);
}

/* The feed's payload of a shipment (and its notification's params). */
static char *
payload(const struct order_locked *o, const struct orders_shipment_in *in,
    const struct ship *sh, const char *number, const char *on,
    int64_t invoice)
{
	cJSON	*p = cJSON_CreateObject(), *a, *l;
	char	*s;
	int	 k;

	cJSON_AddStringToObject(p, "number", o->number);
	cJSON_AddStringToObject(p, "shipment", number);
	cJSON_AddStringToObject(p, "carrier", in->carrier);
	cJSON_AddStringToObject(p, "waybill", in->waybill);
	cJSON_AddStringToObject(p, "shipped_on", on);
	cJSON_AddNumberToObject(p, "amount", (double)sh->amount);
	cJSON_AddNumberToObject(p, "invoice", (double)invoice);
	a = cJSON_AddArrayToObject(p, "lines");
	for (k = 0; k < sh->n; k++) {
		if (sh->l[k].take == 0)
			continue;
		l = cJSON_CreateObject();
		cJSON_AddNumberToObject(l, "line", (double)sh->l[k].no);
		cJSON_AddNumberToObject(l, "quantity", (double)sh->l[k].take);
		cJSON_AddNumberToObject(l, "amount", (double)sh->l[k].amount);
		cJSON_AddItemToArray(a, l);
	}
	s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

/*
 * The order's status and version after a shipment, its timeline entry,
 * its feed event and notification: the last shipment moves the order to
 * shipped (orders_move()), one before it leaves it in production as
 * "part_shipped".  0, 409 (the order changed), or 500.
 */
static int
order_write(struct db *db, const struct order_locked *o, int64_t actor,
    const struct orders_shipment_in *in, const struct ship *sh,
    const char *number, const char *p, struct fault *f)
{
	struct order_move	 m;
	int			 rc;

	if (sh->complete) {
		memset(&m, 0, sizeof(m));
		m.to = ORDER_SHIPPED;
		m.actor = actor;
		m.note = in->note;
		m.carrier = in->carrier;
		m.waybill = in->waybill;
		m.shipment = number;
		m.feed_type = "order.status_changed";
		if ((rc = orders_move(db, o, &m)) != 0)
			return rc == 1 ? fault_set(f, 409, "conflict", "the "
			    "order was changed meanwhile; reload") : 500;
		return db_execv(db, sql_invoiced, NULL, "ii", sh->amount,
		    o->id) == 1 ? 0 : 500;
	}
	if ((rc = db_execv(db, sql_part, NULL, "iii", sh->amount, o->id,
	    o->version)) != 1)
		return rc != 0 ? 500 : fault_set(f, 409, "conflict",
		    "the order was changed meanwhile; reload");
	if (orders_timeline_add(db, o->id, actor, "part_shipped", in->note,
	    in->carrier, in->waybill) == -1 || orders_feed_add(db, o,
	    "order.shipment", "part_shipped", p) == -1)
		return 500;
	return 0;
}

/*
 * Ship what in says of the order o, locked in the caller's transaction,
 * by actor: the lines, the invoice, the shipment, the order's move, its
 * timeline, feed and notification.  The shipment's number into number
 * (size bytes; may be NULL).  0 done, else the refusal's status (in f);
 * the caller rolls back on anything but 0.
 */
int
orders_ship_locked(struct db *db, const struct order_locked *o,
    int64_t actor, const struct orders_shipment_in *in, char *number,
    size_t size, struct fault *f)
{
	struct db_stmt	*s;
	struct ship	 sh;
	char		 num[48], on[11], memo[64], *p;
	int64_t		 invoice, seq;
	int		 rc, k, any = 0;

	memset(&sh, 0, sizeof(sh));
	if ((sh.n = orders_lines_plan(db, o->id, sh.l)) == -1)
		return 500;
	if ((rc = plan(&sh, in, f)) != 0)
		return rc;
	for (k = 0; k < sh.n; k++)
		any |= sh.l[k].take > 0;
	if (!any)	/* nothing left: only the order's move, if any */
		return order_write(db, o, actor, in, &sh, NULL, NULL, f);
	if ((rc = orders_lines_take(db, sql_ship_line, o->id, sh.l,
	    sh.n)) != 0)
		return rc == 1 ? fault_set(f, 409, "over_shipment", "a "
		    "shipment never takes more of a line than is left of it") :
		    500;
	if ((s = db_preparef(db, sql_seq, "i", o->id)) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return 500;
	}
	seq = db_col_int(s, 0);
	db_stmt_release(s);
	snprintf(num, sizeof(num), "%s-S%lld", o->number, (long long)seq);
	if (in->shipped_on != NULL)
		snprintf(on, sizeof(on), "%s", in->shipped_on);
	else
		orders_china_today(on, sizeof(on));
	snprintf(memo, sizeof(memo), "%s", num);
	/*
	 * The invoice's reference, unique per dealer and kind: the
	 * shipment's number, or the order's when this one ships the whole
	 * order at once (as an order's one invoice always did).
	 */
	if (ledger_invoice_post(db, o->dealer, sh.amount, sh.complete &&
	    seq == 1 ? o->number : num, memo, o->po_number, actor,
	    &invoice) == -1 ||
	    shipment_write(db, o, actor, in, &sh,
	    (int)seq, num, on, invoice) == -1)
		return 500;
	if ((p = payload(o, in, &sh, num, on, invoice)) == NULL)
		return 500;
	rc = order_write(db, o, actor, in, &sh, num, p, f);
	cJSON_free(p);
	if (rc == 0 && number != NULL)
		snprintf(number, size, "%s", num);
	return rc;
}

/*
 * The shipment of the order by id that key made, as db_replay(): 0 the
 * key is new, 200 the same request (hash) again with its number in out,
 * 409 (in f) another request, 500 an error.
 */
int
orders_ship_replay(struct db *db, int64_t order, const char *key,
    const char *hash, char *out, size_t size, struct fault *f)
{
	return db_replay(db, sql_replay, order, key, hash, out, size,
	    "shipment", f);
}
