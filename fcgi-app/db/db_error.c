/*
 * db_error.c: the kind of the last failure, so that a feature answers by
 * its class (a key taken, a lock lost) and no feature compares MariaDB's
 * error numbers
 */
#include <mysqld_error.h>

#include "db_int.h"

/* A UNIQUE or PRIMARY KEY refused the row: the key is taken (1062). */
int
db_is_duplicate(const struct db *db)
{
	return db->err == ER_DUP_ENTRY;
}

/*
 * The transaction lost to another one and was rolled back: a deadlock or
 * a Galera certification (1213), or a lock wait that timed out (1205).
 * Asked again it may succeed: the dispatcher reruns such a request
 * (db_retryable()), and a handler whose rerun also lost answers 409.
 */
int
db_is_conflict(const struct db *db)
{
	return db->err == ER_LOCK_DEADLOCK || db->err == ER_LOCK_WAIT_TIMEOUT;
}

/*
 * The server refused a value of the row: a date it cannot read (1292)
 * or a CHECK constraint that failed (4025).
 */
int
db_is_bad_value(const struct db *db)
{
	return db->err == ER_TRUNCATED_WRONG_VALUE ||
	    db->err == ER_CONSTRAINT_FAILED;
}
