/*
 * approvals_seed.c: the demo's limits and ledger, so the approval queue shows real
 * credit positions: each region approves up to ¥500,000; each dealer's
 * credit limit follows its tier; every demo order that shipped has its
 * invoice, and every closed one its payment.  Runs once, after the
 * demo orders.
 */
#include "../db/db.h"
#include "approvals.h"

static const char *const steps[] = {
	"UPDATE orgs SET approval_limit = 50000000 WHERE kind = 'region' AND "
	"approval_limit = 0",
	"INSERT IGNORE INTO dealer_credit (dealer_id, credit_limit) SELECT id, "
	"CASE tier WHEN 'A' THEN 300000000 WHEN 'B' THEN 150000000 WHEN 'C' "
	"THEN 80000000 ELSE 30000000 END FROM orgs WHERE kind = 'dealer'",
	"INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, "
	"period, reference, memo, actor_user_id) SELECT o.dealer_id, "
	"'invoice', o.total, DATE(e.at + INTERVAL 8 HOUR), "
	"DATE_FORMAT(e.at + INTERVAL 8 HOUR, '%Y-%m'), o.number, '', "
	"e.actor_user_id FROM orders o JOIN order_events e ON e.order_id = "
	"o.id AND e.status = 'shipped' ORDER BY e.id",
	"INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, "
	"period, reference, memo, actor_user_id) SELECT o.dealer_id, "
	"'payment', -o.total, DATE(e.at + INTERVAL 8 HOUR), "
	"DATE_FORMAT(e.at + INTERVAL 8 HOUR, '%Y-%m'), CONCAT('BANK-', "
	"o.number), '', e.actor_user_id FROM orders o JOIN order_events e ON "
	"e.order_id = o.id AND e.status = 'closed' ORDER BY e.id",
};

int
approvals_seed_demo(struct db *db)
{
	return db_seed_once(db, "SELECT id FROM ledger_entries LIMIT 1", steps,
	    sizeof(steps) / sizeof(steps[0]));
}
