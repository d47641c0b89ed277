/*
 * ledger_db.c: a dealer's entries (DESIGN §4), below the JSON handlers and
 * the pages: the account read, a posting, a reversal, an order's invoice
 * (the fee inquiry and the export: ledger_inquiry_db.c).
 *
 * Entries are never changed: a correction is a reversing entry linked to
 * the one it reverses (once).  A posting is idempotent by its reference:
 * the same reference and amount answer the entry posted (200), another
 * amount 409.  A posting lands in this month, or after the last month
 * closed (ledger_hold()).  The dealer reads its own account, region staff
 * their dealers', HQ all; finance clerks of the dealer's region or HQ and
 * the ERP post.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../audit/audit.h"
#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "ledger.h"
#include "ledger_invoice.h"

/*
 * The period a posting lands in: this month (China's), or the month after
 * the last one closed if that is later.  Only after ledger_hold(), in the
 * same transaction, as the transaction's first plain read.
 */
#define PERIOD \
	"GREATEST(DATE_FORMAT(UTC_TIMESTAMP() + INTERVAL 8 HOUR, '%Y-%m'), " \
	"COALESCE((SELECT DATE_FORMAT(STR_TO_DATE(CONCAT(MAX(p.period), " \
	"'-01'), '%Y-%m-%d') + INTERVAL 1 MONTH, '%Y-%m') FROM periods p), " \
	"''))"
#define ENTRY_COLS \
	"id, kind, amount, DATE_FORMAT(posted_on, '%Y-%m-%d'), period, " \
	"reference, memo, reverses_id, dealer_id, COALESCE(po_number, '')"
/* dealer ?, then the filters, the cursor and the limit */
#define LIST(filter) \
	"SELECT " ENTRY_COLS " FROM ledger_entries WHERE dealer_id = ? " \
	filter " AND id < ? ORDER BY id DESC LIMIT ?"

static const char sql_list_all[] = LIST("");
static const char sql_list_kind[] =
	LIST("AND kind = ? AND (? = '' OR period = ?)");
static const char sql_list_period[] = LIST("AND period = ?");
static const char sql_balance[] =
	"SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE "
	"dealer_id = ?";
static const char sql_find[] =
	"SELECT " ENTRY_COLS " FROM ledger_entries WHERE dealer_id = ? AND "
	"kind = ? AND reference = ?";
static const char sql_insert[] =
	"INSERT INTO ledger_entries (dealer_id, kind, amount, posted_on, "
	"period, reference, memo, actor_user_id, reverses_id, po_number) "
	"VALUES (?, ?, ?, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), " PERIOD
	", ?, ?, ?, NULLIF(?, 0), NULLIF(?, ''))";
static const char sql_one[] =
	"SELECT " ENTRY_COLS " FROM ledger_entries WHERE id = ?";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('ledger.posted', 'ledger_entry', ?, ?, ?)";

/* The entry of a row of ENTRY_COLS into e: 0, or -1 (out of memory). */
static int
entry_row(struct db_stmt *s, struct ledger_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = db_col_int(s, 0);
	snprintf(e->kind, sizeof(e->kind), "%s", db_col_text(s, 1, NULL));
	e->amount = db_col_int(s, 2);
	snprintf(e->posted_on, sizeof(e->posted_on), "%s", db_col_text(s, 3,
	    NULL));
	snprintf(e->period, sizeof(e->period), "%s", db_col_text(s, 4, NULL));
	e->reference = strdup(db_col_text(s, 5, NULL));
	e->memo = strdup(db_col_text(s, 6, NULL));
	e->reverses = db_col_null(s, 7) ? 0 : db_col_int(s, 7);
	e->dealer = db_col_int(s, 8);
	db_col_copy(s, 9, e->po_number, sizeof(e->po_number));
	if (e->reference == NULL || e->memo == NULL) {
		ledger_entry_free(e);
		return -1;
	}
	return 0;
}

void
ledger_entry_free(struct ledger_entry *e)
{
	free(e->reference);
	free(e->memo);
	e->reference = e->memo = NULL;
}

void
ledger_account_free(struct ledger_account *a)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		ledger_entry_free(&a->items[i]);
	free(a->items);
	a->items = NULL;
	a->n = 0;
}

/*
 * Does the caller's scope (read or write) reach the dealer?  0, else the
 * status it stands for (404 outside it).
 */
int
ledger_reach(struct db *db, const struct principal *who, int write,
    int64_t dealer, struct fault *f)
{
	struct scope	 sc;
	int		 rc;

	scope_for(who, write, &sc);
	if ((rc = scope_dealer_reach(db, &sc, dealer)) == -1)
		return 500;
	return rc == 1 ? 0 : fault_set(f, 404, "not_found", "no such dealer");
}

/*
 * The dealer's account: its balance and a page of its entries, newest
 * first, filtered by kind and period ("" or NULL: any), after the entry
 * id after (0: from the newest).
 */
int
ledger_entries_read(struct db *db, const struct principal *who,
    int64_t dealer, const char *kind, const char *period, int64_t after,
    int limit, struct fault *f, struct ledger_account *out)
{
	struct db_stmt	*s;
	int		 st, rc, i = 0;

	memset(out, 0, sizeof(*out));
	if (kind != NULL && *kind == '\0')
		kind = NULL;
	if (period != NULL && *period == '\0')
		period = NULL;
	if (kind != NULL && strcmp(kind, "invoice") != 0 &&
	    !ledger_kind_ok(kind, 1) && !ledger_kind_ok(kind, -1))
		fault_field(f, "kind", "invoice, payment, credit_note, "
		    "rebate, fee or adjustment");
	if (period != NULL && !util_month_ok(period))
		fault_field(f, "period", "YYYY-MM");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if ((st = ledger_reach(db, who, 0, dealer, f)) != 0)
		return st;
	out->dealer = dealer;
	if ((s = db_prepare(db, sql_balance)) == NULL ||
	    db_bind_int(s, 0, dealer) == -1 || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return 500;
	}
	out->balance = db_col_int(s, 0);
	db_stmt_release(s);
	if ((s = db_prepare(db, kind != NULL ? sql_list_kind : period != NULL ?
	    sql_list_period : sql_list_all)) == NULL)
		return 500;
	db_bind_int(s, i++, dealer);
	if (kind != NULL) {
		db_bind_text(s, i++, kind);
		db_bind_text(s, i++, period != NULL ? period : "");
		db_bind_text(s, i++, period != NULL ? period : "");
	} else if (period != NULL)
		db_bind_text(s, i++, period);
	db_bind_int(s, i++, after > 0 ? after : INT64_MAX);
	db_bind_int(s, i, limit + 1);
	if ((out->items = calloc((size_t)limit, sizeof(*out->items))) == NULL) {
		db_stmt_release(s);
		return 500;
	}
	/* one row more than shown says another page follows */
	while ((rc = db_step(s)) == DB_ROW) {
		if (out->n == (size_t)limit) {
			out->next = out->items[out->n - 1].id;
			break;
		}
		if (entry_row(s, &out->items[out->n]) == -1) {
			rc = DB_ERROR;
			break;
		}
		out->n++;
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		ledger_account_free(out);
		return 500;
	}
	return 200;
}

/*
 * The one entry of a bound statement of ENTRY_COLS into *e: 1 found, 0
 * none, -1 an error.  Releases s.
 */
static int
entry_one(struct db_stmt *s, struct ledger_entry *e)
{
	int	 rc;

	memset(e, 0, sizeof(*e));
	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW && entry_row(s, e) == -1)
		rc = DB_ERROR;
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : rc == DB_ROW;
}

/* A replay of a posting: 0 none, else the status it stands for. */
static int
replay(struct db *db, int64_t dealer, const char *kind, const char *ref,
    int64_t amount, struct fault *f, struct ledger_entry *out)
{
	int	 rc;

	if ((rc = entry_one(db_preparef(db, sql_find, "itt", dealer, kind,
	    ref), out)) != 1)
		return rc == 0 ? 0 : 500;
	if (out->amount != amount) {
		ledger_entry_free(out);
		return fault_set(f, 409, "idempotency_conflict", "this "
		    "reference was posted with another amount");
	}
	return 200;
}

/*
 * Write one entry row, after the posting lock (ledger_hold()), in the
 * caller's transaction: 0, or -1; its id into *id.
 */
static int
insert_row(struct db *db, int64_t actor, int64_t dealer, const char *kind,
    int64_t amount, const char *ref, const char *memo, int64_t reverses,
    const char *po, int64_t *id)
{
	struct db_stmt	*s;
	int		 ok;

	*id = 0;
	if (ledger_hold(db) == -1)
		return -1;
	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_int(s, 0, dealer) == 0 &&
	    db_bind_text(s, 1, kind) == 0 && db_bind_int(s, 2, amount) == 0 &&
	    db_bind_text(s, 3, ref) == 0 && db_bind_text(s, 4, memo) == 0 &&
	    db_bind_int(s, 5, actor) == 0 &&
	    db_bind_int(s, 6, reverses) == 0 &&
	    db_bind_text(s, 7, po != NULL ? po : "") == 0 && db_exec(s) == 0;
	*id = ok ? (int64_t)db_insert_id(s) : 0;
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/* One entry (po: the order's PO number, NULL none) and its feed event. */
static int
insert_fed(struct db *db, int64_t actor, int64_t dealer, const char *kind,
    int64_t amount, const char *ref, const char *memo, int64_t reverses,
    const char *po, int64_t *id)
{
	char	 payload[200];

	if (insert_row(db, actor, dealer, kind, amount, ref, memo, reverses,
	    po, id) == -1)
		return -1;
	snprintf(payload, sizeof(payload), "{\"id\":%lld,\"kind\":\"%s\","
	    "\"amount\":%lld}", (long long)*id, kind, (long long)amount);
	return db_execv(db, sql_feed, NULL, "tit", ref, dealer, payload) == 1 ?
	    0 : -1;
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
	return insert_fed(db, actor, dealer, kind, amount, ref, memo, reverses,
	    NULL, id);
}

/*
 * The audit log's row of entry, a posting by who (a clerk's, the ERP's, a
 * settled dispute's adjustment) to dealer's account, in the caller's
 * transaction: 0 or -1.  Shipping's invoices and returns' credit notes
 * are the order's story, told by its timeline.
 */
int
ledger_audit_posting(struct db *db, const struct principal *who,
    int64_t entry, int64_t dealer, const char *kind, int64_t amount,
    const char *ref, const char *memo)
{
	cJSON	*d = cJSON_CreateObject();
	int	 rc;

	cJSON_AddStringToObject(d, "kind", kind);
	cJSON_AddNumberToObject(d, "amount", (double)amount);
	cJSON_AddStringToObject(d, "reference", ref);
	cJSON_AddStringToObject(d, "memo", memo != NULL ? memo : "");
	rc = audit_write(db, who, "ledger.post", "ledger_entry", entry,
	    dealer, d);
	cJSON_Delete(d);
	return rc;
}

/*
 * Entry orig reversed by entry rid (reference ref, memo), in the caller's
 * transaction: the audit log's row on the entry reversed.  0 or -1.
 */
static int
audit_reversal(struct db *db, const struct principal *who,
    const struct ledger_entry *orig, int64_t rid, const char *ref,
    const char *memo)
{
	cJSON	*d = cJSON_CreateObject();
	int	 rc;

	audit_bool(d, "reversed", 0, 1);
	cJSON_AddNumberToObject(d, "reversal", (double)rid);
	cJSON_AddStringToObject(d, "kind", orig->kind);
	cJSON_AddNumberToObject(d, "amount", (double)-orig->amount);
	cJSON_AddStringToObject(d, "reference", ref);
	cJSON_AddStringToObject(d, "memo", memo);
	rc = audit_write(db, who, "ledger.reverse", "ledger_entry", orig->id,
	    orig->dealer, d);
	cJSON_Delete(d);
	return rc;
}

/*
 * Post dealer's invoice of amount fen for the order numbered reference
 * (memo: the shipment's number; po: the order's PO number, "" or NULL for
 * none), by actor, in the caller's transaction (dated in China, in the
 * period a posting lands in, after ledger_hold() as every posting); its
 * id into *id.  0 or -1.
 */
int
ledger_invoice_post(struct db *db, int64_t dealer, int64_t amount,
    const char *reference, const char *memo, const char *po, int64_t actor,
    int64_t *id)
{
	return insert_row(db, actor, dealer, "invoice", amount, reference,
	    memo, 0, po, id);
}

/*
 * Post dealer's credit note of amount fen (> 0; the entry is -amount) for
 * the return numbered reference (memo: its order's number; po: the
 * order's PO number, "" or NULL for none), by actor, in the caller's
 * transaction, with its feed event; its id into *id.  The reference is
 * unique per dealer and kind, so a return credits once.  0 or -1.
 */
int
ledger_credit_note_post(struct db *db, int64_t dealer, int64_t amount,
    const char *reference, const char *memo, const char *po, int64_t actor,
    int64_t *id)
{
	if (amount <= 0 || amount > LEDGER_MAX)
		return -1;
	return insert_fed(db, actor, dealer, "credit_note", -amount,
	    reference, memo, 0, po, id);
}

/* The entry by id into *e: 1 found, 0 none, -1 an error. */
static int
one(struct db *db, int64_t id, struct ledger_entry *e)
{
	return entry_one(db_preparef(db, sql_one, "i", id), e);
}

/* Why a posting's kind and amount do not go together. */
static void
posting_check(const struct ledger_posting *p, struct fault *f)
{
	const char	*ref = p->reference;

	if (p->kind == NULL)
		fault_field(f, "kind", "payment, credit_note, rebate, fee "
		    "or adjustment");
	if (!p->amount_ok || p->amount < -LEDGER_MAX ||
	    p->amount > LEDGER_MAX)
		fault_field(f, "amount", "required: fen, signed (positive: "
		    "the dealer owes more)");
	else if (p->kind != NULL && !ledger_kind_ok(p->kind, p->amount)) {
		if (!ledger_kind_ok(p->kind, 1) && !ledger_kind_ok(p->kind, -1))
			fault_field(f, "kind", strcmp(p->kind, "invoice") ==
			    0 ? "invoices are posted by shipping an order" :
			    "payment, credit_note, rebate, fee or adjustment");
		else
			fault_field(f, "amount", "not 0; fees are "
			    "positive, payments, credit notes and rebates "
			    "negative");
	}
	if (ref == NULL || strlen(ref) > 64 || util_blank(ref))
		fault_field(f, "reference", "required: 1 to 64 characters "
		    "(a bank reference, a document number)");
	else if (strncasecmp(ref, "REV-", 4) == 0 ||
	    strncasecmp(ref, "DSP-", 4) == 0 ||
	    strncasecmp(ref, "RMA-", 4) == 0)
		fault_field(f, "reference", "REV-, DSP- and RMA- are the "
		    "portal's own (reversals, settled disputes, returns)");
	if (p->memo != NULL && strlen(p->memo) > 500)
		fault_field(f, "memo", "at most 500 characters");
}

/*
 * Post p to the dealer's account: 201 and the entry, 200 and the entry
 * posted before under the same reference and amount.
 */
int
ledger_post(struct db *db, const struct principal *who, int64_t dealer,
    const struct ledger_posting *p, struct fault *f, struct ledger_entry *out)
{
	const char	*memo = p->memo != NULL ? p->memo : "";
	int64_t		 id;
	int		 st;

	memset(out, 0, sizeof(*out));
	if (!(who->roles & LEDGER_POSTERS)) {
		fault_clear(f);
		return fault_set(f, 403, "forbidden", "finance clerks and "
		    "the ERP post to the ledger");
	}
	posting_check(p, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((st = ledger_reach(db, who, 1, dealer, f)) != 0 ||
	    (st = replay(db, dealer, p->kind, p->reference, p->amount, f,
	    out)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	if (ledger_insert(db, who->user_id, dealer, p->kind, p->amount,
	    p->reference, memo, 0, &id) == -1 || ledger_audit_posting(db, who,
	    id, dealer, p->kind, p->amount, p->reference, memo) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		/* the same reference, committed meanwhile by a retry */
		if (db_is_duplicate(db) && (st = replay(db, dealer, p->kind,
		    p->reference, p->amount, f, out)) != 0)
			return st;
		return 500;
	}
	return one(db, id, out) == 1 ? 201 : 500;
}

/*
 * Entry id undone, once, by a clerk: 201 and the reversing entry.  A
 * matched payment or invoice lets go of its allocations
 * (ledger_match_db.c).
 */
int
ledger_reverse(struct db *db, const struct principal *who, int64_t id,
    const char *memo, struct fault *f, struct ledger_entry *out)
{
	struct ledger_entry orig;
	struct scope	 sc;
	int64_t		 rid;
	char		 ref[40];
	int		 rc;

	memset(out, 0, sizeof(*out));
	/* a correction is a person's decision, not the ERP's */
	if (!(who->roles & ROLE_FINANCE_CLERK)) {
		fault_clear(f);
		return fault_set(f, 403, "forbidden", "a finance clerk "
		    "reverses an entry");
	}
	if (memo == NULL)
		memo = "";
	if (strlen(memo) > 500)
		fault_field(f, "memo", "at most 500 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	scope_write(who, &sc);
	if ((rc = one(db, id, &orig)) != 1 ||
	    (rc = scope_dealer_reach(db, &sc, orig.dealer)) != 1) {
		ledger_entry_free(&orig);
		return rc == -1 ? 500 : fault_set(f, 404, "not_found",
		    "no such entry");
	}
	if (orig.reverses != 0) {
		ledger_entry_free(&orig);
		return fault_set(f, 409, "illegal_transition", "a reversal "
		    "is not reversed; post a new entry");
	}
	snprintf(ref, sizeof(ref), "REV-%lld", (long long)id);
	/* a matched invoice or payment lets go of what it was matched to */
	rc = db_begin(db) == 0 && ledger_insert(db, who->user_id, orig.dealer,
	    orig.kind, -orig.amount, ref, memo, id, &rid) == 0 &&
	    ledger_release(db, id, rid) == 0 && audit_reversal(db, who, &orig,
	    rid, ref, memo) == 0 && db_commit(db) == 0;
	ledger_entry_free(&orig);
	if (!rc) {
		db_rollback(db);
		return db_is_duplicate(db) ? fault_set(f, 409,
		    "illegal_transition", "reversed already") : 500;
	}
	return one(db, rid, out) == 1 ? 201 : 500;
}
