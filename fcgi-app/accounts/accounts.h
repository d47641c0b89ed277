/* accounts.h: signing in and out, the caller's own account, users, orgs */
#ifndef ACCOUNTS_ACCOUNTS_H
#define ACCOUNTS_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"
#include "../auth/session.h"

struct db;
struct fault;
struct req;

#define LOGIN_MAX		64
#define NAME_MAX_LEN		100
#define LOCK_AFTER		5	/* failures before an account locks */
#define ADDR_MAX_FAILURES	30	/* per address per window */
#define ADDR_WINDOW_MIN		15

/* LOGIN_BUSY: no hashing slot came in time (503, try again). */
enum login_result {
	LOGIN_OK, LOGIN_BAD, LOGIN_LOCKED, LOGIN_THROTTLED, LOGIN_BUSY,
	LOGIN_ERROR,
	LOGIN_MACHINE		/* the right password of a machine's user */
};

struct login {
	struct principal	 who;
	char			*access;	/* free() */
	char			 refresh[REFRESH_LEN + 1];
	int			 retry_after;	/* seconds, when locked */
};

/* accounts_login_db.c */
enum login_result accounts_login(struct db *, const char *, const char *,
	    const char *, const char *, struct login *);
enum login_result accounts_password_attempt(struct db *, const char *,
	    const char *, const char *, const char *, int *);
int	accounts_login_unlock(struct db *, int64_t);

/* accounts_me_db.c: one's own account */
int	accounts_me_read(struct db *, const struct principal *, cJSON **);
int	accounts_me_set(struct db *, const struct principal *, const char *,
	    const char *, struct fault *);
int	accounts_me_password(struct db *, const struct principal *,
	    const char *, const char *, const char *, const char *,
	    const char *, struct login *, struct fault *);

/* accounts_auth_http.c: the token API */
int	accounts_login_fault(enum login_result, int *, struct fault *);
void	accounts_retry_after(struct req *, int);
int	accounts_login_refused(struct req *, enum login_result, int);
int	accounts_login_post(struct req *);
int	accounts_refresh_post(struct req *);
int	accounts_logout_post(struct req *);
int	accounts_me_get(struct req *);
int	accounts_me_patch(struct req *);
int	accounts_password_post(struct req *);
const char *accounts_client_addr(struct req *);

/* accounts_sessions_http.c: one's own sessions, to see and to end */
int	accounts_sessions_read(struct db *, const struct principal *, cJSON *,
	    const char *, int);
int	accounts_sessions_end(struct db *, const struct principal *, int64_t,
	    struct fault *);
int	accounts_sessions_end_all(struct db *, const struct principal *);
int	accounts_sessions_get(struct req *);
int	accounts_sessions_delete(struct req *);
int	accounts_session_delete(struct req *);

/* accounts_pages.c: the browser's sign-in, sign-out and account pages */
int	accounts_login_page_get(struct req *);
int	accounts_login_page_post(struct req *);
int	accounts_logout_page_post(struct req *);
int	accounts_account_page_get(struct req *);
int	accounts_account_page_post(struct req *);

/* accounts_seed.c and accounts_cli.c: the command line */
int	accounts_seed_demo(struct db *);
int	accounts_cli(struct db *, int, char **);

#endif
