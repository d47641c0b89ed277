/*
 * orders_return_move_db.c: a return's decisions and its receipt
 *
 *   requested -> approved | refused	by the region (RETURN_DECIDERS)
 *   requested -> cancelled		by the dealer's buyers
 *   approved  -> received		by the region or the ERP
 *
 * Each locks the return (within the caller's write scope) and its order,
 * then changes the return conditionally on the status and version read:
 * of two racers one wins, the other answers 409 (on Galera the same row
 * written makes certification stop the second).  A refusal or a
 * cancellation gives the lines' reserved units back; receipt counts them
 * received and posts the credit note to the dealer's ledger in the same
 * transaction, referenced by the return's number, each line's share
 * value(received after) - value(received before) of its frozen total
 * (orders_return_amount()), with the order's PO number as its invoices.  Every move writes the order's timeline, the
 * feed and the dealer's notification with it.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../ledger/ledger_invoice.h"
#include "orders.h"

/* The lock, in one variant per scope path (see scope.h): its order too. */
#define LOCK_SQL(owner) \
	"SELECT r.id, r.status, r.version, r.order_id, r.dealer_id, " \
	"r.amount, o.number, COALESCE(o.po_number, '') FROM returns r " \
	"JOIN orders o ON o.id = r.order_id WHERE r.number = ? AND " owner \
	" FOR UPDATE"

static const char *const sql_lock[] = {
	LOCK_SQL(SCOPE_OWNER_ALL("r")),
	LOCK_SQL(SCOPE_OWNER_REGION("r")),
	LOCK_SQL(SCOPE_OWNER_DEALER("r")),
	LOCK_SQL(SCOPE_OWNER_MANAGER("r")),
	LOCK_SQL(SCOPE_OWNER_CHAIN_ORDERS("r")),
};
SCOPE_PATHS_ALL(sql_lock);

static const char sql_lines[] =
	"SELECT rl.line_no, rl.quantity, l.quantity, l.line_total, "
	"l.received FROM return_lines rl JOIN order_lines l ON l.order_id = "
	"rl.order_id AND l.line_no = rl.line_no WHERE rl.return_id = ? "
	"ORDER BY rl.line_no";
static const char sql_release[] =
	"UPDATE order_lines SET returned = returned - ? WHERE order_id = ? "
	"AND line_no = ? AND returned - received >= ?";
static const char sql_receive[] =
	"UPDATE order_lines SET received = received + ? WHERE order_id = ? "
	"AND line_no = ? AND received = ? AND received + ? <= returned";
static const char sql_line_amount[] =
	"UPDATE return_lines SET amount = ? WHERE return_id = ? AND "
	"line_no = ?";
static const char sql_move[] =
	"UPDATE returns SET status = ?, version = version + 1, decided_by = "
	"COALESCE(NULLIF(?, 0), decided_by), refusal = COALESCE(?, refusal), "
	"amount = ?, credit_entry_id = NULLIF(?, 0) WHERE id = ? AND "
	"status = ? AND version = ?";

struct ret_locked {
	int64_t	 id, version, order, dealer, amount;
	char	 status[16], order_number[32];
	char	 po[ORDER_PO_MAX * 4 + 1];	/* the order's; "": none */
};

struct ret_line {
	int64_t	 no, q, quantity, total, received, amount;
};

/* Each act: its name, the status it leaves and reaches, who, and how. */
static const struct {
	const char	*name, *from, *to, *event;
	unsigned	 roles;
} acts[RETURN__MAX] = {
	{ "approve", "requested", "approved", "return.approved",
	    RETURN_DECIDERS },
	{ "refuse", "requested", "refused", "return.refused",
	    RETURN_DECIDERS },
	{ "receive", "approved", "received", "return.received",
	    RETURN_RECEIVERS },
	{ "cancel", "requested", "cancelled", "return.cancelled",
	    RETURN_TAKERS },
};

int
orders_return_act_parse(const char *s, enum return_act *out)
{
	int	 i;

	for (i = 0; s != NULL && i < RETURN__MAX; i++)
		if (strcmp(s, acts[i].name) == 0) {
			*out = (enum return_act)i;
			return 0;
		}
	return -1;
}

/* Could number be a return's?  (Else MariaDB's collations complain.) */
static int
number_possible(const char *number)
{
	size_t	 i;

	for (i = 0; number != NULL && number[i] != '\0'; i++)
		if (i == RETURN_NUMBER_MAX || (unsigned char)number[i] >= 0x80)
			return 0;
	return number != NULL;
}

/* Lock the return numbered number within sc: 1, 0 none, -1 error. */
static int
lock(struct db *db, const char *number, const struct scope *sc,
    struct ret_locked *r)
{
	struct db_stmt	*s;
	int64_t		 key;
	int		 rc;

	if (!number_possible(number))
		return 0;
	s = db_prepare(db, sql_lock[scope_path(sc, &key)]);
	if (s == NULL || db_bind_text(s, 0, number) == -1 ||
	    db_bind_int(s, 1, key) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		r->id = db_col_int(s, 0);
		db_col_copy(s, 1, r->status, sizeof(r->status));
		r->version = db_col_int(s, 2);
		r->order = db_col_int(s, 3);
		r->dealer = db_col_int(s, 4);
		r->amount = db_col_int(s, 5);
		db_col_copy(s, 6, r->order_number, sizeof(r->order_number));
		db_col_copy(s, 7, r->po, sizeof(r->po));
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 1 : 0;
}

/* The return's lines with their order lines' state.  Their count, -1. */
static int
lines_read(struct db *db, int64_t id, struct ret_line *l)
{
	struct db_stmt	*s;
	int		 rc, n = 0;

	if ((s = db_preparef(db, sql_lines, "i", id)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW && n < ORDER_LINES_MAX) {
		l[n].no = db_col_int(s, 0);
		l[n].q = db_col_int(s, 1);
		l[n].quantity = db_col_int(s, 2);
		l[n].total = db_col_int(s, 3);
		l[n].received = db_col_int(s, 4);
		n++;
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : n;
}

/* Give the lines' reserved units back.  0 or -1. */
static int
release(struct db *db, const struct ret_locked *r, const struct ret_line *l,
    int n)
{
	int	 k;

	for (k = 0; k < n; k++)
		if (db_execv(db, sql_release, NULL, "iiii", l[k].q, r->order,
		    l[k].no, l[k].q) != 1)
			return -1;
	return 0;
}

/*
 * Count the lines received and post the credit note: the credit into
 * *amount, the entry's id into *entry (0: nothing to credit, a free
 * line).  0 or -1.
 */
static int
receive(struct db *db, const struct ret_locked *r, int64_t actor,
    struct ret_line *l, int n, const char *number, int64_t *amount,
    int64_t *entry)
{
	int	 k;

	*amount = *entry = 0;
	for (k = 0; k < n; k++) {
		if ((l[k].amount = orders_return_amount(l[k].total,
		    l[k].quantity, l[k].received, l[k].q)) < 0 ||
		    db_execv(db, sql_receive, NULL, "iiiii", l[k].q, r->order,
		    l[k].no, l[k].received, l[k].q) != 1 ||
		    db_execv(db, sql_line_amount, NULL, "iii", l[k].amount,
		    r->id, l[k].no) < 0)
			return -1;
		*amount += l[k].amount;
	}
	if (*amount > 0 && ledger_credit_note_post(db, r->dealer, *amount,
	    number, r->order_number, r->po, actor, entry) == -1)
		return -1;
	return 0;
}

/* The feed's payload of a move (and its notification's params). */
static char *
payload(const struct ret_locked *r, const char *number, const char *to,
    const char *reason, int64_t amount, int64_t entry)
{
	cJSON	*p = cJSON_CreateObject();
	char	*s;

	cJSON_AddStringToObject(p, "number", number);
	cJSON_AddStringToObject(p, "order", r->order_number);
	cJSON_AddStringToObject(p, "status", to);
	cJSON_AddNumberToObject(p, "amount", (double)amount);
	if (reason != NULL)
		cJSON_AddStringToObject(p, "reason", reason);
	if (entry != 0)
		cJSON_AddNumberToObject(p, "credit_note", (double)entry);
	s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

/* The move's writes, r locked and allowed: 0, 409, or 500. */
static int
move_locked(struct db *db, const struct ret_locked *r, int64_t actor,
    const char *number, const struct orders_return_act *a, struct fault *f)
{
	struct ret_line	 l[ORDER_LINES_MAX];
	int64_t		 amount = r->amount, entry = 0, decider;
	char		 timeline[20], *p;
	int		 n, rc;

	if ((n = lines_read(db, r->id, l)) == -1)
		return 500;
	if ((a->act == RETURN_REFUSE || a->act == RETURN_CANCEL) &&
	    release(db, r, l, n) == -1)
		return 500;
	if (a->act == RETURN_RECEIVE && receive(db, r, actor, l, n, number,
	    &amount, &entry) == -1)
		return 500;
	decider = a->act == RETURN_APPROVE || a->act == RETURN_REFUSE ?
	    actor : 0;
	if ((rc = db_execv(db, sql_move, NULL, "titiiiti", acts[a->act].to,
	    decider, a->act == RETURN_REFUSE ? a->reason : NULL, amount,
	    entry, r->id, acts[a->act].from, r->version)) != 1)
		return rc == 0 ? fault_set(f, 409, "conflict", "the return "
		    "was changed meanwhile; reload") : 500;
	snprintf(timeline, sizeof(timeline), "return_%s", acts[a->act].to);
	if (orders_timeline_add(db, r->order, actor, timeline, number, NULL,
	    NULL) == -1 || (p = payload(r, number, acts[a->act].to,
	    a->act == RETURN_REFUSE ? a->reason : NULL, amount,
	    entry)) == NULL)
		return 500;
	rc = orders_return_event(db, r->dealer, acts[a->act].event, number, p);
	cJSON_free(p);
	return rc == 0 ? 0 : 500;
}

/* a's fields checked, into f. */
static void
check(const struct orders_return_act *a, struct fault *f)
{
	const char	*s = a->reason;

	if (a->act == RETURN_REFUSE && (s == NULL || util_blank(s) ||
	    util_utf8_chars(s) > RETURN_TEXT_MAX ||
	    strlen(s) > 4 * RETURN_TEXT_MAX))
		fault_field(f, "reason", "required: 1 to 1000 characters");
	orders_check_version(f, a->version);
}

/*
 * Move the return numbered number as a says, by who within its write
 * scope: 200, else the refusal in f (403 not theirs to do, 404 outside
 * the scope, 409 its status or version, 422 the fields).
 */
int
orders_return_move(struct db *db, const struct principal *who,
    const char *number, const struct orders_return_act *a, struct fault *f)
{
	struct ret_locked	 r;
	struct scope		 sc;
	int			 rc;

	if ((unsigned)a->act >= RETURN__MAX)
		return 500;
	if (!(who->roles & acts[a->act].roles))
		return fault_set(f, 403, "forbidden", "you do not %s returns",
		    acts[a->act].name);
	check(a, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db == NULL || db_begin(db) == -1)
		return 503;
	scope_write(who, &sc);
	memset(&r, 0, sizeof(r));
	if ((rc = lock(db, number, &sc, &r)) != 1) {
		db_rollback(db);
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such return") : 500;
	}
	if (strcmp(r.status, acts[a->act].from) != 0) {
		db_rollback(db);
		return fault_set(f, 409, "illegal_transition", "a return %s "
		    "cannot be %s: only one %s", r.status, acts[a->act].to,
		    acts[a->act].from);
	}
	if (a->version != ORDERS_VERSION_ANY && a->version != r.version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict",
		    "the return was changed meanwhile; reload");
	}
	if ((rc = move_locked(db, &r, who->user_id, number, a, f)) != 0 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		return rc != 0 ? rc : 500;
	}
	return 200;
}
