/*
 * approvals_queue_db.c: the orders waiting for the caller's decision,
 * with each dealer's credit position (GET /api/v1/approvals, /approvals)
 *
 * A region approver's queue is its region's submitted orders; an HQ key
 * account's is every escalated order.  Oldest first (sort=age, the
 * default) or largest first (sort=value), by keyset cursor (the last
 * order's id, or for value its "total.id").  Orders
 * waiting more than 24 hours are flagged, and counted per region.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "approvals.h"

#define QUEUE_COLS \
	"o.id, o.number, o.dealer_id, d.name_zh, d.name_en, d.tier, " \
	"o.total, DATE_FORMAT(o.created_at, '%Y-%m-%dT%H:%i:%sZ'), " \
	"TIMESTAMPDIFF(MINUTE, o.created_at, UTC_TIMESTAMP(6)), " \
	"COALESCE(c.credit_limit, 0), COALESCE((SELECT SUM(amount) FROM " \
	"ledger_entries l WHERE l.dealer_id = o.dealer_id), 0), " \
	"COALESCE((SELECT " CREDIT_OPEN_VALUE("x") " FROM orders x WHERE " \
	"x.dealer_id = " \
	"o.dealer_id AND x.status IN " CREDIT_OPEN_STATUSES "), 0)"
#define QUEUE_FROM(hint) \
	" FROM orders o " hint " JOIN orgs d ON d.id = o.dealer_id LEFT JOIN " \
	"dealer_credit c ON c.dealer_id = o.dealer_id WHERE "
/* owner ? , status ?, then the cursor and the limit */
#define BY_AGE(hint, owner) \
	"SELECT " QUEUE_COLS QUEUE_FROM(hint) owner " AND o.status = ? " \
	"AND o.id > ? ORDER BY o.id LIMIT ?"
#define BY_VALUE(hint, owner) \
	"SELECT " QUEUE_COLS QUEUE_FROM(hint) owner " AND o.status = ? " \
	"AND (o.total < ? OR (o.total = ? AND o.id < ?)) " \
	"ORDER BY o.total DESC, o.id DESC LIMIT ?"

enum queue { Q_REGION_AGE, Q_REGION_VALUE, Q_HQ_AGE, Q_HQ_VALUE, Q__MAX };

static const char *const sql_queue[Q__MAX] = {
	BY_AGE("FORCE INDEX (orders_region_status)",
	    SCOPE_OWNER_REGION("o")),
	BY_VALUE("FORCE INDEX (orders_region_status_total)",
	    SCOPE_OWNER_REGION("o")),
	BY_AGE("FORCE INDEX (orders_status)", SCOPE_OWNER_ALL("o")),
	BY_VALUE("FORCE INDEX (orders_status_total)", SCOPE_OWNER_ALL("o")),
};

#define COUNTS(owner) \
	"SELECT o.region_id, r.name_zh, r.name_en, SUM(o.status = " \
	"'submitted'), SUM(o.status = 'submitted' AND o.created_at < " \
	"UTC_TIMESTAMP(6) - INTERVAL 24 HOUR), SUM(o.status = 'escalated') " \
	"FROM orders o JOIN orgs r ON r.id = o.region_id WHERE " owner \
	" AND o.status IN ('submitted', 'escalated') GROUP BY o.region_id, " \
	"r.code, r.name_zh, r.name_en ORDER BY r.code"

static const char sql_counts_region[] = COUNTS(SCOPE_OWNER_REGION("o"));
static const char sql_counts_all[] = COUNTS(SCOPE_OWNER_ALL("o"));

/* What a page of the queue needs to know of its request. */
struct page {
	const char	*lang;
	int		 value;		/* sorted by value: "total.id" cursors */
};

static cJSON *
item(struct db_stmt *s, void *ctx)
{
	const char	*lang = ((struct page *)ctx)->lang;
	struct credit	 c;
	cJSON		*j = cJSON_CreateObject(), *d, *cr;
	int64_t		 minutes = db_col_int(s, 8);
	int		 en = strcmp(lang, "en") == 0;

	cJSON_AddStringToObject(j, "number", db_col_text(s, 1, NULL));
	d = cJSON_AddObjectToObject(j, "dealer");
	cJSON_AddNumberToObject(d, "id", (double)db_col_int(s, 2));
	cJSON_AddStringToObject(d, "name", db_col_text(s, en ? 4 : 3, NULL));
	cJSON_AddStringToObject(d, "tier", db_col_text(s, 5, NULL));
	cJSON_AddNumberToObject(j, "total", (double)db_col_int(s, 6));
	cJSON_AddStringToObject(j, "created_at", db_col_text(s, 7, NULL));
	cJSON_AddNumberToObject(j, "waiting_hours", (double)(minutes / 60));
	cJSON_AddBoolToObject(j, "late", minutes >= APPROVAL_LATE_HOURS * 60);
	c.version = 0;
	c.limit = db_col_int(s, 9);
	c.balance = db_col_int(s, 10);
	c.open = db_col_int(s, 11);
	cr = cJSON_AddObjectToObject(j, "credit");
	approvals_credit_json(cr, &c, db_col_int(s, 6));
	return j;
}

/* Per region: waiting (submitted), late (over 24 h), escalated. */
static int
counts(struct db *db, int hq, int64_t region, const char *lang, cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*list, *c;
	int		 rc, en = strcmp(lang, "en") == 0;

	if ((s = db_prepare(db, hq ? sql_counts_all : sql_counts_region)) ==
	    NULL || db_bind_int(s, 0, region) == -1) {
		db_stmt_release(s);
		return -1;
	}
	list = cJSON_AddArrayToObject(j, "regions");
	while ((rc = db_step(s)) == DB_ROW) {
		c = cJSON_CreateObject();
		cJSON_AddNumberToObject(c, "id", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(c, "name", db_col_text(s, en ? 2 : 1,
		    NULL));
		cJSON_AddNumberToObject(c, "waiting", (double)db_col_int(s, 3));
		cJSON_AddNumberToObject(c, "late", (double)db_col_int(s, 4));
		cJSON_AddNumberToObject(c, "escalated",
		    (double)db_col_int(s, 5));
		cJSON_AddItemToArray(list, c);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * The cursor: the last order's id (by age) or "total.id" (by value), so
 * a page follows from the cursor alone.  0, or -1 if it does not read.
 */
static int
cursor(const char *after, int value, int64_t *total, int64_t *id)
{
	int64_t	 a[2];

	*total = INT64_MAX;
	*id = value ? INT64_MAX : 0;
	if (after == NULL)
		return 0;
	if (http_cursor_parts(after, value ? 2 : 1, a) == -1)
		return -1;
	*total = value ? a[0] : INT64_MAX;
	*id = value ? a[1] : a[0];
	return 0;
}

/* The last order's cursor: its id, or "total.id" by value. */
static void
cursor_of(struct db_stmt *s, void *ctx, char *out, size_t size)
{
	if (((struct page *)ctx)->value)
		snprintf(out, size, "%lld.%lld", (long long)db_col_int(s, 6),
		    (long long)db_col_int(s, 0));
	else
		http_cursor_id(s, ctx, out, size);
}

/*
 * The page of the queue who decides (sort "age" or "value", NULL: age;
 * after a cursor from next_cursor): 200 with *out ({items, next_cursor,
 * regions, queue}), or the refusal (field errors already in f, the
 * limit's, refuse too).
 */
int
approvals_queue_read(struct db *db, const struct principal *who,
    const char *sort, const char *after, int limit, const char *lang,
    struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	struct page	 pg;
	int64_t		 total, id;
	int		 hq, value, i = 0;

	*out = NULL;
	if ((hq = approvals_decides(who)) == -1)
		return fault_set(f, 403, "forbidden", "you do not decide "
		    "orders");
	value = sort != NULL && strcmp(sort, "value") == 0;
	if (sort != NULL && !value && strcmp(sort, "age") != 0)
		fault_field(f, "sort", "age or value");
	if (cursor(after, value, &total, &id) == -1)
		fault_field(f, "after", "a cursor from next_cursor");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the query");
	if (db == NULL)
		return 503;
	if ((s = db_prepare(db, sql_queue[hq * 2 + value])) == NULL)
		return 500;
	db_bind_int(s, i++, hq ? 0 : who->region_id);
	db_bind_text(s, i++, hq ? "escalated" : "submitted");
	if (value) {
		db_bind_int(s, i++, total);
		db_bind_int(s, i++, total);
	}
	db_bind_int(s, i++, id);
	db_bind_int(s, i, limit + 1);
	*out = cJSON_CreateObject();
	pg.lang = lang;
	pg.value = value;
	if (http_keyset_items(s, limit, *out, item, &pg, cursor_of) == -1 ||
	    counts(db, hq, hq ? 0 : who->region_id, lang, *out) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	cJSON_AddStringToObject(*out, "queue", hq ? "escalated" : "submitted");
	return 200;
}
