/* db_int.h: what db.c and db_stmt.c share; nothing else includes it */
#ifndef DB_DB_INT_H
#define DB_DB_INT_H

#include <mysql.h>

#include "db.h"

#define DB_MAX_PARAMS	64
#define DB_MAX_COLS	64
/*
 * Statements prepared on one connection, each kept for the connection's
 * life: every feature's SQL that a connection runs (some 400 texts and
 * their scope variants by issue #21), with room to grow.  Found by the
 * text's address through an open-addressed index of twice as many slots.
 */
#define DB_CACHE	2048
#define DB_CACHE_SLOTS	(2 * DB_CACHE)	/* a power of two */
#define DB_COL_INIT	256
#define DB_NODE_MAX	272	/* "host:port" and its NUL */

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
	char		**rbuf;		/* buffer_length + 1 bytes: room for NUL */
	unsigned long	*rlen;
	char		*rnull;
	char		*rerr;
	int		*rint;		/* column bound as an integer */
	int64_t		*rval;
	int		 executed;
	int		 writes;	/* INSERT, UPDATE, DELETE, REPLACE */
	uint64_t	 arrays;	/* a bit per parameter bound to an array */
	unsigned long	*alen;		/* their text lengths, DB_ROWS_MAX each */
};

struct db {
	struct db_params	 p;
	MYSQL			*my;
	int			 lost;
	unsigned		 err;
	char			 msg[256];
	struct db_stmt		*cache[DB_CACHE];
	size_t			 ncache;
	struct db_stmt		*slot[DB_CACHE_SLOTS];	/* by sql address */
	double			 last_used;	/* monotonic, last good trip */
	int			 galera;	/* the server is a Galera node */
	int			 trans;		/* db_begin'd, not yet ended */
	char			 node[DB_NODE_MAX];	/* "host:port", "" on a socket */
	/* This request's retry bookkeeping (db_request_begin). */
	unsigned		 retry_why;	/* 1213, 1205 or connection lost */
	int			 settled;	/* a write committed, or may have */
	int			 fault_after;	/* db_fault.c: fail call n, 0: no */
	int			 fault_commits;	/* COMMITs since the claim */
	int			 fault_kind;	/* ... how: enum db_fault_kind */
};

void	db_fail(struct db *, unsigned, const char *, const char *,
	    const char *);
void	db_drop_cache(struct db *);
void	db_disconnect(struct db *);
void	db_node_bad(struct db *);
int	db_outcome_unknown(const struct db *);
void	db_used(struct db *);
void	db_stmt_destroy(struct db_stmt *);
int	db_in_trans(struct db *);
int	db_trans_lost(struct db *, const char *);
int	db_fault_hit(struct db *, const char *);
void	db_fault_committed(struct db *);
void	db_rows_reset(struct db_stmt *);

#endif
