/* addresses.h: the dealer's ship-to address book (issue #23) */
#ifndef ADDRESSES_ADDRESSES_H
#define ADDRESSES_ADDRESSES_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"
#include "../core/fault.h"

struct db;
struct req;

/* Who keeps a dealer's book: its buyers and admin, its chain's. */
#define ADDRESS_WRITERS	(ROLE_DEALER_BUYER | ROLE_DEALER_ADMIN | \
			 ROLE_CHAIN_BUYER | ROLE_CHAIN_ADMIN)
#define ADDRESSES_MAX	200	/* active addresses of one dealer */

/*
 * An address as sent: a string NULL when not sent (a change keeps it),
 * is_default -1 when not sent.
 */
struct address_in {
	int64_t		 dealer;	/* 0: the caller's own dealer */
	const char	*name, *contact, *phone, *address;
	int		 is_default;
	int64_t		 version;	/* a change's; 0: refused */
	const char	*key;		/* a creation's Idempotency-Key */
};

/* addresses_rules.c */
int	addresses_check(const struct address_in *, int, struct fault *);
void	addresses_hash(const struct address_in *, int64_t, char *);

/* addresses_db.c: reading */
int	addresses_dealer(struct db *, const struct principal *, int64_t, int,
	    int64_t *, struct fault *);
cJSON	*addresses_load(struct db *, const struct principal *, int64_t, int,
	    int *);
int	addresses_list(struct db *, const struct principal *, int64_t,
	    struct fault *, cJSON **);
int	addresses_get(struct db *, const struct principal *, int64_t,
	    struct fault *, cJSON **);

/* addresses_write_db.c: the operations, each in one transaction */
int	addresses_create(struct db *, const struct principal *,
	    const struct address_in *, struct fault *, cJSON **);
int	addresses_change(struct db *, const struct principal *, int64_t,
	    const struct address_in *, struct fault *, cJSON **);
int	addresses_remove(struct db *, const struct principal *, int64_t,
	    int64_t, struct fault *, cJSON **);

/* addresses_http.c */
int	addresses_list_get(struct req *);
int	addresses_create_post(struct req *);
int	addresses_one_get(struct req *);
int	addresses_one_patch(struct req *);
int	addresses_one_delete(struct req *);

/* addresses_pages.c */
int	addresses_page_get(struct req *);
int	addresses_page_post(struct req *);
int	addresses_one_page_post(struct req *);

#endif
