/*
 * orders_store_db.c: writing a new order: its number, its row, its lines
 * with prices frozen, the first timeline event and the feed event, in the
 * caller's transaction.  The API's submission and the demo data both
 * come here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "orders.h"

static const char sql_number[] =
	"INSERT INTO order_number_ids () VALUES ()";
/*
 * The order's row, returning what its answer needs (issue #22): its id,
 * its clock (the timeline's first event takes the same instant) and the
 * dealer's and the author's names, so the order need not be read back.
 * A customer's order above the dealer's own release limit or its
 * chain's, the lower of the two (a branch cannot raise its chain's; NULL:
 * none), waits for the dealer's approver (migrations 0049, 0051): decided
 * here, in the same statement, from the rows read with their shared
 * locks.
 */
static const char sql_order[] =
	"INSERT INTO orders (number, dealer_id, region_id, chain_id, total, "
	"requested_date, ship_to, note, created_by, status) SELECT ?, d.id, "
	"d.region_id, d.chain_id, ?, ?, ?, ?, ?, IF(? = 1 AND ? > "
	ORDERS_RELEASE_LIMIT("d", "x") ", 'awaiting_release', "
	"'submitted') FROM orgs d LEFT JOIN orgs x ON x.id = d.chain_id "
	"WHERE d.id = ? AND d.kind = 'dealer' "
	"RETURNING id, version, "
	"DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f'), "
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "
	"DATE_FORMAT(created_at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i'), "
	"(SELECT d.name_zh FROM orgs d WHERE d.id = orders.dealer_id), "
	"(SELECT d.name_en FROM orgs d WHERE d.id = orders.dealer_id), "
	"(SELECT u.display_name FROM users u WHERE u.id = orders.created_by), "
	"status";
/* every line in one execution: the columns are bound to arrays */
static const char sql_line[] =
	"INSERT INTO order_lines (order_id, line_no, product_id, product_code, "
	"quantity, options, unit_price, discount, line_total, promotion_id, "
	"contract_price_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), "
	"NULLIF(?, 0))";
/*
 * The dealer's PO number, if given, in a statement of its own: a
 * duplicate (orders_po, unique per dealer) must fail a plain UPDATE, as
 * a failed INSERT ... RETURNING leaves Connector/C's connection out of
 * step (the next statement waits for the server's timeout).  A racer
 * with the same number waits for this transaction, then fails.
 */
static const char sql_po[] =
	"UPDATE orders SET po_number = ? WHERE id = ?";
static const char sql_event[] =
	"INSERT INTO order_events (order_id, actor_user_id, status, note, at) "
	"VALUES (?, ?, ?, '', ?)";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('order.submitted', 'order', ?, ?, ?)";

_Static_assert(ORDER_LINES_MAX <= DB_ROWS_MAX,
    "an order's lines go in one array execution");

/* The lines' columns, one array each, for one execution. */
struct line_cols {
	int64_t		 order[ORDER_LINES_MAX], no[ORDER_LINES_MAX];
	int64_t		 product[ORDER_LINES_MAX], quantity[ORDER_LINES_MAX];
	int64_t		 unit[ORDER_LINES_MAX], discount[ORDER_LINES_MAX];
	int64_t		 total[ORDER_LINES_MAX], promo[ORDER_LINES_MAX];
	int64_t		 contract[ORDER_LINES_MAX];
	const char	*code[ORDER_LINES_MAX], *options[ORDER_LINES_MAX];
};

/* Today in China, "YYYY-MM-DD" (out holds 11). */
void
orders_china_today(char *out, size_t size)
{
	util_china_date(out, size, 0);
}

static int
exec_ok(struct db_stmt *s, int ok)
{
	return ok && db_exec(s) == 0;
}

/* Every line of o, order id, in one statement.  0 or -1. */
static int
insert_lines(struct db *db, const struct order_new *o, int64_t id)
{
	const struct order_line_new	*l = o->lines;
	struct line_cols		*c;
	struct db_stmt			*s;
	unsigned			 n = (unsigned)o->n;
	int				 i, ok;

	if (o->n < 1)
		return 0;
	if (o->n > ORDER_LINES_MAX || (c = malloc(sizeof(*c))) == NULL)
		return -1;
	for (i = 0; i < o->n; i++) {
		c->order[i] = id;
		c->no[i] = i + 1;
		c->product[i] = l[i].p.id;
		c->code[i] = l[i].p.code;
		c->quantity[i] = l[i].quantity;
		c->options[i] = l[i].options != NULL ? l[i].options : "{}";
		c->unit[i] = l[i].price.unit;
		c->discount[i] = l[i].price.discount;
		c->total[i] = l[i].price.total;
		c->promo[i] = l[i].price.promo_id;
		c->contract[i] = l[i].price.contract_id;
	}
	/*
	 * An INSERT without IGNORE stores every row or fails.  Its count is
	 * not checked against n: run as one bulk execution, MariaDB counts
	 * in it the rows of the order_docs trigger too (5 for 2 lines).
	 */
	s = db_prepare(db, sql_line);
	ok = s != NULL && db_bind_ints(s, 0, c->order) == 0 &&
	    db_bind_ints(s, 1, c->no) == 0 &&
	    db_bind_ints(s, 2, c->product) == 0 &&
	    db_bind_texts(s, 3, c->code, n) == 0 &&
	    db_bind_ints(s, 4, c->quantity) == 0 &&
	    db_bind_texts(s, 5, c->options, n) == 0 &&
	    db_bind_ints(s, 6, c->unit) == 0 &&
	    db_bind_ints(s, 7, c->discount) == 0 &&
	    db_bind_ints(s, 8, c->total) == 0 &&
	    db_bind_ints(s, 9, c->promo) == 0 &&
	    db_bind_ints(s, 10, c->contract) == 0 && db_exec_rows(s, n) == 0;
	db_stmt_release(s);
	free(c);
	return ok ? 0 : -1;
}

/* The order's row (its RETURNING into *id and m).  0 or -1. */
static int
insert_order(struct db *db, const struct order_new *o, const char *number,
    int64_t total, int64_t *id, struct order_made *m)
{
	struct db_stmt	*s;
	int		 ok;

	s = db_prepare(db, sql_order);
	ok = s != NULL && db_bind_text(s, 0, number) == 0 &&
	    db_bind_int(s, 1, total) == 0 &&
	    db_bind_text(s, 2, o->requested_date) == 0 &&
	    db_bind_text(s, 3, o->ship_to) == 0 &&
	    db_bind_text(s, 4, o->note != NULL ? o->note : "") == 0 &&
	    db_bind_int(s, 5, o->user) == 0 &&
	    db_bind_int(s, 6, o->customer) == 0 &&
	    db_bind_int(s, 7, total) == 0 &&
	    db_bind_int(s, 8, o->dealer) == 0 && db_step(s) == DB_ROW;
	if (ok) {
		*id = db_col_int(s, 0);
		m->version = db_col_int(s, 1);
		db_col_copy(s, 2, m->at, sizeof(m->at));
		db_col_copy(s, 3, m->created_at, sizeof(m->created_at));
		db_col_copy(s, 4, m->at_china, sizeof(m->at_china));
		db_col_copy(s, 5, m->dealer_zh, sizeof(m->dealer_zh));
		db_col_copy(s, 6, m->dealer_en, sizeof(m->dealer_en));
		db_col_copy(s, 7, m->actor, sizeof(m->actor));
		ok = orders_status_parse(db_col_text(s, 8, NULL),
		    &m->status) == 0;
	}
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/*
 * Insert o (its lines priced) as a submitted order (or one awaiting the
 * dealer's release: then the feed, the region's, hears of it only when
 * it is released, orders_release.c) numbered
 * SO-YYYY-NNNNNN from the counter (no hot row; gaps allowed).  number
 * and *id get what it became, o->made (if not NULL) what the answer
 * needs.  0, or -1 (the caller rolls back).
 */
int
orders_insert(struct db *db, const struct order_new *o, char *number,
    size_t numsize, int64_t *id)
{
	const struct order_line_new	*l = o->lines;
	struct order_made		 mine, *m;
	struct db_stmt			*s;
	char				 payload[160];
	int64_t				 total = 0;
	int				 i, ok;

	m = o->made != NULL ? o->made : &mine;
	for (i = 0; i < o->n; i++)
		total += l[i].price.total;
	if (db_number(db, sql_number, "SO", number, numsize) == -1)
		return -1;
	ok = insert_order(db, o, number, total, id, m) == 0 &&
	    (o->po_number == NULL || db_execv(db, sql_po, NULL, "ti",
	    o->po_number, *id) == 1) && insert_lines(db, o, *id) == 0;
	snprintf(payload, sizeof(payload), "{\"number\":\"%s\",\"dealer\":"
	    "%lld,\"total\":%lld}", number, (long long)o->dealer,
	    (long long)total);
	if (ok) {
		s = db_prepare(db, sql_event);
		ok = exec_ok(s, s != NULL && db_bind_int(s, 0, *id) == 0 &&
		    db_bind_int(s, 1, o->user) == 0 &&
		    db_bind_text(s, 2, orders_status_name(m->status)) == 0 &&
		    db_bind_text(s, 3, m->at) == 0);
		db_stmt_release(s);
	}
	if (ok && m->status == ORDER_AWAITING_RELEASE) {
		/* the dealer's approvers hear of it */
		ok = notify_event(db, "order.awaiting_release", "order",
		    number, o->dealer, payload) == 0;
	} else if (ok) {
		s = db_prepare(db, sql_feed);
		ok = exec_ok(s, s != NULL && db_bind_text(s, 0, number) == 0 &&
		    db_bind_int(s, 1, o->dealer) == 0 &&
		    db_bind_text(s, 2, payload) == 0);
		db_stmt_release(s);
	}
	m->total = total;
	return ok ? 0 : -1;
}
