/* catalogue_pricing.h: option schemas and line prices, pure and exact in fen */
#ifndef CATALOGUE_PRICING_H
#define CATALOGUE_PRICING_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define QTY_MIN		1
#define QTY_MAX		100000
/* fen: 100,000,000 yuan a unit; x QTY_MAX stays below 2^53 for JSON */
#define PRICE_MAX	INT64_C(10000000000)
#define SCHEMA_OPTIONS	32
#define SCHEMA_VALUES	64
#define OPTION_NAME	32

/* A promotion that applies to the line: percent off, or fen off a unit. */
struct promo {
	int64_t	 id;
	int	 percent;	/* 1..100, or 0 */
	int64_t	 fixed;		/* fen per unit, or 0 */
};

struct price_line {
	int64_t	 base;		/* unit base price */
	int64_t	 options;	/* unit sum of option deltas */
	int64_t	 unit;		/* base + options */
	int64_t	 quantity;
	int64_t	 gross;		/* unit x quantity */
	int64_t	 discount;	/* of the best promotion */
	int64_t	 total;		/* gross - discount */
	int64_t	 promo_id;	/* 0: none */
};

/* Called once per problem: field is e.g. "lines[0].options.colour". */
typedef void (*pricing_error)(void *, const char *, const char *);

int	catalogue_pricing_schema_check(const cJSON *, pricing_error, void *);
int	catalogue_pricing_line(const cJSON *, int64_t, const cJSON *, int64_t,
	    const struct promo *, size_t, const char *, pricing_error, void *,
	    struct price_line *);
int64_t	catalogue_pricing_discount(const struct promo *, int64_t, int64_t);

#endif
