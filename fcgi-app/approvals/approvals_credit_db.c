/*
 * approvals_credit_db.c: a dealer's credit position from the database
 *
 * In an approval's transaction the dealer's credit row is written first
 * (approvals_credit_read with lock = 1: decisions + 1, which locks it, and on
 * Galera puts it in the write set, so two nodes' approvals of one dealer
 * conflict), and only then are the ledger and the open orders summed: the
 * sums are the transaction's first plain reads, so they see every
 * approval committed before the lock was granted.  Keep it so: a plain
 * read before the lock would fix the snapshot earlier.
 */
#include <stdio.h>

#include "../core/money.h"
#include "../db/db.h"
#include "approvals.h"

/* Approved orders not yet invoiced: invoices are posted when one ships. */
#define OPEN_STATUSES	CREDIT_OPEN_STATUSES
#define SUMS \
	"COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE " \
	"dealer_id = ?), 0), COALESCE((SELECT " CREDIT_OPEN_VALUE("o") " FROM " \
	"orders o WHERE o.dealer_id = ? AND o.status IN " OPEN_STATUSES "), 0)"

/* a write, not only a lock: a missing row is made, and Galera sees it */
static const char sql_ensure[] =
	"INSERT INTO dealer_credit (dealer_id) VALUES (?) "
	"ON DUPLICATE KEY UPDATE decisions = decisions + 1";
static const char sql_lock[] =
	"SELECT credit_limit FROM dealer_credit WHERE dealer_id = ? FOR UPDATE";
static const char sql_sums[] =
	"SELECT " SUMS;
static const char sql_read[] =
	"SELECT COALESCE((SELECT credit_limit FROM dealer_credit WHERE "
	"dealer_id = ?), 0), COALESCE((SELECT version FROM dealer_credit "
	"WHERE dealer_id = ?), 0), " SUMS;
static const char sql_version[] =
	"SELECT credit_limit, version FROM dealer_credit WHERE dealer_id = ? "
	"FOR UPDATE";
static const char sql_set[] =
	"UPDATE dealer_credit SET credit_limit = ?, version = version + 1, "
	"updated_by = ? WHERE dealer_id = ? AND version = ?";
static const char sql_region_get[] =
	"SELECT approval_limit, approval_window_hours FROM orgs WHERE id = ? "
	"AND kind = 'region' FOR UPDATE";
static const char sql_region_set[] =
	"UPDATE orgs SET approval_limit = ?, approval_window_hours = "
	"COALESCE(?, approval_window_hours), version = version + 1 WHERE "
	"id = ? AND kind = 'region'";
/*
 * The limit, its window, and what the region approved for the dealer
 * within it (orders since cancelled put nothing at risk).  In an
 * approval this runs after the credit row's write, like the sums.
 */
#define REGION_READ(from) \
	"SELECT g.approval_limit, g.approval_window_hours, COALESCE((SELECT " \
	"SUM(a.order_value) FROM approvals a JOIN orders o ON o.id = " \
	"a.order_id WHERE a.dealer_id = ? AND a.decision = 'approved' AND " \
	"a.approval_limit IS NOT NULL AND a.at >= UTC_TIMESTAMP(6) - INTERVAL " \
	"g.approval_window_hours HOUR AND o.status <> 'cancelled'), 0) FROM " \
	from
static const char sql_region_read[] =
	REGION_READ("orgs g WHERE g.id = ? AND g.kind = 'region'");
/* the same for the dealer's own region, before any order (issue #24) */
static const char sql_region_of_dealer[] =
	REGION_READ("orgs d JOIN orgs g ON g.id = d.region_id AND g.kind = "
	"'region' WHERE d.id = ? AND d.kind = 'dealer'");

static int
run_int(struct db *db, const char *sql, int64_t dealer, int64_t *out)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1) {
		db_stmt_release(s);
		return -1;
	}
	if (out == NULL)
		rc = db_exec(s);
	else if ((rc = db_step(s)) == DB_ROW) {
		*out = db_col_int(s, 0);
		rc = 0;
	} else
		rc = -1;
	db_stmt_release(s);
	return rc;
}

/*
 * The credit position of dealer; with lock, inside the caller's
 * transaction, holding the dealer's credit row until it ends.  0 or -1.
 */
int
approvals_credit_read(struct db *db, int64_t dealer, int lock, struct credit *c)
{
	struct db_stmt	*s;
	int		 i = 0, rc;

	if (lock && (run_int(db, sql_ensure, dealer, NULL) == -1 ||
	    run_int(db, sql_lock, dealer, &c->limit) == -1))
		return -1;
	s = db_prepare(db, lock ? sql_sums : sql_read);
	if (s == NULL)
		return -1;
	c->version = 0;
	if (!lock) {
		db_bind_int(s, i++, dealer);
		db_bind_int(s, i++, dealer);
	}
	db_bind_int(s, i++, dealer);
	db_bind_int(s, i, dealer);
	if ((rc = db_step(s)) == DB_ROW) {
		i = 0;
		if (!lock) {
			c->limit = db_col_int(s, i++);
			c->version = db_col_int(s, i++);
		}
		c->balance = db_col_int(s, i++);
		c->open = db_col_int(s, i);
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 0 : -1;
}

/* fen as key, and as key_text in yuan for pages. */
void
approvals_credit_money(cJSON *j, const char *key, int64_t fen)
{
	char	 text[32], name[48];

	cJSON_AddNumberToObject(j, key, (double)fen);
	money_format(fen, text, sizeof(text));
	snprintf(name, sizeof(name), "%s_text", key);
	cJSON_AddStringToObject(j, name, text);
}

/*
 * The position as JSON into j: credit_limit, balance, open_approved,
 * exposure, and with value > 0 (an order's) headroom_after; money in fen,
 * each with a *_text in yuan for pages.
 */
void
approvals_credit_json(cJSON *j, const struct credit *c, int64_t value)
{
	int64_t	 after = approvals_credit_headroom_after(c, value);

	approvals_credit_money(j, "credit_limit", c->limit);
	if (c->version > 0)
		cJSON_AddNumberToObject(j, "version", (double)c->version);
	approvals_credit_money(j, "balance", c->balance);
	approvals_credit_money(j, "open_approved", c->open);
	approvals_credit_money(j, "exposure", approvals_credit_exposure(c));
	if (value > 0) {
		approvals_credit_money(j, "headroom_after", after);
		if (after < 0)
			cJSON_AddBoolToObject(j, "over_credit", 1);
	} else
		approvals_credit_money(j, "headroom",
		    approvals_credit_headroom_after(c, 0));
}

/*
 * Set dealer's credit limit in the caller's transaction: the row locked,
 * then changed if its version is version (-1: any).  old gets the limit
 * before.  0 done, 1 the version differs, -1 error.
 */
int
approvals_credit_set(struct db *db, int64_t dealer, int64_t limit, int64_t
    version,
    int64_t actor, int64_t *old)
{
	struct db_stmt	*s;
	int64_t		 now = 0;
	int		 ok;

	if (run_int(db, sql_ensure, dealer, NULL) == -1 ||
	    (s = db_prepare(db, sql_version)) == NULL)
		return -1;
	ok = db_bind_int(s, 0, dealer) == 0 && db_step(s) == DB_ROW;
	if (ok) {
		*old = db_col_int(s, 0);
		now = db_col_int(s, 1);
	}
	db_stmt_release(s);
	if (!ok)
		return -1;
	if (version >= 0 && version != now)
		return 1;
	s = db_prepare(db, sql_set);
	ok = s != NULL && db_bind_int(s, 0, limit) == 0 &&
	    db_bind_int(s, 1, actor) == 0 && db_bind_int(s, 2, dealer) == 0 &&
	    db_bind_int(s, 3, now) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1;
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/*
 * A region's approval limit and (hours > 0) its window, in the caller's
 * transaction; old and old_hours get them as they were.  1 set, 0 no such
 * region, -1 error.
 */
int
approvals_credit_region_limit_set(struct db *db, int64_t region, int64_t limit,
    int64_t hours, int64_t *old, int64_t *old_hours)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql_region_get)) == NULL ||
	    db_bind_int(s, 0, region) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		*old = db_col_int(s, 0);
		*old_hours = db_col_int(s, 1);
	}
	db_stmt_release(s);
	if (rc == DB_DONE)
		return 0;
	s = db_prepare(db, sql_region_set);
	rc = s != NULL && db_bind_int(s, 0, limit) == 0 &&
	    (hours > 0 ? db_bind_int(s, 1, hours) : db_bind_null(s, 1)) == 0 &&
	    db_bind_int(s, 2, region) == 0 && db_exec(s) == 0 ?
	    (int)db_affected(s) : -1;
	db_stmt_release(s);
	return rc;
}

/*
 * A region's approval limit as it stands for dealer (region 0: the
 * dealer's own): 0, or -1 (no such region, error).
 */
int
approvals_credit_region_limit(struct db *db, int64_t region, int64_t dealer,
    struct region_limit *out)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, region != 0 ? sql_region_read :
	    sql_region_of_dealer)) == NULL || db_bind_int(s, 0, dealer) == -1 ||
	    db_bind_int(s, 1, region != 0 ? region : dealer) == -1) {
		db_stmt_release(s);
		return -1;
	}
	if ((rc = db_step(s)) == DB_ROW) {
		out->limit = db_col_int(s, 0);
		out->hours = db_col_int(s, 1);
		out->recent = db_col_int(s, 2);
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 0 : -1;
}
