/*
 * webhooks.h: the feed's events pushed to the ERP's and dealers' systems,
 * signed, retried with backoff, at least once, each with its event id
 */
#ifndef WEBHOOKS_WEBHOOKS_H
#define WEBHOOKS_WEBHOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "../auth/auth.h"

struct db;
struct fault;
struct req;

#define WEBHOOKS_MANAGERS	(ROLE_ADMIN | ROLE_DEALER_ADMIN)
#define WEBHOOKS_URL_MAX	500
#define WEBHOOKS_KINDS_MAX	500
#define WEBHOOKS_SECRET_LEN	70	/* "whsec_" and 64 hex digits */
#define WEBHOOKS_PAGE_MAX	100
#define WEBHOOKS_PER_ORG	10	/* subscriptions on at once, an org */

/* A subscription, as read (webhooks_db.c). */
struct webhooks_sub {
	int64_t	 id, org_id;		/* org_id 0: every dealer's events */
	int64_t	 version;
	char	 url[WEBHOOKS_URL_MAX + 1];
	char	 kinds[WEBHOOKS_KINDS_MAX + 1];	/* "" = every type */
	int	 active;
	char	 created_at[32];
	char	 secret[WEBHOOKS_SECRET_LEN + 1];	/* on create only */
};

/* One delivery and how its last attempt went. */
struct webhooks_delivery {
	int64_t	 id, event_id, attempts;
	char	 event_type[41];
	char	 state[12];
	int	 last_status;		/* 0: no answer */
	char	 last_error[256];
	char	 created_at[32], delivered_at[32];
};

/* What the caller may see: all (an admin) or its own org's. */
struct webhooks_who {
	int64_t	 user, org;
	int	 all;
};

/* webhooks_db.c */
int	webhooks_create(struct db *, const struct webhooks_who *, const char *,
	    const char *, const char *, struct webhooks_sub *, struct fault *);
int	webhooks_read(struct db *, const struct webhooks_who *, int64_t,
	    struct webhooks_sub *, struct fault *);
int	webhooks_list(struct db *, const struct webhooks_who *, int64_t, int,
	    struct webhooks_sub **, size_t *, int64_t *);
int	webhooks_update(struct db *, const struct webhooks_who *, int64_t,
	    int64_t, const char *, const char *, int, struct webhooks_sub *,
	    struct fault *);
int	webhooks_deliveries(struct db *, const struct webhooks_who *, int64_t,
	    int64_t, int, struct webhooks_delivery **, size_t *, int64_t *,
	    struct fault *);
int	webhooks_redeliver(struct db *, const struct webhooks_who *, int64_t,
	    int64_t, struct fault *);
int	webhooks_url_ok(const char *);
int	webhooks_kinds_ok(const char *);

/* webhooks_send.c */
extern int webhooks_private_ok;	/* may POST to loopback/private hosts */
struct sockaddr;
int	webhooks_inward(const struct sockaddr *);
int	webhooks_post(const char *, const char *, const char *, const char *,
	    int64_t, int64_t, long *, char *, size_t);

/* webhooks_tick.c */
int	webhooks_fanout(struct db *, int *);
int	webhooks_deliver(struct db *, int *);
void	webhooks_tick(struct db *);

/* webhooks_http.c */
int	webhooks_list_get(struct req *);
int	webhooks_create_post(struct req *);
int	webhooks_get_one(struct req *);
int	webhooks_patch(struct req *);
int	webhooks_deliveries_get(struct req *);
int	webhooks_redeliver_post(struct req *);

#endif
