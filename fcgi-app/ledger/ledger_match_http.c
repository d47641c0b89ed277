/*
 * ledger_match_http.c: payments matched to invoices, and what is still open
 *   POST /api/v1/dealers/{id}/allocations {"payment","invoice","amount"}
 *	  + Idempotency-Key
 *   GET  /api/v1/dealers/{id}/open-items
 * Only an original payment (amount < 0) and an original invoice (amount
 * > 0) are matched, never beyond what is open on either; what is open is
 * held by a row per entry that the allocation writes (ledger_match_db.c), and a
 * reversal of either releases the allocation.  Idempotent by key as orders
 * are: the same key and body answer the allocation made (200, the same
 * body), another body 409.  Open invoices are aged by their posting date:
 * 0-30, 31-60, 61-90, over 90 days.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../core/money.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

/* What is open on an entry l (o its row, if it has one). */
#define OPEN \
	"IF(o.reversed_by IS NULL, ABS(l.amount) - COALESCE(o.allocated, 0), " \
	"0)"
#define ITEMS(kind, sign) \
	"SELECT l.id, l.reference, DATE_FORMAT(l.posted_on, '%Y-%m-%d'), " \
	"l.amount, " OPEN " AS open, DATEDIFF(DATE(UTC_TIMESTAMP() + " \
	"INTERVAL 8 HOUR), l.posted_on) FROM ledger_entries l LEFT JOIN " \
	"ledger_entry_open o ON o.entry_id = l.id WHERE l.dealer_id = ? AND " \
	"l.kind = '" kind "' AND l.amount " sign " 0 AND l.reverses_id IS " \
	"NULL HAVING open > 0 ORDER BY l.id LIMIT 1000"

enum stmt { STMT_OPEN_INVOICES, STMT_OPEN_PAYMENTS, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	ITEMS("invoice", ">"),
	ITEMS("payment", "<"),
};

static cJSON *
alloc_json(const struct ledger_alloc *a)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)a->id);
	cJSON_AddNumberToObject(j, "payment", (double)a->payment);
	cJSON_AddNumberToObject(j, "invoice", (double)a->invoice);
	cJSON_AddNumberToObject(j, "amount", (double)a->amount);
	cJSON_AddNumberToObject(j, "payment_open", (double)a->payment_open);
	cJSON_AddNumberToObject(j, "invoice_open", (double)a->invoice_open);
	return j;
}

/*
 * A retry: 0 when the key is new, else the status answered (200 and the
 * allocation for the same request, 409 for another).
 */
static int
replay(struct req *r, struct db *db, int64_t dealer, const char *key,
    const char *hash)
{
	struct ledger_alloc	 a;
	char			 had[65] = "";
	int			 rc;

	memset(&a, 0, sizeof(a));
	if ((rc = ledger_open_keyed(db, dealer, key, &a, had)) != 1)
		return rc == 0 ? 0 : 500;
	if (strcmp(had, hash) != 0)
		return http_error(r, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used for another request");
	return http_json(r, 200, alloc_json(&a));
}

/*
 * Match r->json's {payment, invoice, amount} of the path's dealer,
 * idempotent by key (the Idempotency-Key header, or a form's): the API
 * and the account page both come here.
 */
int
ledger_allocate(struct req *r, const char *key)
{
	struct ledger_open	 pay, inv;
	struct ledger_alloc	 al;
	crypto_hash_sha256_state hs;
	unsigned char		 h[crypto_hash_sha256_BYTES];
	struct db		*db;
	int64_t			 p = 0, i = 0, amount = 0;
	char			 hash[65], a[32], b[32], msg[160];
	int			 st, ok;

	if (!(r->who.roles & LEDGER_POSTERS))
		return http_error(r, 403, "forbidden", "finance clerks and "
		    "the ERP match payments");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	http_idem_check(r, key);
	if (json_get_int(r->json, "payment", 1, INT64_C(9007199254740991),
	    &p) != 0)
		http_field_error(r, "payment", "required: a payment's id");
	if (json_get_int(r->json, "invoice", 1, INT64_C(9007199254740991),
	    &i) != 0)
		http_field_error(r, "invoice", "required: an invoice's id");
	if (json_get_int(r->json, "amount", 1, LEDGER_MAX, &amount) != 0)
		http_field_error(r, "amount", "required: fen, more than 0");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	memset(&al, 0, sizeof(al));
	if ((st = ledger_dealer(r, db, 1, &al.dealer)) != 0)
		return st;
	crypto_hash_sha256_init(&hs);
	crypto_hash_sha256_update(&hs, (const unsigned char *)"allocation",
	    10);
	crypto_hash_sha256_update(&hs, (const unsigned char *)r->body,
	    r->body_len);
	crypto_hash_sha256_final(&hs, h);
	util_hex(hash, h, sizeof(h));
	/* a resend is answered from its key, whatever changed since */
	if ((st = replay(r, db, al.dealer, key, hash)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	/* lower id first, so two allocations never wait on each other */
	ok = p < i ? ledger_open_hold(db, p, &pay) == 0 &&
	    ledger_open_hold(db, i, &inv) == 0 :
	    ledger_open_hold(db, i, &inv) == 0 &&
	    ledger_open_hold(db, p, &pay) == 0;
	if (!ok) {
		db_rollback(db);
		return 500;
	}
	if (!pay.found || strcmp(pay.side, "payment") != 0 ||
	    pay.dealer != al.dealer)
		http_field_error(r, "payment", "not a payment of this dealer "
		    "(an original one, not a reversal)");
	else if (pay.reversed)
		http_field_error(r, "payment", "reversed: nothing to match");
	if (!inv.found || strcmp(inv.side, "invoice") != 0 ||
	    inv.dealer != al.dealer)
		http_field_error(r, "invoice", "not an invoice of this dealer "
		    "(an original one, not a reversal)");
	else if (inv.reversed)
		http_field_error(r, "invoice", "reversed: nothing to pay");
	if (r->err.fields == NULL && (amount > pay.open || amount > inv.open)) {
		money_format(pay.open, a, sizeof(a));
		money_format(inv.open, b, sizeof(b));
		snprintf(msg, sizeof(msg), "more than is open: ¥%s on the "
		    "payment, ¥%s on the invoice", a, b);
		http_field_error(r, "amount", msg);
	}
	if (r->err.fields != NULL) {
		db_rollback(db);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	al.payment = p;
	al.invoice = i;
	al.amount = amount;
	al.actor = r->who.user_id;
	al.key = key;
	al.hash = hash;
	al.payment_open = pay.open - amount;
	al.invoice_open = inv.open - amount;
	/* 0 cannot be: both rows are held; an error reruns the request */
	if ((st = ledger_open_allocate(db, &al)) != 1 || db_commit(db) == -1) {
		db_rollback(db);
		/* the same key, committed meanwhile by a resend */
		if (st == -1 && db_is_duplicate(db) &&
		    (st = replay(r, db, al.dealer, key, hash)) != 0)
			return st;
		return 500;
	}
	return http_json(r, 201, alloc_json(&al));
}

/* POST /api/v1/dealers/{id}/allocations */
int
ledger_allocate_post(struct req *r)
{
	return ledger_allocate(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"));
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
