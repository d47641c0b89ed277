/* catalogue.h: categories, products with option schemas, promotions */
#ifndef CATALOGUE_CATALOGUE_H
#define CATALOGUE_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "catalogue_pricing.h"

struct db;
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
int	catalogue_price(struct db *, const struct product *, char,
	    const cJSON *, int64_t, const char *, pricing_error, void *,
	    struct price_line *, struct promo_info *);
int	catalogue_price_promos(const struct product *,
	    const struct promo_info *, size_t, const cJSON *, int64_t,
	    const char *, pricing_error, void *, struct price_line *,
	    struct promo_info *);
int	catalogue_tier(struct db *, const struct principal *, int64_t, char *);

/* catalogue_cache.c: what an order's pricing reads, held per process */
int	catalogue_cache_init(void);
int	catalogue_product_cached(struct db *, const char *, struct product *);
int	catalogue_promos_cached(struct db *, const struct product *, char,
	    struct promo_info *, size_t, size_t *);
int	catalogue_tier_cached(struct db *, int64_t, char *);
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
int	catalogue_promotion_update_row(struct db *, int64_t, int, const char *,
	    int64_t);

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
int	catalogue_admin_promotion_page_post(struct req *);

/* catalogue_seed.c */
int	catalogue_seed_demo(struct db *);

#endif
