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

/*
 * A contract price row as pricing sees it: for the dealer itself or for
 * its chain, a fixed price for a unit of the model (the options' deltas
 * added on top) or a discount in basis points off the configured unit,
 * on China's days valid_from..valid_to (both included), for lines of at
 * least min_qty units.
 */
#define CONTRACT_BP_MAX	10000
struct contract {
	int64_t	 id;
	int	 chain;		/* 1: the chain's row; 0: the dealer's own */
	int64_t	 price;		/* fen per unit of the model; -1: a discount */
	int	 discount_bp;	/* 1..10000; 0: a price */
	int64_t	 min_qty;
	char	 valid_from[11], valid_to[11];
};

enum price_source { PRICE_LIST, PRICE_PROMOTION, PRICE_CONTRACT };

struct price_line {
	int64_t	 base;		/* unit base price */
	int64_t	 options;	/* unit sum of option deltas */
	int64_t	 unit;		/* base + options */
	int64_t	 quantity;
	int64_t	 gross;		/* unit x quantity */
	int64_t	 discount;	/* of the best promotion */
	int64_t	 total;		/* gross - discount */
	int64_t	 promo_id;	/* 0: none */
	enum price_source source;	/* what total is */
	int64_t	 contract_id;	/* the contract row applied; 0: none */
};

/* Called once per problem: field is e.g. "lines[0].options.colour". */
typedef void (*pricing_error)(void *, const char *, const char *);

int	catalogue_pricing_schema_check(const cJSON *, pricing_error, void *);
int	catalogue_pricing_line(const cJSON *, int64_t, const cJSON *, int64_t,
	    const struct promo *, size_t, const char *, pricing_error, void *,
	    struct price_line *);
int64_t	catalogue_pricing_discount(const struct promo *, int64_t, int64_t);
int	catalogue_pricing_contract_applies(const struct contract *,
	    const char *, int64_t);
int64_t	catalogue_pricing_contract_total(const struct contract *,
	    const struct price_line *);
void	catalogue_pricing_contracts(struct price_line *,
	    const struct contract *, size_t, const char *);
const char *catalogue_pricing_source_name(enum price_source);

#endif
