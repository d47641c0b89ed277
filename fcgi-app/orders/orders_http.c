/*
 * orders_http.c: submitting an order (idempotent), reading and listing
 *
 * A submission is priced line by line with the catalogue's pricing and
 * the dealer's promotions, and stored with its prices frozen.  The
 * Idempotency-Key header is required: the key is claimed in the order's
 * own transaction, so a retry (or twenty at once) finds the one order;
 * the same key with another body answers 409.
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

enum stmt { STMT_CAN_ACT, STMT_CLAIM, STMT_CLAIMED, STMT_SETTLE, STMT_DRAFT,
	STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT o.id FROM orgs o WHERE o.id = ? AND o.kind = 'dealer' AND "
	"o.active = 1 AND " SCOPE_SQL("o"),
	"INSERT INTO idempotency_keys (dealer_id, idem_key, request_hash) "
	"VALUES (?, ?, ?)",
	"SELECT request_hash, order_id FROM idempotency_keys "
	"WHERE dealer_id = ? AND idem_key = ?",
	"UPDATE idempotency_keys SET order_id = ? WHERE dealer_id = ? AND "
	"idem_key = ?",
	"DELETE FROM draft_lines WHERE user_id = ? AND id <= ?",
};

static void
field_error(void *ctx, const char *field, const char *msg)
{
	http_field_error(ctx, field, msg);
}

/* The dealer the order is for: a buyer's own, a manager's assigned one. */
static int
order_dealer(struct req *r, int64_t *dealer)
{
	int64_t	 d = 0;

	if (r->who.kind == ORG_DEALER) {
		*dealer = r->who.org_id;
		return 0;
	}
	if (json_get_int(r->json, "dealer", 1, INT64_C(1) << 52, &d) != 0) {
		http_field_error(r, "dealer", "the dealer you order for");
		return -1;
	}
	*dealer = d;
	return 0;
}

/* Read and price every line; field errors name the line and option. */
static int
price_lines(struct req *r, struct db *db, int64_t dealer, struct order_line_new *l,
    int n)
{
	const cJSON		*lines, *it, *opts;
	const char		*code;
	struct principal	 buyer = r->who;
	char			 pfx[32], tier;
	int			 i = 0, rc;

	lines = cJSON_GetObjectItemCaseSensitive(r->json, "lines");
	/* the tier is the ordering dealer's, whoever orders for it */
	buyer.kind = ORG_DEALER;
	buyer.org_id = dealer;
	if (catalogue_tier(db, &buyer, 0, &tier) == -1)
		return -1;
	cJSON_ArrayForEach(it, lines) {
		if (i >= n)
			break;
		snprintf(pfx, sizeof(pfx), "lines[%d]", i);
		if (!cJSON_IsObject(it) || json_get_string(it, "product", 32,
		    &code) != 0) {
			http_field_error(r, pfx, "{product, quantity, options}");
			i++;
			continue;
		}
		if ((rc = catalogue_product(db, code, &l[i].p)) == -1)
			return -1;
		if (rc == 1 || !l[i].p.active) {
			snprintf(pfx, sizeof(pfx), "lines[%d].product", i);
			http_field_error(r, pfx, "no such product");
			i++;
			continue;
		}
		if (json_get_int(it, "quantity", INT64_MIN / 2, INT64_MAX / 2,
		    &l[i].quantity) != 0)
			l[i].quantity = 0;
		opts = cJSON_GetObjectItemCaseSensitive(it, "options");
		if ((rc = catalogue_price(db, &l[i].p, tier, opts,
		    l[i].quantity, pfx, field_error, r, &l[i].price,
		    NULL)) == -1)
			return -1;
		if (rc == 0)
			l[i].options = opts != NULL ?
			    cJSON_PrintUnformatted(opts) : strdup("{}");
		i++;
	}
	return 0;
}

/*
 * Store the priced order, settle its key, and empty the draft it came
 * from; 0, -1, or -2 when the draft changed meanwhile (the caller rolls
 * back).
 */
static int
store(struct req *r, struct db *db, int64_t dealer, struct order_line_new *l,
    int n, const char *key, const struct order_source *src, char *number,
    size_t numsize)
{
	struct order_new	 o;
	struct draft_print	 now;
	struct db_stmt		*s;
	int64_t			 id, upto;
	cJSON			*d;
	int			 ok;

	memset(&o, 0, sizeof(o));
	o.dealer = dealer;
	o.user = r->who.user_id;
	o.lines = l;
	o.n = n;
	o.note = "";
	json_get_string(r->json, "requested_date", 10, &o.requested_date);
	json_get_string(r->json, "ship_to", 300, &o.ship_to);
	json_get_string(r->json, "note", 1000, &o.note);
	if (orders_insert(db, &o, number, numsize, &id) == -1)
		return -1;
	ok = (s = db_prepare(db, stmts[STMT_SETTLE])) != NULL &&
	    db_bind_int(s, 0, id) == 0 && db_bind_int(s, 1, dealer) == 0 &&
	    db_bind_text(s, 2, key) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1;
	db_stmt_release(s);
	if (ok && src != NULL && src->draft_user != 0) {
		/* the draft, locked, must be what was priced: else 409 */
		if ((d = orders_draft_load(r, db, 0, '\0', &upto, &now, 1)) ==
		    NULL)
			return -1;
		cJSON_Delete(d);
		if (upto != src->draft_upto || memcmp(now.sum, src->print.sum,
		    sizeof(now.sum)) != 0)
			return -2;
		ok = (s = db_prepare(db, stmts[STMT_DRAFT])) != NULL &&
		    db_bind_int(s, 0, src->draft_user) == 0 &&
		    db_bind_int(s, 1, src->draft_upto) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}

/*
 * If the key was claimed before, answer: the same request gets its
 * order, another 409; 0 when the key is new.
 */
static int
replay(struct req *r, struct db *db, int64_t dealer, const char *key,
    const char *hash)
{
	struct db_stmt	*s;
	struct scope	 sc;
	cJSON		*j;
	int64_t		 id;
	int		 same, found, rc = DB_ERROR;

	if ((s = db_prepare(db, stmts[STMT_CLAIMED])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, key) == -1 ||
	    (rc = db_step(s)) != DB_ROW) {
		db_stmt_release(s);
		return rc == DB_DONE ? 0 : 500;
	}
	same = strcmp(db_col_text(s, 0, NULL), hash) == 0;
	id = db_col_int(s, 1);
	db_stmt_release(s);
	if (!same || id == 0)
		return http_error(r, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used for another request");
	scope_read(&r->who, &sc);
	if ((j = orders_load(db, NULL, id, &sc, r->lang, &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such order");
	return http_json(r, 200, j);
}

/*
 * Place the order r->json describes ({lines, requested_date, ship_to,
 * note, dealer}), idempotent by key (the Idempotency-Key header, or a
 * form's) over tag and the request body: POST /api/v1/orders, the draft's submission and a
 * reorder all come here.  src (may be NULL) names the draft lines the
 * order empties in its transaction.
 */
int
orders_place(struct req *r, const char *key, const char *tag,
    const struct order_source *src)
{
	const char		*s;
	struct order_line_new	*l = NULL;
	struct scope		 sc;
	struct db_stmt		*st;
	struct db		*db;
	crypto_hash_sha256_state hs;
	unsigned char		 h[crypto_hash_sha256_BYTES];
	char			 hash[65], number[32] = "", today[11];
	cJSON			*lines, *j;
	int64_t			 dealer = 0;
	int			 n, i, st_code = 500, found, rc;

	http_idem_check(r, key);
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (order_dealer(r, &dealer) == -1 || r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	/* staff order only for dealers they may act for (assigned ones) */
	if (r->who.kind != ORG_DEALER) {
		scope_write(&r->who, &sc);
		st = db_prepare(db, stmts[STMT_CAN_ACT]);
		rc = st != NULL && db_bind_int(st, 0, dealer) == 0 &&
		    scope_bind(st, 1, &sc) == 0 ? db_step(st) : DB_ERROR;
		db_stmt_release(st);
		if (rc != DB_ROW)
			return rc == DB_DONE ? http_error(r, 404, "not_found",
			    "no such dealer") : 500;
	}
	crypto_hash_sha256_init(&hs);
	crypto_hash_sha256_update(&hs, (const unsigned char *)tag,
	    strlen(tag));
	crypto_hash_sha256_update(&hs, (const unsigned char *)r->body,
	    r->body_len);
	crypto_hash_sha256_final(&hs, h);
	util_hex(hash, h, sizeof(h));
	/* a retry is answered from the key, whatever changed since */
	if ((rc = replay(r, db, dealer, key, hash)) != 0)
		return rc;
	lines = cJSON_GetObjectItemCaseSensitive(r->json, "lines");
	n = cJSON_IsArray(lines) ? cJSON_GetArraySize(lines) : 0;
	if (n < 1 || n > ORDER_LINES_MAX)
		http_field_error(r, "lines", "1 to 100 lines");
	orders_china_today(today, sizeof(today));
	if (json_get_string(r->json, "requested_date", 10, &s) != 0 ||
	    !util_date_ok(s) || strcmp(s, today) < 0)
		http_field_error(r, "requested_date", "YYYY-MM-DD, today or "
		    "later");
	if (json_get_string(r->json, "ship_to", 300, &s) != 0 || *s == '\0')
		http_field_error(r, "ship_to", "1 to 300 characters");
	if (json_get_string(r->json, "note", 1000, &s) == -1)
		http_field_error(r, "note", "at most 1000 characters");
	scope_read(&r->who, &sc);
	/* every line is checked too, so one answer names every problem */
	if (n > ORDER_LINES_MAX)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if (n > 0 && (l = calloc((size_t)n, sizeof(*l))) == NULL)
		return 500;
	if (n > 0 && price_lines(r, db, dealer, l, n) == -1)
		goto out;
	if (r->err.fields != NULL) {
		st_code = http_error(r, 422, "validation_failed",
		    "check the lines");
		goto out;
	}
	if (db_begin(db) == -1)
		goto out;
	/* a draft's submission holds the draft first (see orders_draft_hold) */
	if (src != NULL && src->draft_user != 0 &&
	    orders_draft_hold(db, src->draft_user) == -1) {
		db_rollback(db);
		goto out;
	}
	st = db_prepare(db, stmts[STMT_CLAIM]);
	rc = st != NULL && db_bind_int(st, 0, dealer) == 0 &&
	    db_bind_text(st, 1, key) == 0 && db_bind_text(st, 2, hash) == 0 ?
	    db_exec(st) : -1;
	db_stmt_release(st);
	if (rc == -1) {
		db_rollback(db);
		if (db_is_duplicate(db))	/* claimed and committed meanwhile */
			st_code = replay(r, db, dealer, key, hash);
		goto out;
	}
	rc = store(r, db, dealer, l, n, key, src, number, sizeof(number));
	if (rc == -1 || (rc == 0 && db_commit(db) == -1)) {
		db_rollback(db);
		goto out;
	}
	if (rc == -2) {
		db_rollback(db);
		st_code = http_error(r, 409, "conflict", "the draft changed "
		    "meanwhile, or was ordered; look at it again");
		goto out;
	}
	if ((j = orders_load(db, number, 0, &sc, r->lang, &found)) != NULL)
		st_code = http_json(r, 201, j);
out:
	for (i = 0; i < n && l != NULL; i++) {
		catalogue_product_free(&l[i].p);
		cJSON_free(l[i].options);
	}
	free(l);
	return st_code;
}

int
orders_submit_post(struct req *r)
{
	return orders_place(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"), "", NULL);
}

int
orders_get_one(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_read(http_db(r), &r->who, http_param(r, "number"),
	    r->lang, &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/*
 * The page of orders the query asks for (?status=&dealer=&from=&to=
 * &after=&limit=, newest first): for the API and the list page.
 */
int
orders_list_find(struct req *r, cJSON **out)
{
	struct orders_query	 q;
	struct http_paging	 pg;

	http_paging(r, &pg);
	memset(&q, 0, sizeof(q));
	q.status = http_query(r, "status");
	q.dealer = http_query(r, "dealer");
	q.from = http_query(r, "from");
	q.to = http_query(r, "to");
	q.after = pg.after;
	q.limit = pg.limit;
	return orders_list_read(http_db(r), &r->who, &q, r->lang, &r->err,
	    out);
}

/* GET /api/v1/orders?status=&dealer=&from=&to=&after=&limit= (newest first) */
int
orders_list_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_list_find(r, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/*
 * POST /api/v1/orders/{number}/reorder {requested_date, ship_to, note}:
 * a new order from an earlier one's lines, priced today.  ship_to and,
 * for staff, the dealer default to the earlier order's.  Idempotent like
 * any submission, by the key over the order's number and the body.
 */
int
orders_reorder_post(struct req *r)
{
	struct scope	 sc;
	struct db	*db;
	cJSON		*old;
	char		 tag[48];
	int		 found;

	if (r->json == NULL)
		r->json = cJSON_CreateObject();
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (cJSON_HasObjectItem(r->json, "lines")) {
		http_field_error(r, "lines", "not here: the earlier order's "
		    "lines are ordered");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	scope_read(&r->who, &sc);
	if ((old = orders_load(db, http_param(r, "number"), 0, &sc, r->lang,
	    &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such order");
	cJSON_AddItemToObject(r->json, "lines", orders_lines_again(old));
	if (!cJSON_HasObjectItem(r->json, "ship_to"))
		cJSON_AddItemToObject(r->json, "ship_to", cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(old, "ship_to"), 1));
	if (r->who.kind != ORG_DEALER &&
	    !cJSON_HasObjectItem(r->json, "dealer"))
		cJSON_AddItemToObject(r->json, "dealer", cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
		    old, "dealer"), "id"), 1));
	snprintf(tag, sizeof(tag), "reorder %s\n", cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(old, "number")));
	cJSON_Delete(old);
	return orders_place(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"), tag, NULL);
}
