/*
 * db_rows.c: one statement, many rows (Connector/C array binding)
 *
 * An INSERT of n rows is sent once: each parameter is bound to a column
 * of n values (column-wise binding) and STMT_ATTR_ARRAY_SIZE tells the
 * connector how many rows there are; MariaDB (>= 10.2) runs them as one
 * COM_STMT_BULK_EXECUTE, one round trip instead of n.  The bound arrays
 * are the caller's and must stay valid until db_exec_rows() returns;
 * db_stmt_release() turns the statement back into a one-row one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "../core/log.h"
#include "db_int.h"

/* Room for the text lengths of every parameter of n rows. */
static int
lengths(struct db_stmt *s)
{
	if (s->alen == NULL && (s->alen = calloc((size_t)s->nparams *
	    DB_ROWS_MAX, sizeof(*s->alen))) == NULL)
		return -1;
	return 0;
}

static int
array_ok(struct db_stmt *s, int i)
{
	if (s == NULL || i < 0 || (unsigned)i >= s->nparams) {
		log_error("array bind index %d out of range", i);
		return 0;
	}
	return 1;
}

/* Parameter i takes v[0..n-1], one value per row. */
int
db_bind_ints(struct db_stmt *s, int i, const int64_t *v)
{
	if (!array_ok(s, i))
		return -1;
	s->pnull[i] = 0;
	s->pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
	s->pb[i].buffer = (void *)(uintptr_t)v;
	s->pb[i].is_unsigned = 0;
	s->pb[i].is_null = NULL;	/* no NULLs: no indicator array */
	s->pb[i].u.indicator = NULL;
	s->arrays |= UINT64_C(1) << i;
	return 0;
}

/*
 * Parameter i takes the strings v[0..n-1] (none NULL), one per row; n is
 * the number of rows that db_exec_rows() will be given.
 */
int
db_bind_texts(struct db_stmt *s, int i, const char *const *v, unsigned n)
{
	unsigned long	*len;
	unsigned	 r;

	if (!array_ok(s, i) || n > DB_ROWS_MAX || lengths(s) == -1)
		return -1;
	len = s->alen + (size_t)i * DB_ROWS_MAX;
	for (r = 0; r < n; r++)
		len[r] = (unsigned long)strlen(v[r]);
	s->pnull[i] = 0;
	s->pb[i].buffer_type = MYSQL_TYPE_STRING;
	s->pb[i].buffer = (void *)(uintptr_t)v;	/* an array of pointers */
	s->pb[i].length = len;
	s->pb[i].is_null = NULL;
	s->pb[i].u.indicator = NULL;
	s->arrays |= UINT64_C(1) << i;
	return 0;
}

/*
 * Execute the statement once for n rows (1 to DB_ROWS_MAX) of the bound
 * arrays, in one round trip.  0 or -1, as db_exec().
 */
int
db_exec_rows(struct db_stmt *s, unsigned n)
{
	unsigned	 one = 0;
	int		 rc;

	/* every parameter an array: Connector/C reads n values of each */
	if (s == NULL || n < 1 || n > DB_ROWS_MAX || s->ncols > 0 ||
	    s->nparams == 0 || s->arrays != (s->nparams == 64 ? UINT64_MAX :
	    (UINT64_C(1) << s->nparams) - 1)) {
		log_error("array execution with a parameter not bound to an "
		    "array");
		return -1;
	}
	if (mysql_stmt_attr_set(s->st, STMT_ATTR_ARRAY_SIZE, &n) != 0)
		return -1;
	rc = db_exec(s);
	/* the statement is cached: back to one row for its next caller */
	if (!s->db->lost)
		mysql_stmt_attr_set(s->st, STMT_ATTR_ARRAY_SIZE, &one);
	return rc;
}

/* After an array execution: the parameters point at one value again. */
void
db_rows_reset(struct db_stmt *s)
{
	unsigned	 i;

	if (!s->arrays)
		return;
	for (i = 0; i < s->nparams; i++) {
		s->pb[i].is_null = &s->pnull[i];
		s->pb[i].u.indicator = NULL;
		s->pb[i].length = &s->plen[i];
	}
	s->arrays = 0;
}
