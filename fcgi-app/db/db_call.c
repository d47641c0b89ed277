/*
 * db_call.c: a CALL's result sets, one after another
 *
 * A CALL of a stored procedure answers several result sets in one round
 * trip (each SELECT of the procedure, then the CALL's own status).  Its
 * columns are known only once it runs, so each result set is bound as it
 * comes (db_exec binds the first), and releasing the statement reads
 * whatever the caller left unread: until then the connection can run
 * nothing else.  A CALL counts as a read in the retry bookkeeping (it
 * settles nothing): call only procedures that read (READS SQL DATA).
 */
#include <mysql.h>

#include "../core/log.h"
#include "db_int.h"

/* A CALL's next result set, bound and read in whole: 1, 0 none, -1. */
static int
next_result(struct db_stmt *s)
{
	int	 r;

	while (mysql_stmt_more_results(s->st)) {
		mysql_stmt_free_result(s->st);
		if ((r = mysql_stmt_next_result(s->st)) < 0)
			break;
		if (r > 0)
			goto fail;
		db_used(s->db);
		if (mysql_stmt_field_count(s->st) == 0)
			continue;	/* a status, no rows */
		db_unbind_results(s);
		if (db_bind_results(s) == -1) {
			log_error("cannot bind the result of %.60s", s->sql);
			return -1;
		}
		if (mysql_stmt_store_result(s->st) != 0)
			goto fail;
		return 1;
	}
	db_unbind_results(s);	/* db_step: done */
	return 0;
fail:
	db_fail(s->db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
	    __func__);
	return -1;
}

/*
 * A CALL's next result set, for db_step: 1, or 0 when none is left (the
 * CALL's closing status is read too: the connection is free again), or
 * -1.  Each further result set may fail as a statement of its own would
 * (db_fault.c); releasing the statement still reads what is left.
 */
int
db_next_result(struct db_stmt *s)
{
	if (s == NULL || s->db->lost || !s->executed)
		return -1;
	if (mysql_stmt_more_results(s->st) && db_fault_hit(s->db, s->sql))
		return -1;
	return next_result(s);
}

/* What the caller left unread, read and dropped: the connection is free. */
void
db_call_drain(struct db_stmt *s)
{
	while (next_result(s) == 1)
		;
}
