/*
 * ledger_invoice.c: a shipped order's invoice, posted in the caller's
 * transaction.  Orders call this, through its own small header, rather
 * than writing ledger rows themselves.
 */
#include "../db/db.h"
#include "ledger.h"
#include "ledger_invoice.h"

/* Dated in China, in the period a posting lands in (LEDGER_PERIOD_SQL). */
static const char sql_invoice[] =
	"INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, "
	"period, reference, memo, actor_user_id) VALUES (?, 'invoice', ?, "
	"DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), " LEDGER_PERIOD_SQL ", ?, "
	"'', ?)";

/*
 * Post dealer's invoice of amount fen for the order numbered reference,
 * by actor, after ledger_hold() as every posting.  0 or -1.
 */
int
ledger_invoice_post(struct db *db, int64_t dealer, int64_t amount,
    const char *reference, int64_t actor)
{
	struct db_stmt	*s = NULL;
	int		 ok;

	ok = ledger_hold(db) == 0 &&
	    (s = db_prepare(db, sql_invoice)) != NULL &&
	    db_bind_int(s, 0, dealer) == 0 &&
	    db_bind_int(s, 1, amount) == 0 &&
	    db_bind_text(s, 2, reference) == 0 &&
	    db_bind_int(s, 3, actor) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	return ok ? 0 : -1;
}
