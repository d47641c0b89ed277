/* scope.h: what a caller may see and change, as SQL parameters */
#ifndef AUTH_SCOPE_H
#define AUTH_SCOPE_H

#include <stdint.h>

#include "auth.h"

struct db;
struct db_stmt;

/*
 * The dealers a caller reaches.  Every query of dealer-owned rows ends in
 * SCOPE_SQL("alias") over the dealer's orgs row and binds the scope with
 * scope_bind(): so the scope comes from the token, never from the client.
 */
struct scope {
	int	 all;		/* HQ */
	int64_t	 region_id;	/* region staff: the dealers of the region */
	int64_t	 dealer_id;	/* a dealer's users: the dealer itself */
	int64_t	 manager_id;	/* an account manager's writes: assigned */
	int64_t	 chain_id;	/* a chain's users: the chain's dealers */
};

/* o is the alias of the dealer's row in orgs; binds 5 parameters. */
#define SCOPE_SQL(o) \
	"(? <> 0 OR " o ".region_id = ? OR " o ".id = ? OR " o ".id IN " \
	"(SELECT dealer_id FROM manager_dealers WHERE manager_id = ?) OR " \
	o ".chain_id = ?)"
#define SCOPE_NPARAMS	5

/*
 * For lists of a large table that carries dealer_id and region_id (like
 * orders), the scope as the one column an index can serve: a list query
 * comes in one variant per path, its owner test bound to the key.
 *   SCOPE_ALL	   "? = 0" (key 0: everything)
 *   SCOPE_REGION  "t.region_id = ?"
 *   SCOPE_DEALER  "t.dealer_id = ?" (key 0 for a caller who sees nothing)
 *   SCOPE_MANAGER "t.dealer_id IN (SELECT dealer_id FROM manager_dealers
 *		    WHERE manager_id = ?)"
 *   SCOPE_CHAIN   "t.dealer_id IN (SELECT id FROM orgs WHERE chain_id = ?)";
 *		   orders carry their dealer's chain (migration 0048) and
 *		   read "o.chain_id = ?" (SCOPE_OWNER_CHAIN_ORDERS)
 * Every table of variants has one for each path, in this order.
 */
enum scope_path { SCOPE_ALL, SCOPE_REGION, SCOPE_DEALER, SCOPE_MANAGER,
	SCOPE_CHAIN, SCOPE__PATHS };
/*
 * A table of one statement per path is declared [] and checked after its
 * definition, so that a path added above fails the build of every table
 * that lacks its variant.
 */
#define SCOPE_PATHS_CHECK(t, n) _Static_assert(sizeof(t) / sizeof((t)[0]) \
	== (n), #t ": one statement for every scope path")
#define SCOPE_PATHS_ALL(t)	SCOPE_PATHS_CHECK(t, SCOPE__PATHS)
#define SCOPE_OWNER_ALL(t)	"? = 0"
#define SCOPE_OWNER_REGION(t)	t ".region_id = ?"
#define SCOPE_OWNER_DEALER(t)	t ".dealer_id = ?"
#define SCOPE_OWNER_MANAGER(t)	t ".dealer_id IN (SELECT dealer_id FROM " \
	"manager_dealers WHERE manager_id = ?)"
#define SCOPE_OWNER_CHAIN(t)	t ".dealer_id IN (SELECT id FROM orgs " \
	"WHERE chain_id = ?)"
#define SCOPE_OWNER_CHAIN_ORDERS(t)	t ".chain_id = ?"

/*
 * The orders staff (HQ, regions) never read, whatever path: those the
 * dealer has not released, sent back, or withdrawn before it did (issue
 * #23, orders/orders_release_db.c).  Every staff statement over orders,
 * and over what names an order (a complaint's), adds this.
 */
#define SCOPE_RELEASED(t) \
	" AND " t ".status NOT IN ('awaiting_release', 'sent_back', " \
	"'withdrawn')"

/* The same paths over a dealer's own orgs row t (its id is the dealer). */
#define SCOPE_ORG_ALL(t)	"? = 0"
#define SCOPE_ORG_REGION(t)	t ".region_id = ?"
#define SCOPE_ORG_DEALER(t)	t ".id = ?"
#define SCOPE_ORG_MANAGER(t)	t ".id IN (SELECT dealer_id FROM " \
	"manager_dealers WHERE manager_id = ?)"
#define SCOPE_ORG_CHAIN(t)	t ".chain_id = ?"

enum scope_path	scope_path(const struct scope *, int64_t *);
void	scope_read(const struct principal *, struct scope *);
void	scope_write(const struct principal *, struct scope *);
void	scope_for(const struct principal *, int, struct scope *);
int	scope_bind(struct db_stmt *, int, const struct scope *);
int	scope_dealer_reach(struct db *, const struct scope *, int64_t);
int	scope_dealer_param(const char *, int64_t *);
int	scope_path_dealer(struct db *, const struct scope *, int64_t,
	    enum scope_path *, int64_t *);
/* scope_dealers.c */
int	scope_dealers(struct db *, const struct principal *, int,
	    void (*)(void *, int64_t, const char *, const char *,
	    const char *), void *);

#endif
