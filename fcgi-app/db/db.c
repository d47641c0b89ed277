/*
 * db.c: MariaDB behind opaque handles: prepare, bind, step, transact
 *
 * One struct db per worker thread.  Statements are prepared once per
 * connection and cached by the address of their SQL text (each feature
 * keeps its SQL in a static table), so a request pays only for execute.
 * Auto-reconnect stays off: it would silently drop an open transaction
 * and every prepared statement.  A lost connection marks the handle;
 * db_ensure() reconnects at the start of the next request.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "../core/log.h"
#include "../core/metrics.h"
#include "db.h"

#define DB_MAX_PARAMS	64
#define DB_MAX_COLS	64
#define DB_CACHE	256
#define DB_COL_INIT	256

struct db_stmt {
	struct db	*db;
	const char	*sql;
	MYSQL_STMT	*st;
	unsigned	 nparams;
	MYSQL_BIND	*pb;
	int64_t		*pint;
	unsigned long	*plen;
	char		*pnull;
	unsigned	 ncols;
	MYSQL_BIND	*rb;
	char		**rbuf;
	unsigned long	*rlen;
	char		*rnull;
	char		*rerr;
	int		*rint;		/* column bound as an integer */
	int64_t		*rval;
	int		 executed;
};

struct db {
	struct db_params	 p;
	MYSQL			*my;
	int			 lost;
	unsigned		 err;
	char			 msg[256];
	struct db_stmt		*cache[DB_CACHE];
	size_t			 ncache;
	unsigned long		 trips;		/* good round trips this request */
	int			 stale;		/* lost before the first one */
};

static char *
dupnull(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* Once per process, before any thread connects. */
int
db_library_init(void)
{
	return mysql_library_init(0, NULL, NULL) == 0 ? 0 : -1;
}

struct db *
db_new(const struct db_params *p)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->p = *p;
	db->p.host = dupnull(p->host);
	db->p.socket = dupnull(p->socket);
	db->p.user = dupnull(p->user);
	db->p.password = dupnull(p->password);
	db->p.name = dupnull(p->name);
	db->lost = 1;
	return db;
}

static void
stmt_free(struct db_stmt *s)
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
	free(s);
}

static void
drop_cache(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->ncache; i++)
		stmt_free(db->cache[i]);
	db->ncache = 0;
}

/*
 * Close the connection but keep the statement handles: a caller may still
 * hold one (mysql_close detaches them, so closing them later is safe).
 * They are dropped when the next request reconnects.
 */
static void
disconnect(struct db *db)
{
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->lost = 1;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	drop_cache(db);
	disconnect(db);
	free((char *)db->p.host);
	free((char *)db->p.socket);
	free((char *)db->p.user);
	if (db->p.password != NULL)
		explicit_bzero((char *)db->p.password,
		    strlen(db->p.password));
	free((char *)db->p.password);
	free((char *)db->p.name);
	free(db);
}

static int
conn_error(unsigned e)
{
	switch (e) {
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_SERVER_LOST_EXTENDED:
	case CR_COMMANDS_OUT_OF_SYNC:
	case ER_CONNECTION_KILLED:
	case ER_SERVER_SHUTDOWN:
	case ER_UNKNOWN_STMT_HANDLER:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
		return 1;
	default:
		return 0;
	}
}

/* Remember the error; a lost connection is dropped for the next request. */
static void
fail(struct db *db, unsigned e, const char *msg, const char *where)
{
	db->err = e;
	snprintf(db->msg, sizeof(db->msg), "%s", msg);
	metrics_db_error();
	if (conn_error(e)) {
		log_msg(LOG_WARN, where, "database connection lost: %u %s",
		    e, msg);
		/* Nothing of this request reached the server: safe to redo. */
		db->stale = db->trips == 0;
		disconnect(db);
	} else
		log_msg(LOG_ERROR, where, "database error %u: %s", e, msg);
}

int
db_connect(struct db *db)
{
	unsigned	 t = (unsigned)db->p.timeout;
	my_bool		 off = 0;
	const char	*init = "SET time_zone = '+00:00', sql_mode = "
	    "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

	drop_cache(db);
	disconnect(db);
	if ((db->my = mysql_init(NULL)) == NULL)
		return -1;
	mysql_options(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &t);
	mysql_options(db->my, MYSQL_OPT_READ_TIMEOUT, &t);
	mysql_options(db->my, MYSQL_OPT_WRITE_TIMEOUT, &t);
	mysql_options(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->my, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db->my,
	    db->p.socket != NULL && db->p.socket[0] ? "localhost" : db->p.host,
	    db->p.user, db->p.password, db->p.name, (unsigned)db->p.port,
	    db->p.socket != NULL && db->p.socket[0] ? db->p.socket : NULL,
	    0) == NULL) {
		db->err = mysql_errno(db->my);
		snprintf(db->msg, sizeof(db->msg), "%s", mysql_error(db->my));
		metrics_db_error();
		log_warn("cannot connect to the database: %s", db->msg);
		mysql_close(db->my);
		db->my = NULL;
		return -1;
	}
	db->lost = 0;
	metrics_db_connect();
	return 0;
}

/*
 * The handle if it is (or could be made) connected, else NULL.  Call it
 * only between requests: reconnecting frees every cached statement.
 */
struct db *
db_ensure(struct db *db)
{
	if (db == NULL)
		return NULL;
	if (db->lost && db_connect(db) == -1)
		return NULL;
	return db;
}

int
db_ping(struct db *db)
{
	if (db == NULL || db->lost)
		return -1;
	if (mysql_ping(db->my) != 0) {
		fail(db, mysql_errno(db->my), mysql_error(db->my), __func__);
		return -1;
	}
	db->trips++;
	return 0;
}

/* A request starts: count its round trips from zero. */
void
db_request_start(struct db *db)
{
	if (db != NULL) {
		db->trips = 0;
		db->stale = 0;
	}
}

/*
 * Did the connection turn out dead before any statement of this request
 * reached the server (MariaDB restarted while the worker idled)?  Then
 * the request can be run again on a new connection.  Clears the flag.
 */
int
db_stale(struct db *db)
{
	int	 s;

	if (db == NULL)
		return 0;
	s = db->stale;
	db->stale = 0;
	return s;
}

int
db_lost(const struct db *db)
{
	return db == NULL || db->lost;
}

unsigned
db_errno(const struct db *db)
{
	return db->err;
}

const char *
db_errmsg(const struct db *db)
{
	return db->msg;
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
				if ((s->rbuf[i] = malloc(DB_COL_INIT)) == NULL)
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

/* A cached statement for this SQL text (keyed by its address). */
struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	struct db_stmt	*s;
	size_t		 i;

	if (db == NULL || db->lost)
		return NULL;
	for (i = 0; i < db->ncache; i++)
		if (db->cache[i]->sql == sql)
			return db->cache[i];
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->db = db;
	s->sql = sql;
	if ((s->st = mysql_stmt_init(db->my)) == NULL) {
		fail(db, mysql_errno(db->my), mysql_error(db->my), __func__);
		goto fail;
	}
	if (mysql_stmt_prepare(s->st, sql, strlen(sql)) != 0) {
		fail(db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
		    __func__);
		goto fail;
	}
	db->trips++;
	if (stmt_setup(s) == -1 || bind_results(s) == -1)
		goto fail;
	if (db->ncache < DB_CACHE)
		db->cache[db->ncache++] = s;
	else {
		log_error("statement cache full; raise DB_CACHE");
		goto fail;
	}
	return s;
fail:
	stmt_free(s);
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
	if (s == NULL)
		return -1;
	mysql_stmt_free_result(s->st);
	if (s->nparams > 0 && mysql_stmt_bind_param(s->st, s->pb) != 0)
		goto fail;
	if (mysql_stmt_execute(s->st) != 0)
		goto fail;
	s->db->trips++;
	if (s->ncols > 0 && mysql_stmt_store_result(s->st) != 0)
		goto fail;
	s->executed = 1;
	return 0;
fail:
	fail(s->db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
	    __func__);
	return -1;
}

/* Executes on the first call; then one row a call. */
enum db_step
db_step(struct db_stmt *s)
{
	unsigned	 i;
	char		*p;
	int		 r;

	if (s == NULL)
		return DB_ERROR;
	if (!s->executed && db_exec(s) == -1)
		return DB_ERROR;
	if (s->ncols == 0)
		return DB_DONE;
	r = mysql_stmt_fetch(s->st);
	if (r == MYSQL_NO_DATA)
		return DB_DONE;
	if (r == 1) {
		fail(s->db, mysql_stmt_errno(s->st), mysql_stmt_error(s->st),
		    __func__);
		return DB_ERROR;
	}
	if (r == MYSQL_DATA_TRUNCATED)
		for (i = 0; i < s->ncols; i++) {
			if (s->rint[i] || s->rnull[i] ||
			    s->rlen[i] < s->rb[i].buffer_length)
				continue;
			if ((p = realloc(s->rbuf[i], s->rlen[i] + 1)) == NULL)
				return DB_ERROR;
			s->rbuf[i] = p;
			s->rb[i].buffer = p;
			s->rb[i].buffer_length = s->rlen[i] + 1;
			if (mysql_stmt_fetch_column(s->st, &s->rb[i], i, 0))
				return DB_ERROR;
			/* rebinding makes the next fetch use the new size */
			if (mysql_stmt_bind_result(s->st, s->rb) != 0)
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
	s->rbuf[i][s->rlen[i] < s->rb[i].buffer_length ? s->rlen[i] :
	    s->rb[i].buffer_length - 1] = '\0';
	if (len != NULL)
		*len = s->rlen[i];
	return s->rbuf[i];
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
	for (i = 0; i < s->nparams; i++) {
		s->pnull[i] = 1;
		s->pb[i].buffer_type = MYSQL_TYPE_NULL;
	}
}

/* One fixed statement without parameters (DDL, BEGIN, COMMIT ...). */
int
db_run(struct db *db, const char *sql)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql)) == NULL)
		return -1;
	rc = db_exec(s);
	db_stmt_release(s);
	return rc;
}

/* Like db_run, for text that is not static (migrations): not cached. */
int
db_run_text(struct db *db, const char *sql, size_t len)
{
	MYSQL_STMT	*st;
	int		 rc = -1;

	if (db == NULL || db->lost)
		return -1;
	if ((st = mysql_stmt_init(db->my)) == NULL)
		return -1;
	if (mysql_stmt_prepare(st, sql, (unsigned long)len) != 0 ||
	    mysql_stmt_execute(st) != 0) {
		fail(db, mysql_stmt_errno(st), mysql_stmt_error(st), __func__);
		goto out;
	}
	rc = 0;
out:
	mysql_stmt_close(st);
	return rc;
}

int
db_begin(struct db *db)
{
	return db_run(db, "START TRANSACTION");
}

int
db_commit(struct db *db)
{
	return db_run(db, "COMMIT");
}

int
db_rollback(struct db *db)
{
	if (db == NULL || db->lost)
		return -1;
	return db_run(db, "ROLLBACK");
}
