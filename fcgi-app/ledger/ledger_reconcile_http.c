/*
 * ledger_reconcile_http.c: reconciling a closed month's statement (DESIGN §4)
 *   POST /api/v1/dealers/{id}/statements/{yyyy-mm}/confirm {"version"}
 *   POST .../dispute {"lines":[entry ids],"reason","version"}
 *					the dealer's own finance users
 *   POST .../resolve {"outcome":"adjust"|"reject","amount","reason"}
 *					finance clerks of its region or HQ
 * An open statement is confirmed or disputed; a dispute names lines of
 * the statement and opens a billing complaint (its 24-hour clock runs);
 * a clerk settles it with an adjustment, posted in the next open month,
 * or rejects it with a reason, and that resolves the complaint.  Each
 * locks the statement, moves it conditionally on its version and status,
 * and writes all it touches in one transaction; a retry of the same
 * request answers what it did (200), another is 409.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../complaints/complaints_dispute.h"
#include "../core/buf.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "ledger.h"

enum stmt { STMT_LOCK, STMT_DISPUTE, STMT_CONFIRM, STMT_MOVE,
	STMT_NEW_DISPUTE, STMT_LINE, STMT_SETTLE, STMT_FEED, STMT_TALLY_OUT,
	STMT_TALLY_IN, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT id, status, version, region_id FROM statements WHERE "
	"dealer_id = ? AND period = ? FOR UPDATE",
	"SELECT sd.id, sd.complaint_id, sd.request_hash, "
	"COALESCE(sd.outcome, ''), COALESCE(e.amount, 0) FROM "
	"statement_disputes sd LEFT JOIN ledger_entries e ON e.id = "
	"sd.adjustment_id WHERE sd.statement_id = ? FOR UPDATE",
	"UPDATE statements SET status = 'confirmed', confirmed_by = ?, "
	"confirmed_at = UTC_TIMESTAMP(6), version = version + 1 WHERE id = ? "
	"AND version = ? AND status = 'open'",
	"UPDATE statements SET status = ?, version = version + 1 WHERE id = ? "
	"AND version = ? AND status = ?",
	"INSERT INTO statement_disputes (statement_id, complaint_id, reason, "
	"request_hash, filed_by) VALUES (?, ?, ?, ?, ?)",
	"INSERT INTO statement_dispute_lines (dispute_id, entry_id) SELECT ?, "
	"id FROM ledger_entries WHERE id = ? AND dealer_id = ? AND period = ?",
	"UPDATE statement_disputes SET outcome = ?, resolution = ?, "
	"adjustment_id = NULLIF(?, 0), resolved_by = ?, resolved_at = "
	"UTC_TIMESTAMP(6) WHERE id = ? AND outcome IS NULL",
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'statement', ?, ?, ?)",
	"UPDATE statement_tally SET n = n - 1 WHERE period = ? AND "
	"region_id = ? AND status = ?",
	"INSERT INTO statement_tally (period, region_id, status, n) VALUES "
	"(?, ?, ?, 1) ON DUPLICATE KEY UPDATE n = n + 1",
};

/* The statement locked, and its dispute if it has one. */
struct locked {
	int64_t	 id, version, dealer, region;
	char	 status[16], period[8];
	int64_t	 dispute, complaint, adjusted;	/* 0: none */
	char	 hash[65], outcome[16];
};

/* Run one of stmts with int and text arguments ("i" or "t" each). */
#define run(db, which, ...) db_execv(db, stmts[which], NULL, __VA_ARGS__)

/*
 * In a transaction begun here (after the posting lock if hold), lock the
 * path's statement, which the caller's scope (write: to change it as
 * staff) must reach, and read its dispute.  0 to go on, else the status
 * answered (the transaction rolled back).
 */
static int
begin(struct req *r, int write, int hold, struct locked *st)
{
	struct db_stmt	*s;
	struct db	*db;
	int		 rc;

	memset(st, 0, sizeof(*st));
	snprintf(st->period, sizeof(st->period), "%s", http_param(r,
	    "period"));
	if (!util_month_ok(http_param(r, "period")))
		return http_error(r, 404, "not_found", "no such statement");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = ledger_dealer(r, db, write, &st->dealer)) != 0)
		return rc;
	if (db_begin(db) == -1)
		return 503;
	if (hold && ledger_hold(db) == -1)
		goto fail;
	if ((s = db_prepare(db, stmts[STMT_LOCK])) == NULL ||
	    db_bind_int(s, 0, st->dealer) == -1 ||
	    db_bind_text(s, 1, st->period) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		goto fail;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		db_rollback(db);
		return http_error(r, 404, "not_found", "no statement: the "
		    "month is not closed");
	}
	st->id = db_col_int(s, 0);
	snprintf(st->status, sizeof(st->status), "%s", db_col_text(s, 1, NULL));
	st->version = db_col_int(s, 2);
	st->region = db_col_int(s, 3);
	db_stmt_release(s);
	if ((s = db_prepare(db, stmts[STMT_DISPUTE])) == NULL ||
	    db_bind_int(s, 0, st->id) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		goto fail;
	}
	if (rc == DB_ROW) {
		st->dispute = db_col_int(s, 0);
		st->complaint = db_col_int(s, 1);
		snprintf(st->hash, sizeof(st->hash), "%s", db_col_text(s, 2,
		    NULL));
		snprintf(st->outcome, sizeof(st->outcome), "%s",
		    db_col_text(s, 3, NULL));
		st->adjusted = db_col_int(s, 4);
	}
	db_stmt_release(s);
	return 0;
fail:
	db_rollback(db);
	return 500;
}

/* Answer the statement as it now is. */
static int
answer(struct req *r, int status, int64_t dealer, const char *period)
{
	cJSON	*j;

	if (ledger_statement_load(http_db(r), dealer, period, r->lang, &j) != 0)
		return 500;
	return http_json(r, status, j);
}

/* Refuse in the transaction: roll back, answer. */
static int
refuse(struct req *r, int status, const char *code, const char *msg)
{
	db_rollback(http_db(r));
	return http_error(r, status, code, "%s", msg);
}

/* The move was refused by the statement's state: why, in words. */
static int
illegal(struct req *r, const struct locked *st)
{
	char	 msg[80];

	snprintf(msg, sizeof(msg), "the statement is %s", st->status);
	return refuse(r, 409, "illegal_transition", msg);
}

/* Commit, or roll back and say why (a race lost is 409). */
static int
finish(struct req *r, int ok, int status, const struct locked *st)
{
	struct db	*db = http_db(r);

	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return db_is_conflict(db) || db_is_duplicate(db) ?
		    http_error(r, 409, "conflict",
		    "the statement changed meanwhile; reload") : 500;
	}
	return answer(r, status, st->dealer, st->period);
}

static int
feed(struct db *db, const char *type, const struct locked *st)
{
	char	 ref[32], payload[96];

	snprintf(ref, sizeof(ref), "%lld/%s", (long long)st->dealer,
	    st->period);
	snprintf(payload, sizeof(payload), "{\"dealer\":%lld,\"period\":"
	    "\"%s\"}", (long long)st->dealer, st->period);
	return run(db, STMT_FEED, "ttit", type, ref, st->dealer, payload) ==
	    1 ? 0 : -1;
}

/*
 * The locked statement moved from its status to to (changed: the rows the
 * conditional move changed, 1 when it did): the tally follows, and the
 * feed hears of it.  1 if all was written, else 0.
 */
static int
moved(struct db *db, const struct locked *st, int changed, const char *to)
{
	char	 type[32];

	snprintf(type, sizeof(type), "statement.%s", to);
	return changed == 1 && run(db, STMT_TALLY_OUT, "tit", st->period,
	    st->region, st->status) == 1 && run(db, STMT_TALLY_IN, "tit",
	    st->period, st->region, to) >= 1 && feed(db, type, st) == 0;
}

/* The body's "reason": 1 to 1000 characters (of any script).  1 yes. */
static int
reason_ok(const cJSON *body, const char **reason)
{
	return json_get_string(body, "reason", 4000, reason) == 0 &&
	    !util_blank(*reason) && util_utf8_chars(*reason) <= 1000;
}

/* Only the dealer's own finance users confirm or dispute: 0, or 403. */
static int
dealer_side(struct req *r)
{
	if (r->who.kind == ORG_DEALER && (r->who.roles & ROLE_DEALER_FINANCE))
		return 0;
	return http_error(r, 403, "forbidden", "the dealer's finance users "
	    "reconcile its statements");
}

/* The optional "version" of the body, -1 if none: 0, or a field error. */
static void
version_of(struct req *r, int64_t *version)
{
	*version = -1;
	if (r->json != NULL && !cJSON_IsObject(r->json))
		http_field_error(r, "body", "a JSON object");
	else if (r->json != NULL && json_get_int(r->json, "version", 1,
	    INT32_MAX, version) == -1)
		http_field_error(r, "version", "the version you read");
}

static int
stale(const struct locked *st, int64_t version)
{
	return version >= 0 && version != st->version;
}

/* POST .../confirm: the dealer agrees with the statement */
int
ledger_confirm_post(struct req *r)
{
	struct locked	 st;
	int64_t		 version;
	int		 rc;

	if ((rc = dealer_side(r)) != 0)
		return rc;
	version_of(r, &version);
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((rc = begin(r, 0, 0, &st)) != 0)
		return rc;
	if (strcmp(st.status, "confirmed") == 0) {	/* a retry */
		db_rollback(http_db(r));
		return answer(r, 200, st.dealer, st.period);
	}
	if (stale(&st, version))
		return refuse(r, 409, "conflict", "the statement changed "
		    "meanwhile; reload");
	if (ledger_reconcile(st.status, "confirm") == NULL)
		return illegal(r, &st);
	return finish(r, moved(http_db(r), &st, run(http_db(r), STMT_CONFIRM,
	    "iii", r->who.user_id, st.id, st.version), "confirmed"), 200, &st);
}

/* The dispute's request in one canonical text, hashed: lines and reason. */
static void
dispute_hash(const int64_t *ids, int n, const char *reason, char *hex)
{
	crypto_hash_sha256_state h;
	unsigned char	 out[crypto_hash_sha256_BYTES];
	char		 num[24];
	int		 i;

	crypto_hash_sha256_init(&h);
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%lld,", (long long)ids[i]);
		crypto_hash_sha256_update(&h, (const unsigned char *)num,
		    strlen(num));
	}
	crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&h, (const unsigned char *)reason,
	    strlen(reason));
	crypto_hash_sha256_final(&h, out);
	util_hex(hex, out, sizeof(out));
}

/* The billing complaint of a dispute, filed by the caller: its id, or -1. */
static int64_t
complaint(struct req *r, const struct locked *st, const int64_t *ids, int n,
    const char *reason, const char *hash)
{
	const char	*f[4];
	char		 subject[120], key[40], number[32], num[24];
	struct buf	 d;
	int64_t		 id;
	int		 i;

	snprintf(subject, sizeof(subject), "%s %s", http_i18n(r,
	    "statement_dispute_subject"), st->period);
	buf_init(&d);
	buf_add(&d, reason, strlen(reason));
	buf_add(&d, "\n\n", 2);
	buf_add(&d, http_i18n(r, "statement_dispute_lines"),
	    strlen(http_i18n(r, "statement_dispute_lines")));
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "%s#%lld", i ? ", " : " ",
		    (long long)ids[i]);
		buf_add(&d, num, strlen(num));
	}
	f[0] = "billing";
	f[1] = "normal";
	f[2] = subject;
	f[3] = buf_cstr(&d);
	/* a key no client can send ("/" is not allowed in one) */
	snprintf(key, sizeof(key), "statement/%lld", (long long)st->id);
	id = complaints_store(http_db(r), &r->who, f, 0, key, hash, number,
	    sizeof(number));
	buf_free(&d);
	return id;
}

/* POST .../dispute {"lines","reason","version"}: lines the dealer contests */
int
ledger_dispute_post(struct req *r)
{
	int64_t		 ids[LEDGER_DISPUTE_LINES], version, cid;
	uint64_t	 did;
	const char	*reason = NULL;
	struct locked	 st;
	struct db	*db;
	char		 hash[65], msg[80];
	int		 n = -1, i, rc;

	if ((rc = dealer_side(r)) != 0)
		return rc;
	version_of(r, &version);
	if (r->json == NULL || !cJSON_IsObject(r->json) || (n =
	    ledger_lines_parse(cJSON_GetObjectItemCaseSensitive(r->json,
	    "lines"), ids, LEDGER_DISPUTE_LINES)) < 1)
		http_field_error(r, "lines", "required: 1 to 100 entry ids of "
		    "the statement, each once");
	if (r->json == NULL || !reason_ok(r->json, &reason))
		http_field_error(r, "reason", "required: 1 to 1000 characters");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	dispute_hash(ids, n, reason, hash);
	if ((rc = begin(r, 0, 0, &st)) != 0)
		return rc;
	db = http_db(r);
	if (st.dispute != 0 && strcmp(st.hash, hash) == 0) {	/* a retry */
		db_rollback(db);
		return answer(r, 200, st.dealer, st.period);
	}
	if (stale(&st, version))
		return refuse(r, 409, "conflict", "the statement changed "
		    "meanwhile; reload");
	if (ledger_reconcile(st.status, "dispute") == NULL)
		return illegal(r, &st);
	if ((cid = complaint(r, &st, ids, n, reason, hash)) == -1 ||
	    db_execv(db, stmts[STMT_NEW_DISPUTE], &did, "iitti", st.id, cid,
	    reason, hash, r->who.user_id) != 1)
		return finish(r, 0, 0, &st);
	for (i = 0; i < n; i++) {
		if ((rc = run(db, STMT_LINE, "iiit", (int64_t)did, ids[i],
		    st.dealer, st.period)) == 1)
			continue;
		if (rc == -1)
			return finish(r, 0, 0, &st);
		db_rollback(db);
		snprintf(msg, sizeof(msg), "entry %lld is not on this "
		    "statement", (long long)ids[i]);
		http_field_error(r, "lines", msg);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	return finish(r, moved(db, &st, run(db, STMT_MOVE, "tiit", "disputed",
	    st.id, st.version, "open"), "disputed"), 201, &st);
}

/* POST .../resolve {"outcome","amount","reason"}: a clerk settles it */
int
ledger_settle_post(struct req *r)
{
	const char	*outcome = NULL, *reason = NULL;
	int64_t		 amount = 0, entry = 0;
	struct locked	 st;
	struct db	*db;
	char		 ref[32];
	int		 adjust = 0, rc;

	if (!(r->who.roles & ROLE_FINANCE_CLERK))
		return http_error(r, 403, "forbidden", "finance clerks settle "
		    "disputes");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "outcome", 8, &outcome) != 0 ||
	    (strcmp(outcome, "adjust") != 0 && strcmp(outcome, "reject") != 0))
		http_field_error(r, "outcome", "adjust or reject");
	else
		adjust = strcmp(outcome, "adjust") == 0;
	rc = json_get_int(r->json, "amount", -LEDGER_MAX, LEDGER_MAX, &amount);
	if (adjust && (rc != 0 || amount == 0))
		http_field_error(r, "amount", "required: fen, not 0 (positive: "
		    "the dealer owes more)");
	else if (!adjust && rc != 1)
		http_field_error(r, "amount", "only with an adjustment");
	if (!reason_ok(r->json, &reason))
		http_field_error(r, "reason", "required: 1 to 1000 characters");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	/* the posting lock first: the adjustment's month is read after it */
	if ((rc = begin(r, 1, adjust, &st)) != 0)
		return rc;
	db = http_db(r);
	if (strcmp(st.status, "resolved") == 0 && strcmp(st.outcome, adjust ?
	    "adjusted" : "rejected") == 0 && st.adjusted == amount) {
		db_rollback(db);				/* a retry */
		return answer(r, 200, st.dealer, st.period);
	}
	if (ledger_reconcile(st.status, "settle") == NULL)
		return illegal(r, &st);
	snprintf(ref, sizeof(ref), "DSP-%lld", (long long)st.dispute);
	if (adjust && ledger_insert(db, r->who.user_id, st.dealer,
	    "adjustment", amount, ref, reason, 0, &entry) == -1)
		return finish(r, 0, 0, &st);
	return finish(r, run(db, STMT_SETTLE, "ttiii", adjust ? "adjusted" :
	    "rejected", reason, entry, r->who.user_id, st.dispute) == 1 &&
	    complaints_settle(db, st.complaint, r->who.user_id, adjust ?
	    "dispute_adjusted" : "dispute_rejected", reason) == 0 &&
	    moved(db, &st, run(db, STMT_MOVE, "tiit", "resolved", st.id,
	    st.version, "disputed"), "resolved"), 200, &st);
}
