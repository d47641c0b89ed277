/*
 * ledger_http.c: a dealer's account
 *   GET  /api/v1/dealers/{id}/ledger?kind=&period=&after=&limit=
 *   POST /api/v1/dealers/{id}/ledger {"kind","amount","reference","memo"}
 *   POST /api/v1/ledger/{id}/reverse {"memo"}
 * Entries are never changed: a correction is a reversing entry linked to
 * the one it reverses (once).  A posting is idempotent by its reference:
 * the same reference and amount answer the entry posted (200), another
 * amount 409.  A posting lands in this month, or after the last month
 * closed (ledger_hold()).  The dealer reads its own account, region staff their
 * dealers', HQ all; finance clerks of the dealer's region or HQ and the
 * ERP post.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

#define ENTRY_COLS \
	"id, kind, amount, DATE_FORMAT(posted_on, '%Y-%m-%d'), period, " \
	"reference, memo, reverses_id, dealer_id"
/* dealer ?, then the filters, the cursor and the limit */
#define LIST(filter) \
	"SELECT " ENTRY_COLS " FROM ledger_entries WHERE dealer_id = ? " \
	filter " AND id < ? ORDER BY id DESC LIMIT ?"

enum list { L_ALL, L_KIND, L_PERIOD, L__MAX };

static const char *const list_sql[L__MAX] = {
	LIST(""),
	LIST("AND kind = ? AND (? = '' OR period = ?)"),
	LIST("AND period = ?"),
};

enum stmt { STMT_BALANCE, STMT_FIND, STMT_INSERT, STMT_ONE, STMT_FEED,
	STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE "
	"dealer_id = ?",
	"SELECT " ENTRY_COLS " FROM ledger_entries WHERE dealer_id = ? AND "
	"kind = ? AND reference = ?",
	"INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, "
	"period, reference, memo, actor_user_id, reverses_id) VALUES (?, ?, ?, "
	"DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), " LEDGER_PERIOD_SQL ", ?, ?, "
	"?, NULLIF(?, 0))",
	"SELECT " ENTRY_COLS " FROM ledger_entries WHERE id = ?",
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('ledger.posted', 'ledger_entry', ?, ?, ?)",
};

static cJSON *
entry_json(struct db_stmt *s, void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	(void)ctx;
	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "kind", db_col_text(s, 1, NULL));
	cJSON_AddNumberToObject(j, "amount", (double)db_col_int(s, 2));
	cJSON_AddStringToObject(j, "posted_on", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(j, "period", db_col_text(s, 4, NULL));
	cJSON_AddStringToObject(j, "reference", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(j, "memo", db_col_text(s, 6, NULL));
	if (db_col_null(s, 7))
		cJSON_AddNullToObject(j, "reverses");
	else
		cJSON_AddNumberToObject(j, "reverses", (double)db_col_int(s, 7));
	return j;
}

/*
 * The dealer of the path, if the caller's scope (read or write) reaches
 * it: 0, else the status to answer (404 outside it).
 */
int
ledger_dealer(struct req *r, struct db *db, int write, int64_t *dealer)
{
	struct scope	 sc;
	int		 rc;

	*dealer = http_param_id(r, "id");
	if (write)
		scope_write(&r->who, &sc);
	else
		scope_read(&r->who, &sc);
	if ((rc = scope_dealer_reach(db, &sc, *dealer)) == -1)
		return 500;
	return rc == 1 ? 0 : http_error(r, 404, "not_found", "no such dealer");
}

int
ledger_list_get(struct req *r)
{
	const char	*kind = http_query(r, "kind"), *period = http_query(r,
	    "period");
	struct http_paging pg;
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 dealer, balance = 0;
	enum list	 l;
	cJSON		*j;
	int		 st, i = 0;

	if (kind != NULL && *kind == '\0')
		kind = NULL;
	if (period != NULL && *period == '\0')
		period = NULL;
	if (kind != NULL && strcmp(kind, "invoice") != 0 &&
	    !ledger_kind_ok(kind, 1) && !ledger_kind_ok(kind, -1))
		http_field_error(r, "kind", "invoice, payment, credit_note, "
		    "rebate, fee or adjustment");
	if (period != NULL && !util_month_ok(period))
		http_field_error(r, "period", "YYYY-MM");
	if ((st = http_list_begin(r, &pg, &db)) != 0 ||
	    (st = ledger_dealer(r, db, 0, &dealer)) != 0)
		return st;
	if ((s = db_prepare(db, stmts[STMT_BALANCE])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return 500;
	}
	balance = db_col_int(s, 0);
	db_stmt_release(s);
	l = kind != NULL ? L_KIND : period != NULL ? L_PERIOD : L_ALL;
	if ((s = db_prepare(db, list_sql[l])) == NULL)
		return 500;
	db_bind_int(s, i++, dealer);
	if (l == L_KIND) {
		db_bind_text(s, i++, kind);
		db_bind_text(s, i++, period != NULL ? period : "");
		db_bind_text(s, i++, period != NULL ? period : "");
	} else if (l == L_PERIOD)
		db_bind_text(s, i++, period);
	db_bind_int(s, i++, pg.after > 0 ? pg.after : INT64_MAX);
	db_bind_int(s, i, pg.limit + 1);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "dealer", (double)dealer);
	cJSON_AddNumberToObject(j, "balance", (double)balance);
	if (http_keyset_items(s, pg.limit, j, entry_json, NULL,
	    http_cursor_id) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

/* The entry by dealer, kind and reference into *j (NULL: none). */
static int
find(struct db *db, int64_t dealer, const char *kind, const char *ref,
    cJSON **j, int64_t *amount)
{
	struct db_stmt	*s;
	int		 rc;

	*j = NULL;
	if ((s = db_prepare(db, stmts[STMT_FIND])) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_bind_text(s, 1, kind) == -1 ||
	    db_bind_text(s, 2, ref) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		*j = entry_json(s, NULL);
		*amount = db_col_int(s, 2);
	}
	db_stmt_release(s);
	return 0;
}

/* A replay of a posting: 0 none, else the status answered. */
static int
replay(struct req *r, struct db *db, int64_t dealer, const char *kind,
    const char *ref, int64_t amount)
{
	int64_t	 had = 0;
	cJSON	*j;

	if (find(db, dealer, kind, ref, &j, &had) == -1)
		return 500;
	if (j == NULL)
		return 0;
	if (had != amount) {
		cJSON_Delete(j);
		return http_error(r, 409, "idempotency_conflict", "this "
		    "reference was posted with another amount");
	}
	return http_json(r, 200, j);
}

/*
 * Post one entry by actor and its feed event, in the caller's transaction
 * (holding the posting lock): 0, or -1.  reverses: the entry it undoes, 0.
 */
int
ledger_insert(struct db *db, int64_t actor, int64_t dealer, const char *kind,
    int64_t amount, const char *ref, const char *memo, int64_t reverses,
    int64_t *id)
{
	struct db_stmt	*s;
	char		 payload[200];
	int		 ok;

	if (ledger_hold(db) == -1)
		return -1;
	s = db_prepare(db, stmts[STMT_INSERT]);
	ok = s != NULL && db_bind_int(s, 0, dealer) == 0 &&
	    db_bind_text(s, 1, kind) == 0 && db_bind_int(s, 2, amount) == 0 &&
	    db_bind_text(s, 3, ref) == 0 && db_bind_text(s, 4, memo) == 0 &&
	    db_bind_int(s, 5, actor) == 0 &&
	    db_bind_int(s, 6, reverses) == 0 && db_exec(s) == 0;
	*id = ok ? (int64_t)db_insert_id(s) : 0;
	db_stmt_release(s);
	snprintf(payload, sizeof(payload), "{\"id\":%lld,\"kind\":\"%s\","
	    "\"amount\":%lld}", (long long)*id, kind, (long long)amount);
	if (ok) {
		s = db_prepare(db, stmts[STMT_FEED]);
		ok = s != NULL && db_bind_text(s, 0, ref) == 0 &&
		    db_bind_int(s, 1, dealer) == 0 &&
		    db_bind_text(s, 2, payload) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}

/* The entry by id as JSON, or NULL; its dealer and amount (fen). */
static cJSON *
one(struct db *db, int64_t id, int64_t *dealer, int64_t *amount)
{
	struct db_stmt	*s;
	cJSON		*j = NULL;

	if ((s = db_prepare(db, stmts[STMT_ONE])) == NULL ||
	    db_bind_int(s, 0, id) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	if (db_step(s) == DB_ROW) {
		j = entry_json(s, NULL);
		*dealer = db_col_int(s, 8);
		*amount = db_col_int(s, 2);
	}
	db_stmt_release(s);
	return j;
}

/* POST /api/v1/dealers/{id}/ledger */
int
ledger_post(struct req *r)
{
	const char	*kind = NULL, *ref = NULL, *memo = "";
	struct db	*db;
	int64_t		 dealer, amount = 0, id, d;
	cJSON		*j;
	int		 st;

	if (!(r->who.roles & LEDGER_POSTERS))
		return http_error(r, 403, "forbidden", "finance clerks and "
		    "the ERP post to the ledger");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "kind", 16, &kind) != 0)
		http_field_error(r, "kind", "payment, credit_note, rebate, fee "
		    "or adjustment");
	if (json_get_int(r->json, "amount", -LEDGER_MAX, LEDGER_MAX,
	    &amount) != 0)
		http_field_error(r, "amount", "required: fen, signed (positive: "
		    "the dealer owes more)");
	else if (kind != NULL && !ledger_kind_ok(kind, amount)) {
		if (!ledger_kind_ok(kind, 1) && !ledger_kind_ok(kind, -1))
			http_field_error(r, "kind", strcmp(kind, "invoice") ==
			    0 ? "invoices are posted by shipping an order" :
			    "payment, credit_note, rebate, fee or adjustment");
		else
			http_field_error(r, "amount", "not 0; fees are "
			    "positive, payments, credit notes and rebates "
			    "negative");
	}
	if (json_get_string(r->json, "reference", 64, &ref) != 0 ||
	    util_blank(ref))
		http_field_error(r, "reference", "required: 1 to 64 characters "
		    "(a bank reference, a document number)");
	else if (strncasecmp(ref, "REV-", 4) == 0 ||
	    strncasecmp(ref, "DSP-", 4) == 0)
		http_field_error(r, "reference", "REV- and DSP- are the "
		    "portal's own (reversals, settled disputes)");
	if (json_get_string(r->json, "memo", 500, &memo) == -1)
		http_field_error(r, "memo", "at most 500 characters");
	if (memo == NULL)
		memo = "";
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_dealer(r, db, 1, &dealer)) != 0 ||
	    (st = replay(r, db, dealer, kind, ref, amount)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	if (ledger_insert(db, r->who.user_id, dealer, kind, amount, ref, memo,
	    0, &id) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		/* the same reference, committed meanwhile by a retry */
		if (db_is_duplicate(db) && (st = replay(r, db, dealer, kind,
		    ref, amount)) != 0)
			return st;
		return 500;
	}
	if ((j = one(db, id, &d, &amount)) == NULL)
		return 500;
	return http_json(r, 201, j);
}

/*
 * POST /api/v1/ledger/{id}/reverse {"memo"}: the entry undone, once; a
 * matched payment or invoice lets go of its allocations (ledger_match_db.c)
 */
int
ledger_reverse_post(struct req *r)
{
	const char	*memo = "";
	struct scope	 sc;
	struct db	*db;
	int64_t		 id = http_param_id(r, "id"), dealer = 0, rid, d;
	int64_t		 amount = 0;
	const char	*kind;
	char		 ref[40];
	cJSON		*orig, *j;
	int		 rc;

	/* a correction is a person's decision, not the ERP's */
	if (!(r->who.roles & ROLE_FINANCE_CLERK))
		return http_error(r, 403, "forbidden", "a finance clerk "
		    "reverses an entry");
	if (r->json != NULL && (!cJSON_IsObject(r->json) ||
	    json_get_string(r->json, "memo", 500, &memo) == -1))
		http_field_error(r, "memo", "at most 500 characters");
	if (memo == NULL)
		memo = "";
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	scope_write(&r->who, &sc);
	if ((orig = one(db, id, &dealer, &amount)) == NULL ||
	    (rc = scope_dealer_reach(db, &sc, dealer)) != 1) {
		cJSON_Delete(orig);
		return orig != NULL && rc == -1 ? 500 : http_error(r, 404,
		    "not_found", "no such entry");
	}
	if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(orig, "reverses"))) {
		cJSON_Delete(orig);
		return http_error(r, 409, "illegal_transition", "a reversal "
		    "is not reversed; post a new entry");
	}
	snprintf(ref, sizeof(ref), "REV-%lld", (long long)id);
	kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(orig,
	    "kind"));
	/* the column's integer, not the JSON's double */
	amount = -amount;
	/* a matched invoice or payment lets go of what it was matched to */
	rc = db_begin(db) == 0 && ledger_insert(db, r->who.user_id, dealer,
	    kind, amount, ref, memo, id, &rid) == 0 &&
	    ledger_release(db, id, rid) == 0 && db_commit(db) == 0;
	cJSON_Delete(orig);
	if (!rc) {
		db_rollback(db);
		return db_is_duplicate(db) ? http_error(r, 409,
		    "illegal_transition", "reversed already") : 500;
	}
	if ((j = one(db, rid, &d, &amount)) == NULL)
		return 500;
	return http_json(r, 201, j);
}
