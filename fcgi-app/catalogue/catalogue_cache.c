/*
 * catalogue_cache.c: what pricing an order reads, held per process
 *
 * A submission priced each line with a statement for its product (and
 * option schema) and one for its promotions, after one for the dealer's
 * tier: 1 + 2n round trips of an order of n lines (issue #22).  They are
 * now kept per process and forgotten when the database says they changed:
 * triggers (migration 0042) write "catalogue" rows for products,
 * categories and promotions and "tier" rows for a dealer's tier into
 * cache_changes, which db_changes.c polls four times a second; this
 * process's own writes forget at once (changes_local()).
 *
 * Contract prices (migration 0052) are held the same way, and forgotten
 * with the promotions ("catalogue" rows, written by their triggers; a
 * dealer moved to another chain writes a "tier" row for its tier and
 * chain).  Held, not read per line with a covering index: a submission
 * is eight statements when the catalogue is held (issue #22), and a
 * statement per line would undo that.  They are held per dealer, chain,
 * model, quantity and day: the read keeps only the best rows that apply
 * to the quantity (catalogue_contracts_on()).  The bound: a
 * price changed on any node is used by every process within one poll and
 * its time, and nothing held is used when the last poll is older than
 * CHANGES_FRESH_MS (1 s): then the database is read as before.
 *
 * Direct-mapped tables: a collision replaces the older entry, which costs
 * one statement later, nothing more.  Everything held is dropped every
 * CC_TTL_S seconds in any case, so that a change the poller could miss
 * (none is known) would not last.  Only the order's pricing reads
 * through here; the catalogue's own pages and the admin read the database.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "catalogue.h"

#define CC_PRODUCTS	512	/* powers of two */
#define CC_PROMOS	512
#define CC_TIERS	8192
#define CC_CONTRACTS	1024
#define CC_PROMOS_MAX	2	/* the best percentage and the best fixed */
#define CC_TTL_S	60	/* everything held is dropped this often */

struct cc_product {
	int		 used;
	struct product	 p;		/* the schema owned here */
};

struct cc_promos {
	int64_t			 product;	/* 0: empty */
	char			 tier;
	char			 day[11];
	size_t			 n;
	struct promo_info	 pi[CC_PROMOS_MAX];
};

struct cc_tier {
	int64_t	 dealer;		/* 0: empty */
	int64_t	 chain;
	char	 tier;
};

struct cc_contracts {
	int64_t			 dealer;	/* 0: empty */
	int64_t			 chain, product, quantity;
	struct contract_set	 cs;		/* its day is the key's */
};

static struct cc_product	 products[CC_PRODUCTS];
static struct cc_promos		 promos[CC_PROMOS];
static struct cc_tier		 tiers[CC_TIERS];
static struct cc_contracts	 contracts[CC_CONTRACTS];
static pthread_mutex_t		 mu = PTHREAD_MUTEX_INITIALIZER;
static double			 drop_at;	/* monotonic; under mu */

static void	 drop_all(void);

/* Under mu: CC_TTL_S have passed since the last drop: drop everything. */
static void
expire(void)
{
	if (changes_drop_due(&drop_at, CC_TTL_S))
		drop_all();
}

static size_t
hash_text(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;	/* FNV-1a */

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	/* mixed, or codes that differ in their last digit share a slot */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static size_t
hash_int(int64_t v, char c)
{
	return util_mix(v, (unsigned char)c);
}

/* A copy of a held product into p (its own schema): 1, or 0 if none. */
static int
product_get(const char *code, struct product *p)
{
	struct cc_product	*e = &products[hash_text(code) &
				    (CC_PRODUCTS - 1)];
	int			 hit = 0;

	pthread_mutex_lock(&mu);
	expire();
	if (e->used && strcmp(e->p.code, code) == 0) {
		*p = e->p;
		p->schema = cJSON_Duplicate(e->p.schema, 1);
		hit = p->schema != NULL;
	}
	pthread_mutex_unlock(&mu);
	return hit;
}

/*
 * The product by code as catalogue_product() (0 found, 1 not, -1
 * error), from what is held when it may be used.
 */
int
catalogue_product_cached(struct db *db, const char *code, struct product *p)
{
	struct cc_product	*e;
	uint64_t		 gen = changes_generation();
	cJSON			*copy;
	int			 rc;

	memset(p, 0, sizeof(*p));
	if (changes_usable(gen) && product_get(code, p))
		return 0;
	memset(p, 0, sizeof(*p));
	if ((rc = catalogue_product(db, code, p)) != 0)
		return rc;
	/* held under the code the database matched, which is the one asked */
	if (strcmp(p->code, code) != 0 ||
	    (copy = cJSON_Duplicate(p->schema, 1)) == NULL)
		return 0;
	e = &products[hash_text(code) & (CC_PRODUCTS - 1)];
	pthread_mutex_lock(&mu);
	if (changes_usable(gen)) {
		if (e->used)
			cJSON_Delete(e->p.schema);
		e->p = *p;
		e->p.schema = copy;
		e->used = 1;
		copy = NULL;
	}
	pthread_mutex_unlock(&mu);
	cJSON_Delete(copy);
	return 0;
}

/*
 * The promotions in force today for p and tier, as catalogue_promos()
 * (at most max; 0 or -1), from what is held when it may be used.
 */
int
catalogue_promos_cached(struct db *db, const struct product *p, char tier,
    struct promo_info *out, size_t max, size_t *n)
{
	struct cc_promos	*e = &promos[hash_int(p->id, tier) &
				    (CC_PROMOS - 1)];
	struct promo_info	 pi[CC_PROMOS_MAX];
	uint64_t		 gen = changes_generation();
	char			 day[11];
	size_t			 i, got;
	int			 hit = 0;

	*n = 0;
	if (tier == '\0')
		return 0;
	util_china_date(day, sizeof(day), 0);
	pthread_mutex_lock(&mu);
	expire();
	if (changes_usable(gen) && e->product == p->id && e->tier == tier &&
	    strcmp(e->day, day) == 0) {
		for (i = 0; i < e->n && i < max; i++)
			out[i] = e->pi[i];
		*n = i;
		hit = 1;
	}
	pthread_mutex_unlock(&mu);
	if (hit)
		return 0;
	if (catalogue_promos_on(db, p, tier, day, pi, CC_PROMOS_MAX,
	    &got) == -1)
		return -1;
	pthread_mutex_lock(&mu);
	if (changes_usable(gen)) {
		e->product = p->id;
		e->tier = tier;
		snprintf(e->day, sizeof(e->day), "%s", day);
		e->n = got;
		memcpy(e->pi, pi, sizeof(pi));
	}
	pthread_mutex_unlock(&mu);
	for (i = 0; i < got && i < max; i++)
		out[i] = pi[i];
	*n = i;
	return 0;
}

/*
 * A dealer as its own buyer (its tier and chain), as catalogue_buyer()
 * for the dealer itself: 0 (and *b), 1 no such dealer, -1 error.
 */
int
catalogue_buyer_cached(struct db *db, int64_t dealer, struct buyer *b)
{
	struct cc_tier		*e = &tiers[hash_int(dealer, 0) &
				    (CC_TIERS - 1)];
	struct principal	 own;
	uint64_t		 gen = changes_generation();
	int			 rc;

	memset(b, 0, sizeof(*b));
	pthread_mutex_lock(&mu);
	expire();
	rc = changes_usable(gen) && e->dealer == dealer;
	if (rc) {
		b->dealer = dealer;
		b->chain = e->chain;
		b->tier = e->tier;
	}
	pthread_mutex_unlock(&mu);
	if (rc)
		return 0;
	memset(&own, 0, sizeof(own));
	own.kind = ORG_DEALER;
	own.org_id = dealer;
	if ((rc = catalogue_buyer(db, &own, 0, b)) != 0)
		return rc;
	pthread_mutex_lock(&mu);
	if (changes_usable(gen)) {
		e->dealer = dealer;
		e->chain = b->chain;
		e->tier = b->tier;
	}
	pthread_mutex_unlock(&mu);
	return 0;
}

/*
 * The contract rows that may price quantity of p for b today, as
 * catalogue_contracts_on() (0 or -1), from what is held when it may be
 * used.
 */
int
catalogue_contracts_cached(struct db *db, const struct buyer *b,
    const struct product *p, int64_t quantity, struct contract_set *cs)
{
	struct cc_contracts	*e;
	uint64_t		 gen = changes_generation();
	char			 day[11];
	int			 hit = 0;

	memset(cs, 0, sizeof(*cs));
	if (b == NULL || b->dealer == 0)
		return catalogue_contracts_on(db, b, p, quantity, NULL, cs);
	e = &contracts[(hash_int(b->dealer, 0) ^ hash_int(p->id, 1) ^
	    hash_int(quantity, 2)) & (CC_CONTRACTS - 1)];
	util_china_date(day, sizeof(day), 0);
	pthread_mutex_lock(&mu);
	expire();
	if (changes_usable(gen) && e->dealer == b->dealer &&
	    e->chain == b->chain && e->product == p->id &&
	    e->quantity == quantity && strcmp(e->cs.day, day) == 0) {
		*cs = e->cs;
		hit = 1;
	}
	pthread_mutex_unlock(&mu);
	if (hit)
		return 0;
	if (catalogue_contracts_on(db, b, p, quantity, day, cs) == -1)
		return -1;
	pthread_mutex_lock(&mu);
	if (changes_usable(gen)) {
		e->dealer = b->dealer;
		e->chain = b->chain;
		e->product = p->id;
		e->quantity = quantity;
		e->cs = *cs;
	}
	pthread_mutex_unlock(&mu);
	return 0;
}

/* Under mu: the products and the promotions. */
static void
drop_catalogue(void)
{
	size_t	 i;

	for (i = 0; i < CC_PRODUCTS; i++)
		if (products[i].used) {
			cJSON_Delete(products[i].p.schema);
			memset(&products[i], 0, sizeof(products[i]));
		}
	for (i = 0; i < CC_PROMOS; i++)
		promos[i].product = 0;
	for (i = 0; i < CC_CONTRACTS; i++)
		contracts[i].dealer = 0;
}

/* Under mu: everything held. */
static void
drop_all(void)
{
	size_t	 i;

	drop_catalogue();
	for (i = 0; i < CC_TIERS; i++)
		tiers[i].dealer = 0;
}

/* A product, a category, a promotion or a contract price changed. */
static void
forget_catalogue(int64_t ref)
{
	(void)ref;	/* a category or a promotion reaches many: all */
	pthread_mutex_lock(&mu);
	drop_catalogue();
	pthread_mutex_unlock(&mu);
}

static void
forget_tier(int64_t dealer)
{
	size_t	 i;

	pthread_mutex_lock(&mu);
	for (i = 0; i < CC_TIERS; i++)
		if (dealer == 0 || tiers[i].dealer == dealer)
			tiers[i].dealer = 0;
	pthread_mutex_unlock(&mu);
}

/* At startup, before the threads: hear of the catalogue's changes. */
int
catalogue_cache_init(void)
{
	return changes_on("catalogue", forget_catalogue) == -1 ||
	    changes_on("tier", forget_tier) == -1 ? -1 : 0;
}
