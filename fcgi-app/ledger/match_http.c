/*
 * match_http.c: payments matched to invoices, and what is still open
 *   POST /api/v1/dealers/{id}/allocations {"payment","invoice","amount"}
 *   GET  /api/v1/dealers/{id}/open-items
 * An allocation locks both entries (lower id first) and may not exceed
 * what is open on either: an entry's amount less what is allocated, and
 * nothing once it is reversed.  Open invoices are aged by their posting
 * date: 0-30, 31-60, 61-90, over 90 days.
 */
#include <stdio.h>
#include <string.h>

#include "../catalogue/pricing.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

/* What is open on an entry: |amount| less allocations; 0 if reversed. */
#define OPEN(l, col) \
	"IF(EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = " \
	l ".id), 0, ABS(" l ".amount) - COALESCE((SELECT SUM(a.amount) FROM " \
	"allocations a WHERE a." col " = " l ".id), 0))"

enum stmt { STMT_LOCK, STMT_INSERT, STMT_OPEN_INVOICES, STMT_OPEN_PAYMENTS,
	STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* the entry, locked, with what is open on it for its kind */
	"SELECT l.kind, l.dealer_id, IF(l.kind = 'invoice', " OPEN("l",
	"invoice_id") ", " OPEN("l", "payment_id") "), l.amount FROM "
	"ledger_entries l WHERE l.id = ? FOR UPDATE",
	"INSERT INTO allocations (dealer_id, payment_id, invoice_id, amount, "
	"actor_user_id) VALUES (?, ?, ?, ?, ?)",
	"SELECT l.id, l.reference, DATE_FORMAT(l.posted_on, '%Y-%m-%d'), "
	"l.amount, " OPEN("l", "invoice_id") " AS open, DATEDIFF(DATE("
	"UTC_TIMESTAMP() + INTERVAL 8 HOUR), l.posted_on) FROM ledger_entries l "
	"WHERE l.dealer_id = ? AND l.kind = 'invoice' AND l.amount > 0 "
	"HAVING open > 0 ORDER BY l.id LIMIT 1000",
	"SELECT l.id, l.reference, DATE_FORMAT(l.posted_on, '%Y-%m-%d'), "
	"l.amount, " OPEN("l", "payment_id") " AS open, DATEDIFF(DATE("
	"UTC_TIMESTAMP() + INTERVAL 8 HOUR), l.posted_on) FROM ledger_entries l "
	"WHERE l.dealer_id = ? AND l.kind = 'payment' AND l.amount < 0 "
	"HAVING open > 0 ORDER BY l.id LIMIT 1000",
};

struct held {
	char	 kind[16];
	int64_t	 dealer, open;
};

static int
lock(struct db *db, int64_t id, struct held *h)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, stmts[STMT_LOCK])) == NULL ||
	    db_bind_int(s, 0, id) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		snprintf(h->kind, sizeof(h->kind), "%s", db_col_text(s, 0, NULL));
		h->dealer = db_col_int(s, 1);
		h->open = db_col_int(s, 2);
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 1 : 0;
}

/* POST /api/v1/dealers/{id}/allocations */
int
ledger_allocate_post(struct req *r)
{
	struct held	 pay = { "", 0, 0 }, inv = { "", 0, 0 };
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 dealer, p = 0, i = 0, amount = 0;
	char		 a[32], b[32], msg[160];
	cJSON		*j;
	int		 st, ok;

	if (!(r->who.roles & LEDGER_POSTERS))
		return http_error(r, 403, "forbidden", "finance clerks and "
		    "the ERP match payments");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "payment", 1, INT64_C(9007199254740991),
	    &p) != 0)
		http_field_error(r, "payment", "required: a payment's id");
	if (json_get_int(r->json, "invoice", 1, INT64_C(9007199254740991),
	    &i) != 0)
		http_field_error(r, "invoice", "required: an invoice's id");
	if (json_get_int(r->json, "amount", 1, LEDGER_MAX, &amount) != 0)
		http_field_error(r, "amount", "required: fen, more than 0");
	if (r->err_fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_dealer(r, db, 1, &dealer)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	/* lower id first, so two allocations never wait on each other */
	ok = p < i ? lock(db, p, &pay) != -1 && lock(db, i, &inv) != -1 :
	    lock(db, i, &inv) != -1 && lock(db, p, &pay) != -1;
	if (!ok) {
		db_rollback(db);
		return 500;
	}
	if (strcmp(pay.kind, "payment") != 0 || pay.dealer != dealer)
		http_field_error(r, "payment", "not a payment of this dealer");
	if (strcmp(inv.kind, "invoice") != 0 || inv.dealer != dealer)
		http_field_error(r, "invoice", "not an invoice of this dealer");
	if (r->err_fields == NULL && (amount > pay.open || amount > inv.open)) {
		pricing_money(pay.open, a, sizeof(a));
		pricing_money(inv.open, b, sizeof(b));
		snprintf(msg, sizeof(msg), "more than is open: ¥%s on the "
		    "payment, ¥%s on the invoice", a, b);
		http_field_error(r, "amount", msg);
	}
	if (r->err_fields != NULL) {
		db_rollback(db);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	s = db_prepare(db, stmts[STMT_INSERT]);
	ok = s != NULL && db_bind_int(s, 0, dealer) == 0 &&
	    db_bind_int(s, 1, p) == 0 && db_bind_int(s, 2, i) == 0 &&
	    db_bind_int(s, 3, amount) == 0 &&
	    db_bind_int(s, 4, r->who.user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return db_errno(db) == 1213 || db_errno(db) == 1205 ?
		    http_error(r, 409, "conflict", "changed meanwhile; try "
		    "again") : 500;
	}
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "payment", (double)p);
	cJSON_AddNumberToObject(j, "invoice", (double)i);
	cJSON_AddNumberToObject(j, "amount", (double)amount);
	cJSON_AddNumberToObject(j, "payment_open", (double)(pay.open - amount));
	cJSON_AddNumberToObject(j, "invoice_open", (double)(inv.open - amount));
	return http_json(r, 201, j);
}

static const char *const buckets[] = { "0-30", "31-60", "61-90", "90+" };

static int
items(struct db *db, enum stmt which, int64_t dealer, cJSON *list,
    int64_t *ageing)
{
	struct db_stmt	*s;
	cJSON		*it;
	int64_t		 days, open;
	int		 rc, b;

	if ((s = db_prepare(db, stmts[which])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		open = db_col_int(s, 4);
		days = db_col_int(s, 5);
		b = days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3;
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(it, "reference", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(it, "posted_on", db_col_text(s, 2, NULL));
		cJSON_AddNumberToObject(it, "amount", (double)db_col_int(s, 3));
		cJSON_AddNumberToObject(it, "open", (double)open);
		cJSON_AddNumberToObject(it, "age_days", (double)days);
		cJSON_AddStringToObject(it, "bucket", buckets[b]);
		cJSON_AddItemToArray(list, it);
		if (ageing != NULL)
			ageing[b] += open;
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* GET /api/v1/dealers/{id}/open-items */
int
ledger_open_items_get(struct req *r)
{
	struct db	*db;
	int64_t		 dealer, ageing[4] = { 0, 0, 0, 0 };
	cJSON		*j, *a;
	int		 st, k;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_dealer(r, db, 0, &dealer)) != 0)
		return st;
	j = cJSON_CreateObject();
	if (items(db, STMT_OPEN_INVOICES, dealer, cJSON_AddArrayToObject(j,
	    "invoices"), ageing) == -1 || items(db, STMT_OPEN_PAYMENTS, dealer,
	    cJSON_AddArrayToObject(j, "payments"), NULL) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	a = cJSON_AddObjectToObject(j, "ageing");
	for (k = 0; k < 4; k++)
		cJSON_AddNumberToObject(a, buckets[k], (double)ageing[k]);
	return http_json(r, 200, j);
}
