/* catalogue_db.c: SQL of the catalogue */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../auth/scope.h"
#include "../core/buf.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

#define PRODUCT_COLS \
	"p.id, p.code, p.category_id, c.code, p.name_zh, p.name_en, " \
	"p.base_price, p.option_schema, p.active, p.version"

/* A product by its code. */
static const char sql_product[] =
	"SELECT " PRODUCT_COLS " FROM products p JOIN categories c ON "
	"c.id = p.category_id WHERE p.code = ?";

/*
 * In force on a day (China's), for this product and tier.  Only the
 * highest percentage and the highest fixed amount can be the best, so
 * those two are all that is read.  The day is bound, so that the
 * process's cache (catalogue_cache.c) holds exactly what its key says.
 */
#define PROMO_ON \
	"active = 1 AND starts_on <= ? AND ends_on >= ? AND " \
	"(product_id = ? OR category_id = ? OR (product_id IS NULL AND " \
	"category_id IS NULL)) AND FIND_IN_SET(?, tiers) > 0"
static const char sql_promos[] =
	"(SELECT id, percent, fixed, code, name_zh, name_en FROM promotions "
	"WHERE " PROMO_ON " AND percent > 0 ORDER BY percent DESC, id "
	"LIMIT 1) UNION ALL (SELECT id, percent, fixed, code, name_zh, "
	"name_en FROM promotions WHERE " PROMO_ON " AND fixed > 0 "
	"ORDER BY fixed DESC, id LIMIT 1)";

static const char sql_own_tier[] =
	"SELECT tier, chain_id FROM orgs WHERE id = ? AND kind = 'dealer'";

/* another dealer, within the caller's scope */
static const char sql_dealer_tier[] =
	"SELECT o.tier, o.chain_id FROM orgs o WHERE o.id = ? AND "
	"o.kind = 'dealer' AND " SCOPE_SQL("o");

/* the active ones, of a category (or all); q in the model, the names or
 * an option's values */
static const char sql_active[] =
	"SELECT p.id, p.code, c.code, p.name_zh, p.name_en, p.base_price, "
	"p.active FROM products p JOIN categories c ON c.id = p.category_id "
	"WHERE p.active = 1 AND (? = '' OR c.code = ?) AND (? = '' OR "
	"CONVERT(p.code USING utf8mb4) LIKE ? OR p.name_zh LIKE ? OR "
	"p.name_en LIKE ? OR JSON_SEARCH(LOWER(p.option_schema), 'one', "
	"LOWER(?), NULL, "
	"'$[*].values[*].value') IS NOT NULL) AND p.id > ? "
	"ORDER BY p.id LIMIT ?";

/* every one, active or not, for the admin */
static const char sql_all[] =
	"SELECT p.id, p.code, c.code, p.name_zh, p.name_en, p.base_price, "
	"p.active FROM products p JOIN categories c ON c.id = p.category_id "
	"WHERE p.id > ? ORDER BY p.id LIMIT ?";

static const char sql_categories[] =
	"SELECT code FROM categories ORDER BY id LIMIT 100";

static const char sql_insert[] =
	"INSERT INTO products (code, category_id, name_zh, name_en, "
	"base_price, option_schema) SELECT ?, id, ?, ?, ?, ? FROM categories "
	"WHERE code = ?";

static const char sql_update[] =
	"UPDATE products SET name_zh = COALESCE(?, name_zh), name_en = "
	"COALESCE(?, name_en), base_price = COALESCE(?, base_price), "
	"option_schema = COALESCE(?, option_schema), active = COALESCE(?, "
	"active), version = version + 1 WHERE code = ? AND (? < 0 OR "
	"version = ?)";

void
catalogue_product_free(struct product *p)
{
	cJSON_Delete(p->schema);
	p->schema = NULL;
}

/*
 * Could code be a model's?  1 to 32 of A-Z a-z 0-9 . _ -: no model has
 * another, and MariaDB refuses to compare other text with the ASCII column
 * (error 1267, an illegal mix of collations) instead of finding nothing.
 */
int
catalogue_code_ok(const char *code)
{
	size_t	 n = code != NULL ? strlen(code) : 0;

	return n >= 1 && n <= 32 && strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* 0 found, 1 not, -1 error; free with catalogue_product_free. */
int
catalogue_product(struct db *db, const char *code, struct product *p)
{
	struct db_stmt	*s;
	int		 rc = -1, r;

	memset(p, 0, sizeof(*p));
	if (!catalogue_code_ok(code))
		return 1;
	if ((s = db_prepare(db, sql_product)) == NULL ||
	    db_bind_text(s, 0, code) == -1 || (r = db_step(s)) == DB_ERROR)
		goto out;
	rc = 1;
	if (r != DB_ROW)
		goto out;
	p->id = db_col_int(s, 0);
	db_col_copy(s, 1, p->code, sizeof(p->code));
	p->category_id = db_col_int(s, 2);
	db_col_copy(s, 3, p->category, sizeof(p->category));
	db_col_copy(s, 4, p->name_zh, sizeof(p->name_zh));
	db_col_copy(s, 5, p->name_en, sizeof(p->name_en));
	p->base_price = db_col_int(s, 6);
	p->schema = cJSON_Parse(db_col_text(s, 7, NULL));
	p->active = db_col_int(s, 8) != 0;
	p->version = db_col_int(s, 9);
	rc = p->schema != NULL ? 0 : -1;
out:
	db_stmt_release(s);
	return rc;
}

/*
 * The promotions in force on day (China's, YYYY-MM-DD) for a product and
 * a tier ('\0': none), at most max.  0, or -1: an error is no
 * promotion, the price would be wrong, so it fails.
 */
int
catalogue_promos_on(struct db *db, const struct product *p, char tier,
    const char *day, struct promo_info *out, size_t max, size_t *n)
{
	struct db_stmt	*s;
	char		 t[2] = { tier, '\0' };
	enum db_step	 step = DB_DONE;

	*n = 0;
	if (tier == '\0')
		return 0;
	s = db_preparef(db, sql_promos, "ttiitttiit", day, day, p->id,
	    p->category_id, t, day, day, p->id, p->category_id, t);
	if (s == NULL)
		return -1;
	while (*n < max && (step = db_step(s)) == DB_ROW) {
		memset(&out[*n], 0, sizeof(out[*n]));
		out[*n].p.id = db_col_int(s, 0);
		out[*n].p.percent = (int)db_col_int(s, 1);
		out[*n].p.fixed = db_col_int(s, 2);
		db_col_copy(s, 3, out[*n].code, sizeof(out[*n].code));
		db_col_copy(s, 4, out[*n].name_zh, sizeof(out[*n].name_zh));
		db_col_copy(s, 5, out[*n].name_en, sizeof(out[*n].name_en));
		(*n)++;
	}
	db_stmt_release(s);
	return step == DB_ERROR ? -1 : 0;
}

/* The promotions in force today for a product and a tier (0: none). */
int
catalogue_promos(struct db *db, const struct product *p, char tier,
    struct promo_info *out, size_t max, size_t *n)
{
	char	 day[11];

	util_china_date(day, sizeof(day), 0);
	return catalogue_promos_on(db, p, tier, day, out, max, n);
}

/*
 * Price quantity of p configured with options, for buyer (NULL: no one),
 * with the best promotion in force for its tier and its contract prices
 * of today; each problem goes to err under prefix.  *applied (may be
 * NULL) gets the promotion used, id 0 for none.  0 priced, 1 invalid,
 * -1 database error.
 */
int
catalogue_price(struct db *db, const struct product *p,
    const struct buyer *buyer, const cJSON *options, int64_t quantity,
    const char *prefix, pricing_error err, void *ctx, struct price_line *out,
    struct promo_info *applied)
{
	struct promo_info	 pi[PROMOS_MAX];
	struct contract_set	 cs;
	size_t			 n;

	if (catalogue_promos(db, p, buyer != NULL ? buyer->tier : '\0', pi,
	    PROMOS_MAX, &n) == -1 ||
	    catalogue_contracts_on(db, buyer, p, quantity, NULL, &cs) == -1)
		return -1;
	return catalogue_price_promos(p, pi, n, &cs, options, quantity, prefix,
	    err, ctx, out, applied);
}

/*
 * As catalogue_price(), with the promotions in force and the contract
 * rows (cs, may be NULL: none) given: 0 or 1.
 */
int
catalogue_price_promos(const struct product *p, const struct promo_info *pi,
    size_t n, const struct contract_set *cs, const cJSON *options,
    int64_t quantity, const char *prefix, pricing_error err, void *ctx,
    struct price_line *out, struct promo_info *applied)
{
	struct promo		 ps[PROMOS_MAX];
	size_t			 i;

	if (n > PROMOS_MAX)
		n = PROMOS_MAX;
	for (i = 0; i < n; i++)
		ps[i] = pi[i].p;
	if (catalogue_pricing_line(p->schema, p->base_price, options, quantity,
	    ps, n, prefix, err, ctx, out) == -1)
		return 1;
	if (cs != NULL)
		catalogue_pricing_contracts(out, cs->c, cs->n, cs->day);
	if (applied != NULL) {
		memset(applied, 0, sizeof(*applied));
		for (i = 0; i < n; i++)
			if (pi[i].p.id == out->promo_id)
				*applied = pi[i];
	}
	return 0;
}

/*
 * Whom a line is priced for: a dealer itself; for anyone else, dealer (0:
 * no one) if within their scope: its id, its chain and its tier.  0, 1 if
 * the dealer is out of reach, -1 error.
 */
int
catalogue_buyer(struct db *db, const struct principal *who, int64_t dealer,
    struct buyer *b)
{
	struct db_stmt	*s;
	struct scope	 sc;
	int		 rc = -1, r;

	memset(b, 0, sizeof(*b));
	if (who->kind != ORG_DEALER && dealer == 0)
		return 0;
	if (who->kind == ORG_DEALER && dealer != 0 && dealer != who->org_id)
		return 1;		/* a dealer prices for itself only */
	if (who->kind == ORG_DEALER) {
		if ((s = db_prepare(db, sql_own_tier)) == NULL ||
		    db_bind_int(s, 0, who->org_id) == -1)
			goto out;
	} else {
		scope_read(who, &sc);
		if ((s = db_prepare(db, sql_dealer_tier)) == NULL ||
		    db_bind_int(s, 0, dealer) == -1 ||
		    scope_bind(s, 1, &sc) == -1)
			goto out;
	}
	if ((r = db_step(s)) == DB_ERROR)
		goto out;
	rc = r == DB_ROW ? 0 : 1;
	if (r == DB_ROW) {
		b->dealer = who->kind == ORG_DEALER ? who->org_id : dealer;
		b->chain = db_col_int(s, 1);
		b->tier = db_col_text(s, 0, NULL)[0];
	}
out:
	db_stmt_release(s);
	return rc;
}

/* {"code","name","name_zh","name_en","category","base_price","options"} */
cJSON *
catalogue_product_json(const struct product *p, const char *lang)
{
	cJSON	*j = cJSON_CreateObject(), *opts, *o;

	cJSON_AddStringToObject(j, "code", p->code);
	cJSON_AddStringToObject(j, "name", strcmp(lang, "en") == 0 ?
	    p->name_en : p->name_zh);
	cJSON_AddStringToObject(j, "name_zh", p->name_zh);
	cJSON_AddStringToObject(j, "name_en", p->name_en);
	cJSON_AddStringToObject(j, "category", p->category);
	cJSON_AddNumberToObject(j, "base_price", (double)p->base_price);
	cJSON_AddItemToObject(j, "options", opts = cJSON_Duplicate(p->schema,
	    1));
	cJSON_ArrayForEach(o, opts)	/* every option says if it is required */
		if (!cJSON_HasObjectItem(o, "required"))
			cJSON_AddFalseToObject(o, "required");
	cJSON_AddBoolToObject(j, "active", p->active);
	cJSON_AddNumberToObject(j, "version", (double)p->version);
	return j;
}

/* One row of a product list: the name in the reader's language. */
static cJSON *
list_row(struct db_stmt *s, void *ctx)
{
	cJSON	*it = cJSON_CreateObject();
	int	 en = strcmp((const char *)ctx, "en") == 0;

	cJSON_AddStringToObject(it, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 4 : 3, NULL));
	cJSON_AddStringToObject(it, "category", db_col_text(s, 2, NULL));
	cJSON_AddNumberToObject(it, "base_price", (double)db_col_int(s, 5));
	return it;
}

/* The admin's: inactive ones too, the active marked. */
static cJSON *
all_row(struct db_stmt *s, void *ctx)
{
	cJSON	*it = list_row(s, ctx);

	if (db_col_int(s, 6))
		cJSON_AddBoolToObject(it, "active", 1);
	return it;
}

/* %q% for LIKE, with the client's own % _ \ taken literally. */
static void
like_pattern(struct buf *b, const char *q)
{
	buf_addc(b, '%');
	for (; *q != '\0'; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *q);
	}
	buf_addc(b, '%');
}

/*
 * The active products of category cat ("": all) matching q (""), after
 * the id after, at most limit: out gets items and next_cursor.  0, -1.
 */
int
catalogue_products_active(struct db *db, const char *lang, const char *cat,
    const char *q, int64_t after, int limit, cJSON *out)
{
	struct db_stmt	*s;
	struct buf	 pat;
	const char	*p;
	int		 rc = -1;

	buf_init(&pat);
	like_pattern(&pat, q);
	p = buf_cstr(&pat);
	/* the pattern is bound by reference: freed once the rows are read */
	if ((s = db_preparef(db, sql_active, "tttttttii", cat, cat, q, p, p, p,
	    p, after, (int64_t)limit + 1)) != NULL)
		rc = http_keyset_items(s, limit, out, list_row, (void *)lang,
		    http_cursor_id);
	buf_free(&pat);
	return rc;
}

/* Every product, for the admin: as catalogue_products_active(). */
int
catalogue_products_all(struct db *db, const char *lang, int64_t after,
    int limit, cJSON *out)
{
	struct db_stmt	*s;

	if ((s = db_preparef(db, sql_all, "ii", after, (int64_t)limit + 1)) ==
	    NULL)
		return -1;
	return http_keyset_items(s, limit, out, all_row, (void *)lang,
	    http_cursor_id);
}

/* The categories, at most max, into out[0..*n-1]: 0, or -1. */
int
catalogue_categories(struct db *db, struct catalogue_category *out,
    size_t max, size_t *n)
{
	struct db_stmt	*s;
	enum db_step	 step = DB_DONE;

	*n = 0;
	if ((s = db_prepare(db, sql_categories)) == NULL)
		return -1;
	while (*n < max && (step = db_step(s)) == DB_ROW)
		db_col_copy(s, 0, out[(*n)++].code, sizeof(out->code));
	db_stmt_release(s);
	return step == DB_ERROR ? -1 : 0;
}

/*
 * A new product, its schema printed: 0 with *id, 1 no such category,
 * 2 the code is taken, -1 error.
 */
int
catalogue_product_insert(struct db *db, const struct catalogue_product_in *in,
    const char *schema, int64_t *id)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_insert)) != NULL &&
	    db_bind_text(s, 0, in->code) == 0 &&
	    db_bind_text(s, 1, in->name_zh) == 0 &&
	    db_bind_text(s, 2, in->name_en) == 0 &&
	    db_bind_int(s, 3, in->base_price) == 0 &&
	    db_bind_text(s, 4, schema) == 0 &&
	    db_bind_text(s, 5, in->category) == 0) {
		rc = catalogue_insert(db, s, id);
		return rc == 3 ? -1 : rc;
	}
	db_stmt_release(s);
	return rc;
}

/*
 * The given fields of product code (schema printed, or NULL): 0, 1 if
 * another version is stored, -1 error.
 */
int
catalogue_product_update_row(struct db *db, const char *code,
    const struct catalogue_product_in *in, const char *schema)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_update)) != NULL &&
	    db_bind_text(s, 0, in->name_zh) == 0 &&
	    db_bind_text(s, 1, in->name_en) == 0 &&
	    (in->base_price >= 0 ? db_bind_int(s, 2, in->base_price) :
	    db_bind_null(s, 2)) == 0 && db_bind_text(s, 3, schema) == 0 &&
	    (in->active >= 0 ? db_bind_int(s, 4, in->active) :
	    db_bind_null(s, 4)) == 0 && db_bind_text(s, 5, code) == 0 &&
	    db_bind_int(s, 6, in->version) == 0 &&
	    db_bind_int(s, 7, in->version) == 0 && db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	db_stmt_release(s);
	return rc;
}
