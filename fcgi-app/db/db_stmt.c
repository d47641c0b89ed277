/*
 * db_stmt.c: prepared statements: prepare once, bind, execute, step
 *
 * Statements are cached per connection by the address of their SQL text
 * (each feature keeps its SQL in a static table), so a request pays only
 * for execute.  Results are read in whole (store_result), so a caller may
 * run other statements while it steps through rows.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <mysql.h>

#include "../core/log.h"
#include "../core/util.h"
#include "db_int.h"

void
db_stmt_destroy(struct db_stmt *s)
{
	unsigned	 i;

	if (s == NULL)
		return;
	if (s->st != NULL)
		mysql_stmt_close(s->st);
	for (i = 0; i < s->ncols; i++)
		free(s->rbuf[i]);
	free(s->pb);
	free(s->pint);
	free(s->plen);
	free(s->pnull);
	free(s->rb);
	free(s->rbuf);
	free(s->rlen);
	free(s->rnull);
	free(s->rerr);
	free(s->rint);
	free(s->rval);
	free(s->alen);
	free(s);
}

static int
stmt_setup(struct db_stmt *s)
{
	unsigned	 i;

	s->nparams = (unsigned)mysql_stmt_param_count(s->st);
	if (s->nparams > DB_MAX_PARAMS)
		return -1;
	if (s->nparams > 0 &&
	    ((s->pb = calloc(s->nparams, sizeof(*s->pb))) == NULL ||
	    (s->pint = calloc(s->nparams, sizeof(*s->pint))) == NULL ||
	    (s->plen = calloc(s->nparams, sizeof(*s->plen))) == NULL ||
	    (s->pnull = calloc(s->nparams, sizeof(*s->pnull))) == NULL))
		return -1;
	for (i = 0; i < s->nparams; i++) {
		s->pb[i].buffer_type = MYSQL_TYPE_NULL;
		s->pnull[i] = 1;
		s->pb[i].is_null = &s->pnull[i];
	}
	return 0;
}

static int
int_type(enum enum_field_types t)
{
	return t == MYSQL_TYPE_TINY || t == MYSQL_TYPE_SHORT ||
	    t == MYSQL_TYPE_LONG || t == MYSQL_TYPE_INT24 ||
	    t == MYSQL_TYPE_LONGLONG || t == MYSQL_TYPE_YEAR;
}

/* Bind every result column: integers as int64, the rest as text. */
static int
bind_results(struct db_stmt *s)
{
	MYSQL_RES	*meta;
	MYSQL_FIELD	*f;
	unsigned	 i, n;
	int		 rc = -1;

	if ((meta = mysql_stmt_result_metadata(s->st)) == NULL)
		return 0;	/* no result set */
	n = mysql_num_fields(meta);
	f = mysql_fetch_fields(meta);
	if (n > DB_MAX_COLS)
		goto out;
	{
		if ((s->rb = calloc(n, sizeof(*s->rb))) == NULL ||
		    (s->rbuf = calloc(n, sizeof(*s->rbuf))) == NULL ||
		    (s->rlen = calloc(n, sizeof(*s->rlen))) == NULL ||
		    (s->rnull = calloc(n, sizeof(*s->rnull))) == NULL ||
		    (s->rerr = calloc(n, sizeof(*s->rerr))) == NULL ||
		    (s->rint = calloc(n, sizeof(*s->rint))) == NULL ||
		    (s->rval = calloc(n, sizeof(*s->rval))) == NULL)
			goto out;
		s->ncols = n;
		for (i = 0; i < n; i++) {
			s->rint[i] = int_type(f[i].type);
			if (s->rint[i]) {
				s->rb[i].buffer_type = MYSQL_TYPE_LONGLONG;
				s->rb[i].buffer = &s->rval[i];
				s->rb[i].is_unsigned =
				    (f[i].flags & UNSIGNED_FLAG) != 0;
			} else {
				if ((s->rbuf[i] = malloc(DB_COL_INIT + 1)) == NULL)
					goto out;
				s->rb[i].buffer_type = MYSQL_TYPE_STRING;
				s->rb[i].buffer = s->rbuf[i];
				s->rb[i].buffer_length = DB_COL_INIT;
			}
			s->rb[i].length = &s->rlen[i];
			s->rb[i].is_null = &s->rnull[i];
			s->rb[i].error = &s->rerr[i];
		}
	}
	if (mysql_stmt_bind_result(s->st, s->rb) != 0)
		goto out;
	rc = 0;
out:
	mysql_free_result(meta);
	return rc;
}

static int
is_write(const char *sql)
{
	static const char *const verbs[] = { "INSERT", "UPDATE", "DELETE",
	    "REPLACE" };
	size_t	 i;

	sql += strspn(sql, " \t\n(");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strncasecmp(sql, verbs[i], strlen(verbs[i])) == 0)
			return 1;
	return 0;
}

/* The index slot of sql's address: its own, or the empty one it takes. */
static size_t
slot_of(const struct db *db, const char *sql)
{
	size_t	 i = ((uintptr_t)sql >> 3) * 2654435761u;

	for (i &= DB_CACHE_SLOTS - 1; db->slot[i] != NULL &&
	    db->slot[i]->sql != sql; i = (i + 1) & (DB_CACHE_SLOTS - 1))
		;
	return i;
}

/* A cached statement for this SQL text (keyed by its address). */
struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	struct db_stmt	*s;
	size_t		 i;

	if (db == NULL || db->lost)
		return NULL;
	i = slot_of(db, sql);
	if (db->slot[i] != NULL)
		return db->slot[i];
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->db = db;
	s->sql = sql;
	s->writes = is_write(sql);
	if ((s->st = mysql_stmt_init(db->my)) == NULL) {
		db_fail(db, mysql_errno(db->my), mysql_error(db->my), __func__,
		    sql);
		goto fail;
	}
	if (mysql_stmt_prepare(s->st, sql, strlen(sql)) != 0) {
		db_fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
		    __func__, sql);
		goto fail;
	}
	db_used(db);
	if (stmt_setup(s) == -1 || bind_results(s) == -1)
		goto fail;
	if (db->ncache < DB_CACHE) {
		db->cache[db->ncache++] = s;
		db->slot[i] = s;
	} else {
		log_error("statement cache full; raise DB_CACHE");
		goto fail;
	}
	return s;
fail:
	db_stmt_destroy(s);
	return NULL;
}

static int
param_ok(struct db_stmt *s, int i)
{
	if (s == NULL || i < 0 || (unsigned)i >= s->nparams) {
		log_error("bind index %d out of range", i);
		return 0;
	}
	return 1;
}

int
db_bind_int(struct db_stmt *s, int i, int64_t v)
{
	if (!param_ok(s, i))
		return -1;
	s->pint[i] = v;
	s->pnull[i] = 0;
	s->pb[i].buffer_type = MYSQL_TYPE_LONGLONG;
	s->pb[i].buffer = &s->pint[i];
	s->pb[i].is_unsigned = 0;
	return 0;
}

/* The text must stay valid until the statement is executed. */
int
db_bind_textn(struct db_stmt *s, int i, const char *v, size_t n)
{
	if (v == NULL)
		return db_bind_null(s, i);
	if (!param_ok(s, i))
		return -1;
	s->plen[i] = (unsigned long)n;
	s->pnull[i] = 0;
	s->pb[i].buffer_type = MYSQL_TYPE_STRING;
	s->pb[i].buffer = (void *)(uintptr_t)v;
	s->pb[i].buffer_length = (unsigned long)n;
	s->pb[i].length = &s->plen[i];
	return 0;
}

int
db_bind_text(struct db_stmt *s, int i, const char *v)
{
	return db_bind_textn(s, i, v, v != NULL ? strlen(v) : 0);
}

int
db_bind_null(struct db_stmt *s, int i)
{
	if (!param_ok(s, i))
		return -1;
	s->pnull[i] = 1;
	s->pb[i].buffer_type = MYSQL_TYPE_NULL;
	return 0;
}

/* Execute with the bound parameters; a result set is read in whole. */
int
db_exec(struct db_stmt *s)
{
	int	 autocommit;

	if (s == NULL || s->db->lost || db_fault_hit(s->db, s->sql) ||
	    db_trans_lost(s->db, s->sql))
		return -1;
	/* a write outside a transaction commits by itself */
	autocommit = s->writes && !s->db->trans;
	mysql_stmt_free_result(s->st);
	if (s->nparams > 0 && mysql_stmt_bind_param(s->st, s->pb) != 0)
		goto fail;
	if (mysql_stmt_execute(s->st) != 0) {
		db_fail(s->db, mysql_stmt_errno(s->st),
		    mysql_stmt_error(s->st), __func__, s->sql);
		if (autocommit && db_outcome_unknown(s->db))
			s->db->settled = 1;	/* it may have committed */
		return -1;
	}
	if (autocommit)
		s->db->settled = 1;
	db_used(s->db);
	/* INSERT ... RETURNING: its columns are known only after a run */
	if (s->ncols == 0 && mysql_stmt_field_count(s->st) > 0 &&
	    bind_results(s) == -1)
		goto fail;
	if (s->ncols > 0 && mysql_stmt_store_result(s->st) != 0)
		goto fail;
	if (db_trans_lost(s->db, s->sql))
		return -1;
	s->executed = 1;
	return 0;
fail:
	db_fail(s->db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
	    __func__, s->sql);
	return -1;
}

/*
 * A value longer than its buffer: grow every truncated column and fetch
 * it again, then rebind once (rebinding clears the row's column
 * pointers, so it must come after every re-fetch of this row).
 */
static int
refetch_truncated(struct db_stmt *s)
{
	unsigned	 i;
	char		*p;

	for (i = 0; i < s->ncols; i++) {
		if (s->rint[i] || s->rnull[i] ||
		    s->rlen[i] <= s->rb[i].buffer_length)
			continue;
		if ((p = realloc(s->rbuf[i], s->rlen[i] + 1)) == NULL)
			return -1;
		s->rbuf[i] = p;
		s->rb[i].buffer = p;
		s->rb[i].buffer_length = s->rlen[i];
		if (mysql_stmt_fetch_column(s->st, &s->rb[i], i, 0) != 0)
			return -1;
	}
	return mysql_stmt_bind_result(s->st, s->rb) == 0 ? 0 : -1;
}

/* Executes on the first call; then one row a call. */
enum db_step
db_step(struct db_stmt *s)
{
	int	 r;

	if (s == NULL || s->db->lost)
		return DB_ERROR;
	if (!s->executed && db_exec(s) == -1)
		return DB_ERROR;
	if (s->ncols == 0)
		return DB_DONE;
	r = mysql_stmt_fetch(s->st);
	if (r == MYSQL_NO_DATA)
		return DB_DONE;
	if (r == 1) {
		db_fail(s->db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
		    __func__, s->sql);
		return DB_ERROR;
	}
	if (r == MYSQL_DATA_TRUNCATED && refetch_truncated(s) == -1) {
		db_fail(s->db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
		    __func__, s->sql);
		return DB_ERROR;
	}
	return DB_ROW;
}

static int
col_ok(struct db_stmt *s, int i)
{
	return s != NULL && i >= 0 && (unsigned)i < s->ncols;
}

int
db_col_null(struct db_stmt *s, int i)
{
	return !col_ok(s, i) || s->rnull[i];
}

int64_t
db_col_int(struct db_stmt *s, int i)
{
	if (!col_ok(s, i) || s->rnull[i])
		return 0;
	if (s->rint[i])
		return s->rval[i];
	return strtoll(db_col_text(s, i, NULL), NULL, 10);
}

/* Text of a column (integers too); "" for NULL.  Valid until next step. */
const char *
db_col_text(struct db_stmt *s, int i, size_t *len)
{
	if (len != NULL)
		*len = 0;
	if (!col_ok(s, i) || s->rnull[i])
		return "";
	if (s->rint[i]) {
		/* reuse the text buffer slot lazily */
		if (s->rbuf[i] == NULL && (s->rbuf[i] = malloc(24)) == NULL)
			return "";
		snprintf(s->rbuf[i], 24, "%lld", (long long)s->rval[i]);
		if (len != NULL)
			*len = strlen(s->rbuf[i]);
		return s->rbuf[i];
	}
	/* the buffer has one byte beyond buffer_length for this NUL */
	s->rbuf[i][s->rlen[i] < s->rb[i].buffer_length ? s->rlen[i] :
	    s->rb[i].buffer_length] = '\0';
	if (len != NULL)
		*len = s->rlen[i];
	return s->rbuf[i];
}

/* Column i's text into out (size bytes, cut short if need be). */
void
db_col_copy(struct db_stmt *s, int i, char *out, size_t size)
{
	if (size > 0)
		snprintf(out, size, "%s", db_col_text(s, i, NULL));
}

uint64_t
db_affected(struct db_stmt *s)
{
	return s != NULL ? (uint64_t)mysql_stmt_affected_rows(s->st) : 0;
}

uint64_t
db_insert_id(struct db_stmt *s)
{
	return s != NULL ? (uint64_t)mysql_stmt_insert_id(s->st) : 0;
}

/* Back to the cache: drop the rows and the bindings, keep the plan. */
void
db_stmt_release(struct db_stmt *s)
{
	unsigned	 i;

	if (s == NULL)
		return;
	if (!s->db->lost)
		mysql_stmt_free_result(s->st);
	s->executed = 0;
	db_rows_reset(s);
	for (i = 0; i < s->nparams; i++) {
		s->pnull[i] = 1;
		s->pb[i].buffer_type = MYSQL_TYPE_NULL;
	}
}


/*
 * Prepare sql and bind its arguments (types: 'i' an int64_t, 't' a
 * string, one letter each, in order): the statement, or NULL.
 */
static struct db_stmt *
preparev(struct db *db, const char *sql, const char *types, va_list ap)
{
	struct db_stmt	*s;
	int		 i, ok;

	if ((s = db_prepare(db, sql)) == NULL)
		return NULL;
	for (i = 0, ok = 1; ok && types[i] != '\0'; i++)
		ok = (types[i] == 'i' ? db_bind_int(s, i, va_arg(ap,
		    int64_t)) : db_bind_text(s, i, va_arg(ap,
		    const char *))) == 0;
	if (!ok) {
		db_stmt_release(s);
		return NULL;
	}
	return s;
}

struct db_stmt *
db_preparef(struct db *db, const char *sql, const char *types, ...)
{
	struct db_stmt	*s;
	va_list		 ap;

	va_start(ap, types);
	s = preparev(db, sql, types, ap);
	va_end(ap);
	return s;
}

/*
 * Prepare and bind sql as db_preparef, execute it and release it: the
 * rows it changed, or -1.  The insert id into *id when id is not NULL.
 */
int
db_execv(struct db *db, const char *sql, uint64_t *id, const char *types,
    ...)
{
	struct db_stmt	*s;
	va_list		 ap;
	int		 affected = -1;

	va_start(ap, types);
	s = preparev(db, sql, types, ap);
	va_end(ap);
	if (s != NULL && db_exec(s) == 0) {
		affected = (int)db_affected(s);
		if (id != NULL)
			*id = db_insert_id(s);
	}
	db_stmt_release(s);
	return affected;
}
