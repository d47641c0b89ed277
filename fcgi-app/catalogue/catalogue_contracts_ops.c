/*
 * catalogue_contracts_ops.c: contract prices, below both the JSON
 * handlers and the pages
 *
 * The admin sets any dealer's or chain's rows; an HQ key-account person
 * those of the chains assigned to it (key_account_chains) and of their
 * dealers; anything else is 404 to them, as to a reader outside its
 * scope.  A create is idempotent by its key (per user); a change is
 * conditional on the version read, in a transaction with its audit
 * record, and the loser of a race gets 409.  Rows are never deleted: a
 * "delete" ends the window yesterday (China's), so the orders that name
 * a row keep it.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "../http/http.h"
#include "catalogue.h"

#define OWNER_ID_MAX	(INT64_C(1) << 52)

static int
invalid(struct fault *f)
{
	return fault_set(f, 422, "validation_failed", "check the fields");
}

/* The terms both a create and a change check: price xor discount_bp. */
static void
check_terms(struct fault *f, int64_t price, int64_t bp, int required)
{
	if (price == -2 || bp == -2 || (price >= 0 && bp >= 0) ||
	    (required && price < 0 && bp < 0) || price > PRICE_MAX ||
	    bp == 0 || bp > CONTRACT_BP_MAX)
		fault_field(f, "price", "either price (fen a unit, 0 or more) "
		    "or discount_bp (1 to 10000 basis points)");
}

static void
check_in(const struct contract_in *in, struct fault *f)
{
	if ((in->dealer > 0) == (in->chain > 0) || in->dealer == -2 ||
	    in->chain == -2 || in->dealer > OWNER_ID_MAX ||
	    in->chain > OWNER_ID_MAX)
		fault_field(f, "dealer", "a dealer or a chain, not both");
	if (in->product == NULL || *in->product == '\0' ||
	    strlen(in->product) > 32 || strspn(in->product,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != strlen(in->product))
		fault_field(f, "product", "a model code");
	check_terms(f, in->price, in->discount_bp, 1);
	if (in->min_qty == -2 || (in->min_qty != -1 && (in->min_qty < QTY_MIN ||
	    in->min_qty > QTY_MAX)))
		fault_field(f, "min_qty", "a whole number from 1 to 100000");
	if (in->valid_from == NULL || !util_date_ok(in->valid_from))
		fault_field(f, "valid_from", "YYYY-MM-DD");
	if (in->valid_to == NULL || !util_date_ok(in->valid_to) ||
	    (in->valid_from != NULL && strcmp(in->valid_to, in->valid_from) <
	    0))
		fault_field(f, "valid_to", "YYYY-MM-DD, not before valid_from");
}

/* What the audit log keeps, and the hash a retry must match. */
static cJSON *
detail(const struct contract_row *r)
{
	return catalogue_contract_json(r);
}

/* A term's value before and after, null where it is below least (none). */
static void
term(cJSON *d, const char *name, int64_t least, int64_t before, int64_t after)
{
	char	 k[32];

	snprintf(k, sizeof(k), "%s" AUDIT_BEFORE, name);
	if (before >= least)
		cJSON_AddNumberToObject(d, k, (double)before);
	else
		cJSON_AddNullToObject(d, k);
	if (after >= least)
		cJSON_AddNumberToObject(d, name, (double)after);
	else
		cJSON_AddNullToObject(d, name);
}

/*
 * A change's: the row after, with the terms (a price or a discount) and
 * the last day before beside the new ones.
 */
static cJSON *
change_detail(const struct contract_row *was, const struct contract_row *r)
{
	cJSON	*d = catalogue_contract_json(r);

	cJSON_DeleteItemFromObjectCaseSensitive(d, "price");
	cJSON_DeleteItemFromObjectCaseSensitive(d, "discount_bp");
	cJSON_DeleteItemFromObjectCaseSensitive(d, "valid_to");
	if (was->price >= 0 || r->price >= 0)
		term(d, "price", 0, was->price, r->price);
	if (was->discount_bp > 0 || r->discount_bp > 0)
		term(d, "discount_bp", 1, was->discount_bp, r->discount_bp);
	audit_text(d, "valid_to", was->valid_to, r->valid_to);
	return d;
}

/* Whom a row concerns: its dealer, or its chain. */
static int64_t
owner(const struct contract_row *r)
{
	return r->dealer > 0 ? r->dealer : r->chain;
}

static void
request_hash(const struct contract_in *in, int64_t qty, char *hash)
{
	char	 text[256];

	snprintf(text, sizeof(text), "%lld|%lld|%s|%lld|%lld|%lld|%s|%s",
	    (long long)in->dealer, (long long)in->chain, in->product,
	    (long long)in->price, (long long)in->discount_bp, (long long)qty,
	    in->valid_from, in->valid_to);
	util_sha256_hex(hash, text, strlen(text));
}

/* A key used before: 200 with its row for the same request, else 409. */
static int
replay(const struct contract_row *r, const char *hash,
    struct contract_row *out, struct fault *f)
{
	if (strcmp(r->hash, hash) != 0)
		return fault_set(f, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used for another request");
	*out = *r;
	return 200;
}

/*
 * A new contract row, once per Idempotency-Key key of who: 201 with *out,
 * 200 with it for a retry, or 404 (an owner out of reach), 409 (the key
 * for another request, or the owner's model, break and start taken), 422
 * naming the fields (those f already names too), 503, 500.
 */
int
catalogue_contract_create(struct db *db, const struct principal *who,
    const struct contract_in *in, const char *key, struct contract_row *out,
    struct fault *f)
{
	struct contract_row	 r;
	struct contract_in	 c = *in;
	char			 hash[65];
	cJSON			*d;
	int64_t			 id = 0;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if (!http_idem_ok(key))
		fault_field(f, "Idempotency-Key", "required: 1 to 100 of "
		    "A-Z a-z 0-9 - _ . :");
	check_in(in, f);
	if (fault_fields(f))
		return invalid(f);
	if (c.min_qty == -1)
		c.min_qty = 1;
	if (db == NULL)
		return 503;
	if ((rc = catalogue_contract_reach(db, who, c.dealer > 0 ? c.dealer :
	    0, c.chain > 0 ? c.chain : 0, 1)) != 1)
		return rc == 0 ? fault_set(f, 404, "not_found", c.dealer > 0 ?
		    "no such dealer" : "no such chain") : 500;
	if (c.dealer < 0)
		c.dealer = 0;
	if (c.chain < 0)
		c.chain = 0;
	request_hash(&c, c.min_qty, hash);
	if ((rc = catalogue_contract_by_key(db, who->user_id, key, &r)) != 1)
		return rc == 0 ? replay(&r, hash, out, f) : 500;
	if (db_begin(db) == -1)
		return 503;
	rc = catalogue_contract_insert(db, &c, who->user_id, key, hash, &id);
	if (rc == 0 && catalogue_contract_get(db, id, out) != 0)
		rc = -1;
	d = rc == 0 ? detail(out) : NULL;
	if (rc == 0 && audit_write(db, who, "contract_price_create",
	    "contract_price", id, owner(out), d) == -1)
		rc = -1;
	cJSON_Delete(d);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 1) {
			fault_field(f, "product", "no such product");
			return invalid(f);
		}
		if (rc == 3) {
			fault_field(f, "valid_from", "not a valid date");
			return invalid(f);
		}
		if (rc != 2)
			return 500;
		/* the key, claimed meanwhile; or the owner's row */
		if (catalogue_contract_by_key(db, who->user_id, key, &r) == 0)
			return replay(&r, hash, out, f);
		fault_field(f, "valid_from", "a row for this model, minimum "
		    "quantity and start exists; end it or pick another day");
		return fault_set(f, 409, "conflict", "such a row exists");
	}
	/* this process prices with it at once (catalogue_cache.c) */
	changes_local("catalogue", 0);
	return 201;
}

/*
 * Change row id, if still of version: its terms (price or discount_bp,
 * -1: as they are) and its last day (valid_to, NULL: as it is); or, with
 * end set, end it: in force last yesterday (never, if not begun).  200
 * with *out, or 404 (none such, or out of reach), 409 another version,
 * 422, 503, 500.
 */
int
catalogue_contract_change(struct db *db, const struct principal *who,
    int64_t id, int64_t version, int64_t price, int64_t bp,
    const char *valid_to, int end, struct contract_row *out, struct fault *f)
{
	struct contract_row	 r, was;
	cJSON			*d;
	int			 rc;

	memset(out, 0, sizeof(*out));
	if (version < 1 || version > INT32_MAX)
		fault_field(f, "version", "the version you read");
	if (!end)
		check_terms(f, price, bp, 0);
	if (valid_to != NULL && !util_date_ok(valid_to))
		fault_field(f, "valid_to", "YYYY-MM-DD");
	if (fault_fields(f))
		return invalid(f);
	if (db == NULL)
		return 503;
	if ((rc = catalogue_contract_get(db, id, &r)) == 0 &&
	    (rc = catalogue_contract_reach(db, who, r.dealer, r.chain,
	    1)) != -1)
		rc = rc == 1 ? 0 : 1;
	if (rc != 0)
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such contract price") : 500;
	/* the change only from the row read: the audit log's "before" */
	if (r.version != version)
		return fault_set(f, 409, "conflict", "the row was changed "
		    "meanwhile; read it again");
	was = r;
	if (price >= 0) {
		r.price = price;
		r.discount_bp = 0;
	} else if (bp > 0) {
		r.price = -1;
		r.discount_bp = bp;
	}
	if (end)
		util_china_date(r.valid_to, sizeof(r.valid_to), -1);
	else if (valid_to != NULL) {
		if (strcmp(valid_to, r.valid_from) < 0) {
			fault_field(f, "valid_to", "not before valid_from");
			return invalid(f);
		}
		snprintf(r.valid_to, sizeof(r.valid_to), "%s", valid_to);
	}
	if (db_begin(db) == -1)
		return 503;
	rc = catalogue_contract_update_row(db, &r, end, version);
	if (rc == 0 && catalogue_contract_get(db, id, out) != 0)
		rc = -1;
	d = rc == 0 ? change_detail(&was, out) : NULL;
	if (d != NULL)
		cJSON_AddNumberToObject(d, "version_read", (double)version);
	if (rc == 0 && audit_write(db, who, end ? "contract_price_end" :
	    "contract_price_update", "contract_price", id, owner(out), d) ==
	    -1)
		rc = -1;
	cJSON_Delete(d);
	if (rc != 0 || db_commit(db) == -1) {
		db_rollback(db);
		if (rc == 3) {
			fault_field(f, "valid_to", "not a valid date");
			return invalid(f);
		}
		return rc == 1 ? fault_set(f, 409, "conflict", "the row was "
		    "changed meanwhile; read it again") : 500;
	}
	changes_local("catalogue", 0);
	return 200;
}

/*
 * The rows of dealer or chain (exactly one given, the other 0), if the
 * caller reads them, after the id after, at most limit, into out (items,
 * next_cursor): 200, 404, 422, 500.
 */
int
catalogue_contracts_read(struct db *db, const struct principal *who,
    int64_t dealer, int64_t chain, int64_t after, int limit, cJSON *out,
    struct fault *f)
{
	int	 rc;

	if ((dealer > 0) == (chain > 0) || dealer < 0 || chain < 0 ||
	    dealer > OWNER_ID_MAX || chain > OWNER_ID_MAX) {
		fault_field(f, "dealer", "a dealer or a chain, not both");
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	}
	if ((rc = catalogue_contract_reach(db, who, dealer, chain, 0)) != 1)
		return rc == 0 ? fault_set(f, 404, "not_found", dealer > 0 ?
		    "no such dealer" : "no such chain") : 500;
	return catalogue_contracts_list(db, dealer, chain, after, limit,
	    out) == -1 ? 500 : 200;
}
