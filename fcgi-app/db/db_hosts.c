/*
 * db_hosts.c: which database node to connect to, and the connection's
 * session
 *
 * The host list ("h1:p1,h2:p2") is tried in order.  A first pass skips
 * the nodes that failed in the last few seconds (for every thread of the
 * process: one thread's failure spares the others the attempt), gives
 * each node a one-second connect timeout and takes only a Galera node
 * that is Synced.  Only when no node passes does a second pass try every
 * node with the full timeout and take any node that is ready (a Donor,
 * say), so a busy or half-healthy cluster still gets an answer.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "../core/log.h"
#include "../core/metrics.h"
#include "../core/util.h"
#include "db_int.h"

#define BAD_SECONDS	3.0	/* a node that failed is skipped this long */
#define QUICK_CONNECT	1	/* seconds: the first pass's connect timeout */
#define BAD_SLOTS	16
#define WSREP_SYNCED	4	/* wsrep_local_state of a Synced node */

/* Nodes that failed lately, shared by every thread of the process. */
static struct {
	char	 node[DB_NODE_MAX];
	double	 until;
}			 bad[BAD_SLOTS];
static pthread_mutex_t	 bad_lock = PTHREAD_MUTEX_INITIALIZER;

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

/* Mark a node bad for BAD_SECONDS (or good again: secs 0). */
static void
node_mark(const char *node, double secs)
{
	double	 now = util_now_mono();
	size_t	 i, slot = BAD_SLOTS;

	if (node[0] == '\0')
		return;
	pthread_mutex_lock(&bad_lock);
	for (i = 0; i < BAD_SLOTS; i++) {
		if (strcmp(bad[i].node, node) == 0) {
			slot = i;
			break;
		}
		if (slot == BAD_SLOTS && (bad[i].node[0] == '\0' ||
		    bad[i].until < now))
			slot = i;
	}
	if (slot < BAD_SLOTS && (secs > 0 || bad[slot].node[0] != '\0')) {
		snprintf(bad[slot].node, sizeof(bad[slot].node), "%s", node);
		bad[slot].until = secs > 0 ? now + secs : 0;
	}
	pthread_mutex_unlock(&bad_lock);
}

static int
node_is_bad(const char *node)
{
	double	 now = util_now_mono();
	size_t	 i;
	int	 isbad = 0;

	pthread_mutex_lock(&bad_lock);
	for (i = 0; i < BAD_SLOTS; i++)
		if (strcmp(bad[i].node, node) == 0) {
			isbad = bad[i].until > now;
			break;
		}
	pthread_mutex_unlock(&bad_lock);
	return isbad;
}

/* The node of this connection failed: others go elsewhere for a while. */
void
db_node_bad(struct db *db)
{
	node_mark(db->node, BAD_SECONDS);
}

static int
open_one(struct db *db, const char *host, int port, const char *sock,
    unsigned connect_timeout)
{
	unsigned	 t = (unsigned)db->p.timeout;
	my_bool		 off = 0;
	const char	*init = "SET time_zone = '+00:00', sql_mode = "
	    "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

	if ((db->my = mysql_init(NULL)) == NULL)
		return -1;
	mysql_options(db->my, MYSQL_OPT_RECONNECT, &off);
	/* it also bounds the handshake, read timeout or not */
	mysql_options(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
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
		    sock != NULL ? sock : db->node, db->msg);
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
 * ready (wsrep_ready: it answers 1047 to reads and writes), and, when
 * synced is set, one that is not Synced (a joiner still catching up, a
 * donor); make reads wait until the node has applied what the cluster
 * committed before them, so a client sees its own write whichever node
 * it comes back through.
 */
static int
session_setup(struct db *db, int synced)
{
	struct db_stmt	*s;
	const char	*ready;
	int		 ok, state;

	db->galera = 0;
	if (run_int(db, "SET SESSION innodb_lock_wait_timeout = ?",
	    db->p.lock_wait > 0 ? db->p.lock_wait : 50) == -1)
		return -1;
	if ((s = db_prepare(db, "SELECT @@wsrep_on, (SELECT VARIABLE_VALUE "
	    "FROM information_schema.GLOBAL_STATUS "
	    "WHERE VARIABLE_NAME = 'WSREP_READY'), (SELECT VARIABLE_VALUE "
	    "FROM information_schema.GLOBAL_STATUS "
	    "WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE')")) == NULL)
		/* a server built without wsrep: no Galera */
		return db->err == 1193 && !db->lost ? 0 : -1;
	if (db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	db->galera = db_col_int(s, 0) == 1;
	ready = db_col_text(s, 1, NULL);
	state = (int)db_col_int(s, 2);
	ok = !db->galera || (strcmp(ready, "ON") == 0 &&
	    (!synced || state == WSREP_SYNCED));
	db_stmt_release(s);
	if (!ok) {
		log_warn("the Galera node at %s is not %s (state %d); "
		    "trying another", db->node, synced ? "Synced" : "ready",
		    state);
		return -1;
	}
	if (db->galera && run_int(db, "SET SESSION wsrep_sync_wait = ?",
	    db->p.sync_wait) == -1)
		return -1;
	return 0;
}

/* One node: connected and set up, or -1 with the node marked bad. */
static int
try_node(struct db *db, const char *host, int port, const char *sock,
    int quick)
{
	if (sock == NULL)
		snprintf(db->node, sizeof(db->node), "%s:%d", host, port);
	else
		db->node[0] = '\0';
	if (open_one(db, host, port, sock, quick ? QUICK_CONNECT :
	    (unsigned)db->p.timeout) == 0 && session_setup(db, quick) == 0) {
		node_mark(db->node, 0);
		/* a node skipped on the way is no reason to rerun */
		db->retry_why = 0;
		db->err = 0;
		metrics_db_connect();
		return 0;
	}
	db_drop_cache(db);
	db_disconnect(db);
	node_mark(db->node, BAD_SECONDS);
	return -1;
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
	char		 host[256], node[DB_NODE_MAX];
	int		 i, port, pass;

	db_drop_cache(db);
	db_disconnect(db);
	if (sock != NULL)
		return try_node(db, NULL, 0, sock, 0);
	for (pass = 0; pass < 2; pass++)
		for (i = 0; db_host_at(&db->p, i, host, sizeof(host),
		    &port) == 0; i++) {
			snprintf(node, sizeof(node), "%s:%d", host, port);
			if (pass == 0 && node_is_bad(node))
				continue;
			if (try_node(db, host, port, NULL, pass == 0) == 0)
				return 0;
		}
	return -1;
}
