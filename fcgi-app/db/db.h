/* db.h: MariaDB behind opaque handles: prepare, bind, step, transact */
#ifndef DB_DB_H
#define DB_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

struct db_params {
	const char	*host;		/* "h", or "h1:p1,h2:p2": tried in turn */
	int		 port;		/* for a host without one */
	const char	*socket;	/* NULL or "" for TCP */
	const char	*user;
	const char	*password;
	const char	*name;
	int		 timeout;	/* seconds */
	int		 sync_wait;	/* wsrep_sync_wait on a Galera node */
	int		 lock_wait;	/* innodb_lock_wait_timeout, seconds */
};

enum db_step { DB_ERROR = -1, DB_DONE = 0, DB_ROW = 1 };

int		 db_library_init(void);
struct db	*db_new(const struct db_params *);
void		 db_free(struct db *);
int		 db_connect(struct db *);
int		 db_host_at(const struct db_params *, int, char *, size_t,
		    int *);
struct db	*db_ensure(struct db *);
int		 db_ping(struct db *);
int		 db_lost(const struct db *);
int		 db_transient(const struct db *);
void		 db_request_begin(struct db *);
int		 db_retryable(const struct db *);
void		 db_request_end(struct db *);
unsigned	 db_errno(const struct db *);
const char	*db_errmsg(const struct db *);
int		 db_is_duplicate(const struct db *);
int		 db_is_conflict(const struct db *);
int		 db_is_bad_value(const struct db *);

struct db_stmt	*db_prepare(struct db *, const char *);
int		 db_bind_int(struct db_stmt *, int, int64_t);
int		 db_bind_text(struct db_stmt *, int, const char *);
int		 db_bind_textn(struct db_stmt *, int, const char *, size_t);
int		 db_bind_null(struct db_stmt *, int);
int		 db_exec(struct db_stmt *);
enum db_step	 db_step(struct db_stmt *);
int		 db_col_null(struct db_stmt *, int);
int64_t		 db_col_int(struct db_stmt *, int);
const char	*db_col_text(struct db_stmt *, int, size_t *);
void		 db_col_copy(struct db_stmt *, int, char *, size_t);
uint64_t	 db_affected(struct db_stmt *);
uint64_t	 db_insert_id(struct db_stmt *);
void		 db_stmt_release(struct db_stmt *);
/*
 * Many rows in one execution (db_rows.c): at most an order's line limit,
 * which is the largest batch any feature sends.
 */
#define DB_ROWS_MAX	100
int		 db_bind_ints(struct db_stmt *, int, const int64_t *);
int		 db_bind_texts(struct db_stmt *, int, const char *const *,
		    unsigned);
int		 db_exec_rows(struct db_stmt *, unsigned);
struct db_stmt	*db_preparef(struct db *, const char *, const char *, ...);
int		 db_execv(struct db *, const char *, uint64_t *, const char *,
		    ...);

int		 db_run(struct db *, const char *);
/* db_fault.c (test builds): how the armed statement fails */
enum db_fault_kind {
	DB_FAULT_FAIL,		/* refused (1105): not run again */
	DB_FAULT_LOSE,		/* its transaction rolled back unsaid */
	DB_FAULT_CONFLICT	/* a lost deadlock (1213): run again */
};
void		 db_fault_arm(int, enum db_fault_kind);
void		 db_fault_claim(struct db *);
int		 db_fault_fired(int *);
int		 db_run_text(struct db *, const char *, size_t);
int		 db_begin(struct db *);
int		 db_commit(struct db *);
int		 db_rollback(struct db *);
int		 db_number(struct db *, const char *, const char *, char *,
		    size_t);
struct fault;
int		 db_replay(struct db *, const char *, int64_t, const char *,
		    const char *, char *, size_t, const char *,
		    struct fault *);
int		 db_seed_once(struct db *, const char *, const char *const *,
		    size_t);

#endif
