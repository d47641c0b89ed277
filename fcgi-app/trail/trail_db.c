/*
 * trail_db.c: reading the audit trail within the reader's reach
 *
 * HQ's admin reads audit_log itself; a region's, a chain's or a dealer's
 * admin reads the rows that reach its organisation (audit_reach, written
 * with each row: audit/audit.c), never another's, whatever the filter.
 * Each way of reading is one range of one index, newest first by (at,
 * id), a period a range of the same index and a page cut by its cursor:
 * no statement reads more rows than it shows, however large the trail
 * (migration 0061, tests/index).  An object asked for must exist and lie
 * in the reader's reach, else 404, as any object out of scope.
 */
#include <stdio.h>
#include <string.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "trail.h"

#define COLS \
	"a.id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', a.at), " \
	"DATE_FORMAT(a.at, '%Y-%m-%dT%H:%i:%s.%fZ'), " \
	"DATE_FORMAT(a.at + INTERVAL 8 HOUR, '%Y-%m-%d %H:%i:%s'), " \
	"a.action, a.object_type, a.object_id, " \
	"COALESCE(a.actor_user_id, 0), COALESCE(u.login, ''), " \
	"COALESCE(u.display_name, ''), COALESCE(a.org_id, 0), " \
	"COALESCE(o.code, ''), COALESCE(o.name_zh, ''), " \
	"COALESCE(o.name_en, ''), COALESCE(a.details, ''), a.request_id"
#define NAMES \
	" LEFT JOIN users u ON u.id = a.actor_user_id " \
	"LEFT JOIN orgs o ON o.id = a.org_id"
/* the period [from, to), then the cursor (at, id), on t's (at, id) */
#define PERIOD(t, id) \
	t ".at >= ? AND " t ".at < ? AND (" t ".at < ? OR (" t ".at = ? " \
	"AND " id " < ?))"
#define NEWEST(t, id)	" ORDER BY " t ".at DESC, " id " DESC LIMIT ?"
/*
 * A page is its rows' keys first, one range of one covering index cut
 * by the cursor, then each row by its id.  Read in one join, the
 * optimizer walked the index from its newest entry (ref, not range) and
 * a page cost as many rows as lay before it.
 */
#define PAGE(keys) \
	"SELECT " COLS " FROM (" keys ") k JOIN audit_log a ON a.id = k.id" \
	NAMES " ORDER BY k.at DESC, k.id DESC"
/* HQ's admin: every row, by audit_at, audit_actor, audit_object or
 * audit_object_actor */
#define KEYS_LOG(filter) \
	"SELECT x.id, x.at FROM audit_log x WHERE " filter \
	PERIOD("x", "x.id") NEWEST("x", "x.id")
/* anyone else: the rows that reach its organisation, by audit_reach's
 * keys; an object's by audit_object(_actor), each row's reach by the
 * primary key */
#define KEYS_REACH(filter) \
	"SELECT r.audit_id AS id, r.at FROM audit_reach r WHERE " \
	"r.org_id = ? AND " filter PERIOD("r", "r.audit_id") \
	NEWEST("r", "r.audit_id")
#define KEYS_OBJECT_REACH(filter) \
	"SELECT STRAIGHT_JOIN x.id, x.at FROM audit_log x JOIN audit_reach r " \
	"ON r.org_id = ? AND r.at = x.at AND r.audit_id = x.id WHERE " \
	OBJECT filter PERIOD("x", "x.id") NEWEST("x", "x.id")
#define OBJECT	"x.object_type = ? AND x.object_id = ? AND "
#define ACTOR	"x.actor_user_id = ? AND "

static const char sql_all[] = PAGE(KEYS_LOG(""));
static const char sql_all_actor[] = PAGE(KEYS_LOG(ACTOR));
static const char sql_all_object[] = PAGE(KEYS_LOG(OBJECT));
static const char sql_all_object_actor[] = PAGE(KEYS_LOG(OBJECT ACTOR));
static const char sql_own[] = PAGE(KEYS_REACH(""));
static const char sql_own_actor[] =
	PAGE(KEYS_REACH("r.actor_user_id = ? AND "));
static const char sql_own_object[] = PAGE(KEYS_OBJECT_REACH(""));
static const char sql_own_object_actor[] = PAGE(KEYS_OBJECT_REACH(ACTOR));

static const char sql_actor[] =
	"SELECT id FROM users WHERE login = ?";
/* the reader's organisation is the organisation, its region or chain */
static const char sql_reach[] =
	"SELECT 1 FROM orgs o WHERE o.id = ? AND (o.id = ? OR "
	"o.region_id = ? OR o.chain_id = ?)";

/* Whose each kind of object is: the organisation it belongs to (0: HQ's). */
static const struct owner {
	const char	*type;
	const char	*sql;
} owners[] = {
	{ "user",	"SELECT org_id FROM users WHERE id = ?" },
	{ "org",	"SELECT id FROM orgs WHERE id = ?" },
	{ "order",	"SELECT dealer_id FROM orders WHERE id = ?" },
	{ "ledger_entry", "SELECT dealer_id FROM ledger_entries WHERE id = ?" },
	{ "contract_price", "SELECT COALESCE(dealer_id, chain_id) FROM "
	    "contract_prices WHERE id = ?" },
	{ "promotion",	"SELECT 0 FROM promotions WHERE id = ?" },
	{ "product",	"SELECT 0 FROM products WHERE id = ?" },
	{ "news",	"SELECT 0 FROM news WHERE id = ?" },
	{ "api_key",	"SELECT org_id FROM api_keys WHERE id = ?" },
	{ "ship_to_address", "SELECT dealer_id FROM ship_to_addresses WHERE "
	    "id = ?" },
};

/* One int of a one-row statement: 1 and *v, 0 no row, -1. */
static int
one_int(struct db_stmt *s, int64_t *v)
{
	int	 rc;

	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW)
		*v = db_col_int(s, 0);
	db_stmt_release(s);
	return rc == DB_ROW;
}

/*
 * Whether who may read the object's trail: it exists, and for a reader
 * of its own organisation's rows it belongs to that organisation, one of
 * its region's, or one of its chain's.  1, 0 (404), -1.
 */
static int
object_reached(struct db *db, const struct principal *who,
    enum audit_reads reads, const struct trail_filter *t)
{
	int64_t	 org = 0, one;
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(owners) / sizeof(owners[0]); i++)
		if (strcmp(owners[i].type, t->type) == 0)
			break;
	if (i == sizeof(owners) / sizeof(owners[0]))
		return 0;
	if ((rc = one_int(db_preparef(db, owners[i].sql, "i", t->object),
	    &org)) != 1)
		return rc;
	if (reads == AUDIT_READS_ALL)
		return 1;
	if (org <= 0)			/* HQ's own thing */
		return 0;
	return one_int(db_preparef(db, sql_reach, "iiii", org, who->org_id,
	    who->org_id, who->org_id), &one);
}

static void
row_of(struct db_stmt *s, struct trail_row *r)
{
	r->id = db_col_int(s, 0);
	r->at_us = db_col_int(s, 1);
	r->at = db_col_text(s, 2, NULL);
	r->at_china = db_col_text(s, 3, NULL);
	r->action = db_col_text(s, 4, NULL);
	r->object_type = db_col_text(s, 5, NULL);
	r->object_id = db_col_text(s, 6, NULL);
	r->actor_id = db_col_int(s, 7);
	r->actor_login = db_col_text(s, 8, NULL);
	r->actor_name = db_col_text(s, 9, NULL);
	r->org_id = db_col_int(s, 10);
	r->org_code = db_col_text(s, 11, NULL);
	r->org_name_zh = db_col_text(s, 12, NULL);
	r->org_name_en = db_col_text(s, 13, NULL);
	r->details = db_col_text(s, 14, NULL);
	r->request_id = db_col_text(s, 15, NULL);
}

/*
 * The texts a statement is bound to: the statement reads them when it
 * runs, so they live as long as it (bound by address, not copied).
 */
struct texts {
	char	 cur[32], id[24];
};

/* The statement for who's reach and t's filter, bound (to x's texts). */
static struct db_stmt *
prepare(struct db *db, const struct principal *who, enum audit_reads reads,
    const struct trail_filter *t, int64_t actor, struct texts *x)
{
	char		*cur = x->cur, *id = x->id;
	int64_t		 cur_id = t->after_id > 0 ? t->after_id : INT64_MAX,
			 n = (int64_t)t->limit + 1, org = who->org_id;
	const char	*from = t->from_utc, *to = t->to_utc;

	if (t->after_id > 0)
		trail_us_text(t->after_us, cur, sizeof(x->cur));
	else
		snprintf(cur, sizeof(x->cur), "%s", t->to_utc);
	snprintf(id, sizeof(x->id), "%lld", (long long)t->object);
	if (reads == AUDIT_READS_ALL && *t->type != '\0' && actor > 0)
		return db_preparef(db, sql_all_object_actor, "ttittttii",
		    t->type, id, actor, from, to, cur, cur, cur_id, n);
	if (reads == AUDIT_READS_ALL && *t->type != '\0')
		return db_preparef(db, sql_all_object, "ttttttii", t->type,
		    id, from, to, cur, cur, cur_id, n);
	if (reads == AUDIT_READS_ALL && actor > 0)
		return db_preparef(db, sql_all_actor, "ittttii", actor, from,
		    to, cur, cur, cur_id, n);
	if (reads == AUDIT_READS_ALL)
		return db_preparef(db, sql_all, "ttttii", from, to, cur, cur,
		    cur_id, n);
	if (*t->type != '\0' && actor > 0)
		return db_preparef(db, sql_own_object_actor, "ittittttii", org,
		    t->type, id, actor, from, to, cur, cur, cur_id, n);
	if (*t->type != '\0')
		return db_preparef(db, sql_own_object, "ittttttii", org,
		    t->type, id, from, to, cur, cur, cur_id, n);
	if (actor > 0)
		return db_preparef(db, sql_own_actor, "iittttii", org, actor,
		    from, to, cur, cur, cur_id, n);
	return db_preparef(db, sql_own, "ittttii", org, from, to, cur, cur,
	    cur_id, n);
}

/*
 * The rows of the trail who may read that pass t, newest first, at most
 * t->limit of them, each through fn(ctx, row) (which returns -1 to
 * stop: out of memory); *more is set when another row follows.  200, or
 * the refusal in f: 403 (not a reader), 404 (the object out of reach).
 */
int
trail_read(struct db *db, const struct principal *who,
    const struct trail_filter *t, trail_row_fn fn, void *ctx, int *more,
    struct fault *f)
{
	enum audit_reads	 reads = audit_reader(who);
	struct trail_row	 row;
	struct texts		 x;
	struct db_stmt		*s;
	int64_t			 actor = 0;
	int			 rc, n = 0;

	*more = 0;
	if (reads == AUDIT_READS_NONE)
		return fault_set(f, 403, "forbidden", "the audit trail is "
		    "its administrators'");
	if (db == NULL)
		return 503;
	if (*t->type != '\0' && (rc = object_reached(db, who, reads, t)) != 1)
		return rc == 0 ? fault_set(f, 404, "not_found",
		    "no such %s", t->type) : 500;
	/* an unknown login changed nothing */
	if (*t->actor != '\0' && (rc = one_int(db_preparef(db, sql_actor,
	    "t", t->actor), &actor)) != 1)
		return rc == 0 ? 200 : 500;
	if ((s = prepare(db, who, reads, t, actor, &x)) == NULL)
		return 500;
	while ((rc = db_step(s)) == DB_ROW) {
		if (n++ == t->limit) {
			*more = 1;
			break;
		}
		row_of(s, &row);
		if (fn(ctx, &row) == -1) {
			rc = DB_ERROR;
			break;
		}
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? 500 : 200;
}
