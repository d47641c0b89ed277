/*
 * db_fault.c: fail the n-th database call of the next request
 *
 * The anomaly tests of STYLE.md: a test build arms a fault (POST
 * /api/v1/_test/db-fault, only in the test and sanitizer binaries), the
 * next request to start claims it, and its n-th statement fails as if the
 * server had refused it (1105, not a reason to run the request again).
 * The test then checks that nothing of the request was written (or, when
 * a transaction of it had committed before the fault, that what it
 * committed is whole and done once).  Unarmed,
 * as always in the release binary, it costs one test of a counter.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "db_int.h"

static atomic_int	 armed;		/* n for the next request, 0: none */
static atomic_int	 fired;		/* faults that hit, ever */
static atomic_int	 committed;	/* COMMITs of its request before the last */

void
db_fault_arm(int n)
{
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
	snprintf(msg, sizeof(msg), "injected fault (test build) at: %.80s",
	    sql);
	db_fail(db, 1105, msg, __func__);
	return 1;
}
