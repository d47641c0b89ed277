/*
 * db.c: MariaDB connections: connect, notice loss, reconnect, transact
 *
 * One struct db per worker thread.  Auto-reconnect stays off: it would
 * silently drop an open transaction and every prepared statement.  A
 * lost connection marks the handle; the next request's first use
 * (db_ensure) reconnects (db_hosts.c picks the node), and drops first a
 * connection the server closed or, after a quick ping, one that sat
 * idle and no longer answers.
 * Between requests any open transaction is rolled back and every
 * statement reset, so nothing leaks from one request into the next.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>
#include <ma_pvio.h>
#include <mysqld_error.h>

#include "../core/log.h"
#include "../core/metrics.h"
#include "../core/util.h"
#include "db_changes.h"
#include "db_int.h"

#define IDLE_PING	1.0	/* seconds idle after which a ping comes first */
#define PING_MS		500	/* a ping not answered by then: the node is gone */

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

void
db_drop_cache(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->ncache; i++)
		db_stmt_destroy(db->cache[i]);
	db->ncache = 0;
	memset(db->slot, 0, sizeof(db->slot));
}

/*
 * Close the connection but keep the statement handles: a caller may still
 * hold one (mysql_close detaches them, so closing them later is safe).
 * They are dropped when the next request reconnects.
 */
void
db_disconnect(struct db *db)
{
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->lost = 1;
	db->trans = 0;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	db_drop_cache(db);
	db_disconnect(db);
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

/*
 * A COMMIT (or a write outside a transaction) that failed so: it may have
 * been applied all the same (its answer was lost, or Galera replicated it
 * and the local commit then failed).
 */
int
db_outcome_unknown(const struct db *db)
{
	return db->lost || db->err == ER_ERROR_DURING_COMMIT;
}

/*
 * Did the request fail on the database's state rather than on its own
 * SQL: a lost or refused connection, a node that left the cluster, a
 * deadlock or certification, a lock wait, an interrupted or failed
 * commit?  Such a failure answers 503: asked again, it may succeed.
 */
int
db_transient(const struct db *db)
{
	if (db == NULL || db->lost || db_is_conflict(db))
		return 1;
	switch (db->err) {
	case ER_ERROR_DURING_COMMIT:
	case ER_QUERY_INTERRUPTED:
		return 1;
	default:
		return conn_error(db->err);
	}
}

/*
 * Remember the error; a lost connection is dropped for the next request,
 * and its node is skipped for a while by every thread's next connect.
 */
void
db_fail(struct db *db, unsigned e, const char *msg, const char *where,
    const char *sql)
{
	db->err = e;
	snprintf(db->msg, sizeof(db->msg), "%s", msg);
	metrics_db_error();
	if (db_is_conflict(db) || conn_error(e))
		db->retry_why = e;
	if (conn_error(e)) {
		log_msg(LOG_WARN, where, "database connection lost: %u %s "
		    "(in: %.72s)", e, msg, sql != NULL ? sql : "-");
		db_node_bad(db);
		db_disconnect(db);
	} else
		log_msg(LOG_ERROR, where, "database error %u: %s (in: %.72s)",
		    e, msg, sql != NULL ? sql : "-");
}

/* A round trip went well: the connection is alive now. */
void
db_used(struct db *db)
{
	db->last_used = util_now_mono();
}

/*
 * Has the server closed this idle connection?  The server never speaks
 * first, so anything to read between requests is its goodbye: the FIN
 * of a killed node (the kernel closes a dead process's sockets) or the
 * error packet of a connection it killed.  One poll, no round trip: a
 * killed node costs the next request nothing.
 */
static int
closed_by_server(struct db *db)
{
	struct pollfd	 pfd;

	pfd.fd = (int)mysql_get_socket(db->my);
	pfd.events = POLLIN | POLLRDHUP;
	pfd.revents = 0;
	return pfd.fd < 0 || poll(&pfd, 1, 0) > 0;
}

/*
 * mysql_ping, waiting PING_MS at most: a node that hangs or is cut off
 * costs half a second, not db_timeout.  Connector/C reads the read
 * timeout, in milliseconds, from the connection's pvio at each read;
 * MYSQL_OPT_READ_TIMEOUT only counts at connect.
 */
static int
ping_quick(struct db *db)
{
	MARIADB_PVIO	*pvio = db->my->net.pvio;
	int		 saved, rc;

	if (pvio == NULL)
		return mysql_ping(db->my);
	saved = pvio->timeout[PVIO_READ_TIMEOUT];
	if (saved <= 0 || saved > PING_MS)
		pvio->timeout[PVIO_READ_TIMEOUT] = PING_MS;
	rc = mysql_ping(db->my);
	pvio->timeout[PVIO_READ_TIMEOUT] = saved;
	return rc;
}

/*
 * The handle if it is (or could be made) connected, else NULL.  Call it
 * only before a request's first statement: reconnecting frees every
 * cached statement.  A connection the server closed is dropped at once,
 * and one idle for a while is pinged first, so neither a killed node nor
 * a database restart costs a request an error.
 */
struct db *
db_ensure(struct db *db)
{
	if (db == NULL)
		return NULL;
	if (!db->lost && closed_by_server(db)) {
		log_info("database connection to %s closed by the server; "
		    "reconnecting", db->node[0] ? db->node : "the socket");
		db_node_bad(db);
		db_disconnect(db);
	} else if (!db->lost && util_now_mono() - db->last_used > IDLE_PING &&
	    ping_quick(db) != 0) {
		log_info("idle database connection gone (%s); reconnecting",
		    mysql_error(db->my));
		db_node_bad(db);
		db_disconnect(db);
	}
	if (db->lost && db_connect(db) == -1)
		return NULL;
	return db;
}

/* The health check's ping: quick, as db_ensure's. */
int
db_ping(struct db *db)
{
	if (db == NULL || db->lost)
		return -1;
	if (ping_quick(db) != 0) {
		db_fail(db, mysql_errno(db->my), mysql_error(db->my), __func__,
		    NULL);
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
	db->err = 0;	/* db_transient() then speaks of this run only */
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

	changes_settled();
	if (db == NULL)
		return;
	db->fault_after = 0;	/* a fault not reached stays with its request */
	if (db->lost)
		return;
	for (i = 0; i < db->ncache; i++)
		if (db->cache[i]->executed) {
			log_warn("statement left unreleased: %.60s",
			    db->cache[i]->sql);
			db_stmt_release(db->cache[i]);
		}
	if (db->trans || db_in_trans(db)) {
		if (db_in_trans(db))
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
		db_fail(db, mysql_stmt_errno(st), mysql_stmt_error(st), __func__,
		    sql);
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
	db->trans = 0;
	if (db_run(db, "START TRANSACTION") == -1)
		return -1;
	db->trans = 1;
	return 0;
}

/*
 * Was the transaction begun here rolled back under the request?  Galera
 * aborts a local transaction whose locks a replicated one needs, and
 * when that happens inside a trigger's statement the server may answer
 * the statement OK (the error is lost with the sub-statement) though the
 * transaction is gone: the statements after it would then each commit
 * on their own, half an order.  Every answer carries the server's
 * IN_TRANS flag, so a transaction that vanished is seen at the answer
 * of the statement it vanished under, before anything else runs: it
 * fails as the conflict it is (1213), and the request is run again.
 * 1 (and the failure recorded) if lost, else 0.
 */
int
db_trans_lost(struct db *db, const char *sql)
{
	if (!db->trans || db->lost || db_in_trans(db))
		return 0;
	db->trans = 0;
	db_fail(db, ER_LOCK_DEADLOCK, "the transaction was rolled back under "
	    "the statement (a Galera abort)", __func__, sql);
	return 1;
}

/* A COMMIT that succeeded, or whose answer was lost, settles the request. */
int
db_commit(struct db *db)
{
	int	 rc;

	db->trans = 0;
	rc = db_run(db, "COMMIT");
	if (rc == 0 || db_outcome_unknown(db))
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
	db->trans = 0;
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
