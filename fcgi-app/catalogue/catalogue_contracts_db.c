/* catalogue_contracts_db.c: SQL of the contract prices (migration 0052) */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "catalogue.h"

/*
 * Pricing's read: of one owner's rows for a model that apply to the
 * quantity on the day, the lowest price or the highest discount (only
 * those can be the best of their kind; the lower id on a tie, as the
 * rule).  Each is a range of the owner's unique key (owner, product,
 * min_qty, valid_from); an owner of id 0 matches nothing.
 */
#define CONTRACT_ON(owner, chain, kind, order) \
	"(SELECT id, " chain ", IFNULL(price, -1), IFNULL(discount_bp, 0), " \
	"min_qty, valid_from, valid_to FROM contract_prices WHERE " owner \
	" = ? AND product_id = ? AND min_qty <= ? AND valid_from <= ? AND " \
	"valid_to >= ? AND " kind " IS NOT NULL ORDER BY " order ", id " \
	"LIMIT 1)"
static const char sql_on[] =
	CONTRACT_ON("dealer_id", "0", "price", "price") " UNION ALL "
	CONTRACT_ON("dealer_id", "0", "discount_bp", "discount_bp DESC")
	" UNION ALL "
	CONTRACT_ON("chain_id", "1", "price", "price") " UNION ALL "
	CONTRACT_ON("chain_id", "1", "discount_bp", "discount_bp DESC");

#define ROW_COLS \
	"c.id, IFNULL(c.dealer_id, 0), IFNULL(c.chain_id, 0), p.code, " \
	"IFNULL(c.price, -1), IFNULL(c.discount_bp, 0), c.min_qty, " \
	"c.valid_from, c.valid_to, c.version, c.created_by, " \
	"DATE_FORMAT(c.created_at, '%Y-%m-%dT%H:%i:%sZ'), c.request_hash"
static const char sql_get[] =
	"SELECT " ROW_COLS " FROM contract_prices c JOIN products p ON "
	"p.id = c.product_id WHERE c.id = ?";
static const char sql_idem[] =
	"SELECT " ROW_COLS " FROM contract_prices c JOIN products p ON "
	"p.id = c.product_id WHERE c.created_by = ? AND c.idem_key = ?";
/* one owner's rows, by id: a range of the owner's unique key */
#define LIST_SQL(owner) \
	"SELECT " ROW_COLS " FROM contract_prices c JOIN products p ON " \
	"p.id = c.product_id WHERE c." owner " = ? AND c.id > ? " \
	"ORDER BY c.id LIMIT ?"
static const char sql_list_dealer[] = LIST_SQL("dealer_id");
static const char sql_list_chain[] = LIST_SQL("chain_id");

/* the product must exist; the owner's kind was checked (owner_reach) */
static const char sql_insert[] =
	"INSERT INTO contract_prices (dealer_id, chain_id, product_id, price, "
	"discount_bp, min_qty, valid_from, valid_to, created_by, idem_key, "
	"request_hash) SELECT NULLIF(?, 0), NULLIF(?, 0), id, ?, ?, ?, ?, ?, "
	"?, ?, ? FROM products WHERE code = ?";
static const char sql_update[] =
	"UPDATE contract_prices SET price = ?, discount_bp = ?, valid_to = ?, "
	"version = version + 1 WHERE id = ? AND version = ?";
/* ended: in force last on the day given, or never if not begun by then */
static const char sql_end[] =
	"UPDATE contract_prices SET valid_to = LEAST(valid_to, GREATEST(?, "
	"valid_from - INTERVAL 1 DAY)), version = version + 1 WHERE id = ? "
	"AND version = ?";

/*
 * Who reaches an owner.  To write: the admin every dealer and chain, a
 * key-account person the chains assigned to it and their dealers.  To
 * read a dealer's rows: whoever's scope holds the dealer; a chain's: HQ,
 * its users, the users of its dealers.
 */
static const char sql_write_reach[] =
	"SELECT o.id FROM orgs o WHERE o.id = ? AND o.kind = ? AND (? <> 0 OR "
	"IFNULL(o.chain_id, o.id) IN (SELECT chain_id FROM key_account_chains "
	"WHERE user_id = ?))";
static const char sql_chain_reach[] =
	"SELECT o.id FROM orgs o WHERE o.id = ? AND o.kind = 'chain' AND "
	"(? <> 0 OR o.id = ? OR o.id = (SELECT d.chain_id FROM orgs d WHERE "
	"d.id = ? AND d.kind = 'dealer'))";

/*
 * The rows that may price quantity of p for buyer (NULL: none) on day
 * (NULL: today in China), into cs.  0, or -1: an error is no price, so
 * it fails.
 */
int
catalogue_contracts_on(struct db *db, const struct buyer *b,
    const struct product *p, int64_t quantity, const char *day,
    struct contract_set *cs)
{
	struct db_stmt	*s;
	struct contract	*c;
	enum db_step	 step = DB_DONE;
	int64_t		 d, ch;

	memset(cs, 0, sizeof(*cs));
	if (day != NULL)
		snprintf(cs->day, sizeof(cs->day), "%s", day);
	else
		util_china_date(cs->day, sizeof(cs->day), 0);
	if (b == NULL || b->dealer == 0 || quantity < QTY_MIN ||
	    quantity > QTY_MAX)
		return 0;
	d = b->dealer;
	ch = b->chain;
	s = db_preparef(db, sql_on, "iiittiiittiiittiiitt",
	    d, p->id, quantity, cs->day, cs->day,
	    d, p->id, quantity, cs->day, cs->day,
	    ch, p->id, quantity, cs->day, cs->day,
	    ch, p->id, quantity, cs->day, cs->day);
	if (s == NULL)
		return -1;
	while (cs->n < CONTRACTS_MAX && (step = db_step(s)) == DB_ROW) {
		c = &cs->c[cs->n++];
		c->id = db_col_int(s, 0);
		c->chain = db_col_int(s, 1) != 0;
		c->price = db_col_int(s, 2);
		c->discount_bp = (int)db_col_int(s, 3);
		c->min_qty = db_col_int(s, 4);
		db_col_copy(s, 5, c->valid_from, sizeof(c->valid_from));
		db_col_copy(s, 6, c->valid_to, sizeof(c->valid_to));
	}
	db_stmt_release(s);
	return step == DB_ERROR ? -1 : 0;
}

/*
 * May who write (write set) or read the rows of dealer or chain (one of
 * them, the other 0)?  1 yes, 0 no (or no such owner), -1 error.
 */
int
catalogue_contract_reach(struct db *db, const struct principal *who,
    int64_t dealer, int64_t chain, int write)
{
	struct db_stmt	*s;
	struct scope	 sc;
	int		 rc;

	if (!write && dealer != 0) {
		scope_read(who, &sc);
		return scope_dealer_reach(db, &sc, dealer);
	}
	if (write)
		s = db_preparef(db, sql_write_reach, "itii", dealer != 0 ?
		    dealer : chain, dealer != 0 ? "dealer" : "chain",
		    (int64_t)((who->roles & ROLE_ADMIN) != 0), who->user_id);
	else
		s = db_preparef(db, sql_chain_reach, "iiii", chain,
		    (int64_t)(who->kind == ORG_HQ),
		    who->kind == ORG_CHAIN ? who->org_id : 0,
		    who->kind == ORG_DEALER ? who->org_id : 0);
	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

static void
row_of(struct db_stmt *s, struct contract_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = db_col_int(s, 0);
	r->dealer = db_col_int(s, 1);
	r->chain = db_col_int(s, 2);
	db_col_copy(s, 3, r->product, sizeof(r->product));
	r->price = db_col_int(s, 4);
	r->discount_bp = db_col_int(s, 5);
	r->min_qty = db_col_int(s, 6);
	db_col_copy(s, 7, r->valid_from, sizeof(r->valid_from));
	db_col_copy(s, 8, r->valid_to, sizeof(r->valid_to));
	r->version = db_col_int(s, 9);
	r->created_by = db_col_int(s, 10);
	db_col_copy(s, 11, r->created_at, sizeof(r->created_at));
	db_col_copy(s, 12, r->hash, sizeof(r->hash));
}

/* The one row of a bound statement into *r: 0, 1 none, -1 error. */
static int
one_row(struct db_stmt *s, struct contract_row *r)
{
	int	 rc;

	if (s == NULL)
		return -1;
	if ((rc = db_step(s)) == DB_ROW)
		row_of(s, r);
	db_stmt_release(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* Row id: 0, 1 none such, -1 error. */
int
catalogue_contract_get(struct db *db, int64_t id, struct contract_row *r)
{
	return one_row(db_preparef(db, sql_get, "i", id), r);
}

/* The row user made under Idempotency-Key key: 0, 1 none, -1 error. */
int
catalogue_contract_by_key(struct db *db, int64_t user, const char *key,
    struct contract_row *r)
{
	return one_row(db_preparef(db, sql_idem, "it", user, key), r);
}

/* {"id","owner","dealer","chain","product","price"|"discount_bp",...} */
cJSON *
catalogue_contract_json(const struct contract_row *r)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)r->id);
	cJSON_AddStringToObject(j, "owner", r->dealer != 0 ? "dealer" :
	    "chain");
	if (r->dealer != 0)
		cJSON_AddNumberToObject(j, "dealer", (double)r->dealer);
	else
		cJSON_AddNumberToObject(j, "chain", (double)r->chain);
	cJSON_AddStringToObject(j, "product", r->product);
	if (r->price >= 0)
		cJSON_AddNumberToObject(j, "price", (double)r->price);
	else
		cJSON_AddNumberToObject(j, "discount_bp",
		    (double)r->discount_bp);
	cJSON_AddNumberToObject(j, "min_qty", (double)r->min_qty);
	cJSON_AddStringToObject(j, "valid_from", r->valid_from);
	cJSON_AddStringToObject(j, "valid_to", r->valid_to);
	cJSON_AddNumberToObject(j, "version", (double)r->version);
	cJSON_AddStringToObject(j, "created_at", r->created_at);
	return j;
}

static cJSON *
list_row(struct db_stmt *s, void *ctx)
{
	struct contract_row	 r;

	(void)ctx;
	row_of(s, &r);
	return catalogue_contract_json(&r);
}

/*
 * The rows of dealer or chain (one of them, the other 0) after the id
 * after, at most limit: out gets items and next_cursor.  0, -1.
 */
int
catalogue_contracts_list(struct db *db, int64_t dealer, int64_t chain,
    int64_t after, int limit, cJSON *out)
{
	struct db_stmt	*s;

	if ((s = db_preparef(db, dealer != 0 ? sql_list_dealer :
	    sql_list_chain, "iii", dealer != 0 ? dealer : chain, after,
	    (int64_t)limit + 1)) == NULL)
		return -1;
	return http_keyset_items(s, limit, out, list_row, NULL,
	    http_cursor_id);
}

/*
 * Run s, an INSERT ... SELECT of one row bound by the caller, and release
 * it: 0 with *id, 1 nothing inserted (what it selects from is not
 * there), 2 a duplicate key, 3 a value the table refuses, -1 error.  The
 * catalogue's creates share it.
 */
int
catalogue_insert(struct db *db, struct db_stmt *s, int64_t *id)
{
	int	 rc = -1;

	if (s == NULL)
		return -1;
	if (db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	else if (db_is_duplicate(db))
		rc = 2;
	else if (db_is_bad_value(db))
		rc = 3;
	if (rc == 0)
		*id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	return rc;
}

/*
 * A new row of in (checked), by user under key with its request's hash:
 * 0 with *id, 1 no such product, 2 a duplicate (the key, or the owner's
 * model, break and start), 3 a value the table refuses, -1 error.
 */
int
catalogue_contract_insert(struct db *db, const struct contract_in *in,
    int64_t user, const char *key, const char *hash, int64_t *id)
{
	struct db_stmt	*s;

	if ((s = db_prepare(db, sql_insert)) != NULL &&
	    db_bind_int(s, 0, in->dealer) == 0 &&
	    db_bind_int(s, 1, in->chain) == 0 &&
	    (in->price >= 0 ? db_bind_int(s, 2, in->price) :
	    db_bind_null(s, 2)) == 0 &&
	    (in->discount_bp > 0 ? db_bind_int(s, 3, in->discount_bp) :
	    db_bind_null(s, 3)) == 0 &&
	    db_bind_int(s, 4, in->min_qty) == 0 &&
	    db_bind_text(s, 5, in->valid_from) == 0 &&
	    db_bind_text(s, 6, in->valid_to) == 0 &&
	    db_bind_int(s, 7, user) == 0 && db_bind_text(s, 8, key) == 0 &&
	    db_bind_text(s, 9, hash) == 0 &&
	    db_bind_text(s, 10, in->product) == 0)
		return catalogue_insert(db, s, id);
	db_stmt_release(s);
	return -1;
}

/*
 * Row r->id's terms and end as r holds them (end set: ended on the day
 * r->valid_to instead), if still of version: 0, 1 another version, 3 a
 * value the table refuses, -1 error.
 */
int
catalogue_contract_update_row(struct db *db, const struct contract_row *r,
    int end, int64_t version)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if (end)
		s = db_preparef(db, sql_end, "tii", r->valid_to, r->id,
		    version);
	else if ((s = db_prepare(db, sql_update)) != NULL &&
	    ((r->price >= 0 ? db_bind_int(s, 0, r->price) :
	    db_bind_null(s, 0)) != 0 ||
	    (r->discount_bp > 0 ? db_bind_int(s, 1, r->discount_bp) :
	    db_bind_null(s, 1)) != 0 ||
	    db_bind_text(s, 2, r->valid_to) != 0 ||
	    db_bind_int(s, 3, r->id) != 0 ||
	    db_bind_int(s, 4, version) != 0)) {
		db_stmt_release(s);
		s = NULL;
	}
	if (s != NULL) {
		if (db_exec(s) == 0)
			rc = db_affected(s) == 1 ? 0 : 1;
		else if (db_is_bad_value(db))
			rc = 3;
	}
	db_stmt_release(s);
	return rc;
}
