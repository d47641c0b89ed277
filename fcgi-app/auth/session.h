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

#define SESSION_AGENT_MAX	200	/* bytes of a user agent kept */
#define SESSION_LIST_MAX	100	/* sessions listed, newest first */
#define SESSION_LIST_MAX_TEXT	"100"

/* One sign-in as the account page and GET /api/v1/me/sessions show it. */
struct session_row {
	int64_t	 id;
	char	 created[24];		/* YYYY-MM-DDTHH:MM:SSZ */
	char	 last_used[24];
	char	 created_cn[20];	/* China's time, YYYY-MM-DD HH:MM */
	char	 last_used_cn[20];
	char	 user_agent[SESSION_AGENT_MAX + 1];
	char	 addr[64];
};

/* session.c */
int	session_check_user(struct db *, const struct principal *,
	    struct user_info *);
int	session_load_principal(struct db *, int64_t, struct principal *,
	    int *);
int	session_start(struct db *, int64_t, const char *, const char *, char *,
	    int64_t *);
int	session_issue(struct db *, int64_t, const char *, char *, int64_t *);
int	session_rotate(struct db *, const char *, struct principal *, char *);
int	session_revoke(struct db *, const char *);
int	session_revoke_user(struct db *, int64_t);
int	session_end_family(struct db *, const char *, int64_t);
int	session_end_all(struct db *, int64_t);

/* session_cache.c: the check's good answers, kept per process */
struct buf;
int	session_cache_get(const struct principal *, struct user_info *);
void	session_cache_put(const struct principal *, const struct user_info *,
	    uint64_t);
int	session_cache_init(void);
void	session_cache_metrics(struct buf *);

/* session_list.c: a user's own sessions */
int	session_list(struct db *, int64_t, struct session_row **, size_t *);
int	session_end(struct db *, int64_t, int64_t);

#endif
