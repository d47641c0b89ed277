/*
 * ledger_match_db.c: payments matched to invoices (ledger_allocate()), and
 * what is still open: what is open on an entry is held by a row that every
 * allocation and reversal of the entry writes
 *
 * An entry that can be matched (an original invoice, amount > 0, or an
 * original payment, amount < 0) gets its row in ledger_entry_open the
 * first time an allocation or a reversal touches it (migration 0025 wrote
 * the rows of entries touched before); no row means nothing is matched
 * and it is not reversed.  Writing the row first is what makes the guard
 * hold: on one server the second writer waits for the row and then reads
 * it as committed (a locking read, not its snapshot); on Galera both
 * write sets carry the row's key and certification aborts one (1213, the
 * dispatcher runs the request again).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fault.h"
#include "../core/money.h"
#include "../db/db.h"
#include "ledger.h"

/* An entry that can be matched, by its id l.id (and only then a row). */
#define MATCHABLE \
	"l.reverses_id IS NULL AND ((l.kind = 'invoice' AND l.amount > 0) " \
	"OR (l.kind = 'payment' AND l.amount < 0))"

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

/* the entry's row, written (created if need be): it is ours now */
static const char sql_hold[] =
	"INSERT INTO ledger_entry_open (entry_id, dealer_id, side, total, "
	"reversed_by) SELECT l.id, l.dealer_id, l.kind, ABS(l.amount), "
	"(SELECT r.id FROM ledger_entries r WHERE r.reverses_id = l.id) FROM "
	"ledger_entries l WHERE l.id = ? AND " MATCHABLE " ON DUPLICATE KEY "
	"UPDATE ledger_entry_open.version = ledger_entry_open.version + 1";
/* what is open on it, as committed (we hold the row) */
static const char sql_read[] =
	"SELECT dealer_id, side, total - allocated, reversed_by IS NOT NULL "
	"FROM ledger_entry_open WHERE entry_id = ? FOR UPDATE";
/* both sides at once, only if both still have room */
static const char sql_add[] =
	"UPDATE ledger_entry_open SET allocated = allocated + ?, "
	"version = version + 1 WHERE entry_id IN (?, ?) AND reversed_by IS "
	"NULL AND allocated + ? <= total";
static const char sql_insert[] =
	"INSERT INTO allocations (dealer_id, payment_id, invoice_id, amount, "
	"actor_user_id, idem_key, request_hash, payment_open, invoice_open) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_keyed[] =
	"SELECT id, payment_id, invoice_id, amount, payment_open, "
	"invoice_open, request_hash FROM allocations WHERE dealer_id = ? AND "
	"idem_key = ?";
/* a reversal: the entry's row says so, and nothing stays allocated */
static const char sql_reversed[] =
	"INSERT INTO ledger_entry_open (entry_id, dealer_id, side, total, "
	"reversed_by) SELECT l.id, l.dealer_id, l.kind, ABS(l.amount), ? FROM "
	"ledger_entries l WHERE l.id = ? AND " MATCHABLE " ON DUPLICATE KEY "
	"UPDATE reversed_by = VALUES(reversed_by), allocated = 0, "
	"ledger_entry_open.version = ledger_entry_open.version + 1";
static const char sql_release_inv[] =
	"UPDATE allocations SET released_by = ?, released_at = "
	"UTC_TIMESTAMP(6) WHERE invoice_id = ? AND released_by IS NULL";
static const char sql_release_pay[] =
	"UPDATE allocations SET released_by = ?, released_at = "
	"UTC_TIMESTAMP(6) WHERE payment_id = ? AND released_by IS NULL";
/*
 * the other side of each released allocation gets its money back
 * (not below 0: an entry the old race matched beyond its amount was
 * counted as used up, not as more)
 */
static const char sql_give_back[] =
	"UPDATE ledger_entry_open o JOIN (SELECT IF(a.invoice_id = ?, "
	"a.payment_id, a.invoice_id) AS other, SUM(a.amount) AS amount FROM "
	"allocations a WHERE a.released_by = ? GROUP BY other) x ON "
	"x.other = o.entry_id SET o.allocated = GREATEST(o.allocated - "
	"x.amount, 0), o.version = o.version + 1";
static const char sql_open_invoices[] = ITEMS("invoice", ">");
static const char sql_open_payments[] = ITEMS("payment", "<");

/*
 * Write entry id's row and read what is open on it into *h (h->found 0:
 * not an entry that can be matched).  0, or -1.
 */
int
ledger_open_hold(struct db *db, int64_t id, struct ledger_open *h)
{
	struct db_stmt	*s;
	int		 rc;

	memset(h, 0, sizeof(*h));
	s = db_prepare(db, sql_hold);
	rc = s != NULL && db_bind_int(s, 0, id) == 0 ? db_exec(s) : -1;
	db_stmt_release(s);
	if (rc == -1)
		return -1;
	if ((s = db_prepare(db, sql_read)) == NULL ||
	    db_bind_int(s, 0, id) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		h->found = 1;
		h->dealer = db_col_int(s, 0);
		snprintf(h->side, sizeof(h->side), "%s", db_col_text(s, 1,
		    NULL));
		h->open = db_col_int(s, 2);
		h->reversed = db_col_int(s, 3) != 0;
	}
	db_stmt_release(s);
	return 0;
}

/*
 * Record allocation a (both rows held): 1 stored, 0 no room after all,
 * -1 an error (db_is_duplicate(): the key was used meanwhile).
 */
int
ledger_open_allocate(struct db *db, struct ledger_alloc *a)
{
	struct db_stmt	*s;
	int		 ok;

	s = db_prepare(db, sql_add);
	ok = s != NULL && db_bind_int(s, 0, a->amount) == 0 &&
	    db_bind_int(s, 1, a->payment) == 0 &&
	    db_bind_int(s, 2, a->invoice) == 0 &&
	    db_bind_int(s, 3, a->amount) == 0 && db_exec(s) == 0;
	if (!ok || db_affected(s) != 2) {
		db_stmt_release(s);
		return ok ? 0 : -1;
	}
	db_stmt_release(s);
	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_int(s, 0, a->dealer) == 0 &&
	    db_bind_int(s, 1, a->payment) == 0 &&
	    db_bind_int(s, 2, a->invoice) == 0 &&
	    db_bind_int(s, 3, a->amount) == 0 &&
	    db_bind_int(s, 4, a->actor) == 0 &&
	    db_bind_text(s, 5, a->key) == 0 &&
	    db_bind_text(s, 6, a->hash) == 0 &&
	    db_bind_int(s, 7, a->payment_open) == 0 &&
	    db_bind_int(s, 8, a->invoice_open) == 0 && db_exec(s) == 0;
	if (ok)
		a->id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	return ok ? 1 : -1;
}

/*
 * The allocation of dealer's key into *a (its request's hash into
 * a->hash, which must have 65 bytes): 1 found, 0 none, -1 an error.
 */
int
ledger_open_keyed(struct db *db, int64_t dealer, const char *key,
    struct ledger_alloc *a, char *hash)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql_keyed)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, key) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		a->id = db_col_int(s, 0);
		a->payment = db_col_int(s, 1);
		a->invoice = db_col_int(s, 2);
		a->amount = db_col_int(s, 3);
		a->payment_open = db_col_int(s, 4);
		a->invoice_open = db_col_int(s, 5);
		snprintf(hash, 65, "%s", db_col_text(s, 6, NULL));
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

/*
 * Entry id is reversed by entry rev, in the caller's transaction: if it
 * could be matched, its row says so and its allocations are released
 * (kept, marked with the reversal), and the entries on their other side
 * get the amounts back.  0, or -1.
 */
int
ledger_release(struct db *db, int64_t id, int64_t rev)
{
	struct db_stmt	*s;
	int		 ok;

	s = db_prepare(db, sql_reversed);
	ok = s != NULL && db_bind_int(s, 0, rev) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_exec(s) == 0;
	/* 0 rows: not an entry that is matched, nothing to release */
	if (!ok || db_affected(s) == 0) {
		db_stmt_release(s);
		return ok ? 0 : -1;
	}
	db_stmt_release(s);
	/* an id is an invoice's or a payment's: one of the two matches */
	s = db_prepare(db, sql_release_inv);
	ok = s != NULL && db_bind_int(s, 0, rev) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	if (ok) {
		s = db_prepare(db, sql_release_pay);
		ok = s != NULL && db_bind_int(s, 0, rev) == 0 &&
		    db_bind_int(s, 1, id) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	if (ok) {
		s = db_prepare(db, sql_give_back);
		ok = s != NULL && db_bind_int(s, 0, id) == 0 &&
		    db_bind_int(s, 1, rev) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}

/*
 * A retry: 0 when the key is new, else the status it stands for (200 and
 * the allocation for the same request, 409 for another).
 */
static int
replay(struct db *db, struct ledger_alloc *a, struct fault *f)
{
	struct ledger_alloc	 had;
	char			 hash[65] = "";
	int			 rc;

	memset(&had, 0, sizeof(had));
	if ((rc = ledger_open_keyed(db, a->dealer, a->key, &had, hash)) != 1)
		return rc == 0 ? 0 : 500;
	if (strcmp(hash, a->hash) != 0)
		return fault_set(f, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used for another request");
	/* what was made then, as it was answered then */
	a->id = had.id;
	a->payment = had.payment;
	a->invoice = had.invoice;
	a->amount = had.amount;
	a->payment_open = had.payment_open;
	a->invoice_open = had.invoice_open;
	return 200;
}

/* Why an entry held is not the side it should be. */
static void
side_check(const struct ledger_open *h, int64_t dealer, const char *side,
    struct fault *f)
{
	int	 pay = strcmp(side, "payment") == 0;

	if (!h->found || strcmp(h->side, side) != 0 || h->dealer != dealer)
		fault_field(f, side, pay ? "not a payment of this dealer "
		    "(an original one, not a reversal)" : "not an invoice of "
		    "this dealer (an original one, not a reversal)");
	else if (h->reversed)
		fault_field(f, side, pay ? "reversed: nothing to match" :
		    "reversed: nothing to pay");
}

/*
 * Match a->amount of payment a->payment to invoice a->invoice of the
 * dealer, by the caller, idempotent by a->key (its request a->hash): 201
 * and a the allocation made (its id and what stays open); 200 and a the
 * one made before for the same key and request.  Checked by the caller:
 * the key's shape.
 */
int
ledger_allocate(struct db *db, const struct principal *who, int64_t dealer,
    struct ledger_alloc *a, struct fault *f)
{
	struct ledger_open	 pay, inv;
	char			 x[32], y[32], msg[160];
	int			 st, ok;

	if (!(who->roles & LEDGER_POSTERS)) {
		fault_clear(f);
		return fault_set(f, 403, "forbidden", "finance clerks and "
		    "the ERP match payments");
	}
	if (a->payment < 1 || a->payment > INT64_C(9007199254740991))
		fault_field(f, "payment", "required: a payment's id");
	if (a->invoice < 1 || a->invoice > INT64_C(9007199254740991))
		fault_field(f, "invoice", "required: an invoice's id");
	if (a->amount < 1 || a->amount > LEDGER_MAX)
		fault_field(f, "amount", "required: fen, more than 0");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	a->dealer = dealer;
	a->actor = who->user_id;
	if ((st = ledger_reach(db, who, 1, dealer, f)) != 0)
		return st;
	/* a resend is answered from its key, whatever changed since */
	if ((st = replay(db, a, f)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	/* lower id first, so two allocations never wait on each other */
	ok = a->payment < a->invoice ?
	    ledger_open_hold(db, a->payment, &pay) == 0 &&
	    ledger_open_hold(db, a->invoice, &inv) == 0 :
	    ledger_open_hold(db, a->invoice, &inv) == 0 &&
	    ledger_open_hold(db, a->payment, &pay) == 0;
	if (!ok) {
		db_rollback(db);
		return 500;
	}
	side_check(&pay, dealer, "payment", f);
	side_check(&inv, dealer, "invoice", f);
	if (!fault_fields(f) && (a->amount > pay.open ||
	    a->amount > inv.open)) {
		money_format(pay.open, x, sizeof(x));
		money_format(inv.open, y, sizeof(y));
		snprintf(msg, sizeof(msg), "more than is open: ¥%s on the "
		    "payment, ¥%s on the invoice", x, y);
		fault_field(f, "amount", msg);
	}
	if (fault_fields(f)) {
		db_rollback(db);
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	a->payment_open = pay.open - a->amount;
	a->invoice_open = inv.open - a->amount;
	/* 0 cannot be: both rows are held; an error reruns the request */
	if ((st = ledger_open_allocate(db, a)) != 1 || db_commit(db) == -1) {
		db_rollback(db);
		/* the same key, committed meanwhile by a resend */
		if (st == -1 && db_is_duplicate(db) &&
		    (st = replay(db, a, f)) != 0)
			return st;
		return 500;
	}
	return 201;
}

/* The age buckets of open invoices, by days since posted. */
const char *const ledger_buckets[LEDGER_BUCKETS] = { "0-30", "31-60",
	"61-90", "90+" };

static void
items_free(struct ledger_open_item *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].reference);
	free(v);
}

void
ledger_open_items_free(struct ledger_open_items *o)
{
	items_free(o->invoices, o->ninvoices);
	items_free(o->payments, o->npayments);
	o->invoices = o->payments = NULL;
	o->ninvoices = o->npayments = 0;
}

/* The open items of sql (at most 1000) into *v, *n: 0, or -1. */
static int
items(struct db *db, const char *sql, int64_t dealer,
    struct ledger_open_item **v, size_t *n)
{
	struct ledger_open_item *it, *more;
	struct db_stmt	*s;
	size_t		 cap = 0;
	int64_t		 days;
	int		 rc;

	if ((s = db_prepare(db, sql)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((more = realloc(*v, cap * sizeof(*more))) == NULL) {
				rc = DB_ERROR;
				break;
			}
			*v = more;
		}
		it = &(*v)[*n];
		memset(it, 0, sizeof(*it));
		it->id = db_col_int(s, 0);
		if ((it->reference = strdup(db_col_text(s, 1, NULL))) == NULL) {
			rc = DB_ERROR;
			break;
		}
		(*n)++;
		snprintf(it->posted_on, sizeof(it->posted_on), "%s",
		    db_col_text(s, 2, NULL));
		it->amount = db_col_int(s, 3);
		it->open = db_col_int(s, 4);
		it->age_days = days = db_col_int(s, 5);
		it->bucket = days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 :
		    3;
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * What is open on the dealer's account: its invoices and payments not
 * matched in full, and the invoices' open amounts aged by their posting
 * date (0-30, 31-60, 61-90, over 90 days).
 */
int
ledger_open_items_read(struct db *db, const struct principal *who,
    int64_t dealer, struct fault *f, struct ledger_open_items *out)
{
	size_t	 i;
	int	 st;

	memset(out, 0, sizeof(*out));
	if ((st = ledger_reach(db, who, 0, dealer, f)) != 0)
		return st;
	if (items(db, sql_open_invoices, dealer, &out->invoices,
	    &out->ninvoices) == -1 || items(db, sql_open_payments, dealer,
	    &out->payments, &out->npayments) == -1) {
		ledger_open_items_free(out);
		return 500;
	}
	for (i = 0; i < out->ninvoices; i++)
		out->ageing[out->invoices[i].bucket] += out->invoices[i].open;
	return 200;
}
