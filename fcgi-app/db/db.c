/*
 * db.c: MariaDB connections: connect, notice loss, reconnect, transact
 *
 * One struct db per worker thread.  Auto-reconnect stays off: it would
 * silently drop an open transaction and every prepared statement.  A
 * lost connection marks the handle; the next request's first use
 * (db_ensure) reconnects, after a ping if the connection sat idle.
 * Between requests any open transaction is rolled back and every
 * statement reset, so nothing leaks from one request into the next.
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
#include "../core/util.h"
#include "db_int.h"

#define IDLE_PING	1.0	/* seconds idle after which a ping comes first */

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
drop_cache(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->ncache; i++)
		db_stmt_destroy(db->cache[i]);
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
	case 1047:	/* WSREP has not yet prepared node for application use */
		return 1;
	default:
		return 0;
	}
}

/* Remember the error; a lost connection is dropped for the next request. */
void
db_fail(struct db *db, unsigned e, const char *msg, const char *where)
{
	db->err = e;
	snprintf(db->msg, sizeof(db->msg), "%s", msg);
	metrics_db_error();
	if (e == 1213 || e == 1205 || conn_error(e))
		db->retry_why = e;
	if (conn_error(e)) {
		log_msg(LOG_WARN, where, "database connection lost: %u %s",
		    e, msg);
		disconnect(db);
	} else
		log_msg(LOG_ERROR, where, "database error %u: %s", e, msg);
}

/* Host number i of "h1:p1,h2:p2" (a host without a port: the default). */
int
db_host_at(const struct db_params *p, int i, char *host, size_t sz, int *port)
{
	const char	*s = p->host != NULL ? p->host : "", *e, *c;
	size_t		 n;

	for (; i > 0; i--)
		if ((s = strchr(s, ',')) == NULL)
			return -1;
		else
			s++;
	while (*s == ' ')
		s++;
	e = s + strcspn(s, ",");
	while (e > s && e[-1] == ' ')
		e--;
	*port = p->port;
	if ((c = memchr(s, ':', (size_t)(e - s))) != NULL) {
		*port = atoi(c + 1);
		n = (size_t)(c - s);
	} else
		n = (size_t)(e - s);
	if (n == 0 || n >= sz || *port <= 0 || *port > 65535)
		return -1;
	memcpy(host, s, n);
	host[n] = '\0';
	return 0;
}

static int
open_one(struct db *db, const char *host, int port, const char *sock)
{
	unsigned	 t = (unsigned)db->p.timeout;
	my_bool		 off = 0;
	const char	*init = "SET time_zone = '+00:00', sql_mode = "
	    "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

	if ((db->my = mysql_init(NULL)) == NULL)
		return -1;
	mysql_options(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &t);
	mysql_options(db->my, MYSQL_OPT_READ_TIMEOUT, &t);
	mysql_options(db->my, MYSQL_OPT_WRITE_TIMEOUT, &t);
	mysql_options(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->my, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db->my, sock != NULL ? "localhost" : host,
	    db->p.user, db->p.password, db->p.name, (unsigned)port, sock,
	    0) == NULL) {
		db->err = mysql_errno(db->my);
		snprintf(db->msg, sizeof(db->msg), "%s", mysql_error(db->my));
		metrics_db_error();
		log_warn("cannot connect to the database at %s: %s",
		    sock != NULL ? sock : host, db->msg);
		mysql_close(db->my);
		db->my = NULL;
		return -1;
	}
	db->lost = 0;
	db_used(db);
	return 0;
}

static int
run_int(struct db *db, const char *sql, int v)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(db, sql)) == NULL || db_bind_int(s, 0, v) == -1) {
		db_stmt_release(s);
		return -1;
	}
	rc = db_exec(s);
	db_stmt_release(s);
	return rc;
}

/*
 * The session's settings.  On a Galera node: refuse a node that is not
 * ready (wsrep_ready: it answers 1047 to reads and writes), and make
 * reads wait until the node has applied what the cluster committed
 * before them, so a client sees its own write whichever node it comes
 * back through.
 */
static int
session_setup(struct db *db)
{
	struct db_stmt	*s;
	int		 ready = 0;

	db->galera = 0;
	if (run_int(db, "SET SESSION innodb_lock_wait_timeout = ?",
	    db->p.lock_wait > 0 ? db->p.lock_wait : 50) == -1)
		return -1;
	if ((s = db_prepare(db, "SELECT @@wsrep_on, (SELECT VARIABLE_VALUE "
	    "FROM information_schema.GLOBAL_STATUS "
	    "WHERE VARIABLE_NAME = 'WSREP_READY')")) == NULL)
		/* a server built without wsrep: no Galera */
		return db->err == 1193 && !db->lost ? 0 : -1;
	if (db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	db->galera = db_col_int(s, 0) == 1;
	ready = !db->galera ||
	    strcmp(db_col_text(s, 1, NULL) != NULL ? db_col_text(s, 1, NULL) :
	    "", "ON") == 0;
	db_stmt_release(s);
	if (!ready) {
		log_warn("the Galera node is not ready; trying another");
		return -1;
	}
	if (db->galera && run_int(db, "SET SESSION wsrep_sync_wait = ?",
	    db->p.sync_wait) == -1)
		return -1;
	return 0;
}

/*
 * Connect to the socket, or to the first of the hosts that answers and
 * (on Galera) is synced.  The list is tried from its start each time, so
 * an app node goes back to its own database node once that is back.
 */
int
db_connect(struct db *db)
{
	const char	*sock = db->p.socket != NULL && db->p.socket[0] ?
	    db->p.socket : NULL;
	char		 host[256];
	int		 i, port;

	drop_cache(db);
	disconnect(db);
	for (i = 0; sock != NULL ? i < 1 :
	    db_host_at(&db->p, i, host, sizeof(host), &port) == 0; i++) {
		if (open_one(db, host, sock != NULL ? 0 : port, sock) == 0) {
			if (session_setup(db) == 0) {
				/* a node skipped on the way is no reason to rerun */
				db->retry_why = 0;
				db->err = 0;
				metrics_db_connect();
				return 0;
			}
			drop_cache(db);
			disconnect(db);
		}
	}
	return -1;
}

/* A round trip went well: the connection is alive now. */
void
db_used(struct db *db)
{
	db->last_used = util_now_mono();
}

/*
 * The handle if it is (or could be made) connected, else NULL.  Call it
 * only before a request's first statement: reconnecting frees every
 * cached statement.  A connection idle for a while is pinged first, so a
 * database restart costs no request an error.
 */
struct db *
db_ensure(struct db *db)
{
	if (db == NULL)
		return NULL;
	if (!db->lost && util_now_mono() - db->last_used > IDLE_PING &&
	    mysql_ping(db->my) != 0) {
		log_info("idle database connection gone (%s); reconnecting",
		    mysql_error(db->my));
		disconnect(db);
	}
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
		db_fail(db, mysql_errno(db->my), mysql_error(db->my), __func__);
		return -1;
	}
	db_used(db);
	return 0;
}

/* A request's handler starts (again): nothing written yet. */
void
db_request_begin(struct db *db)
{
	if (db == NULL)
		return;
	db->retry_why = 0;
	db->settled = 0;
	db_fault_claim(db);
}

/*
 * May the request's handler run again?  Yes when a transaction lost a
 * deadlock or a certification (1213), waited too long for a lock (1205)
 * or lost its connection, and nothing of this request was committed or
 * may have been (a COMMIT whose answer was lost is settled: unknown).
 */
int
db_retryable(const struct db *db)
{
	return db != NULL && db->retry_why != 0 && !db->settled;
}

/* Is a transaction open on this connection? */
int
db_in_trans(struct db *db)
{
	unsigned	 status = 0;

	return db->my != NULL && mariadb_get_infov(db->my,
	    MARIADB_CONNECTION_SERVER_STATUS, &status) == 0 &&
	    (status & SERVER_STATUS_IN_TRANS) != 0;
}

/*
 * A request is over: roll back what it left open and reset every
 * statement it left executed, so the next request starts clean.
 */
void
db_request_end(struct db *db)
{
	size_t		 i;

	if (db == NULL || db->lost)
		return;
	for (i = 0; i < db->ncache; i++)
		if (db->cache[i]->executed) {
			log_warn("statement left unreleased: %.60s",
			    db->cache[i]->sql);
			db_stmt_release(db->cache[i]);
		}
	if (db_in_trans(db)) {
		log_warn("transaction left open; rolling back");
		db_rollback(db);
	}
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
		db_fail(db, mysql_stmt_errno(st), mysql_stmt_error(st), __func__);
		goto out;
	}
	db_used(db);
	rc = 0;
out:
	mysql_stmt_close(st);
	return rc;
}

int
db_begin(struct db *db)
{
	db->err = 0;	/* db_errno() then speaks of this transaction only */
	return db_run(db, "START TRANSACTION");
}

/* A COMMIT that succeeded, or whose answer was lost, settles the request. */
int
db_commit(struct db *db)
{
	int	 rc = db_run(db, "COMMIT");

	if (rc == 0 || db->lost)
		db->settled = 1;
	if (rc == 0)
		db_fault_committed(db);
	return rc;
}

int
db_rollback(struct db *db)
{
	if (db == NULL || db->lost)
		return -1;
	return db_run(db, "ROLLBACK");
}

/*
 * Demo data: unless probe (a SELECT) finds a row, run the n steps in one
 * transaction.  0, or -1 (rolled back).
 */
int
db_seed_once(struct db *db, const char *probe, const char *const *steps,
    size_t n)
{
	struct db_stmt	*s;
	size_t		 i;
	int		 rc;

	if ((s = db_prepare(db, probe)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	if (rc == DB_ROW)
		return 0;
	if (db_begin(db) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (db_run(db, steps[i]) == -1) {
			db_rollback(db);
			return -1;
		}
	return db_commit(db);
}
