/* session.h: refresh tokens and the per-request check of the user */
#ifndef AUTH_SESSION_H
#define AUTH_SESSION_H

#include <stdint.h>

#include "auth.h"

struct db;

#define REFRESH_TTL_DAYS	30
#define REFRESH_LEN		64	/* hex characters of a refresh token */

/* What the token does not carry, read while checking it is still good. */
struct user_info {
	char	 login[65];
	char	 name[101];
	char	 lang[8];
};

int	session_check_user(struct db *, const struct principal *,
	    struct user_info *);
int	session_load_principal(struct db *, int64_t, struct principal *,
	    int *);
int	session_issue(struct db *, int64_t, const char *, char *, int64_t *);
int	session_rotate(struct db *, const char *, struct principal *, char *);
int	session_revoke(struct db *, const char *);
int	session_revoke_user(struct db *, int64_t);

#endif
