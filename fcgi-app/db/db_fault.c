/*
 * db_fault.c: fail the n-th database call of the next request
 *
 * The anomaly tests of STYLE.md: a test build arms a fault (POST
 * /api/v1/_test/db-fault, only in the test and sanitizer binaries), the
 * next request to start claims it, and its n-th statement fails as if the
 * server had refused it (1105, not a reason to run the request again).
 * The test then checks that nothing of the request was written (or, when
 * a transaction of it had committed before the fault, that what it
 * committed is whole and done once).  Armed to lose, the n-th statement
 * instead finds its transaction rolled back under it and runs all the
 * same: what a Galera abort looks like when the server loses its error
 * (db_trans_lost); the request must then fail as a conflict and be run
 * again whole, nothing of it committed piecemeal.  Armed to conflict, it
 * fails as a lost deadlock (1213) would, which is run again: a streamed
 * export reads the page again (http/export.c).  Unarmed,
 * as always in the release binary, it costs one test of a counter.
 */
#include <stdatomic.h>
#include <stdio.h>

#include <mysqld_error.h>

#include "../core/log.h"
#include "db_int.h"

static atomic_int	 armed;		/* n for the next request, 0: none */
static atomic_int	 armed_kind;	/* ... how it fails: db_fault_kind */
static atomic_int	 fired;		/* faults that hit, ever */
static atomic_int	 committed;	/* COMMITs of its request before the last */

void
db_fault_arm(int n, enum db_fault_kind kind)
{
	atomic_store(&armed_kind, (int)kind);
	atomic_store(&armed, n > 0 ? n : 0);
}

/* Faults that hit so far; *commits, the COMMITs before the last one. */
int
db_fault_fired(int *commits)
{
	*commits = atomic_load(&committed);
	return atomic_load(&fired);
}

/*
 * A request's handler is about to run (after authentication): it takes
 * the armed fault, if any.
 */
void
db_fault_claim(struct db *db)
{
	if (db == NULL)
		return;
	db->fault_after = atomic_load(&armed) > 0 ?
	    atomic_exchange(&armed, 0) : 0;
	db->fault_kind = db->fault_after > 0 ? atomic_load(&armed_kind) :
	    DB_FAULT_FAIL;
	db->fault_commits = 0;
}

/* A COMMIT went through: what fails after it cannot undo it. */
void
db_fault_committed(struct db *db)
{
	db->fault_commits++;
}

/* Before each statement: 1 if sql is the one to fail (db->err is set). */
int
db_fault_hit(struct db *db, const char *sql)
{
	char	 msg[120];

	if (db->fault_after <= 0 || --db->fault_after > 0)
		return 0;
	atomic_store(&committed, db->fault_commits);
	atomic_fetch_add(&fired, 1);
	if (db->fault_kind == DB_FAULT_LOSE) {
		/* under a statement of the transaction (a COMMIT that found
		 * it gone would answer 1213): rolled back, nothing said */
		if (db->trans && mysql_real_query(db->my, "ROLLBACK", 8) != 0)
			log_warn("injected rollback failed: %s",
			    mysql_error(db->my));
		return 0;
	}
	snprintf(msg, sizeof(msg), "injected fault (test build) at: %.80s",
	    sql);
	db_fail(db, db->fault_kind == DB_FAULT_CONFLICT ? ER_LOCK_DEADLOCK :
	    1105, msg, __func__, NULL);
	return 1;
}
