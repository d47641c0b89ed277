/*
 * recovery.h: "forgot my password": a one-time link by e-mail, the same
 * answer whether or not the address is known
 */
#ifndef RECOVERY_RECOVERY_H
#define RECOVERY_RECOVERY_H

#include <stddef.h>

struct db;
struct fault;
struct req;

#define RECOVERY_MINUTES	30	/* a link's life */
#define RECOVERY_PER_USER	3	/* links one user may get an hour */
#define RECOVERY_PER_ADDR	10	/* links one address may ask for an hour */
#define RECOVERY_TOKEN_LEN	32	/* base64url of 24 random bytes */
#define RECOVERY_EMAIL_MAX	254
#define RECOVERY_BATCH		20	/* requests a tick answers, at most */

/* recovery_db.c */
int	recovery_request(struct db *, const char *, const char *);
int	recovery_answer(struct db *, int *);
void	recovery_tick(struct db *);
int	recovery_token_ok(const char *);
int	recovery_check(struct db *, const char *);
int	recovery_confirm(struct db *, const char *, const char *,
	    struct fault *);

/* recovery_http.c */
int	recovery_ask(struct req *, const char *);
int	recovery_request_post(struct req *);
int	recovery_confirm_post(struct req *);

/* recovery_pages.c */
int	recovery_forgot_page_get(struct req *);
int	recovery_forgot_page_post(struct req *);
int	recovery_reset_page_get(struct req *);
int	recovery_reset_page_post(struct req *);

#endif
