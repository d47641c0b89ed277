/*
 * db_replay.c: a create keyed by its Idempotency-Key, met again
 *
 * A retry with the same key and the same body answers what the first
 * call made; the same key with another body is a conflict.  The feature's
 * sql selects the made thing's reference and request hash by the owner
 * and the key.
 */
#include <string.h>

#include "../core/fault.h"
#include "db.h"

/*
 * 0 the key is new; 200 the same request again (its reference in ref);
 * 409 (in f) the key was used with another what; 500 a database error.
 */
int
db_replay(struct db *db, const char *sql, int64_t owner, const char *key,
    const char *hash, char *ref, size_t size, const char *what,
    struct fault *f)
{
	struct db_stmt	*s;
	int		 rc, same;

	if ((s = db_preparef(db, sql, "it", owner, key)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return 0;
	}
	db_col_copy(s, 0, ref, size);
	same = strcmp(db_col_text(s, 1, NULL), hash) == 0;
	db_stmt_release(s);
	if (!same)
		return fault_set(f, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used with another %s", what);
	return 200;
}
