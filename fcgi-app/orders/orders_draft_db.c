/*
 * orders_draft_db.c: the order a user builds line by line before submitting
 *
 * One draft per user (draft_lines).  A line is checked against its
 * product's option schema whenever it is added or changed, and priced
 * whenever the draft is shown: the catalogue may change underneath, so
 * a line that no longer fits says why instead of a price.  Changes to
 * one user's draft are serialised on that user's row, which keeps the
 * 100-line bound exact.  Nothing here reaches another user's lines: every
 * statement is keyed by the caller's user id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../auth/auth.h"
#include "../catalogue/catalogue.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

#define DRAFT_LIST \
	"SELECT d.id, p.code, d.quantity, d.options FROM draft_lines d " \
	"JOIN products p ON p.id = d.product_id WHERE d.user_id = ? " \
	"ORDER BY d.id LIMIT 101"

static const char sql_lock[] =
	"SELECT id FROM users WHERE id = ? FOR UPDATE";
static const char sql_count[] =
	"SELECT COUNT(*) FROM draft_lines WHERE user_id = ?";
static const char sql_list[] =
	DRAFT_LIST;
/* locked: the draft's lines alone, not the products every order line
 * checks (their foreign key), so no submission waits on a draft */
static const char sql_list_lock[] =
	"SELECT d.id, (SELECT p.code FROM products p WHERE p.id = "
	"d.product_id), d.quantity, d.options FROM draft_lines d "
	"WHERE d.user_id = ? ORDER BY d.id LIMIT 101 FOR UPDATE";
static const char sql_add[] =
	"INSERT INTO draft_lines (user_id, product_id, quantity, options) "
	"VALUES (?, ?, ?, ?)";
static const char sql_key[] =
	"INSERT INTO draft_keys (user_id, idem_key, request_hash) "
	"VALUES (?, ?, ?)";
static const char sql_key_hash[] =
	"SELECT request_hash FROM draft_keys WHERE user_id = ? AND "
	"idem_key = ?";

static void
field_error(void *ctx, const char *field, const char *msg)
{
	fault_field(ctx, field, msg);
}

/*
 * Check one line {product, quantity, options} against the catalogue;
 * problems are field errors in f under pfx.  On success *l holds what
 * to store (free with orders_draft_line_free).  0 valid, 1 not, -1 error.
 */
int
orders_draft_line_check(struct db *db, struct fault *f, const cJSON *it,
    const char *pfx, struct draft_line *l)
{
	struct product		 p;
	struct price_line	 pl;
	const cJSON		*opts;
	const char		*code;
	char			 fld[64];
	int			 rc;

	memset(l, 0, sizeof(*l));
	if (!cJSON_IsObject(it) || json_get_string(it, "product", 32,
	    &code) != 0) {
		snprintf(fld, sizeof(fld), "%s.product", pfx);
		fault_field(f, fld, "a model code");
		return 1;
	}
	if ((rc = catalogue_product(db, code, &p)) == -1)
		return -1;
	if (rc == 1 || !p.active) {
		if (rc == 0)
			catalogue_product_free(&p);
		snprintf(fld, sizeof(fld), "%s.product", pfx);
		fault_field(f, fld, "no such product");
		return 1;
	}
	if (json_get_int(it, "quantity", INT64_MIN / 2, INT64_MAX / 2,
	    &l->quantity) != 0)
		l->quantity = 0;
	opts = cJSON_GetObjectItemCaseSensitive(it, "options");
	rc = catalogue_price(db, &p, NULL, opts, l->quantity, pfx,
	    field_error, f, &pl, NULL);
	l->product_id = p.id;
	catalogue_product_free(&p);
	if (rc != 0)
		return rc;
	l->options = opts != NULL ? cJSON_PrintUnformatted(opts) :
	    strdup("{}");
	return l->options != NULL ? 0 : -1;
}

void
orders_draft_line_free(struct draft_line *l)
{
	cJSON_free(l->options);
	l->options = NULL;
}

/*
 * Hold user's draft in the caller's transaction: every change to one
 * draft takes this lock first, so they queue instead of deadlocking.
 */
int
orders_draft_hold(struct db *db, int64_t user)
{
	struct db_stmt	*s;
	int		 ok;

	ok = (s = db_prepare(db, sql_lock)) != NULL &&
	    db_bind_int(s, 0, user) == 0 && db_step(s) == DB_ROW;
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/*
 * Begin a transaction holding the caller's draft: *count gets how many
 * lines it has.  0, or -1 (rolled back).
 */
int
orders_draft_lock(struct db *db, int64_t user, int *count)
{
	struct db_stmt	*s = NULL;
	int		 ok;

	if (db_begin(db) == -1)
		return -1;
	ok = orders_draft_hold(db, user) == 0;
	ok = ok && (s = db_prepare(db, sql_count)) != NULL &&
	    db_bind_int(s, 0, user) == 0 && db_step(s) == DB_ROW;
	if (ok)
		*count = (int)db_col_int(s, 0);
	db_stmt_release(s);
	if (!ok)
		db_rollback(db);
	return ok ? 0 : -1;
}

/*
 * Claim idem's key for its request (the hash of its body) under user's
 * draft lock: 0 claimed, 2 claimed before by the same request, 3 by
 * another, -1 error.
 */
static int
claim(struct db *db, int64_t user, const struct orders_idem *idem)
{
	char		 hash[65];
	struct db_stmt	*s;
	int		 rc;

	util_sha256_hex(hash, idem->body, idem->len);
	/* the user's row is locked: a claimed key is committed already */
	if ((s = db_prepare(db, sql_key_hash)) == NULL ||
	    db_bind_int(s, 0, user) == -1 ||
	    db_bind_text(s, 1, idem->key) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		rc = strcmp(db_col_text(s, 0, NULL), hash) == 0 ? 2 : 3;
		db_stmt_release(s);
		return rc;
	}
	db_stmt_release(s);
	rc = (s = db_prepare(db, sql_key)) != NULL &&
	    db_bind_int(s, 0, user) == 0 &&
	    db_bind_text(s, 1, idem->key) == 0 &&
	    db_bind_text(s, 2, hash) == 0 && db_exec(s) == 0 ? 0 : -1;
	db_stmt_release(s);
	return rc;
}

/*
 * Add the lines of the array (items {product, quantity, options}) to
 * user's draft, all or none; field errors are named by pfx, or when nums
 * is set by pfx[nums[i]] (e.g. the CSV's line numbers).  With a key in
 * idem (may be NULL) the add is idempotent: the key is claimed with the
 * lines, and a retry adds nothing.  201 added, 200 added before under
 * this key, else the refusal (422 field errors, or any already in f;
 * 409 the key was used for another request).
 */
int
orders_draft_add(struct db *db, int64_t user, const cJSON *lines,
    const char *pfx0, const int *nums, const struct orders_idem *idem,
    struct fault *f)
{
	struct draft_line	*l;
	struct db_stmt		*s;
	const cJSON		*it;
	char			 pfx[32];
	int			 n, i = 0, st = 500, rc, count, ok;

	n = cJSON_GetArraySize(lines);
	if (n < 1 || n > ORDER_LINES_MAX) {
		fault_field(f, "lines", "1 to 100 lines at once");
		return fault_set(f, 422, "validation_failed", "check the "
		    "lines; nothing was added");
	}
	if ((l = calloc((size_t)n, sizeof(*l))) == NULL)
		return 500;
	cJSON_ArrayForEach(it, lines) {
		if (nums != NULL)
			snprintf(pfx, sizeof(pfx), "%s[%d]", pfx0, nums[i]);
		else
			snprintf(pfx, sizeof(pfx), "%s", pfx0);
		if (orders_draft_line_check(db, f, it, pfx, &l[i++]) == -1)
			goto out;
	}
	if (fault_fields(f)) {
		st = fault_set(f, 422, "validation_failed", "check the "
		    "lines; nothing was added");
		goto out;
	}
	if (orders_draft_lock(db, user, &count) == -1)
		goto out;
	if (idem != NULL && idem->key != NULL &&
	    (rc = claim(db, user, idem)) != 0) {
		db_rollback(db);
		st = rc == 2 ? 200 : rc == 3 ? fault_set(f, 409,
		    "idempotency_conflict", "this Idempotency-Key was used "
		    "for another request") : 500;
		goto out;
	}
	if (count + n > ORDER_LINES_MAX) {
		db_rollback(db);
		fault_field(f, "lines", "a draft holds at most 100 lines");
		st = fault_set(f, 422, "validation_failed", "check the "
		    "lines; nothing was added");
		goto out;
	}
	for (i = 0, ok = 1; ok && i < n; i++) {
		ok = (s = db_prepare(db, sql_add)) != NULL &&
		    db_bind_int(s, 0, user) == 0 &&
		    db_bind_int(s, 1, l[i].product_id) == 0 &&
		    db_bind_int(s, 2, l[i].quantity) == 0 &&
		    db_bind_text(s, 3, l[i].options) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	if (!ok || db_commit(db) == -1)
		db_rollback(db);
	else
		st = 201;
out:
	for (i = 0; i < n; i++)
		orders_draft_line_free(&l[i]);
	free(l);
	return st;
}

/* The first problem of a line that no longer prices, as one message. */
struct problem {
	char	 text[200];
};

static void
first_problem(void *ctx, const char *field, const char *msg)
{
	struct problem	*p = ctx;

	if (p->text[0] == '\0')
		snprintf(p->text, sizeof(p->text), "%s: %s", field, msg);
}

/* Price one stored line into j for buyer b (NULL: no one). */
static void
price_into(struct db *db, cJSON *j, const char *code, const struct buyer *b,
    const char *lang)
{
	struct product		 p;
	struct price_line	 pl;
	struct problem		 why = { "" };
	const cJSON		*opts;
	int			 rc;

	if ((rc = catalogue_product(db, code, &p)) != 0 || !p.active) {
		if (rc == 0)
			catalogue_product_free(&p);
		cJSON_AddStringToObject(j, "problem", "the product is no "
		    "longer sold");
		return;
	}
	cJSON_AddStringToObject(j, "name", strcmp(lang, "en") == 0 ?
	    p.name_en : p.name_zh);
	opts = cJSON_GetObjectItemCaseSensitive(j, "options");
	rc = catalogue_price(db, &p, b, opts, (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(j, "quantity")), "line",
	    first_problem, &why, &pl, NULL);
	catalogue_product_free(&p);
	if (rc != 0) {
		cJSON_AddStringToObject(j, "problem", why.text[0] != '\0' ?
		    why.text : "cannot be priced");
		return;
	}
	cJSON_AddNumberToObject(j, "unit_price", (double)pl.unit);
	cJSON_AddNumberToObject(j, "discount", (double)pl.discount);
	cJSON_AddNumberToObject(j, "line_total", (double)pl.total);
	cJSON_AddStringToObject(j, "price_source",
	    catalogue_pricing_source_name(pl.source));
	if (pl.contract_id != 0)
		cJSON_AddNumberToObject(j, "contract_id",
		    (double)pl.contract_id);
	else
		cJSON_AddNullToObject(j, "contract_id");
}

/*
 * user's draft: {"lines":[{"id","product","name","quantity",
 * "options","unit_price","discount","line_total","price_source",
 * "contract_id"} or {..., "problem"}], "total","ready"}, priced for
 * buyer b (NULL: no one) when priced is set, else
 * only the stored lines.  *upto gets the largest line id, and print (may
 * be NULL) a fingerprint of the lines as stored; lock reads them FOR
 * UPDATE in the caller's transaction.  NULL on error.
 */
cJSON *
orders_draft_load(struct db *db, int64_t user, const char *lang, int priced,
    const struct buyer *b, int64_t *upto, struct draft_print *print,
    int lock)
{
	crypto_hash_sha256_state hs;
	struct db_stmt	*s;
	cJSON		*j, *lines, *l, *o;
	const char	*opts;
	char		 num[48];
	int64_t		 total = 0;
	int		 rc, ready = 1, n = 0;

	*upto = 0;
	crypto_hash_sha256_init(&hs);
	if ((s = db_prepare(db, lock ? sql_list_lock : sql_list)) ==
	    NULL || db_bind_int(s, 0, user) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	j = cJSON_CreateObject();
	lines = cJSON_AddArrayToObject(j, "lines");
	while ((rc = db_step(s)) == DB_ROW) {
		l = cJSON_CreateObject();
		*upto = db_col_int(s, 0);
		cJSON_AddNumberToObject(l, "id", (double)*upto);
		cJSON_AddStringToObject(l, "product", db_col_text(s, 1, NULL));
		cJSON_AddNumberToObject(l, "quantity",
		    (double)db_col_int(s, 2));
		opts = db_col_text(s, 3, NULL);
		snprintf(num, sizeof(num), "%lld:%lld:", (long long)*upto,
		    (long long)db_col_int(s, 2));
		crypto_hash_sha256_update(&hs, (const unsigned char *)num,
		    strlen(num));
		crypto_hash_sha256_update(&hs, (const unsigned char *)opts,
		    strlen(opts) + 1);
		if ((o = cJSON_Parse(opts)) == NULL)
			o = cJSON_CreateObject();
		cJSON_AddItemToObject(l, "options", o);
		cJSON_AddItemToArray(lines, l);
		n++;
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(j);
		return NULL;
	}
	if (print != NULL)
		crypto_hash_sha256_final(&hs, print->sum);
	if (!priced)
		return j;
	cJSON_ArrayForEach(l, lines) {
		price_into(db, l, cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(l, "product")), b, lang);
		if (cJSON_HasObjectItem(l, "problem"))
			ready = 0;
		else
			total += (int64_t)cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(l, "line_total"));
	}
	cJSON_AddNumberToObject(j, "total", (double)total);
	cJSON_AddBoolToObject(j, "ready", ready && n > 0);
	return j;
}
