/*
 * approvals_decide_db.c: approve, reject, escalate (DESIGN §3.3)
 *
 * A region approver decides its region's submitted orders; an HQ key
 * account decides escalated ones.  Each decision locks the order, and an
 * approval then the dealer's credit row, checks the limits, moves the
 * order (orders_move: conditional on status and version) and records the
 * decision with the figures it was taken on, in one transaction.  Of two
 * approvals that fit the credit only once, the second waits for the
 * first's lock, sees its order among the open approved ones, and fails.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../orders/orders.h"
#include "approvals.h"

static const char sql_record[] =
	"INSERT INTO approvals (order_id, dealer_id, decision, actor_user_id, "
	"reason, promised_date, override_credit, order_value, credit_limit, "
	"exposure, approval_limit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

enum verdict { V_APPROVE, V_REJECT, V_ESCALATE };

struct decision {
	enum verdict	 v;
	int		 hq;		/* deciding as HQ (escalated orders) */
	const char	*reason;	/* reject, escalate; HQ's override */
	const char	*promised;	/* approve */
	int64_t		 version;	/* -1: any */
	/* found in the transaction */
	struct credit	 credit;
	struct region_limit region;
	int64_t		 region_limit;	/* -1: not a region decision */
	int		 override;
};

static const enum order_status to[] = {
	ORDER_APPROVED, ORDER_REJECTED, ORDER_ESCALATED };
static const char *const feed[] = {
	"order.approved", "order.rejected", "order.escalated" };

/* The decision's input checked: 0, or 422 with the fields in f. */
static int
check_input(struct decision *d, struct fault *f)
{
	char	 today[11];

	orders_check_version(f, d->version);
	if (d->v == V_APPROVE) {
		orders_china_today(today, sizeof(today));
		if (d->promised == NULL || strlen(d->promised) > 10 ||
		    !util_date_ok(d->promised) || strcmp(d->promised, today) < 0)
			fault_field(f, "promised_date", "YYYY-MM-DD, today "
			    "or later");
		if (orders_check_length(f, "override_reason", d->reason, 1000,
		    "at most 1000 characters") == 0 && d->reason != NULL &&
		    !d->hq)
			fault_field(f, "override_reason", "only HQ overrides "
			    "a credit hold");
		if (d->reason == NULL || strlen(d->reason) > 1000 ||
		    util_blank(d->reason))
			d->reason = NULL;
	} else if (d->reason == NULL || strlen(d->reason) > 1000 ||
	    util_blank(d->reason))
		fault_field(f, "reason", "required: 1 to 1000 characters");
	if (d->v == V_ESCALATE && d->hq)
		fault_field(f, "reason", "HQ approves or rejects; there "
		    "is no one to escalate to");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	return 0;
}

/*
 * The approval's checks, in the transaction: 0 to go on, else the
 * status of the answer (the caller rolls back).
 */
static int
check_approval(struct db *db, const struct order_locked *o,
    struct decision *d, struct fault *f)
{
	char	 a[32], b[32], c[32], msg[240];
	int	 blocks;

	if (approvals_credit_read(db, o->dealer, 1, &d->credit) == -1)
		return 500;
	if (d->hq) {
		d->region_limit = -1;
		if (approvals_credit_headroom_after(&d->credit, o->total) >= 0)
			return 0;
		if (d->reason == NULL) {
			money_format(-approvals_credit_headroom_after(&d->credit,
			    o->total), a, sizeof(a));
			snprintf(msg, sizeof(msg), "required: this order puts "
			    "the dealer ¥%s over its credit limit", a);
			fault_field(f, "override_reason", msg);
			return fault_set(f, 409, "requires_override", "over "
			    "the credit limit: approve with an override reason, "
			    "or reject");
		}
		d->override = 1;
		return 0;
	}
	/* after approvals_credit_read's write of the credit row: the window's sum
	 * then sees every approval of this dealer committed before ours */
	if (approvals_credit_region_limit(db, o->region, o->dealer, &d->region)
	    == -1)
		return 500;
	d->region_limit = d->region.limit;
	if ((blocks = approvals_blocks(&d->credit, o->total, d->region.recent,
	    d->region_limit)) == 0)
		return 0;
	if (blocks & APPROVAL_OVER_LIMIT) {
		money_format(o->total, a, sizeof(a));
		money_format(d->region_limit, b, sizeof(b));
		money_format(d->region.recent, c, sizeof(c));
		snprintf(msg, sizeof(msg), "the order's ¥%s with the ¥%s "
		    "approved for this dealer in the last %lld hours is over "
		    "the region's approval limit of ¥%s", a, c,
		    (long long)d->region.hours, b);
		fault_field(f, "approval_limit", msg);
	}
	if (blocks & APPROVAL_OVER_CREDIT) {
		money_format(approvals_credit_exposure(&d->credit) + o->total,
		    a,
		    sizeof(a));
		money_format(d->credit.limit, b, sizeof(b));
		money_format(-approvals_credit_headroom_after(&d->credit,
		    o->total), c,
		    sizeof(c));
		snprintf(msg, sizeof(msg), "exposure after this order, ¥%s, "
		    "is over the credit limit of ¥%s by ¥%s", a, b, c);
		fault_field(f, "credit_limit", msg);
	}
	return fault_set(f, 409, "requires_escalation", "%s: escalate it to "
	    "HQ", blocks == (APPROVAL_OVER_LIMIT | APPROVAL_OVER_CREDIT) ?
	    "over the approval limit and over credit" :
	    blocks & APPROVAL_OVER_LIMIT ? "over the approval limit" :
	    "over credit");
}

static int
record(struct db *db, const struct principal *who,
    const struct order_locked *o, const struct decision *d)
{
	static const char *const names[] = { "approved", "rejected",
	    "escalated" };
	struct audit_about about = { o->dealer, 1, { 0 } };
	struct db_stmt	*s;
	cJSON		*audit;
	int		 ok;

	s = db_prepare(db, sql_record);
	ok = s != NULL && db_bind_int(s, 0, o->id) == 0 &&
	    db_bind_int(s, 1, o->dealer) == 0 &&
	    db_bind_text(s, 2, names[d->v]) == 0 &&
	    db_bind_int(s, 3, who->user_id) == 0 &&
	    db_bind_text(s, 4, d->reason != NULL ? d->reason : "") == 0 &&
	    db_bind_text(s, 5, d->promised) == 0 &&
	    db_bind_int(s, 6, d->override) == 0 &&
	    db_bind_int(s, 7, o->total) == 0 &&
	    db_bind_int(s, 8, d->credit.limit) == 0 &&
	    db_bind_int(s, 9, approvals_credit_exposure(&d->credit)) == 0 &&
	    (d->region_limit >= 0 ? db_bind_int(s, 10, d->region_limit) :
	    db_bind_null(s, 10)) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	if (!ok || !d->override)
		return ok ? 0 : -1;
	audit = cJSON_CreateObject();
	cJSON_AddStringToObject(audit, "number", o->number);
	cJSON_AddNumberToObject(audit, "order_value", (double)o->total);
	cJSON_AddNumberToObject(audit, "credit_limit", (double)d->credit.limit);
	cJSON_AddNumberToObject(audit, "exposure",
	    (double)approvals_credit_exposure(&d->credit));
	cJSON_AddStringToObject(audit, "override_reason", d->reason);
	audit_text(audit, "status", orders_status_name(o->status),
	    names[d->v]);
	/* the approver's reason is staff's: the region reads it, not the
	 * dealer nor its chain */
	ok = audit_write_about(db, who, "order.credit_override", "order",
	    o->id, &about, audit) == 0;
	cJSON_Delete(audit);
	return ok ? 0 : -1;
}

/*
 * Decide the order numbered number as v says, as who: 200, or the
 * refusal in f.  reason is the rejection's or escalation's, or HQ's
 * override of a credit hold (approve); promised the approval's date.
 */
static int
decide(struct db *db, const struct principal *who, enum verdict v,
    const char *number, int64_t version, const char *promised,
    const char *reason, struct fault *f)
{
	struct order_locked	 o;
	struct order_move	 m;
	struct decision		 d;
	enum order_status	 due;
	int			 st, rc;

	memset(&d, 0, sizeof(d));
	d.v = v;
	d.region_limit = -1;
	d.version = version;
	d.promised = promised;
	d.reason = reason;
	/* here too, not only in the route: the order page reaches this */
	if ((d.hq = approvals_decides(who)) == -1)
		return fault_set(f, 403, "forbidden", "you do not decide "
		    "orders");
	if ((st = check_input(&d, f)) != 0)
		return st;
	if ((st = orders_begin_locked(db, who, number, &o, f)) != 0)
		return st;
	due = d.hq ? ORDER_ESCALATED : ORDER_SUBMITTED;
	if (o.status != due || !orders_can_move(o.status, to[v]))
		st = fault_set(f, 409, "illegal_transition", "the order is "
		    "%s; %s decides %s orders", orders_status_name(o.status),
		    d.hq ? "HQ" : "the region", orders_status_name(due));
	else if (d.version != ORDERS_VERSION_ANY && d.version != o.version)
		st = fault_set(f, 409, "conflict", "the order was changed "
		    "meanwhile; reload");
	else if (v == V_APPROVE)
		st = check_approval(db, &o, &d, f);
	else if (approvals_credit_read(db, o.dealer, 0, &d.credit) == -1)
		st = 500;
	if (st != 0) {
		db_rollback(db);
		return st;
	}
	memset(&m, 0, sizeof(m));
	m.to = to[v];
	m.actor = who->user_id;
	/* a rejection's or an escalation's reason is the dealer's to see; an
	 * override's stays with the decision and the audit log */
	m.note = v == V_APPROVE ? NULL : d.reason;
	m.promised = d.promised;
	m.feed_type = feed[v];
	m.feed_reason = 1;
	if ((rc = orders_move(db, &o, &m)) != 0 ||
	    record(db, who, &o, &d) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		/* lost a race: the order, or (deadlock, Galera's certification,
		 * a lock wait) the dealer's credit row to another decision */
		return rc == 1 || db_is_conflict(db) ?
		    fault_set(f, 409, "conflict", "the order or the dealer's "
		    "credit changed meanwhile; reload") : 500;
	}
	return 200;
}

int
approvals_approve(struct db *db, const struct principal *who,
    const char *number, int64_t version, const char *promised,
    const char *override_reason, struct fault *f)
{
	return decide(db, who, V_APPROVE, number, version, promised,
	    override_reason, f);
}

int
approvals_reject(struct db *db, const struct principal *who,
    const char *number, int64_t version, const char *reason, struct fault *f)
{
	return decide(db, who, V_REJECT, number, version, NULL, reason, f);
}

int
approvals_escalate(struct db *db, const struct principal *who,
    const char *number, int64_t version, const char *reason, struct fault *f)
{
	return decide(db, who, V_ESCALATE, number, version, NULL, reason, f);
}
