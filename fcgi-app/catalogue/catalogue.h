/* catalogue.h: categories, products with option schemas, promotions */
#ifndef CATALOGUE_CATALOGUE_H
#define CATALOGUE_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "catalogue_pricing.h"

struct db;
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

/* catalogue_db.c */
int	catalogue_product(struct db *, const char *, struct product *);
void	catalogue_product_free(struct product *);
int	catalogue_promos(struct db *, const struct product *, char,
	    struct promo_info *, size_t, size_t *);
int	catalogue_price(struct db *, const struct product *, char,
	    const cJSON *, int64_t, const char *, pricing_error, void *,
	    struct price_line *, struct promo_info *);
int	catalogue_tier(struct db *, const struct principal *, int64_t, char *);
cJSON	*catalogue_product_json(const struct product *, const char *);

/* catalogue_http.c */
int	catalogue_products_get(struct req *);
int	catalogue_product_get(struct req *);
int	catalogue_quote_post(struct req *);
int	catalogue_product_post(struct req *);
int	catalogue_product_patch(struct req *);

/* catalogue_promotions_http.c */
int	catalogue_promotions_list_get(struct req *);
int	catalogue_promotions_current_get(struct req *);
cJSON	*catalogue_promotions_current(struct db *, int64_t, int);
int	catalogue_promotions_create_post(struct req *);
int	catalogue_promotions_patch(struct req *);

/* catalogue_pages.c */
int	catalogue_page_get(struct req *);
int	catalogue_product_page_get(struct req *);
int	catalogue_product_page_post(struct req *);
int	catalogue_product_page(struct req *, int, cJSON *);
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
