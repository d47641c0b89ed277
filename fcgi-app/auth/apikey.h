/* apikey.h: API keys of machine clients, and their capabilities */
#ifndef AUTH_APIKEY_H
#define AUTH_APIKEY_H

#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "session.h"

struct db;

/* The order is that of the api_keys.capabilities SET column. */
enum apikey_cap {
	CAP_READ		= 1u << 0,	/* GET the API, in the role's scope */
	CAP_FEED_READ		= 1u << 1,	/* pull the event feed */
	CAP_ORDERS_TRACK	= 1u << 2,	/* post production and shipments */
	CAP_LEDGER_POST		= 1u << 3,	/* post invoices, payments, fees */
	CAP_STOCK_WRITE		= 1u << 4,	/* post stock snapshots */
	CAP_SELLTHROUGH_WRITE	= 1u << 5,	/* report sell-through */
};
#define CAP__COUNT	6
#define CAP__ALL	((1u << CAP__COUNT) - 1)

/*
 * "dnk_" + 12 hex (the public prefix) + "_" + 64 hex (32 random bytes):
 * what the client sends as "Authorization: Bearer <key>" or "X-API-Key".
 */
#define APIKEY_TAG	"dnk_"
#define APIKEY_PREFIX	12
#define APIKEY_LEN	(4 + APIKEY_PREFIX + 1 + 64)

const char	*apikey_cap_name(unsigned);
int		 apikey_cap_parse(const char *, unsigned *);
int		 apikey_caps_parse_list(const char *, unsigned *);
int		 apikey_well_formed(const char *);
int		 apikey_new(char *, size_t, char *, size_t);
void		 apikey_hash_hex(const char *, char *, size_t);
int		 apikey_resolve(struct db *, const char *, struct principal *,
		    struct user_info *, unsigned *);
void		 apikey_set_cap_roles(const unsigned *);
unsigned	 apikey_caps_unusable(unsigned, unsigned);

#endif
