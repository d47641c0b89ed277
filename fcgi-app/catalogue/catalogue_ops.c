/*
 * catalogue_ops.c: the catalogue's operations, below both the JSON
 * handlers and the pages: finding products, pricing a configuration, and
 * the admin's product changes (whose option schema is checked when
 * saved).  Each returns the status it stands for, a refusal in f.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "catalogue.h"
#include "catalogue_labels.h"

/* pricing's messages, as the refusal's field messages */
static void
field_error(void *f, const char *field, const char *msg)
{
	fault_field(f, field, msg);
}

/* The product of that code, active (unless for the admin): 0, 404, 500. */
int
catalogue_product_visible(struct db *db, const struct principal *who,
    const char *code, struct product *p, struct fault *f)
{
	int	 rc = catalogue_product(db, code != NULL ? code : "", p);

	if (rc == -1)
		return 500;
	if (rc == 1 || (!p->active && !(who->roles & ROLE_ADMIN))) {
		catalogue_product_free(p);
		return fault_set(f, 404, "not_found", "no such product");
	}
	return 0;
}

/*
 * The active products of category cat matching q (either NULL: any),
 * for a reader of lang: out gets items and next_cursor.  200, 422, 500.
 */
int
catalogue_products_search(struct db *db, const char *lang, const char *cat,
    const char *q, int64_t after, int limit, cJSON *out, struct fault *f)
{
	cat = cat != NULL ? cat : "";
	q = q != NULL ? q : "";
	if (strlen(cat) > 32)
		fault_field(f, "category", "a category code");
	if (strlen(q) > 100)
		fault_field(f, "q", "at most 100 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	return catalogue_products_active(db, lang, cat, q, after, limit,
	    out) == -1 ? 500 : 200;
}

/*
 * The price of quantity of product code configured with options, for
 * the caller's dealer (staff name a dealer in their scope; 0: none), into
 * *out: 200, or 404, or 422 naming every bad field (those f already
 * names too), or 500.
 */
int
catalogue_quote(struct db *db, const struct principal *who, const char *code,
    int64_t dealer, const cJSON *options, int64_t quantity,
    struct catalogue_quote *out, struct fault *f)
{
	struct product	 p;
	struct buyer	 b;
	int		 st, rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->product, sizeof(out->product), "%s", code != NULL ?
	    code : "");
	if (quantity < QTY_MIN || quantity > QTY_MAX) {
		fault_field(f, "line.quantity",
		    "a whole number from 1 to 100000");
		quantity = 1;	/* the options are still checked */
	}
	if ((st = catalogue_product_visible(db, who, code, &p, f)) != 0)
		return st;
	if ((rc = catalogue_buyer(db, who, dealer, &b)) != 0) {
		catalogue_product_free(&p);
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such dealer") : 500;
	}
	rc = catalogue_price(db, &p, &b, options, quantity, "line",
	    field_error, f, &out->line, &out->promo);
	catalogue_product_free(&p);
	if (rc == -1)
		return 500;
	if (rc == 1 || fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the configuration");
	return 200;
}

/*
 * The quote's answer: the figures in fen, what the price is (the list, a
 * promotion or a contract price) and the promotion or the contract row.
 */
cJSON *
catalogue_quote_json(const struct catalogue_quote *q, const char *lang)
{
	cJSON	*j = cJSON_CreateObject(), *pr;

	cJSON_AddStringToObject(j, "product", q->product);
	cJSON_AddNumberToObject(j, "quantity", (double)q->line.quantity);
	cJSON_AddNumberToObject(j, "base_price", (double)q->line.base);
	cJSON_AddNumberToObject(j, "options_price", (double)q->line.options);
	cJSON_AddNumberToObject(j, "unit_price", (double)q->line.unit);
	cJSON_AddNumberToObject(j, "gross", (double)q->line.gross);
	cJSON_AddNumberToObject(j, "discount", (double)q->line.discount);
	cJSON_AddNumberToObject(j, "line_total", (double)q->line.total);
	cJSON_AddStringToObject(j, "price_source",
	    catalogue_pricing_source_name(q->line.source));
	if (q->line.contract_id != 0)
		cJSON_AddNumberToObject(j, "contract_id",
		    (double)q->line.contract_id);
	else
		cJSON_AddNullToObject(j, "contract_id");
	if (q->promo.p.id != 0 && q->line.promo_id != 0) {
		pr = cJSON_AddObjectToObject(j, "promotion");
		cJSON_AddStringToObject(pr, "code", q->promo.code);
		cJSON_AddStringToObject(pr, "name", strcmp(lang, "en") == 0 ?
		    q->promo.name_en : q->promo.name_zh);
	} else
		cJSON_AddNullToObject(j, "promotion");
	return j;
}

/* A name given (or, for a create, required): 1 to 200 characters. */
static void
check_name(struct fault *f, const char *field, const char *v, int required)
{
	if ((v == NULL && required) || (v != NULL && (*v == '\0' ||
	    strlen(v) > 200)))
		fault_field(f, field, "1 to 200 characters");
}

/*
 * The fields of in both a create and a change check; the schema printed
 * into *schema when given (NULL otherwise; cJSON_free it).
 */
static void
check_product(const struct catalogue_product_in *in, int create,
    char **schema, struct fault *f)
{
	*schema = NULL;
	check_name(f, "name_zh", in->name_zh, create);
	check_name(f, "name_en", in->name_en, create);
	if ((in->base_price < 0 && create) || in->base_price > PRICE_MAX)
		fault_field(f, "base_price", "fen, 0 or more");
	if (in->version == 0 || in->version < -1 || in->version > INT32_MAX)
		fault_field(f, "version", "the version you read");
	if (in->options == NULL && !create)
		return;
	/* every enum value labelled in zh-CN and en (catalogue_labels.c) */
	if (catalogue_pricing_schema_check(in->options, field_error, f) == 0 &&
	    catalogue_labels_check(in->options, field_error, f) == 0)
		*schema = cJSON_PrintUnformatted(in->options);
}

/*
 * What the audit log keeps of a product's create (was NULL) or change
 * (was: the product before it, whose values go beside the new ones).
 */
static cJSON *
product_detail(const struct catalogue_product_in *in, const struct product *was)
{
	cJSON	*j = cJSON_CreateObject();

	if (in->code != NULL)
		cJSON_AddStringToObject(j, "code", in->code);
	if (in->category != NULL)
		cJSON_AddStringToObject(j, "category", in->category);
	if (in->name_zh != NULL)
		audit_text(j, "name_zh", was != NULL ? was->name_zh : NULL,
		    in->name_zh);
	if (in->name_en != NULL)
		audit_text(j, "name_en", was != NULL ? was->name_en : NULL,
		    in->name_en);
	if (in->base_price >= 0 && was != NULL)
		audit_num(j, "base_price", was->base_price, in->base_price);
	else if (in->base_price >= 0)
		cJSON_AddNumberToObject(j, "base_price",
		    (double)in->base_price);
	if (in->options != NULL && was != NULL && was->schema != NULL)
		cJSON_AddItemToObject(j, "options" AUDIT_BEFORE,
		    cJSON_Duplicate(was->schema, 1));
	if (in->options != NULL)
		cJSON_AddItemToObject(j, "options",
		    cJSON_Duplicate(in->options, 1));
	if (in->active >= 0 && was != NULL)
		audit_bool(j, "active", was->active, in->active);
	else if (in->active >= 0)
		cJSON_AddBoolToObject(j, "active", in->active);
	if (in->version >= 0)
		cJSON_AddNumberToObject(j, "version", (double)in->version);
	return j;
}

/* A new product (the admin's): 201, or 409 the code taken, 422, 503, 500. */
int
catalogue_product_create(struct db *db, const struct principal *who,
    const struct catalogue_product_in *in, struct fault *f)
{
	cJSON	*detail;
	char	*schema;
	int64_t	 id = 0;
	int	 rc = -1;

	if (in->code == NULL || strlen(in->code) < 2 || strlen(in->code) >
	    32 || strspn(in->code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") !=
	    strlen(in->code))
		fault_field(f, "code", "2 to 32 of A-Z, 0-9, dash");
	if (in->category == NULL || strlen(in->category) > 32)
		fault_field(f, "category", "a category code");
	check_product(in, 1, &schema, f);
	if (fault_fields(f) || schema == NULL) {
		cJSON_free(schema);
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (db_begin(db) == -1) {
		cJSON_free(schema);
		return 503;
	}
	rc = catalogue_product_insert(db, in, schema, &id);
	/* this process prices with it at once (catalogue_cache.c) */
	if (rc == 0)
		changes_local("catalogue", id);
	cJSON_free(schema);
	detail = product_detail(in, NULL);
	if (rc == 0 && audit_write(db, who, "product_create", "product", id,
	    0, detail) == -1)
		rc = -1;
	cJSON_Delete(detail);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1) {
			fault_field(f, "category", "no such category");
			return fault_set(f, 422, "validation_failed",
			    "check the fields");
		}
		if (rc == 2) {
			fault_field(f, "code", "taken");
			return fault_set(f, 409, "conflict",
			    "the code is taken");
		}
		return 500;
	}
	return 201;
}

/*
 * The given fields of product code, if still of in->version (-1: any):
 * 200, or 404, 409 another version, 422, 503, 500.
 */
int
catalogue_product_update(struct db *db, const struct principal *who,
    const char *code, const struct catalogue_product_in *in,
    struct fault *f)
{
	struct catalogue_product_in at = *in;
	struct product	 p;
	cJSON		*detail;
	char		*schema;
	int64_t		 id;
	int		 rc;

	check_product(in, 0, &schema, f);
	if (fault_fields(f)) {
		cJSON_free(schema);
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if ((rc = catalogue_product(db, code, &p)) != 0) {
		cJSON_free(schema);
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such product") : 500;
	}
	id = p.id;		/* for the audit log */
	/* the change only from what was read, the audit log's "before" */
	if (at.version < 0)
		at.version = p.version;
	if (db_begin(db) == -1) {
		catalogue_product_free(&p);
		cJSON_free(schema);
		return 503;
	}
	rc = catalogue_product_update_row(db, code, &at, schema);
	/* this process prices with it at once (catalogue_cache.c) */
	if (rc == 0)
		changes_local("catalogue", id);
	cJSON_free(schema);
	detail = product_detail(in, &p);
	catalogue_product_free(&p);
	if (rc == 0 && audit_write(db, who, "product_update", "product", id,
	    0, detail) == -1)
		rc = -1;
	cJSON_Delete(detail);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		return rc == 1 ? fault_set(f, 409, "conflict",
		    "the product was changed meanwhile; reload") : 500;
	}
	return 200;
}
