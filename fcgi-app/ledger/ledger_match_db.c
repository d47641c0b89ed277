/*
 * ledger_match_db.c: SQL for matching: what is open on an entry, held by a row
 * that every allocation and reversal of the entry writes
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
#include <string.h>

#include "../db/db.h"
#include "ledger.h"

/* An entry that can be matched, by its id l.id (and only then a row). */
#define MATCHABLE \
	"l.reverses_id IS NULL AND ((l.kind = 'invoice' AND l.amount > 0) " \
	"OR (l.kind = 'payment' AND l.amount < 0))"

enum stmt { STMT_HOLD, STMT_READ, STMT_ADD, STMT_INSERT, STMT_KEYED,
	STMT_REVERSED, STMT_RELEASE_INV, STMT_RELEASE_PAY, STMT_GIVE_BACK,
	STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* the entry's row, written (created if need be): it is ours now */
	"INSERT INTO ledger_entry_open (entry_id, dealer_id, side, total, "
	"reversed_by) SELECT l.id, l.dealer_id, l.kind, ABS(l.amount), "
	"(SELECT r.id FROM ledger_entries r WHERE r.reverses_id = l.id) FROM "
	"ledger_entries l WHERE l.id = ? AND " MATCHABLE " ON DUPLICATE KEY "
	"UPDATE ledger_entry_open.version = ledger_entry_open.version + 1",
	/* what is open on it, as committed (we hold the row) */
	"SELECT dealer_id, side, total - allocated, reversed_by IS NOT NULL "
	"FROM ledger_entry_open WHERE entry_id = ? FOR UPDATE",
	/* both sides at once, only if both still have room */
	"UPDATE ledger_entry_open SET allocated = allocated + ?, "
	"version = version + 1 WHERE entry_id IN (?, ?) AND reversed_by IS "
	"NULL AND allocated + ? <= total",
	"INSERT INTO allocations (dealer_id, payment_id, invoice_id, amount, "
	"actor_user_id, idem_key, request_hash, payment_open, invoice_open) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	"SELECT id, payment_id, invoice_id, amount, payment_open, "
	"invoice_open, request_hash FROM allocations WHERE dealer_id = ? AND "
	"idem_key = ?",
	/* a reversal: the entry's row says so, and nothing stays allocated */
	"INSERT INTO ledger_entry_open (entry_id, dealer_id, side, total, "
	"reversed_by) SELECT l.id, l.dealer_id, l.kind, ABS(l.amount), ? FROM "
	"ledger_entries l WHERE l.id = ? AND " MATCHABLE " ON DUPLICATE KEY "
	"UPDATE reversed_by = VALUES(reversed_by), allocated = 0, "
	"ledger_entry_open.version = ledger_entry_open.version + 1",
	"UPDATE allocations SET released_by = ?, released_at = "
	"UTC_TIMESTAMP(6) WHERE invoice_id = ? AND released_by IS NULL",
	"UPDATE allocations SET released_by = ?, released_at = "
	"UTC_TIMESTAMP(6) WHERE payment_id = ? AND released_by IS NULL",
	/*
	 * the other side of each released allocation gets its money back
	 * (not below 0: an entry the old race matched beyond its amount was
	 * counted as used up, not as more)
	 */
	"UPDATE ledger_entry_open o JOIN (SELECT IF(a.invoice_id = ?, "
	"a.payment_id, a.invoice_id) AS other, SUM(a.amount) AS amount FROM "
	"allocations a WHERE a.released_by = ? GROUP BY other) x ON "
	"x.other = o.entry_id SET o.allocated = GREATEST(o.allocated - "
	"x.amount, 0), o.version = o.version + 1",
};

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
	s = db_prepare(db, stmts[STMT_HOLD]);
	rc = s != NULL && db_bind_int(s, 0, id) == 0 ? db_exec(s) : -1;
	db_stmt_release(s);
	if (rc == -1)
		return -1;
	if ((s = db_prepare(db, stmts[STMT_READ])) == NULL ||
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

	s = db_prepare(db, stmts[STMT_ADD]);
	ok = s != NULL && db_bind_int(s, 0, a->amount) == 0 &&
	    db_bind_int(s, 1, a->payment) == 0 &&
	    db_bind_int(s, 2, a->invoice) == 0 &&
	    db_bind_int(s, 3, a->amount) == 0 && db_exec(s) == 0;
	if (!ok || db_affected(s) != 2) {
		db_stmt_release(s);
		return ok ? 0 : -1;
	}
	db_stmt_release(s);
	s = db_prepare(db, stmts[STMT_INSERT]);
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

	if ((s = db_prepare(db, stmts[STMT_KEYED])) == NULL ||
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

	s = db_prepare(db, stmts[STMT_REVERSED]);
	ok = s != NULL && db_bind_int(s, 0, rev) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_exec(s) == 0;
	/* 0 rows: not an entry that is matched, nothing to release */
	if (!ok || db_affected(s) == 0) {
		db_stmt_release(s);
		return ok ? 0 : -1;
	}
	db_stmt_release(s);
	/* an id is an invoice's or a payment's: one of the two matches */
	s = db_prepare(db, stmts[STMT_RELEASE_INV]);
	ok = s != NULL && db_bind_int(s, 0, rev) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	if (ok) {
		s = db_prepare(db, stmts[STMT_RELEASE_PAY]);
		ok = s != NULL && db_bind_int(s, 0, rev) == 0 &&
		    db_bind_int(s, 1, id) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	if (ok) {
		s = db_prepare(db, stmts[STMT_GIVE_BACK]);
		ok = s != NULL && db_bind_int(s, 0, id) == 0 &&
		    db_bind_int(s, 1, rev) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}
