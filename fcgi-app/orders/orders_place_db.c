/*
 * orders_place_db.c: placing an order (idempotent)
 *
 * A submission is priced line by line with the catalogue's pricing and
 * the dealer's promotions, and stored with its prices frozen.  The
 * Idempotency-Key is required: the key is claimed in the order's own
 * transaction, so a retry (or twenty at once) finds the one order; the
 * same key with another body answers 409.  The API's submission, the
 * draft's and a reorder all come here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../auth/scope.h"
#include "../catalogue/catalogue.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

static const char sql_can_act[] =
	"SELECT o.id FROM orgs o WHERE o.id = ? AND o.kind = 'dealer' AND "
	"o.active = 1 AND " SCOPE_SQL("o");
/*
 * The key is claimed last in the order's transaction, with the order it
 * made: a duplicate means another request holds (or committed) the key,
 * and the loser, having waited for it, replays its answer.
 */
static const char sql_claim[] =
	"INSERT INTO idempotency_keys (dealer_id, idem_key, request_hash, "
	"order_id) VALUES (?, ?, ?, ?)";
static const char sql_claimed[] =
	"SELECT request_hash, order_id FROM idempotency_keys "
	"WHERE dealer_id = ? AND idem_key = ?";
static const char sql_draft[] =
	"DELETE FROM draft_lines WHERE user_id = ? AND id <= ?";

static void
field_error(void *ctx, const char *field, const char *msg)
{
	fault_field(ctx, field, msg);
}

/* Read and price every line; field errors name the line and option. */
static int
price_lines(struct db *db, int64_t dealer, const cJSON *lines,
    struct order_line_new *l, int n, struct fault *f)
{
	const cJSON		*it, *opts;
	const char		*code;
	struct promo_info	 pi[PROMOS_MAX];
	struct contract_set	 cs;
	struct buyer		 b;
	size_t			 npi;
	char			 pfx[32];
	int			 i = 0, rc;

	/*
	 * The tier and the chain are the ordering dealer's, whoever orders
	 * for it.  They, the products, the promotions and the contract
	 * prices come from the process's cache (catalogue_cache.c: within
	 * its bound of the database).
	 */
	if (catalogue_buyer_cached(db, dealer, &b) == -1)
		return -1;
	cJSON_ArrayForEach(it, lines) {
		if (i >= n)
			break;
		snprintf(pfx, sizeof(pfx), "lines[%d]", i);
		if (!cJSON_IsObject(it) || json_get_string(it, "product", 32,
		    &code) != 0) {
			fault_field(f, pfx, "{product, quantity, options}");
			i++;
			continue;
		}
		if ((rc = catalogue_product_cached(db, code, &l[i].p)) == -1)
			return -1;
		if (rc == 1 || !l[i].p.active) {
			snprintf(pfx, sizeof(pfx), "lines[%d].product", i);
			fault_field(f, pfx, "no such product");
			i++;
			continue;
		}
		if (json_get_int(it, "quantity", INT64_MIN / 2, INT64_MAX / 2,
		    &l[i].quantity) != 0)
			l[i].quantity = 0;
		opts = cJSON_GetObjectItemCaseSensitive(it, "options");
		if (catalogue_promos_cached(db, &l[i].p, b.tier, pi, PROMOS_MAX,
		    &npi) == -1 || catalogue_contracts_cached(db, &b, &l[i].p,
		    l[i].quantity, &cs) == -1)
			return -1;
		rc = catalogue_price_promos(&l[i].p, pi, npi, &cs, opts,
		    l[i].quantity, pfx, field_error, f, &l[i].price, NULL);
		if (rc == 0)
			l[i].options = opts != NULL ?
			    cJSON_PrintUnformatted(opts) : strdup("{}");
		i++;
	}
	return 0;
}

/*
 * Store the priced order, claim its key, and empty the draft it came
 * from; 0, -1 (-3 the key was claimed meanwhile, -4 the dealer's PO
 * number is on another order), or -2 when the draft changed meanwhile
 * (the caller rolls back).
 */
static int
store(struct db *db, const struct principal *who, int64_t dealer,
    const struct orders_order_in *in, struct order_line_new *l, int n,
    const char *key, const char *hash, const struct order_source *src,
    char *number, size_t numsize, struct order_made *made)
{
	struct order_new	 o;
	struct draft_print	 now;
	struct db_stmt		*s;
	int64_t			 id, upto;
	cJSON			*d;
	int			 ok;

	memset(&o, 0, sizeof(o));
	o.dealer = dealer;
	o.user = who->user_id;
	o.lines = l;
	o.n = n;
	o.requested_date = in->requested_date;
	o.ship_to = in->ship_to;
	o.note = in->note != NULL ? in->note : "";
	o.po_number = in->po_number;
	o.customer = ORG_IS_CUSTOMER(who->kind);
	o.made = made;
	if (orders_insert(db, &o, number, numsize, &id) == -1)
		return db_is_duplicate(db) ? -4 : -1;
	ok = (s = db_prepare(db, sql_claim)) != NULL &&
	    db_bind_int(s, 0, dealer) == 0 && db_bind_text(s, 1, key) == 0 &&
	    db_bind_text(s, 2, hash) == 0 && db_bind_int(s, 3, id) == 0 &&
	    db_exec(s) == 0;
	db_stmt_release(s);
	if (!ok && db_is_duplicate(db))
		return -3;
	if (ok && src != NULL && src->draft_user != 0) {
		/* the draft, locked, must be what was priced: else 409 */
		if ((d = orders_draft_load(db, src->draft_user, "", 0, NULL,
		    &upto, &now, 1)) == NULL)
			return -1;
		cJSON_Delete(d);
		if (upto != src->draft_upto || memcmp(now.sum, src->print.sum,
		    sizeof(now.sum)) != 0)
			return -2;
		ok = (s = db_prepare(db, sql_draft)) != NULL &&
		    db_bind_int(s, 0, src->draft_user) == 0 &&
		    db_bind_int(s, 1, src->draft_upto) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}

/*
 * If the key was claimed before: the same request gets its order (200
 * with *out), another 409; 0 when the key is new.
 */
static int
replay(struct db *db, const struct principal *who, int64_t dealer,
    const char *key, const char *hash, const char *lang, struct fault *f,
    cJSON **out)
{
	struct db_stmt	*s;
	struct scope	 sc;
	int64_t		 id;
	int		 same, found, rc = DB_ERROR;

	if ((s = db_prepare(db, sql_claimed)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, key) == -1 ||
	    (rc = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		return rc == DB_DONE ? 0 : 500;
	}
	same = strcmp(db_col_text(s, 0, NULL), hash) == 0;
	id = db_col_int(s, 1);
	db_stmt_release(s);
	if (!same || id == 0)
		return fault_set(f, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used for another request");
	scope_read(who, &sc);
	if ((*out = orders_load(db, NULL, id, &sc, lang, &found)) == NULL)
		return found ? 500 : fault_set(f, 404, "not_found",
		    "no such order");
	return 200;
}

/*
 * The new order's answer from what this request holds, field for field
 * what orders_load() reads back (issue #22: no read-back).
 */
static cJSON *
answer(const struct orders_order_in *in, int64_t dealer,
    const struct order_line_new *l, int n, const char *number,
    const struct order_made *m, const char *lang)
{
	cJSON	*j, *d, *a, *e;
	int	 i;

	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "number", number);
	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)dealer);
	cJSON_AddStringToObject(d, "name", strcmp(lang, "en") ? m->dealer_zh :
	    m->dealer_en);
	cJSON_AddStringToObject(j, "status", orders_status_name(m->status));
	cJSON_AddNumberToObject(j, "version", (double)m->version);
	cJSON_AddNumberToObject(j, "total", (double)m->total);
	cJSON_AddStringToObject(j, "requested_date", in->requested_date);
	cJSON_AddNullToObject(j, "promised_date");
	cJSON_AddStringToObject(j, "ship_to", in->ship_to);
	if (in->po_number != NULL)
		cJSON_AddStringToObject(j, "po_number", in->po_number);
	else
		cJSON_AddNullToObject(j, "po_number");
	cJSON_AddStringToObject(j, "note", in->note != NULL ? in->note : "");
	cJSON_AddStringToObject(j, "created_at", m->created_at);
	a = cJSON_AddArrayToObject(j, "lines");
	for (i = 0; i < n; i++) {
		e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "line", (double)(i + 1));
		cJSON_AddStringToObject(e, "product", l[i].p.code);
		cJSON_AddNumberToObject(e, "quantity", (double)l[i].quantity);
		/* the stored text parsed, as a read would */
		cJSON_AddItemToObject(e, "options", cJSON_Parse(l[i].options));
		cJSON_AddNumberToObject(e, "unit_price",
		    (double)l[i].price.unit);
		cJSON_AddNumberToObject(e, "discount",
		    (double)l[i].price.discount);
		cJSON_AddNumberToObject(e, "line_total",
		    (double)l[i].price.total);
		cJSON_AddNumberToObject(e, "shipped", 0);
		cJSON_AddNumberToObject(e, "returned", 0);
		/* as a read adds them from order_docs.prices_json (0052) */
		cJSON_AddStringToObject(e, "price_source",
		    catalogue_pricing_source_name(l[i].price.source));
		if (l[i].price.contract_id != 0)
			cJSON_AddNumberToObject(e, "contract_id",
			    (double)l[i].price.contract_id);
		else
			cJSON_AddNullToObject(e, "contract_id");
		cJSON_AddItemToArray(a, e);
	}
	a = cJSON_AddArrayToObject(j, "timeline");
	e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "at", m->created_at);
	cJSON_AddStringToObject(e, "status", orders_status_name(m->status));
	cJSON_AddStringToObject(e, "note", "");
	cJSON_AddStringToObject(e, "actor", m->actor);
	cJSON_AddStringToObject(e, "at_china", m->at_china);
	cJSON_AddItemToArray(a, e);
	cJSON_AddArrayToObject(j, "shipments");
	cJSON_AddArrayToObject(j, "returns");
	return j;
}

/*
 * Place the order in describes, as who, idempotent by idem's key over
 * its tag and body: POST /api/v1/orders, the draft's submission and a
 * reorder all come here.  src (may be NULL) names the draft lines the
 * order empties in its transaction.  201 with *out (the order), 200 with
 * it for a retry, or the refusal.
 */
int
orders_place(struct db *db, const struct principal *who,
    const struct orders_order_in *sent, const struct orders_idem *idem,
    const struct order_source *src, const char *lang, struct fault *f,
    cJSON **out)
{
	struct orders_order_in	 mine = *sent, *in = &mine;
	struct order_line_new	*l = NULL;
	char			 where[ORDER_WHERE_SIZE];
	struct order_made	 made;
	struct fault		 rf;
	struct scope		 sc;
	struct db_stmt		*st;
	crypto_hash_sha256_state hs;
	unsigned char		 h[crypto_hash_sha256_BYTES];
	char			 hash[65], number[32] = "";
	int64_t			 dealer = in->dealer;
	int			 n, i, st_code = 500, rc;

	*out = NULL;
	if (!http_idem_ok(idem->key))
		fault_field(f, "Idempotency-Key", "required: 1 to 100 of "
		    "A-Z a-z 0-9 - _ . :");
	if (who->kind == ORG_DEALER)
		dealer = who->org_id;
	else if (dealer < 1 || dealer > (INT64_C(1) << 52))
		fault_field(f, "dealer", "the dealer you order for");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db == NULL)
		return 503;
	/* staff order only for dealers they may act for (assigned ones) */
	if (who->kind != ORG_DEALER) {
		scope_write(who, &sc);
		st = db_prepare(db, sql_can_act);
		rc = st != NULL && db_bind_int(st, 0, dealer) == 0 &&
		    scope_bind(st, 1, &sc) == 0 ? db_step(st) : DB_ERROR;
		db_stmt_release(st);
		if (rc != DB_ROW)
			return rc == DB_DONE ? fault_set(f, 404, "not_found",
			    "no such dealer") : 500;
	}
	crypto_hash_sha256_init(&hs);
	crypto_hash_sha256_update(&hs, (const unsigned char *)idem->tag,
	    strlen(idem->tag));
	crypto_hash_sha256_update(&hs, (const unsigned char *)idem->body,
	    idem->len);
	crypto_hash_sha256_final(&hs, h);
	util_hex(hash, h, sizeof(h));
	n = cJSON_IsArray(in->lines) ? cJSON_GetArraySize(in->lines) : 0;
	if (orders_place_fields(db, dealer, in, n, where, sizeof(where),
	    f) == -1)
		return 500;
	/* every line is checked too, so one answer names every problem */
	if (n > ORDER_LINES_MAX)
		goto refused;
	if (n > 0 && (l = calloc((size_t)n, sizeof(*l))) == NULL)
		return 500;
	if (n > 0 && price_lines(db, dealer, in->lines, l, n, f) == -1)
		goto out;
	if (fault_fields(f))
		goto refused;
	if (db_begin(db) == -1)
		goto out;
	/* a draft's submission holds the draft first (see orders_draft_hold) */
	if (src != NULL && src->draft_user != 0 &&
	    orders_draft_hold(db, src->draft_user) == -1) {
		db_rollback(db);
		goto out;
	}
	rc = store(db, who, dealer, in, l, n, idem->key, hash, src, number,
	    sizeof(number), &made);
	if (rc == -1 || rc == -3 || (rc == 0 && db_commit(db) == -1)) {
		db_rollback(db);
		if (rc == -3)	/* claimed and committed meanwhile */
			st_code = replay(db, who, dealer, idem->key, hash,
			    lang, f, out);
		goto out;
	}
	if (rc == -4) {
		db_rollback(db);
		/* a retry's order holds its own PO: answered from the key */
		if ((st_code = replay(db, who, dealer, idem->key, hash, lang,
		    f, out)) != 0)
			goto out;
		fault_field(f, "po_number", "already on another order of the "
		    "dealer");
		st_code = fault_set(f, 409, "conflict", "the dealer's PO "
		    "number is used");
		goto out;
	}
	if (rc == -2) {
		db_rollback(db);
		st_code = fault_set(f, 409, "conflict", "the draft changed "
		    "meanwhile, or was ordered; look at it again");
		goto out;
	}
	*out = answer(in, dealer, l, n, number, &made, lang);
	st_code = 201;
	goto out;
refused:
	/*
	 * A retry is answered from the key, whatever changed since: only a
	 * refusal looks for it, a new order finds the key's claim taken.
	 */
	memset(&rf, 0, sizeof(rf));
	if ((st_code = replay(db, who, dealer, idem->key, hash, lang, &rf,
	    out)) != 0) {
		fault_clear(f);		/* the replay's answer alone */
		*f = rf;
		goto out;
	}
	st_code = fault_set(f, 422, "validation_failed", n > ORDER_LINES_MAX ?
	    "check the fields" : "check the lines");
out:
	for (i = 0; i < n && l != NULL; i++) {
		catalogue_product_free(&l[i].p);
		cJSON_free(l[i].options);
	}
	free(l);
	return st_code;
}
