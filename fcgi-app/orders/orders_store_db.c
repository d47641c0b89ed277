/*
 * orders_store_db.c: writing a new order: its number, its row, its lines
 * with prices frozen, the first timeline event and the feed event, in the
 * caller's transaction.  The API's submission and the demo data both
 * come here.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/util.h"
#include "../db/db.h"
#include "orders.h"

static const char sql_number[] =
	"INSERT INTO order_number_ids () VALUES ()";
static const char sql_order[] =
	"INSERT INTO orders (number, dealer_id, region_id, total, "
	"requested_date, ship_to, note, created_by) SELECT ?, id, region_id, "
	"?, ?, ?, ?, ? FROM orgs WHERE id = ? AND kind = 'dealer'";
static const char sql_line[] =
	"INSERT INTO order_lines (order_id, line_no, product_id, product_code, "
	"quantity, options, unit_price, discount, line_total, promotion_id) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))";
static const char sql_event[] =
	"INSERT INTO order_events (order_id, actor_user_id, status, note) "
	"VALUES (?, ?, 'submitted', '')";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('order.submitted', 'order', ?, ?, ?)";

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

/*
 * Insert o (its lines priced) as a submitted order numbered
 * SO-YYYY-NNNNNN from the counter (no hot row; gaps allowed).  number
 * and *id get what it became.  0, or -1 (the caller rolls back).
 */
int
orders_insert(struct db *db, const struct order_new *o, char *number,
    size_t numsize, int64_t *id)
{
	const struct order_line_new	*l = o->lines;
	struct db_stmt			*s;
	char				 payload[160];
	int64_t				 total = 0;
	int				 i, ok;

	for (i = 0; i < o->n; i++)
		total += l[i].price.total;
	if (db_number(db, sql_number, "SO", number, numsize) == -1)
		return -1;

	s = db_prepare(db, sql_order);
	ok = exec_ok(s, s != NULL && db_bind_text(s, 0, number) == 0 &&
	    db_bind_int(s, 1, total) == 0 &&
	    db_bind_text(s, 2, o->requested_date) == 0 &&
	    db_bind_text(s, 3, o->ship_to) == 0 &&
	    db_bind_text(s, 4, o->note != NULL ? o->note : "") == 0 &&
	    db_bind_int(s, 5, o->user) == 0 &&
	    db_bind_int(s, 6, o->dealer) == 0) && db_affected(s) == 1;
	*id = ok ? (int64_t)db_insert_id(s) : 0;
	db_stmt_release(s);
	for (i = 0; ok && i < o->n; i++) {
		s = db_prepare(db, sql_line);
		ok = exec_ok(s, s != NULL && db_bind_int(s, 0, *id) == 0 &&
		    db_bind_int(s, 1, i + 1) == 0 &&
		    db_bind_int(s, 2, l[i].p.id) == 0 &&
		    db_bind_text(s, 3, l[i].p.code) == 0 &&
		    db_bind_int(s, 4, l[i].quantity) == 0 &&
		    db_bind_text(s, 5, l[i].options) == 0 &&
		    db_bind_int(s, 6, l[i].price.unit) == 0 &&
		    db_bind_int(s, 7, l[i].price.discount) == 0 &&
		    db_bind_int(s, 8, l[i].price.total) == 0 &&
		    db_bind_int(s, 9, l[i].price.promo_id) == 0);
		db_stmt_release(s);
	}
	snprintf(payload, sizeof(payload), "{\"number\":\"%s\",\"dealer\":"
	    "%lld,\"total\":%lld}", number, (long long)o->dealer,
	    (long long)total);
	if (ok) {
		s = db_prepare(db, sql_event);
		ok = exec_ok(s, s != NULL && db_bind_int(s, 0, *id) == 0 &&
		    db_bind_int(s, 1, o->user) == 0);
		db_stmt_release(s);
	}
	if (ok) {
		s = db_prepare(db, sql_feed);
		ok = exec_ok(s, s != NULL && db_bind_text(s, 0, number) == 0 &&
		    db_bind_int(s, 1, o->dealer) == 0 &&
		    db_bind_text(s, 2, payload) == 0);
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}
