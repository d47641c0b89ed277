/*
 * db_number.c: document numbers from counter tables
 *
 * Orders and complaints number their documents the same way, so the
 * counter lives here below both.
 */
#include <stdio.h>

#include "../core/util.h"
#include "db.h"

/*
 * A document number "PP-YYYY-NNNNNN" (China's year) from a counter:
 * counter_sql ("INSERT INTO ..._number_ids () VALUES ()") adds a row, whose
 * new id is the number.  No hot row, on one server or on Galera (migration
 * 0022); gaps allowed.  0 or -1.
 */
int
db_number(struct db *db, const char *counter_sql, const char *prefix,
    char *out, size_t size)
{
	struct db_stmt	*s;
	char		 today[11];
	int64_t		 seq;

	if ((s = db_prepare(db, counter_sql)) == NULL || db_exec(s) == -1) {
		db_stmt_release(s);
		return -1;
	}
	seq = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	util_china_date(today, sizeof(today), 0);
	snprintf(out, size, "%s-%.4s-%06lld", prefix, today, (long long)seq);
	return 0;
}
