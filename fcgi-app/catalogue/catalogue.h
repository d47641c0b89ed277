/* catalogue.h: categories, products with option schemas, promotions */
#ifndef CATALOGUE_CATALOGUE_H
#define CATALOGUE_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "catalogue_pricing.h"

struct db;
struct db_stmt;
struct fault;
struct req;
struct principal;

#define PROMOS_MAX	16

struct product {
	int64_t	 id;
	char	 code[33];
	int64_t	 category_id;
	char	 category[33];
	char	 name_zh[201];
	char	 name_en[201];
	int64_t	 base_price;
	cJSON	*schema;	/* owned */
	int	 active;
	int64_t	 version;
};

struct promo_info {
	struct promo	 p;
	char		 code[33];
	char		 name_zh[201];
	char		 name_en[201];
};

/*
 * A product as the admin sends it, for a create or a change: NULL, or -1
 * for a number, is "not given" (a create needs every field).
 */
struct catalogue_product_in {
	const char	*code, *category, *name_zh, *name_en;
	int64_t		 base_price;	/* fen */
	const cJSON	*options;	/* the option schema */
	int		 active;	/* 0, 1 */
	int64_t		 version;	/* the version read; -1: any */
};

/* Whom a line is priced for: a dealer, its chain and its tier. */
struct buyer {
	int64_t	 dealer;	/* 0: no one: the list price or a promotion */
	int64_t	 chain;		/* the dealer's chain; 0: none */
	char	 tier;		/* '\0': none, no promotion */
};

/*
 * The contract rows that may price a line of a model for a buyer on a
 * day: the lowest price and the highest discount of the dealer's own rows
 * and of its chain's that apply to the quantity (catalogue_contracts_on()).
 */
#define CONTRACTS_MAX	4
struct contract_set {
	char		 day[11];	/* China's date priced on */
	size_t		 n;
	struct contract	 c[CONTRACTS_MAX];
};

/* One configured line priced for a dealer (catalogue_quote()). */
struct catalogue_quote {
	char			 product[33];	/* the code asked for */
	struct price_line	 line;
	struct promo_info	 promo;		/* p.id 0: none applied */
};

/*
 * A promotion as the admin sends it: NULL, or 0 for percent and fixed,
 * is "not given"; -1 is given but not a number of the kind.
 */
struct catalogue_promo_in {
	const char	*code, *name_zh, *name_en, *product, *category;
	const char	*tiers, *starts_on, *ends_on;
	int64_t		 percent, fixed;
};

/* A contract price row (migration 0052), as the API shows it. */
struct contract_row {
	int64_t	 id, dealer, chain;	/* one of dealer, chain is 0 */
	char	 product[33];
	int64_t	 price;			/* fen per unit; -1: a discount */
	int64_t	 discount_bp;		/* 1..10000; 0: a price */
	int64_t	 min_qty;
	char	 valid_from[11], valid_to[11];	/* China's, both included */
	int64_t	 version, created_by;
	char	 created_at[24];
	char	 hash[65];		/* of the request that made it */
};

/*
 * A contract price as HQ sends it: -1 (or NULL) is "not given"; -2 is
 * given but not a number of the kind (already named as a field error).
 */
struct contract_in {
	int64_t		 dealer, chain;		/* exactly one */
	const char	*product;
	int64_t		 price, discount_bp;	/* exactly one */
	int64_t		 min_qty;		/* not given: 1 */
	const char	*valid_from, *valid_to;
};

/* A category, for the admin's selects. */
#define CATALOGUE_CATEGORIES_MAX	100
struct catalogue_category {
	char	 code[33];
};

/* catalogue_db.c */
int	catalogue_product(struct db *, const char *, struct product *);
void	catalogue_product_free(struct product *);
int	catalogue_promos(struct db *, const struct product *, char,
	    struct promo_info *, size_t, size_t *);
int	catalogue_promos_on(struct db *, const struct product *, char,
	    const char *, struct promo_info *, size_t, size_t *);
int	catalogue_price(struct db *, const struct product *,
	    const struct buyer *, const cJSON *, int64_t, const char *,
	    pricing_error, void *, struct price_line *, struct promo_info *);
int	catalogue_price_promos(const struct product *,
	    const struct promo_info *, size_t, const struct contract_set *,
	    const cJSON *, int64_t, const char *, pricing_error, void *,
	    struct price_line *, struct promo_info *);
int	catalogue_buyer(struct db *, const struct principal *, int64_t,
	    struct buyer *);

/* catalogue_cache.c: what an order's pricing reads, held per process */
int	catalogue_cache_init(void);
int	catalogue_product_cached(struct db *, const char *, struct product *);
int	catalogue_promos_cached(struct db *, const struct product *, char,
	    struct promo_info *, size_t, size_t *);
int	catalogue_buyer_cached(struct db *, int64_t, struct buyer *);
int	catalogue_contracts_cached(struct db *, const struct buyer *,
	    const struct product *, int64_t, struct contract_set *);
cJSON	*catalogue_product_json(const struct product *, const char *);
int	catalogue_products_active(struct db *, const char *, const char *,
	    const char *, int64_t, int, cJSON *);
int	catalogue_products_all(struct db *, const char *, int64_t, int,
	    cJSON *);
int	catalogue_categories(struct db *, struct catalogue_category *, size_t,
	    size_t *);
int	catalogue_product_insert(struct db *, const struct catalogue_product_in *,
	    const char *, int64_t *);
int	catalogue_product_update_row(struct db *, const char *,
	    const struct catalogue_product_in *, const char *);

/* catalogue_promotions_db.c */
cJSON	*catalogue_promotion_json(struct db *, int64_t);
int	catalogue_promotions_list(struct db *, int64_t, int, cJSON *);
cJSON	*catalogue_promotions_current(struct db *, int64_t, int);
int	catalogue_promotion_insert(struct db *, const struct catalogue_promo_in *,
	    int64_t *);
int	catalogue_promotion_state(struct db *, int64_t, int *, char *,
	    int64_t *);
int	catalogue_promotion_update_row(struct db *, int64_t, int, const char *,
	    int64_t);

/* catalogue_contracts_db.c */
int	catalogue_insert(struct db *, struct db_stmt *, int64_t *);
int	catalogue_contracts_on(struct db *, const struct buyer *,
	    const struct product *, int64_t, const char *,
	    struct contract_set *);
int	catalogue_contract_reach(struct db *, const struct principal *,
	    int64_t, int64_t, int);
int	catalogue_contract_get(struct db *, int64_t, struct contract_row *);
int	catalogue_contract_by_key(struct db *, int64_t, const char *,
	    struct contract_row *);
cJSON	*catalogue_contract_json(const struct contract_row *);
int	catalogue_contracts_list(struct db *, int64_t, int64_t, int64_t, int,
	    cJSON *);
int	catalogue_contract_insert(struct db *, const struct contract_in *,
	    int64_t, const char *, const char *, int64_t *);
int	catalogue_contract_update_row(struct db *, const struct contract_row *,
	    int, int64_t);

/* catalogue_contracts_ops.c: below both the JSON and the form handlers */
int	catalogue_contract_create(struct db *, const struct principal *,
	    const struct contract_in *, const char *, struct contract_row *,
	    struct fault *);
int	catalogue_contract_change(struct db *, const struct principal *,
	    int64_t, int64_t, int64_t, int64_t, const char *, int,
	    struct contract_row *, struct fault *);
int	catalogue_contracts_read(struct db *, const struct principal *,
	    int64_t, int64_t, int64_t, int, cJSON *, struct fault *);

/* catalogue_contracts_http.c */
int	catalogue_contracts_get(struct req *);
int	catalogue_contracts_post(struct req *);
int	catalogue_contract_patch(struct req *);
int	catalogue_contract_delete(struct req *);

/* catalogue_contracts_pages.c */
int	catalogue_contracts_page_get(struct req *);
int	catalogue_contracts_page_post(struct req *);
int	catalogue_contract_page_post(struct req *);

/* catalogue_ops.c: below both the JSON and the form handlers */
int	catalogue_product_visible(struct db *, const struct principal *,
	    const char *, struct product *, struct fault *);
int	catalogue_products_search(struct db *, const char *, const char *,
	    const char *, int64_t, int, cJSON *, struct fault *);
int	catalogue_quote(struct db *, const struct principal *, const char *,
	    int64_t, const cJSON *, int64_t, struct catalogue_quote *,
	    struct fault *);
cJSON	*catalogue_quote_json(const struct catalogue_quote *, const char *);
int	catalogue_product_create(struct db *, const struct principal *,
	    const struct catalogue_product_in *, struct fault *);
int	catalogue_product_update(struct db *, const struct principal *,
	    const char *, const struct catalogue_product_in *, struct fault *);

/* catalogue_promotions_ops.c */
int	catalogue_promotion_create(struct db *, const struct principal *,
	    const struct catalogue_promo_in *, int64_t *, struct fault *);
int	catalogue_promotion_update(struct db *, const struct principal *,
	    int64_t, int, const char *, int64_t, struct fault *);

/* catalogue_http.c */
int	catalogue_products_get(struct req *);
int	catalogue_product_get(struct req *);
int	catalogue_quote_post(struct req *);
int	catalogue_product_post(struct req *);
int	catalogue_product_patch(struct req *);
const char *catalogue_body_string(struct req *, const char *, size_t,
	    const char *);

/* catalogue_promotions_http.c */
int	catalogue_promotions_list_get(struct req *);
int	catalogue_promotions_current_get(struct req *);
int	catalogue_promotions_create_post(struct req *);
int	catalogue_promotions_patch(struct req *);

/* catalogue_pages.c */
int	catalogue_page_get(struct req *);
int	catalogue_product_page_get(struct req *);

/* catalogue_db.c: is it a model's code at all */
int	catalogue_code_ok(const char *);

/* catalogue_favourites.c */
int	catalogue_favourite_is(struct db *, int64_t, const char *);
int	catalogue_favourite_set(struct db *, int64_t, const char *, int,
	    struct fault *);
int	catalogue_favourites_get(struct req *);
int	catalogue_favourite_put(struct req *);
int	catalogue_favourite_delete(struct req *);
int	catalogue_favourites_page_get(struct req *);
int	catalogue_favourites_page_post(struct req *);
int	catalogue_product_page_post(struct req *);
int	catalogue_product_form_page(struct req *, const char *, int, cJSON *);
cJSON	*catalogue_form_line(struct req *, const struct product *);

/* catalogue_admin_pages.c */
int	catalogue_admin_products_page_get(struct req *);
int	catalogue_admin_products_page_post(struct req *);
int	catalogue_admin_product_page_get(struct req *);
int	catalogue_admin_product_page_post(struct req *);
int	catalogue_admin_promotions_page_get(struct req *);
int	catalogue_admin_promotions_page_post(struct req *);
void	catalogue_admin_labels_apply(struct req *, cJSON *);
cJSON	*catalogue_admin_labels_fields(struct req *, const cJSON *,
	    const cJSON *);
int	catalogue_admin_promotion_page_post(struct req *);

/* catalogue_seed.c */
int	catalogue_seed_demo(struct db *);

#endif
