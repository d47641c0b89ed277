/*
 * catalogue_pricing.c: option schemas and line prices, pure and exact in fen
 *
 * A product's option schema is a JSON list of options:
 *   {"name","type":"enum","required","values":[{"value","price_delta"}]}
 *   {"name","type":"number","required","min","max","step","price_per_unit"}
 *   {"name","type":"text","required","max_length","price"}
 * A number option costs price_per_unit for each unit above min (a 200 L
 * fridge of a 180..220 L model pays 20 units); a text option (a logo)
 * costs its price when given.  The line price is
 *   (base + option deltas) x quantity - the best single promotion,
 * where a percentage is rounded half up to the fen and a fixed discount
 * (per unit) never takes the line below zero.
 *
 * Contract prices (catalogue_pricing_contracts()): a row applies on a
 * China date from valid_from to valid_to, both included, to a line of at
 * least min_qty units.  A fixed row prices a unit at its price plus the
 * options' deltas (never below zero); a discount row takes discount_bp
 * basis points off the configured unit, rounded half up to the fen per
 * unit; the line is that unit x quantity.  The line costs the lowest of
 * the list price, the best promotion and every applicable row, the
 * dealer's own and its chain's alike.  Ties: a contract before a
 * promotion or the list, the dealer's own row before its chain's, then
 * the lower row id.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "catalogue_pricing.h"

#define NUM_LIMIT	1000000			/* bounds of a number option */
#define PER_UNIT_LIMIT	10000000		/* fen per unit of one */

static void
errf(pricing_error err, void *ctx, const char *prefix, const char *name,
    const char *msg)
{
	char	 field[160];

	snprintf(field, sizeof(field), "%s%s%s", prefix, *name ? "." : "",
	    name);
	if (err != NULL)
		err(ctx, field, msg);
}

/* An exact integer within [min, max] in a JSON number; -1 if not. */
static int
exact(const cJSON *v, int64_t min, int64_t max, int64_t *out)
{
	double	 d;

	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < (double)min ||
	    d > (double)max)
		return -1;
	*out = (int64_t)d;
	return 0;
}

static int
name_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n > 0 && n < OPTION_NAME && s[0] >= 'a' && s[0] <= 'z' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static const cJSON *
get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* UTF-8 characters in s (s is valid UTF-8). */
static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* One option of a schema; 0 if well-formed, else -1 (errors reported). */
static int
option_check(const cJSON *o, const char *prefix, pricing_error err,
    void *ctx)
{
	const cJSON	*type = get(o, "type"), *name = get(o, "name"), *vals;
	const cJSON	*v, *w;
	int64_t		 min, max, step, x;
	const char	*n;

	if (!cJSON_IsObject(o) || !cJSON_IsString(name) ||
	    !name_ok(name->valuestring)) {
		errf(err, ctx, prefix, "name", "a-z, 0-9, _; at most 31");
		return -1;
	}
	n = name->valuestring;
	if (get(o, "required") != NULL && !cJSON_IsBool(get(o, "required"))) {
		errf(err, ctx, prefix, n, "required must be true or false");
		return -1;
	}
	if (cJSON_IsString(type) && strcmp(type->valuestring, "enum") == 0) {
		vals = get(o, "values");
		if (!cJSON_IsArray(vals) || cJSON_GetArraySize(vals) < 1 ||
		    cJSON_GetArraySize(vals) > SCHEMA_VALUES) {
			errf(err, ctx, prefix, n, "1 to 64 values");
			return -1;
		}
		cJSON_ArrayForEach(v, vals) {
			if (!cJSON_IsString(get(v, "value")) ||
			    strlen(get(v, "value")->valuestring) == 0 ||
			    strlen(get(v, "value")->valuestring) > 64 ||
			    exact(get(v, "price_delta"), -PRICE_MAX, PRICE_MAX,
			    &x) == -1) {
				errf(err, ctx, prefix, n, "each value needs a "
				    "value and an integer price_delta");
				return -1;
			}
			for (w = v->next; w != NULL; w = w->next)
				if (cJSON_IsString(get(w, "value")) &&
				    strcmp(get(w, "value")->valuestring,
				    get(v, "value")->valuestring) == 0) {
					errf(err, ctx, prefix, n,
					    "a value is listed twice");
					return -1;
				}
		}
		return 0;
	}
	if (cJSON_IsString(type) && strcmp(type->valuestring, "number") == 0) {
		/* |value - min| <= 2e6 and |per unit| <= 1e7: no overflow */
		if (exact(get(o, "min"), -NUM_LIMIT, NUM_LIMIT, &min) == -1 ||
		    exact(get(o, "max"), min, NUM_LIMIT, &max) == -1 ||
		    exact(get(o, "step"), 1, NUM_LIMIT, &step) == -1 ||
		    exact(get(o, "price_per_unit"), -PER_UNIT_LIMIT,
		    PER_UNIT_LIMIT, &x) == -1 || (max - min) % step) {
			errf(err, ctx, prefix, n, "integers min <= max, step "
			    ">= 1 dividing max - min, and price_per_unit");
			return -1;
		}
		return 0;
	}
	if (cJSON_IsString(type) && strcmp(type->valuestring, "text") == 0) {
		if (exact(get(o, "max_length"), 1, 200, &x) == -1 ||
		    exact(get(o, "price"), 0, PRICE_MAX, &x) == -1) {
			errf(err, ctx, prefix, n,
			    "max_length 1..200 and a price");
			return -1;
		}
		return 0;
	}
	errf(err, ctx, prefix, n, "type is enum, number or text");
	return -1;
}

/* Is this a schema a product may have?  0 or -1 (with field errors). */
int
catalogue_pricing_schema_check(const cJSON *schema, pricing_error err, void
    *ctx)
{
	const cJSON	*o, *p;
	char		 prefix[32];
	int		 i = 0, rc = 0;

	if (!cJSON_IsArray(schema) || cJSON_GetArraySize(schema) >
	    SCHEMA_OPTIONS) {
		errf(err, ctx, "options", "", "a list of at most 32 options");
		return -1;
	}
	cJSON_ArrayForEach(o, schema) {
		snprintf(prefix, sizeof(prefix), "options[%d]", i++);
		if (option_check(o, prefix, err, ctx) == -1) {
			rc = -1;
			continue;
		}
		for (p = o->next; p != NULL; p = p->next)
			if (cJSON_IsString(get(p, "name")) && strcmp(get(p,
			    "name")->valuestring, get(o, "name")->valuestring)
			    == 0) {
				errf(err, ctx, prefix, "name", "used twice");
				rc = -1;
			}
	}
	return rc;
}

/* The price delta one chosen value adds to a unit; -1 if invalid. */
static int
option_delta(const cJSON *o, const cJSON *v, const char *prefix,
    pricing_error err, void *ctx, int64_t *delta)
{
	const char	*n = get(o, "name")->valuestring;
	const char	*t = get(o, "type")->valuestring;
	const cJSON	*it;
	int64_t		 min = 0, max = 0, step = 1, per = 0, x, len = 1;
	int64_t		 price = 0;
	char		 msg[96];

	*delta = 0;
	if (strcmp(t, "enum") == 0) {
		if (cJSON_IsString(v))
			cJSON_ArrayForEach(it, get(o, "values"))
				if (strcmp(get(it, "value")->valuestring,
				    v->valuestring) == 0) {
					exact(get(it, "price_delta"),
					    -PRICE_MAX, PRICE_MAX, delta);
					return 0;
				}
		errf(err, ctx, prefix, n, "not one of the allowed values");
		return -1;
	}
	if (strcmp(t, "number") == 0) {
		exact(get(o, "min"), INT64_MIN / 2, INT64_MAX / 2, &min);
		exact(get(o, "max"), INT64_MIN / 2, INT64_MAX / 2, &max);
		exact(get(o, "step"), 1, INT64_MAX / 2, &step);
		exact(get(o, "price_per_unit"), -PER_UNIT_LIMIT, PER_UNIT_LIMIT,
		    &per);
		if (exact(v, min, max, &x) == -1) {
			snprintf(msg, sizeof(msg), "a whole number from %lld "
			    "to %lld", (long long)min, (long long)max);
			errf(err, ctx, prefix, n, msg);
			return -1;
		}
		if ((x - min) % step != 0) {
			snprintf(msg, sizeof(msg), "in steps of %lld from %lld",
			    (long long)step, (long long)min);
			errf(err, ctx, prefix, n, msg);
			return -1;
		}
		*delta = (x - min) * per;
		return 0;
	}
	exact(get(o, "max_length"), 1, 200, &len);
	exact(get(o, "price"), 0, PRICE_MAX, &price);
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    !util_utf8_valid(v->valuestring, strlen(v->valuestring)) ||
	    chars(v->valuestring) > (size_t)len ||
	    strpbrk(v->valuestring, "\r\n\t") != NULL) {
		snprintf(msg, sizeof(msg), "text of 1 to %lld characters",
		    (long long)len);
		errf(err, ctx, prefix, n, msg);
		return -1;
	}
	*delta = price;
	return 0;
}

/* The discount of one promotion on a line of quantity units at unit. */
int64_t
catalogue_pricing_discount(const struct promo *p, int64_t unit, int64_t
    quantity)
{
	int64_t	 gross = unit * quantity, d;

	if (p->percent > 0)
		d = (gross * p->percent + 50) / 100;	/* half up, in fen */
	else if (p->fixed >= unit)
		d = gross;			/* and no overflow below */
	else
		d = p->fixed * quantity;
	return d < 0 ? 0 : d > gross ? gross : d;
}

/*
 * Validate options (a JSON object) against schema and price the line.
 * prefix names the line in messages ("lines[2]").  Returns 0 and fills
 * out, or -1 after reporting every problem found.
 */
int
catalogue_pricing_line(const cJSON *schema, int64_t base, const cJSON *options,
    int64_t quantity, const struct promo *promos, size_t npromos,
    const char *prefix, pricing_error err, void *ctx, struct price_line *out)
{
	const cJSON	*o, *v;
	char		 opfx[64];
	int64_t		 delta, sum = 0, d;
	size_t		 i;
	int		 rc = 0;

	memset(out, 0, sizeof(*out));
	snprintf(opfx, sizeof(opfx), "%s.options", prefix);
	/* schemas are checked when saved; never trust one blindly here */
	if (catalogue_pricing_schema_check(schema, NULL, NULL) == -1) {
		errf(err, ctx, prefix, "product", "the product cannot be priced");
		return -1;
	}
	if (quantity < QTY_MIN || quantity > QTY_MAX) {
		errf(err, ctx, prefix, "quantity", "a whole number from 1 to "
		    "100000");
		rc = -1;
	}
	if (options != NULL && !cJSON_IsNull(options) &&
	    !cJSON_IsObject(options)) {
		errf(err, ctx, prefix, "options", "an object of option: value");
		return -1;
	}
	/* every given option must be in the schema */
	cJSON_ArrayForEach(v, options) {
		for (o = schema != NULL ? schema->child : NULL; o != NULL;
		    o = o->next)
			if (strcmp(get(o, "name")->valuestring, v->string) == 0)
				break;
		if (o == NULL) {
			errf(err, ctx, opfx, v->string, "no such option");
			rc = -1;
		}
	}
	cJSON_ArrayForEach(o, schema) {
		v = options != NULL ? get(options, get(o, "name")->valuestring) :
		    NULL;
		if (v == NULL || cJSON_IsNull(v)) {
			if (cJSON_IsTrue(get(o, "required"))) {
				errf(err, ctx, opfx, get(o, "name")->valuestring,
				    "required");
				rc = -1;
			}
			continue;
		}
		if (option_delta(o, v, opfx, err, ctx, &delta) == -1)
			rc = -1;
		else
			sum += delta;
	}
	if (rc == -1)
		return -1;
	out->base = base;
	out->options = sum;
	out->unit = base + sum;
	if (out->unit < 0 || out->unit > PRICE_MAX) {
		errf(err, ctx, prefix, "options", "the unit price is out of "
		    "range");
		return -1;
	}
	out->quantity = quantity;
	out->gross = out->unit * quantity;	/* <= 1e10 x 1e5 < 2^53 */
	for (i = 0; i < npromos; i++)
		if ((d = catalogue_pricing_discount(&promos[i], out->unit,
		    quantity)) >
		    out->discount) {
			out->discount = d;
			out->promo_id = promos[i].id;
		}
	out->total = out->gross - out->discount;
	out->source = out->promo_id != 0 ? PRICE_PROMOTION : PRICE_LIST;
	return 0;
}

/* Does contract row c apply on day (YYYY-MM-DD) to quantity units? */
int
catalogue_pricing_contract_applies(const struct contract *c, const char *day,
    int64_t quantity)
{
	return strcmp(c->valid_from, day) <= 0 &&
	    strcmp(day, c->valid_to) <= 0 && c->min_qty <= quantity &&
	    (c->price >= 0 || (c->discount_bp > 0 &&
	    c->discount_bp <= CONTRACT_BP_MAX));
}

/* The total of line l (priced at list) at contract row c. */
int64_t
catalogue_pricing_contract_total(const struct contract *c,
    const struct price_line *l)
{
	int64_t	 unit;

	if (c->price >= 0)	/* <= 1e10 + options: x 1e5 < 2^53 */
		unit = c->price + l->options;
	else			/* half up, per unit, in fen */
		unit = l->unit - (l->unit * c->discount_bp + 5000) / 10000;
	return (unit < 0 ? 0 : unit) * l->quantity;
}

/*
 * The lowest of l's price so far (the list or the best promotion) and the
 * contract rows of c that apply on day: l's discount, total and source
 * become the best row's when it costs no more (see the top of the file).
 */
void
catalogue_pricing_contracts(struct price_line *l, const struct contract *c,
    size_t n, const char *day)
{
	const struct contract	*best = NULL;
	int64_t			 t, bt = 0;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (!catalogue_pricing_contract_applies(&c[i], day,
		    l->quantity))
			continue;
		t = catalogue_pricing_contract_total(&c[i], l);
		if (best == NULL || t < bt || (t == bt && (c[i].chain <
		    best->chain || (c[i].chain == best->chain &&
		    c[i].id < best->id)))) {
			best = &c[i];
			bt = t;
		}
	}
	if (best == NULL || bt > l->total)
		return;
	l->total = bt;
	l->discount = l->gross - bt;	/* bt <= total <= gross */
	l->promo_id = 0;
	l->source = PRICE_CONTRACT;
	l->contract_id = best->id;
}

const char *
catalogue_pricing_source_name(enum price_source s)
{
	return s == PRICE_CONTRACT ? "contract" : s == PRICE_PROMOTION ?
	    "promotion" : "list";
}
