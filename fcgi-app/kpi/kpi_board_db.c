/*
 * kpi_board_db.c: what the staff dashboard reads (as rows of struct
 * kpi_row to a callback, and struct kpi_counts), for whose dealers (a
 * kpi_own and its key): the dealers worst first by a figure, the figures
 * month by month, the counts beside them (dealers by tier, orders late
 * against their promised date in the last 30 days, complaints past a
 * clock now), and for HQ the figures region by region.
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "kpi.h"

#define SUMS_COLS \
	"SUM(k.stock_days), SUM(k.sold), SUM(k.revenue), SUM(k.cost), " \
	"SUM(k.category_sales), SUM(k.complaints_filed), " \
	"SUM(k.complaints_on_time)"

/* Owners as the dealer table binds them: ? then the months. */
#define OWN_ALL		"? = 0"
#define OWN_REGION	"k.region_id = ?"
#define OWN_MANAGER	"k.dealer_id IN (SELECT dealer_id FROM " \
	"manager_dealers WHERE manager_id = ?)"
#define OWN_DEALER	"k.dealer_id = ?"
#define CHAINED(col)	col " IN (SELECT id FROM orgs WHERE chain_id = ?)"
#define OWN_CHAIN	CHAINED("k.dealer_id")

/*
 * The dealers' sums over the months, the worst limit of them by the
 * order, then their names: aggregated by dealer first (over the primary
 * key for HQ: a dealer's months lie together), joined for the few shown.
 */
#define DEALERS(hint, owner, order_in, order_out) \
	"SELECT d.id, d.code, d.name_zh, d.name_en, COALESCE(d.tier, ''), " \
	"x.sd, x.so, x.re, x.co, x.ca, x.fi, x.ot FROM (SELECT k.dealer_id, " \
	"SUM(k.stock_days) AS sd, SUM(k.sold) AS so, SUM(k.revenue) AS re, " \
	"SUM(k.cost) AS co, SUM(k.category_sales) AS ca, " \
	"SUM(k.complaints_filed) AS fi, SUM(k.complaints_on_time) AS ot FROM " \
	"kpi_month k " hint " WHERE " owner " AND k.month BETWEEN ? AND ? " \
	"GROUP BY k.dealer_id ORDER BY " order_in ", k.dealer_id LIMIT ?) x " \
	"JOIN orgs d ON d.id = x.dealer_id ORDER BY " order_out ", d.id"

/*
 * Worst first; a figure with no data last.  The sums by name: inside the
 * grouping the aggregates themselves (S), outside the derived table's
 * columns (X).
 */
#define S(c)	"SUM(k." c ")"
#define X(c)	"x." c
#define SD_S	S("stock_days")
#define SO_S	S("sold")
#define RE_S	S("revenue")
#define CO_S	S("cost")
#define CA_S	S("category_sales")
#define FI_S	S("complaints_filed")
#define OT_S	S("complaints_on_time")
#define BY_TURNOVER(sd, so) \
	"(" so " = 0 AND " sd " > 0) DESC, " so " = 0, " sd " / " so " DESC"
#define BY_MARGIN(re, co)	re " = 0, (" re " - " co ") / " re
#define BY_RESOLUTION(fi, ot)	fi " = 0, " ot " / " fi
#define BY_SHARE(re, ca)	ca " = 0, " re " / " ca

#define BY_OWNER(in, out) \
	{ DEALERS("FORCE INDEX (PRIMARY)", OWN_ALL, in, out), \
	  DEALERS("", OWN_REGION, in, out), DEALERS("", OWN_MANAGER, in, out), \
	  DEALERS("", OWN_DEALER, in, out), DEALERS("", OWN_CHAIN, in, out) }

static const char *const sql_by_turnover[] = BY_OWNER(
    BY_TURNOVER(SD_S, SO_S), BY_TURNOVER(X("sd"), X("so")));
static const char *const sql_by_margin[] = BY_OWNER(BY_MARGIN(RE_S, CO_S),
    BY_MARGIN(X("re"), X("co")));
static const char *const sql_by_resolution[] = BY_OWNER(
    BY_RESOLUTION(FI_S, OT_S), BY_RESOLUTION(X("fi"), X("ot")));
static const char *const sql_by_share[] = BY_OWNER(BY_SHARE(RE_S, CA_S),
    BY_SHARE(X("re"), X("ca")));
KPI_OWNERS_ALL(sql_by_turnover);
KPI_OWNERS_ALL(sql_by_margin);
KPI_OWNERS_ALL(sql_by_resolution);
KPI_OWNERS_ALL(sql_by_share);
static const char *const *const sql_dealers[KPI_SORT__MAX] = {
	sql_by_turnover, sql_by_margin, sql_by_resolution, sql_by_share,
};

/* month by month: HQ's and a region's from the region summary */
#define TREND(table, owner) \
	"SELECT k.month, " SUMS_COLS " FROM " table " k WHERE " owner \
	" AND k.month BETWEEN ? AND ? GROUP BY k.month ORDER BY k.month"

static const char *const sql_trend[] = {
	TREND("kpi_region_month", OWN_ALL),
	TREND("kpi_region_month", OWN_REGION),
	TREND("kpi_month", OWN_MANAGER),
	TREND("kpi_month", OWN_DEALER),
	TREND("kpi_month", OWN_CHAIN),
};
KPI_OWNERS_ALL(sql_trend);


#define TIERS(owner) \
	"SELECT COALESCE(d.tier, '-'), COUNT(*) FROM orgs d WHERE d.kind = " \
	"'dealer' AND " owner " GROUP BY d.tier ORDER BY d.tier"
#define LATE(owner) \
	"SELECT COUNT(*) FROM orders o WHERE " owner " AND o.promised_date " \
	"BETWEEN ? AND ? AND o.status IN ('approved', 'scheduled', " \
	"'in_production', 'shipped')"
#define OVERDUE(owner) \
	"SELECT COUNT(*) FROM complaints c WHERE " owner " AND c.next_due < " \
	"UTC_TIMESTAMP(6)"
#define MANAGED(col) \
	col " IN (SELECT dealer_id FROM manager_dealers WHERE manager_id = ?)"

static const char *const sql_tiers[] = {
	TIERS("? = 0"), TIERS("d.region_id = ?"), TIERS(MANAGED("d.id")),
	TIERS("d.id = ?"), TIERS("d.chain_id = ?"),
};
static const char *const sql_late[] = {
	LATE("? = 0"), LATE("o.region_id = ?"), LATE(MANAGED("o.dealer_id")),
	LATE("o.dealer_id = ?"), LATE("o.chain_id = ?"),
};
static const char *const sql_overdue[] = {
	OVERDUE("? = 0"), OVERDUE("c.region_id = ?"),
	OVERDUE(MANAGED("c.dealer_id")), OVERDUE("c.dealer_id = ?"),
	OVERDUE(CHAINED("c.dealer_id")),
};
KPI_OWNERS_ALL(sql_tiers);
KPI_OWNERS_ALL(sql_late);
KPI_OWNERS_ALL(sql_overdue);
static const char sql_regions[] =
	"SELECT r.id, r.code, r.name_zh, r.name_en, SUM(k.stock_days), "
	"SUM(k.sold), SUM(k.revenue), SUM(k.cost), SUM(k.category_sales), "
	"SUM(k.complaints_filed), SUM(k.complaints_on_time) FROM "
	"kpi_region_month k JOIN orgs r ON r.id = k.region_id WHERE k.month "
	"BETWEEN ? AND ? "
	"GROUP BY r.id, r.code, r.name_zh, r.name_en ORDER BY r.code";

/* Columns from col on: the sums, into s. */
static void
sums_of(struct db_stmt *st, int col, struct kpi_sums *s)
{
	int64_t	*v[] = { &s->stock_days, &s->sold, &s->revenue, &s->cost,
	    &s->category_sales, &s->filed, &s->on_time };
	size_t	 i;

	for (i = 0; i < NELEM(v); i++)
		*v[i] = db_col_int(st, col + (int)i);
}

static int
count(struct db *db, const char *sql, const char *types, int64_t key,
    const char *a, const char *b, int64_t *n)
{
	struct db_stmt	*s;
	int		 ok;

	s = *types == 'i' && types[1] == '\0' ? db_preparef(db, sql, "i",
	    key) : db_preparef(db, sql, "itt", key, a, b);
	ok = s != NULL && db_step(s) == DB_ROW;
	*n = ok ? db_col_int(s, 0) : 0;
	db_stmt_release(s);
	return ok ? 0 : -1;
}

/* The counts of whose dealers into c: 0, or -1. */
int
kpi_board_counts(struct db *db, enum kpi_own own, int64_t key,
    struct kpi_counts *c)
{
	char	 a[11], b[11];

	memset(c, 0, sizeof(*c));
	util_china_date(a, sizeof(a), -30);
	util_china_date(b, sizeof(b), -1);
	if (count(db, sql_late[own], "itt", key, a, b, &c->late) == -1 ||
	    count(db, sql_overdue[own], "i", key, NULL, NULL, &c->overdue) ==
	    -1)
		return -1;
	return kpi_board_tiers(db_preparef(db, sql_tiers[own], "i", key), c);
}

/* Rows of (tier, dealers) from s into c's tiers; s released: 0, or -1. */
int
kpi_board_tiers(struct db_stmt *s, struct kpi_counts *c)
{
	int	 rc;

	if (s == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW && c->ntiers < KPI_TIERS_MAX) {
		snprintf(c->tiers[c->ntiers].tier, sizeof(c->tiers[0].tier),
		    "%s", db_col_text(s, 0, NULL));
		c->tiers[c->ntiers++].dealers = db_col_int(s, 1);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * An account manager's dealers, every one assigned (one with no month in
 * the span has its sums 0: "no data"), worst first by turnover as the
 * dealer table, at most a limit.
 */
static const char sql_manager_dealers[] =
	"SELECT d.id, d.code, d.name_zh, d.name_en, COALESCE(d.tier, ''), "
	"x.sd, x.so, x.re, x.co, x.ca, x.fi, x.ot FROM (SELECT m.dealer_id, "
	"COALESCE(SUM(k.stock_days), 0) AS sd, COALESCE(SUM(k.sold), 0) AS "
	"so, COALESCE(SUM(k.revenue), 0) AS re, COALESCE(SUM(k.cost), 0) AS "
	"co, COALESCE(SUM(k.category_sales), 0) AS ca, "
	"COALESCE(SUM(k.complaints_filed), 0) AS fi, "
	"COALESCE(SUM(k.complaints_on_time), 0) AS ot FROM manager_dealers m "
	"LEFT JOIN kpi_month k ON k.dealer_id = m.dealer_id AND k.month "
	"BETWEEN ? AND ? WHERE m.manager_id = ? GROUP BY m.dealer_id) x JOIN "
	"orgs d ON d.id = x.dealer_id ORDER BY " BY_TURNOVER("x.sd", "x.so")
	", d.id LIMIT ?";

/* Where a table's columns are: -1 not in it; name: zh, then en. */
struct cols {
	int	 id, code, name, tier, month, sums;
};
static const struct cols regions_cols = { 0, 1, 2, -1, -1, 4 };
static const struct cols dealers_cols = { 0, 1, 2, 4, -1, 5 };
static const struct cols trend_cols = { -1, -1, -1, -1, 0, 1 };

static const char *
text_at(struct db_stmt *s, int col)
{
	return col < 0 ? NULL : db_col_text(s, col, NULL);
}

/* Each row of s to fn as c says, names in lang; s released: 0, or -1. */
static int
rows(struct db_stmt *s, const struct cols *c, const char *lang,
    kpi_row_fn *fn, void *arg)
{
	struct kpi_row	 w;
	int		 rc, en = strcmp(lang, "en") == 0;

	if (s == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		w.id = c->id < 0 ? 0 : db_col_int(s, c->id);
		w.code = text_at(s, c->code);
		w.name = text_at(s, c->name < 0 ? -1 : c->name + en);
		w.tier = text_at(s, c->tier);
		w.month = text_at(s, c->month);
		sums_of(s, c->sums, &w.sums);
		if (fn(&w, arg) == -1) {
			rc = DB_ERROR;
			break;
		}
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* HQ's figures region by region, months from..to, to fn: 0, or -1. */
int
kpi_board_regions(struct db *db, const char *lang, const char *from,
    const char *to, kpi_row_fn *fn, void *arg)
{
	return rows(db_preparef(db, sql_regions, "tt", from, to),
	    &regions_cols, lang, fn, arg);
}

/*
 * Whose dealers with their figures and tiers, the worst limit by sort,
 * months from..to, to fn: 0, or -1.
 */
int
kpi_board_dealers(struct db *db, enum kpi_own own, int64_t key,
    const char *from, const char *to, int sort, int limit, const char *lang,
    kpi_row_fn *fn, void *arg)
{
	return rows(db_preparef(db, sql_dealers[sort][own], "itti", key, from,
	    to, (int64_t)limit), &dealers_cols, lang, fn, arg);
}

/* Whose figures month by month from..to, to fn: 0, or -1. */
int
kpi_board_trend(struct db *db, enum kpi_own own, int64_t key,
    const char *from, const char *to, kpi_row_fn *fn, void *arg)
{
	return rows(db_preparef(db, sql_trend[own], "itt", key, from, to),
	    &trend_cols, "zh-CN", fn, arg);
}

/*
 * Account manager's dealers, all of them (the first limit, worst first by
 * turnover), their sums over months from..to, to fn: 0, or -1.
 */
int
kpi_board_manager_dealers(struct db *db, int64_t manager, const char *from,
    const char *to, int limit, const char *lang, kpi_row_fn *fn, void *arg)
{
	return rows(db_preparef(db, sql_manager_dealers, "ttii", from, to,
	    manager, (int64_t)limit), &dealers_cols, lang, fn, arg);
}
