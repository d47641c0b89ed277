/*
 * ledger_reconcile_db.c: reconciling a closed month's statement (DESIGN §4),
 * below the JSON handlers (ledger_reconcile_http.c) and the statement's
 * page: the dealer's own finance users confirm or dispute it, finance
 * clerks of its region or HQ settle a dispute.
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
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "../views/views.h"
#include "ledger.h"

static const char sql_lock[] =
	"SELECT id, status, version, region_id FROM statements WHERE "
	"dealer_id = ? AND period = ? FOR UPDATE";
/* the dispute locked; its adjustment (a ledger entry) only read */
static const char sql_dispute[] =
	"SELECT sd.id, sd.complaint_id, sd.request_hash, "
	"COALESCE(sd.outcome, ''), COALESCE((SELECT e.amount FROM "
	"ledger_entries e WHERE e.id = sd.adjustment_id), 0) FROM "
	"statement_disputes sd WHERE sd.statement_id = ? FOR UPDATE";
static const char sql_confirm[] =
	"UPDATE statements SET status = 'confirmed', confirmed_by = ?, "
	"confirmed_at = UTC_TIMESTAMP(6), version = version + 1 WHERE id = ? "
	"AND version = ? AND status = 'open'";
static const char sql_move[] =
	"UPDATE statements SET status = ?, version = version + 1 WHERE id = ? "
	"AND version = ? AND status = ?";
static const char sql_new_dispute[] =
	"INSERT INTO statement_disputes (statement_id, complaint_id, reason, "
	"request_hash, filed_by) VALUES (?, ?, ?, ?, ?)";
static const char sql_line[] =
	"INSERT INTO statement_dispute_lines (dispute_id, entry_id) SELECT ?, "
	"id FROM ledger_entries WHERE id = ? AND dealer_id = ? AND period = ?";
static const char sql_settle[] =
	"UPDATE statement_disputes SET outcome = ?, resolution = ?, "
	"adjustment_id = NULLIF(?, 0), resolved_by = ?, resolved_at = "
	"UTC_TIMESTAMP(6) WHERE id = ? AND outcome IS NULL";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES (?, 'statement', ?, ?, ?)";
static const char sql_tally_out[] =
	"UPDATE statement_tally SET n = n - 1 WHERE period = ? AND "
	"region_id = ? AND status = ?";
static const char sql_tally_in[] =
	"INSERT INTO statement_tally (period, region_id, status, n) VALUES "
	"(?, ?, ?, 1) ON DUPLICATE KEY UPDATE n = n + 1";

/* The statement locked, and its dispute if it has one. */
struct locked {
	int64_t	 id, version, dealer, region;
	char	 status[16], period[8];
	int64_t	 dispute, complaint, adjusted;	/* 0: none */
	char	 hash[65], outcome[16];
};

/* One operation on a statement: who asks, in what language, the answer. */
struct op {
	struct db		*db;
	const struct principal	*who;
	const char		*lang;
	struct fault		*f;
	struct ledger_statement	*out;
	struct locked		 st;
};

/* Run a statement with int and text arguments ("i" or "t" each). */
#define run(db, sql, ...) db_execv(db, sql, NULL, __VA_ARGS__)

/*
 * In a transaction begun here (after the posting lock if hold), lock the
 * statement of dealer and month period, which the caller's scope (write:
 * to change it as staff) must reach, and read its dispute.  0 to go on,
 * else the status it stands for (the transaction rolled back).
 */
static int
begin(struct op *o, int64_t dealer, const char *period, int write, int hold)
{
	struct locked	*st = &o->st;
	struct db_stmt	*s;
	struct db	*db = o->db;
	int		 rc;

	memset(st, 0, sizeof(*st));
	st->dealer = dealer;
	if (period == NULL || !util_month_ok(period))
		return fault_set(o->f, 404, "not_found", "no such statement");
	snprintf(st->period, sizeof(st->period), "%s", period);
	if ((rc = ledger_reach(db, o->who, write, dealer, o->f)) != 0)
		return rc;
	if (db_begin(db) == -1)
		return 503;
	if (hold && ledger_hold(db) == -1)
		goto fail;
	if ((s = db_prepare(db, sql_lock)) == NULL ||
	    db_bind_int(s, 0, st->dealer) == -1 ||
	    db_bind_text(s, 1, st->period) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		goto fail;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		db_rollback(db);
		return fault_set(o->f, 404, "not_found", "no statement: the "
		    "month is not closed");
	}
	st->id = db_col_int(s, 0);
	snprintf(st->status, sizeof(st->status), "%s", db_col_text(s, 1, NULL));
	st->version = db_col_int(s, 2);
	st->region = db_col_int(s, 3);
	db_stmt_release(s);
	if ((s = db_prepare(db, sql_dispute)) == NULL ||
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

/* The statement as it now is, for status. */
static int
answer(struct op *o, int status)
{
	if (ledger_statement_load(o->db, o->st.dealer, o->st.period, o->lang,
	    o->out) != 0)
		return 500;
	return status;
}

/* A retry of what was done: roll back, answer the statement. */
static int
again(struct op *o)
{
	db_rollback(o->db);
	return answer(o, 200);
}

/* Refuse in the transaction: roll back, say why. */
static int
refuse(struct op *o, int status, const char *code, const char *msg)
{
	db_rollback(o->db);
	return fault_set(o->f, status, code, "%s", msg);
}

/* The move was refused by the statement's state: why, in words. */
static int
illegal(struct op *o)
{
	char	 msg[80];

	snprintf(msg, sizeof(msg), "the statement is %s", o->st.status);
	return refuse(o, 409, "illegal_transition", msg);
}

/* Commit, or roll back and say why (a race lost is 409). */
static int
finish(struct op *o, int ok, int status)
{
	struct db	*db = o->db;

	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return db_is_conflict(db) || db_is_duplicate(db) ?
		    fault_set(o->f, 409, "conflict",
		    "the statement changed meanwhile; reload") : 500;
	}
	return answer(o, status);
}

static int
feed(struct db *db, const char *type, const struct locked *st)
{
	char	 ref[32], payload[96];

	snprintf(ref, sizeof(ref), "%lld/%s", (long long)st->dealer,
	    st->period);
	snprintf(payload, sizeof(payload), "{\"dealer\":%lld,\"period\":"
	    "\"%s\"}", (long long)st->dealer, st->period);
	return run(db, sql_feed, "ttit", type, ref, st->dealer, payload) ==
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
	char	 type[32], ref[48];

	snprintf(type, sizeof(type), "statement.%s", to);
	snprintf(ref, sizeof(ref), "%lld/%s", (long long)st->dealer,
	    st->period);
	/* a settled dispute: the dealer's finance people hear of it */
	return changed == 1 && run(db, sql_tally_out, "tit", st->period,
	    st->region, st->status) == 1 && run(db, sql_tally_in, "tit",
	    st->period, st->region, to) >= 1 && feed(db, type, st) == 0 &&
	    (notify_kind_find(type) == NULL || notify_event(db, type,
	    "statement", ref, st->dealer, NULL) == 0);
}

/* A reason: 1 to 1000 characters (of any script).  1 yes. */
static int
reason_ok(const char *reason)
{
	return reason != NULL && strlen(reason) <= 4000 &&
	    !util_blank(reason) && util_utf8_chars(reason) <= 1000;
}

/* A refusal by role says nothing of the fields. */
static int
forbidden(struct fault *f, const char *msg)
{
	fault_clear(f);
	return fault_set(f, 403, "forbidden", "%s", msg);
}

/* Only the dealer's own finance users confirm or dispute: 0, or 403. */
static int
dealer_side(const struct principal *who, struct fault *f)
{
	if (who->kind == ORG_DEALER && (who->roles & ROLE_DEALER_FINANCE))
		return 0;
	return forbidden(f, "the dealer's finance users reconcile its "
	    "statements");
}

/* The version the caller read: -1 none, -2 not one (a field error). */
static void
version_check(int64_t version, struct fault *f)
{
	if (version != -1 && (version < 1 || version > INT32_MAX))
		fault_field(f, "version", "the version you read");
}

static int
stale(const struct locked *st, int64_t version)
{
	return version >= 0 && version != st->version;
}

/*
 * The dealer agrees with its statement of period, as read at version
 * (-1: whatever it is now): 200 and the statement.
 */
int
ledger_confirm(struct db *db, const struct principal *who, int64_t dealer,
    const char *period, int64_t version, const char *lang, struct fault *f,
    struct ledger_statement *out)
{
	struct op	 o = { .db = db, .who = who, .lang = lang, .f = f,
	    .out = out };
	int		 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = dealer_side(who, f)) != 0)
		return rc;
	version_check(version, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = begin(&o, dealer, period, 0, 0)) != 0)
		return rc;
	if (strcmp(o.st.status, "confirmed") == 0)	/* a retry */
		return again(&o);
	if (stale(&o.st, version))
		return refuse(&o, 409, "conflict", "the statement changed "
		    "meanwhile; reload");
	if (ledger_reconcile(o.st.status, "confirm") == NULL)
		return illegal(&o);
	return finish(&o, moved(db, &o.st, run(db, sql_confirm, "iii",
	    who->user_id, o.st.id, o.st.version), "confirmed"), 200);
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
complaint(struct op *o, const int64_t *ids, int n, const char *reason,
    const char *hash)
{
	const struct locked *st = &o->st;
	const char	*f[4], *lines;
	char		 subject[120], key[40], number[32], num[24];
	enum lang	 l = LANG_ZH;
	struct buf	 d;
	int64_t		 id;
	int		 i;

	/* in the words of the one who files it, as the rest of its text */
	views_lang_parse(o->lang, &l);
	snprintf(subject, sizeof(subject), "%s %s", views_text(l,
	    "statement_dispute_subject"), st->period);
	lines = views_text(l, "statement_dispute_lines");
	buf_init(&d);
	buf_add(&d, reason, strlen(reason));
	buf_add(&d, "\n\n", 2);
	buf_add(&d, lines, strlen(lines));
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
	id = complaints_store(o->db, o->who, f, 0, key, hash, number,
	    sizeof(number));
	buf_free(&d);
	return id;
}

/*
 * The dealer disputes lines of its statement of period (n ids, sorted,
 * from ledger_lines_parse(); n < 1: none or not ids) for reason: 201 and
 * the statement, with a billing complaint opened.  The same lines and
 * reason again answer 200.
 */
int
ledger_dispute(struct db *db, const struct principal *who, int64_t dealer,
    const char *period, const int64_t *ids, int n, const char *reason,
    int64_t version, const char *lang, struct fault *f,
    struct ledger_statement *out)
{
	struct op	 o = { .db = db, .who = who, .lang = lang, .f = f,
	    .out = out };
	int64_t		 cid;
	uint64_t	 did;
	char		 hash[65], msg[80];
	int		 i, rc;

	memset(out, 0, sizeof(*out));
	if ((rc = dealer_side(who, f)) != 0)
		return rc;
	version_check(version, f);
	if (n < 1)
		fault_field(f, "lines", "required: 1 to 100 entry ids of "
		    "the statement, each once");
	if (!reason_ok(reason))
		fault_field(f, "reason", "required: 1 to 1000 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	dispute_hash(ids, n, reason, hash);
	if ((rc = begin(&o, dealer, period, 0, 0)) != 0)
		return rc;
	if (o.st.dispute != 0 && strcmp(o.st.hash, hash) == 0)	/* a retry */
		return again(&o);
	if (stale(&o.st, version))
		return refuse(&o, 409, "conflict", "the statement changed "
		    "meanwhile; reload");
	if (ledger_reconcile(o.st.status, "dispute") == NULL)
		return illegal(&o);
	if ((cid = complaint(&o, ids, n, reason, hash)) == -1 ||
	    db_execv(db, sql_new_dispute, &did, "iitti", o.st.id, cid,
	    reason, hash, who->user_id) != 1)
		return finish(&o, 0, 0);
	for (i = 0; i < n; i++) {
		if ((rc = run(db, sql_line, "iiit", (int64_t)did, ids[i],
		    o.st.dealer, o.st.period)) == 1)
			continue;
		if (rc == -1)
			return finish(&o, 0, 0);
		db_rollback(db);
		snprintf(msg, sizeof(msg), "entry %lld is not on this "
		    "statement", (long long)ids[i]);
		fault_field(f, "lines", msg);
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	return finish(&o, moved(db, &o.st, run(db, sql_move, "tiit",
	    "disputed", o.st.id, o.st.version, "open"), "disputed"), 201);
}

/*
 * A clerk settles the dispute of the dealer's statement of period: an
 * adjustment posted in the next open month, or a rejection; 200 and the
 * statement.  The same settlement again answers 200.
 */
int
ledger_settle(struct db *db, const struct principal *who, int64_t dealer,
    const char *period, const struct ledger_settlement *x, const char *lang,
    struct fault *f, struct ledger_statement *out)
{
	struct op	 o = { .db = db, .who = who, .lang = lang, .f = f,
	    .out = out };
	int64_t		 amount = x->amount, entry = 0;
	char		 ref[32];
	int		 adjust = 0, rc;

	memset(out, 0, sizeof(*out));
	if (!(who->roles & ROLE_FINANCE_CLERK))
		return forbidden(f, "finance clerks settle disputes");
	if (x->outcome == NULL || (strcmp(x->outcome, "adjust") != 0 &&
	    strcmp(x->outcome, "reject") != 0))
		fault_field(f, "outcome", "adjust or reject");
	else
		adjust = strcmp(x->outcome, "adjust") == 0;
	if (x->amount_rc == 0 && (amount < -LEDGER_MAX || amount > LEDGER_MAX))
		amount = 0;
	if (adjust && (x->amount_rc != 0 || amount == 0))
		fault_field(f, "amount", "required: fen, not 0 (positive: "
		    "the dealer owes more)");
	else if (!adjust && x->amount_rc != 1)
		fault_field(f, "amount", "only with an adjustment");
	if (!reason_ok(x->reason))
		fault_field(f, "reason", "required: 1 to 1000 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	/* the posting lock first: the adjustment's month is read after it */
	if ((rc = begin(&o, dealer, period, 1, adjust)) != 0)
		return rc;
	if (strcmp(o.st.status, "resolved") == 0 && strcmp(o.st.outcome,
	    adjust ? "adjusted" : "rejected") == 0 && o.st.adjusted == amount)
		return again(&o);
	if (ledger_reconcile(o.st.status, "settle") == NULL)
		return illegal(&o);
	snprintf(ref, sizeof(ref), "DSP-%lld", (long long)o.st.dispute);
	if (adjust && (ledger_insert(db, who->user_id, o.st.dealer,
	    "adjustment", amount, ref, x->reason, 0, &entry) == -1 ||
	    ledger_audit_posting(db, who, entry, o.st.dealer, "adjustment",
	    amount, ref, x->reason) == -1))
		return finish(&o, 0, 0);
	return finish(&o, run(db, sql_settle, "ttiii", adjust ? "adjusted" :
	    "rejected", x->reason, entry, who->user_id, o.st.dispute) == 1 &&
	    complaints_settle(db, o.st.complaint, who->user_id, adjust ?
	    "dispute_adjusted" : "dispute_rejected", x->reason) == 0 &&
	    moved(db, &o.st, run(db, sql_move, "tiit", "resolved", o.st.id,
	    o.st.version, "disputed"), "resolved"), 200);
}
