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
#include <time.h>

#include <sodium.h>

#include "../auth/scope.h"
#include "../catalogue/catalogue.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

enum stmt { STMT_CAN_ACT, STMT_CLAIM, STMT_CLAIMED, STMT_NUMBER,
	STMT_ORDER, STMT_LINE, STMT_EVENT, STMT_FEED, STMT_SETTLE, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT o.id FROM orgs o WHERE o.id = ? AND o.kind = 'dealer' AND "
	"o.active = 1 AND " SCOPE_SQL("o"),
	"INSERT INTO idempotency_keys (dealer_id, idem_key, request_hash) "
	"VALUES (?, ?, ?)",
	"SELECT request_hash, order_id FROM idempotency_keys "
	"WHERE dealer_id = ? AND idem_key = ?",
	"SELECT NEXT VALUE FOR order_numbers",
	"INSERT INTO orders (number, dealer_id, total, requested_date, ship_to, "
	"note, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO order_lines (order_id, line_no, product_id, product_code, "
	"quantity, options, unit_price, discount, line_total, promotion_id) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0))",
	"INSERT INTO order_events (order_id, actor_user_id, status, note) "
	"VALUES (?, ?, 'submitted', '')",
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('order.submitted', 'order', ?, ?, ?)",
	"UPDATE idempotency_keys SET order_id = ? WHERE dealer_id = ? AND "
	"idem_key = ?",
};

struct line {
	struct product		 p;
	int64_t			 quantity;
	char			*options;	/* JSON text, frozen */
	struct price_line	 price;
};

static void
field_error(void *ctx, const char *field, const char *msg)
{
	http_field_error(ctx, field, msg);
}

/* Today in China, "YYYY-MM-DD" (out holds 11). */
static void
china_today(char *out, size_t size)
{
	time_t		 t = time(NULL) + 8 * 3600;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%d", &tm);
}

static int
key_ok(const char *k)
{
	size_t	 n = k != NULL ? strlen(k) : 0;

	return n >= 1 && n <= IDEM_KEY_MAX && strspn(k, "ABCDEFGHIJKLMNOPQRST"
	    "UVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:") == n;
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
price_lines(struct req *r, struct db *db, int64_t dealer, struct line *l,
    int n)
{
	struct promo_info	 pi[PROMOS_MAX];
	struct promo		 ps[PROMOS_MAX];
	const cJSON		*lines, *it;
	const char		*code;
	struct principal	 buyer = r->who;
	size_t			 np, k;
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
		if (catalogue_promos(db, &l[i].p, tier, pi, PROMOS_MAX,
		    &np) == -1)
			return -1;
		for (k = 0; k < np; k++)
			ps[k] = pi[k].p;
		if (pricing_line(l[i].p.schema, l[i].p.base_price,
		    cJSON_GetObjectItemCaseSensitive(it, "options"),
		    l[i].quantity, ps, np, pfx, field_error, r,
		    &l[i].price) == 0) {
			l[i].options = cJSON_PrintUnformatted(
			    cJSON_GetObjectItemCaseSensitive(it, "options") ?
			    cJSON_GetObjectItemCaseSensitive(it, "options") :
			    cJSON_CreateObject());
		}
		i++;
	}
	return 0;
}

static int
exec_ok(struct db_stmt *s, int ok)
{
	ok = ok && db_exec(s) == 0;
	return ok;
}

/* Store the priced order; 0, or -1 (the caller rolls back). */
static int
store(struct req *r, struct db *db, int64_t dealer, struct line *l, int n,
    const char *key, char *number, size_t numsize)
{
	struct db_stmt	*s;
	const char	*date, *ship, *note = "";
	char		 today[11], payload[160];
	int64_t		 seq, id, total = 0;
	int		 i, ok;

	for (i = 0; i < n; i++)
		total += l[i].price.total;
	json_get_string(r->json, "requested_date", 10, &date);
	json_get_string(r->json, "ship_to", 300, &ship);
	json_get_string(r->json, "note", 1000, &note);
	if ((s = db_prepare(db, stmts[STMT_NUMBER])) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	seq = db_col_int(s, 0);
	db_stmt_release(s);
	china_today(today, sizeof(today));
	snprintf(number, numsize, "SO-%.4s-%06lld", today, (long long)seq);

	s = db_prepare(db, stmts[STMT_ORDER]);
	ok = exec_ok(s, s != NULL && db_bind_text(s, 0, number) == 0 &&
	    db_bind_int(s, 1, dealer) == 0 && db_bind_int(s, 2, total) == 0 &&
	    db_bind_text(s, 3, date) == 0 && db_bind_text(s, 4, ship) == 0 &&
	    db_bind_text(s, 5, note != NULL ? note : "") == 0 &&
	    db_bind_int(s, 6, r->who.user_id) == 0);
	id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	for (i = 0; ok && i < n; i++) {
		s = db_prepare(db, stmts[STMT_LINE]);
		ok = exec_ok(s, s != NULL && db_bind_int(s, 0, id) == 0 &&
		    db_bind_int(s, 1, i + 1) == 0 &&
		    db_bind_int(s, 2, l[i].p.id) == 0 &&
		    db_bind_text(s, 3, l[i].p.code) == 0 &&
		    db_bind_int(s, 4, l[i].quantity) == 0 &&
		    db_bind_text(s, 5, l[i].options) == 0 &&
		    db_bind_int(s, 6, l[i].price.unit) == 0 &&
		    db_bind_int(s, 7, l[i].price.discount) == 0 &&
		    db_bind_int(s, 8, l[i].price.total) == 0 &&
		    db_bind_int(s, 9, l[i].price.promo_id) == 0);
		db_stmt_release(s);
	}
	snprintf(payload, sizeof(payload), "{\"number\":\"%s\",\"dealer\":"
	    "%lld,\"total\":%lld}", number, (long long)dealer,
	    (long long)total);
	if (ok && (s = db_prepare(db, stmts[STMT_EVENT])) != NULL) {
		ok = exec_ok(s, db_bind_int(s, 0, id) == 0 &&
		    db_bind_int(s, 1, r->who.user_id) == 0);
		db_stmt_release(s);
	}
	if (ok && (s = db_prepare(db, stmts[STMT_FEED])) != NULL) {
		ok = exec_ok(s, db_bind_text(s, 0, number) == 0 &&
		    db_bind_int(s, 1, dealer) == 0 &&
		    db_bind_text(s, 2, payload) == 0);
		db_stmt_release(s);
	}
	if (ok && (s = db_prepare(db, stmts[STMT_SETTLE])) != NULL) {
		ok = exec_ok(s, db_bind_int(s, 0, id) == 0 &&
		    db_bind_int(s, 1, dealer) == 0 &&
		    db_bind_text(s, 2, key) == 0) && db_affected(s) == 1;
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}

/* The key was claimed before: the same body gets its order, else 409. */
static int
replay(struct req *r, struct db *db, int64_t dealer, const char *key,
    const char *hash)
{
	struct db_stmt	*s;
	struct scope	 sc;
	cJSON		*j;
	int64_t		 id;
	int		 same, found;

	if ((s = db_prepare(db, stmts[STMT_CLAIMED])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, key) == -1 ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return 500;
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

int
orders_submit_post(struct req *r)
{
	const char	*key = http_env(r, "HTTP_IDEMPOTENCY_KEY"), *s;
	struct line	*l = NULL;
	struct scope	 sc;
	struct db_stmt	*st;
	struct db	*db;
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 hash[65], number[32] = "", today[11];
	cJSON		*lines, *j;
	int64_t		 dealer = 0;
	int		 n, i, st_code = 500, found, rc;

	if (!key_ok(key))
		http_field_error(r, "Idempotency-Key", "required: 1 to 100 of "
		    "A-Z a-z 0-9 - _ . :");
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	lines = cJSON_GetObjectItemCaseSensitive(r->json, "lines");
	n = cJSON_IsArray(lines) ? cJSON_GetArraySize(lines) : 0;
	if (n < 1 || n > ORDER_LINES_MAX)
		http_field_error(r, "lines", "1 to 100 lines");
	china_today(today, sizeof(today));
	if (json_get_string(r->json, "requested_date", 10, &s) != 0 ||
	    !util_date_ok(s) || strcmp(s, today) < 0)
		http_field_error(r, "requested_date", "YYYY-MM-DD, today or "
		    "later");
	if (json_get_string(r->json, "ship_to", 300, &s) != 0 || *s == '\0')
		http_field_error(r, "ship_to", "1 to 300 characters");
	if (json_get_string(r->json, "note", 1000, &s) == -1)
		http_field_error(r, "note", "at most 1000 characters");
	if (order_dealer(r, &dealer) == -1)
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
	scope_read(&r->who, &sc);
	/* every line is checked too, so one answer names every problem */
	if (n > ORDER_LINES_MAX)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if (n > 0 && (l = calloc((size_t)n, sizeof(*l))) == NULL)
		return 500;
	if (n > 0 && price_lines(r, db, dealer, l, n) == -1)
		goto out;
	if (r->err_fields != NULL) {
		st_code = http_error(r, 422, "validation_failed",
		    "check the lines");
		goto out;
	}
	crypto_hash_sha256(h, (const unsigned char *)r->body, r->body_len);
	util_hex(hash, h, sizeof(h));
	if (db_begin(db) == -1)
		goto out;
	st = db_prepare(db, stmts[STMT_CLAIM]);
	rc = st != NULL && db_bind_int(st, 0, dealer) == 0 &&
	    db_bind_text(st, 1, key) == 0 && db_bind_text(st, 2, hash) == 0 ?
	    db_exec(st) : -1;
	db_stmt_release(st);
	if (rc == -1) {
		db_rollback(db);
		if (db_errno(db) == 1062)	/* claimed and committed before */
			st_code = replay(r, db, dealer, key, hash);
		goto out;
	}
	if (store(r, db, dealer, l, n, key, number, sizeof(number)) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
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
orders_get_one(struct req *r)
{
	struct scope	 sc;
	struct db	*db;
	cJSON		*j;
	int		 found;

	if ((db = http_db(r)) == NULL)
		return 503;
	scope_read(&r->who, &sc);
	if ((j = orders_load(db, http_param(r, "number"), 0, &sc, r->lang,
	    &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such order");
	return http_json(r, 200, j);
}

/* GET /api/v1/orders?status=&after=&limit= (newest first) */
int
orders_list_get(struct req *r)
{
	struct http_paging	 pg;
	struct scope		 sc;
	struct db		*db;
	const char		*status = http_query(r, "status");
	cJSON			*j, *items;

	http_paging(r, &pg);
	if (status != NULL && strlen(status) > 16)
		http_field_error(r, "status", "an order status");
	if (r->err_fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	if ((db = http_db(r)) == NULL)
		return 503;
	scope_read(&r->who, &sc);
	j = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(j, "items");
	if (orders_list(db, &sc, status != NULL ? status : "",
	    pg.after > 0 ? pg.after : INT64_MAX, pg.limit, r->lang, items,
	    &pg.last, &pg.more) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	http_paging_cursor(j, &pg);
	return http_json(r, 200, j);
}
