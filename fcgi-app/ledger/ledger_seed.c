/*
 * ledger_seed.c: the demo year's payments matched to their invoices
 * (issue #25).  approvals_seed.c posts an invoice for every shipped order
 * and a payment (BANK-<order>) for every closed one; for the year's orders
 * (SO-YYYY-H..., orders_seed_year.c) each payment is matched in full to
 * its order's invoice, as a clerk would (an allocation, and both entries'
 * rows in ledger_entry_open, migration 0025), so what stays open
 * (`/open-items`, its ageing) is what is unpaid: a month's invoices for a
 * dealer that pays on time, two to four months' for a late payer.  The
 * entries themselves are never changed.  Runs once, after the ledger.
 */
#include "../core/log.h"
#include "../db/db.h"
#include "ledger.h"

#define PAIRS \
	"FROM ledger_entries i JOIN ledger_entries p ON p.dealer_id = " \
	"i.dealer_id AND p.kind = 'payment' AND p.reference = CONCAT('BANK-', " \
	"i.reference) AND p.amount = -i.amount AND p.reverses_id IS NULL " \
	"WHERE i.kind = 'invoice' AND i.reference LIKE 'SO-____-H%' AND " \
	"i.amount > 0 AND i.reverses_id IS NULL"

static const char *const steps[] = {
	"INSERT INTO ledger_entry_open (entry_id, dealer_id, side, total, "
	"allocated) SELECT i.id, i.dealer_id, 'invoice', i.amount, i.amount "
	PAIRS " ORDER BY i.id",
	"INSERT INTO ledger_entry_open (entry_id, dealer_id, side, total, "
	"allocated) SELECT p.id, p.dealer_id, 'payment', i.amount, i.amount "
	PAIRS " ORDER BY p.id",
	"INSERT INTO allocations (dealer_id, payment_id, invoice_id, amount, "
	"actor_user_id, created_at, idem_key, request_hash, payment_open, "
	"invoice_open) SELECT i.dealer_id, p.id, i.id, i.amount, "
	"p.actor_user_id, TIMESTAMP(p.posted_on) + INTERVAL 2 HOUR, "
	"CONCAT('demo-', i.id), REPEAT('0', 64), 0, 0 " PAIRS " ORDER BY p.id",
};

/* Once: not when a demo allocation is there. */
int
ledger_seed_demo(struct db *db)
{
	if (db_seed_once(db, "SELECT 1 FROM allocations WHERE idem_key LIKE "
	    "'demo-%' LIMIT 1", steps, sizeof(steps) / sizeof(steps[0])) ==
	    -1) {
		log_error("cannot match the demo year's payments");
		return -1;
	}
	return 0;
}
