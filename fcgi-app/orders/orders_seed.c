/*
 * orders_seed.c: demo orders, so a new user sees lists, timelines and late
 * deliveries at once: for each demo dealer with a buyer, one order in
 * every status, priced by the real pricing and stored by the real
 * insert, then moved along its timeline (backdated, by region staff and
 * the ERP).  Runs once, after the accounts and the catalogue.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "orders.h"

enum stmt { STMT_ANY, STMT_DEALER, STMT_USER, STMT_MOVE, STMT_EVENT,
	STMT_DATES, STMT_SHIPPED, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT id FROM orders LIMIT 1",
	"SELECT id, tier FROM orgs WHERE code = ?",
	"SELECT id FROM users WHERE login = ?",
	"UPDATE orders SET status = ?, version = version + 1, promised_date = "
	"CASE WHEN ? = 0 THEN promised_date ELSE CURRENT_DATE + INTERVAL ? "
	"DAY END WHERE id = ?",
	"INSERT INTO order_events (order_id, actor_user_id, status, note, "
	"carrier, waybill, at) VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP(6) "
	"- INTERVAL ? HOUR)",
	"UPDATE orders o JOIN order_events e ON e.order_id = o.id SET "
	"o.created_at = CURRENT_TIMESTAMP(6) - INTERVAL ? HOUR, e.at = "
	"CURRENT_TIMESTAMP(6) - INTERVAL ? HOUR WHERE o.id = ? AND "
	"e.status = 'submitted'",
	/* shipped at once: every line, and the invoice (approvals_seed.c) of
	 * the whole order */
	"UPDATE orders o JOIN order_lines l ON l.order_id = o.id SET "
	"l.shipped = l.quantity, o.invoiced = o.total WHERE o.id = ?",
};

static const struct demo_line {
	const char	*code;
	int		 quantity;
	const char	*options;
} menu[] = {
	{ "BCD-2001", 6, "{\"capacity\":200,\"colour\":\"white\","
	  "\"energy_class\":\"1\",\"logo_text\":\"店庆特供\"}" },
	{ "KFR-2002", 10, "{\"horsepower\":\"1.5\",\"mounting\":\"wall\","
	  "\"energy_class\":\"1\"}" },
	{ "XQG-2002", 8, "{\"capacity_kg\":8,\"loading\":\"front\","
	  "\"colour\":\"titanium\"}" },
	{ "ES-2003", 5, "{\"capacity_l\":60,\"heating\":\"gas\","
	  "\"energy_class\":\"2\"}" },
	{ "LE-2005", 4, "{\"screen_in\":\"55\",\"panel\":\"oled\"}" },
	{ "BCD-2004", 3, "{\"capacity\":220,\"colour\":\"champagne\","
	  "\"energy_class\":\"1\",\"door_panel\":\"glass\"}" },
};

/* Where each demo order ends, and how it got there. */
static const struct story {
	enum order_status	 last;
	int			 late;	/* promised date already passed */
} stories[] = {
	{ ORDER_SUBMITTED, 0 }, { ORDER_APPROVED, 0 }, { ORDER_SCHEDULED, 0 },
	{ ORDER_IN_PRODUCTION, 0 }, { ORDER_SHIPPED, 1 }, { ORDER_SHIPPED, 0 },
	{ ORDER_DELIVERED, 0 }, { ORDER_CLOSED, 0 }, { ORDER_CANCELLED, 0 },
};

static const struct demo_dealer {
	const char	*code, *buyer, *staff;
	const char	*ship_to;
} dealers[] = {
	{ "D0001", "d0001.buyer", "r01.manager", "北京市朝阳区建国路 93 号" },
	{ "D0002", "d0002.buyer", "r01.approver", "北京市海淀区中关村大街 15 号" },
	{ "D0101", "d0101.buyer", "r02.manager", "天津市和平区南京路 189 号" },
};

static int64_t
lookup(struct db *db, enum stmt which, const char *key, char *tier)
{
	struct db_stmt	*s;
	int64_t		 id = 0;

	if ((s = db_prepare(db, stmts[which])) != NULL &&
	    db_bind_text(s, 0, key) == 0 && db_step(s) == DB_ROW) {
		id = db_col_int(s, 0);
		if (tier != NULL)
			*tier = db_col_null(s, 1) ? '\0' :
			    db_col_text(s, 1, NULL)[0];
	}
	db_stmt_release(s);
	return id;
}

/* Price two lines of the menu for a dealer of tier into l. */
static int
price(struct db *db, char tier, int first, struct order_line_new *l)
{
	struct buyer	 b = { 0, 0, tier };	/* no contract prices here */
	cJSON		*opts;
	int		 i, rc;

	for (i = 0; i < 2; i++) {
		const struct demo_line *m = &menu[(first + i) % NELEM(menu)];

		if (catalogue_product(db, m->code, &l[i].p) != 0)
			return -1;
		l[i].quantity = m->quantity;
		l[i].options = strdup(m->options);
		opts = cJSON_Parse(m->options);
		rc = catalogue_price(db, &l[i].p, &b, opts, m->quantity,
		    m->code, NULL, NULL, &l[i].price, NULL);
		cJSON_Delete(opts);
		if (rc != 0) {
			log_error("demo line %s does not fit its schema",
			    m->code);
			return -1;
		}
	}
	return 0;
}

static int
event(struct db *db, int64_t order, int64_t actor, enum order_status st,
    int hours_ago, int k)
{
	struct db_stmt	*s;
	char		 waybill[32];
	int		 ok, shipped = st == ORDER_SHIPPED, promise;

	/* approval promises a date: passed already for a late order */
	promise = st == ORDER_APPROVED ? (stories[k].late ? -3 : 20 + k) : 0;
	ok = (s = db_prepare(db, stmts[STMT_MOVE])) != NULL &&
	    db_bind_text(s, 0, orders_status_name(st)) == 0 &&
	    db_bind_int(s, 1, promise) == 0 && db_bind_int(s, 2, promise) == 0 &&
	    db_bind_int(s, 3, order) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	snprintf(waybill, sizeof(waybill), "ZT%010lld", (long long)order * 7919);
	ok = ok && (s = db_prepare(db, stmts[STMT_EVENT])) != NULL &&
	    db_bind_int(s, 0, order) == 0 && db_bind_int(s, 1, actor) == 0 &&
	    db_bind_text(s, 2, orders_status_name(st)) == 0 &&
	    db_bind_text(s, 3, st == ORDER_CANCELLED ? "型号选错，重新下单" :
	    "") == 0 &&
	    (shipped ? db_bind_text(s, 4, "中铁物流") :
	    db_bind_null(s, 4)) == 0 &&
	    (shipped ? db_bind_text(s, 5, waybill) : db_bind_null(s, 5)) == 0 &&
	    db_bind_int(s, 6, hours_ago) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	ok = ok && (!shipped || db_execv(db, stmts[STMT_SHIPPED], NULL, "i",
	    order) > 0);
	return ok ? 0 : -1;
}

/* One order of dealer d ending as stories[k] says. */
static int
one(struct db *db, const struct demo_dealer *d, int64_t dealer, char tier,
    int64_t buyer, int64_t staff, int64_t erp, int k)
{
	static const enum order_status path[] = { ORDER_APPROVED,
	    ORDER_SCHEDULED, ORDER_IN_PRODUCTION, ORDER_SHIPPED,
	    ORDER_DELIVERED, ORDER_CLOSED };
	struct order_line_new	 l[2];
	struct order_new	 o;
	struct db_stmt		*s;
	char			 number[32], date[11];
	int64_t			 id;
	int			 rc = -1, i, hours = 24 * (12 - k), ok;

	memset(l, 0, sizeof(l));
	memset(&o, 0, sizeof(o));
	util_china_date(date, sizeof(date), 30 + k);
	o.dealer = dealer;
	o.user = buyer;
	o.requested_date = date;
	o.ship_to = d->ship_to;
	o.note = k % 3 == 0 ? "请提前电话联系收货人" : "";
	o.lines = l;
	o.n = 2;
	if (price(db, tier, k, l) == -1 ||
	    orders_insert(db, &o, number, sizeof(number), &id) == -1)
		goto out;
	ok = (s = db_prepare(db, stmts[STMT_DATES])) != NULL &&
	    db_bind_int(s, 0, hours) == 0 && db_bind_int(s, 1, hours) == 0 &&
	    db_bind_int(s, 2, id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	if (!ok)
		goto out;
	if (stories[k].last == ORDER_CANCELLED) {
		rc = event(db, id, buyer, ORDER_CANCELLED, hours - 2, k);
		goto out;
	}
	for (i = 0; i < (int)NELEM(path) && stories[k].last != ORDER_SUBMITTED;
	    i++) {
		hours -= 20;
		if (event(db, id, path[i] == ORDER_SHIPPED ||
		    path[i] == ORDER_IN_PRODUCTION ? erp : staff, path[i],
		    hours > 1 ? hours : 1, k) == -1)
			goto out;
		if (path[i] == stories[k].last)
			break;
	}
	rc = 0;
out:
	for (i = 0; i < 2; i++) {
		catalogue_product_free(&l[i].p);
		free(l[i].options);
	}
	return rc;
}

int
orders_seed_demo(struct db *db)
{
	struct db_stmt	*s;
	int64_t		 dealer, buyer, staff, erp;
	size_t		 i, k;
	char		 tier = '\0';
	int		 r;

	if ((s = db_prepare(db, stmts[STMT_ANY])) == NULL ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	if (r == DB_ROW)
		return 0;
	if ((erp = lookup(db, STMT_USER, "erp", NULL)) == 0)
		return -1;
	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < NELEM(dealers); i++) {
		dealer = lookup(db, STMT_DEALER, dealers[i].code, &tier);
		buyer = lookup(db, STMT_USER, dealers[i].buyer, NULL);
		staff = lookup(db, STMT_USER, dealers[i].staff, NULL);
		if (dealer == 0 || buyer == 0 || staff == 0)
			goto fail;
		for (k = 0; k < NELEM(stories); k++)
			if (one(db, &dealers[i], dealer, tier, buyer, staff,
			    erp, (int)k) == -1)
				goto fail;
	}
	if (db_execv(db, ORDERS_COSTS_SQL, NULL, "i", (int64_t)0) == -1 ||
	    db_commit(db) == -1)
		goto fail;
	log_info("demo orders loaded: %zu", NELEM(dealers) * NELEM(stories));
	return 0;
fail:
	db_rollback(db);
	log_error("cannot load the demo orders");
	return -1;
}
