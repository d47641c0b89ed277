/*
 * kpi_db.c: the sums under the four figures of whose dealers over months
 * (read from kpi_month, see migration 0018: a few rows per dealer and
 * month, summed by SQL), and a dealer's tier as the last run ranked it
 * (the read model of GET /api/v1/dealers/{id}/tier, the dealer's
 * dashboard and the home page)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "kpi.h"

static const char sql_tier_last[] =
	"SELECT h.tier, h.score, h.value, h.potential, h.rank_no, r.id, "
	"r.dealers, COALESCE(r.a_min, -1), COALESCE(r.b_min, -1), "
	"COALESCE(r.c_min, -1), DATE_FORMAT(r.at, '%Y-%m-%dT%H:%i:%sZ'), "
	"r.cause FROM tier_history h JOIN tier_runs r ON r.id = h.run_id WHERE "
	"h.dealer_id = ? ORDER BY h.run_id DESC LIMIT 1";
static const char sql_tier_history[] =
	"SELECT r.id, DATE_FORMAT(r.day, '%Y-%m-%d'), h.tier FROM tier_history "
	"h JOIN tier_runs r ON r.id = h.run_id WHERE h.dealer_id = ? ORDER BY "
	"h.run_id DESC LIMIT 12";
static const char sql_tier_org[] =
	"SELECT COALESCE(tier, ''), code, name_zh, name_en FROM orgs WHERE "
	"id = ?";

/* a dealer's and a manager's from kpi_month, a region's and HQ's from
 * kpi_region_month: the same columns */
#define SUMS_FROM(table, owner) \
	"SELECT COALESCE(SUM(k.stock_days), 0), COALESCE(SUM(k.sold), 0), " \
	"COALESCE(SUM(k.revenue), 0), COALESCE(SUM(k.cost), 0), " \
	"COALESCE(SUM(k.category_sales), 0), " \
	"COALESCE(SUM(k.complaints_filed), 0), " \
	"COALESCE(SUM(k.complaints_on_time), 0) FROM " table " k WHERE " \
	owner " AND k.month BETWEEN ? AND ?"
#define SUMS(owner)	SUMS_FROM("kpi_month", owner)
#define RSUMS(owner)	SUMS_FROM("kpi_region_month", owner)

static const char *const sql_sums[] = {
	RSUMS("? = 0"),
	RSUMS("k.region_id = ?"),
	SUMS("k.dealer_id IN (SELECT dealer_id FROM manager_dealers WHERE "
	    "manager_id = ?)"),
	SUMS("k.dealer_id = ?"),
	SUMS("k.dealer_id IN (SELECT id FROM orgs WHERE chain_id = ?)"),
};
KPI_OWNERS_ALL(sql_sums);
static const char sql_dealer_tier[] = "SELECT tier FROM orgs WHERE id = ?";
static const char sql_chain[] =
	"SELECT id FROM orgs WHERE id = ? AND kind = 'chain'";
static const char sql_region[] =
	"SELECT id FROM orgs WHERE id = ? AND kind = 'region'";
/* an account manager, and the region it works in */
static const char sql_manager[] =
	"SELECT u.org_id FROM users u JOIN orgs g ON g.id = u.org_id WHERE "
	"u.id = ? AND g.kind = 'region' AND FIND_IN_SET('account_manager', "
	"u.roles)";
#define COPY(to, s, col) snprintf(to, sizeof(to), "%s", db_col_text(s, col, \
	NULL))

/*
 * The dealer's code, names and current tier (what prices its promotions:
 * the last run's, or what an admin set since).
 */
static int
current(struct db *db, struct kpi_tier *t)
{
	struct db_stmt	*s = db_preparef(db, sql_tier_org, "i", t->dealer);
	int		 rc;

	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		t->known = 1;
		COPY(t->tier, s, 0);
		COPY(t->code, s, 1);
		COPY(t->name_zh, s, 2);
		COPY(t->name_en, s, 3);
	}
	db_stmt_release(s);
	return 0;
}

static int
last_run(struct db *db, struct kpi_tier *t)
{
	struct db_stmt	*s = db_preparef(db, sql_tier_last, "i", t->dealer);
	int		 rc, i;

	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		COPY(t->ranked, s, 0);
		t->score = db_col_int(s, 1);
		t->value = db_col_int(s, 2);
		t->potential = db_col_int(s, 3);
		t->rank = db_col_int(s, 4);
		t->run = db_col_int(s, 5);
		t->run_dealers = db_col_int(s, 6);
		for (i = 0; i < 3; i++)
			t->mins[i] = db_col_int(s, 7 + i);
		COPY(t->run_at, s, 10);
		COPY(t->run_cause, s, 11);
	}
	db_stmt_release(s);
	return 0;
}

static int
history(struct db *db, struct kpi_tier *t)
{
	struct db_stmt	*s = db_preparef(db, sql_tier_history, "i",
	    t->dealer);
	int		 rc;

	if (s == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW && t->nhistory < KPI_TIER_HISTORY) {
		t->history[t->nhistory].run = db_col_int(s, 0);
		COPY(t->history[t->nhistory].day, s, 1);
		COPY(t->history[t->nhistory].tier, s, 2);
		t->nhistory++;
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * Dealer's tier into t, if who reaches it as for its figures (an account
 * manager its own dealers): 200, 404 in f, or 500.
 */
int
kpi_tier_read(struct db *db, const struct principal *who, int64_t dealer,
    struct kpi_tier *t, struct fault *f)
{
	struct scope	 sc;
	int		 rc;

	memset(t, 0, sizeof(*t));
	t->dealer = dealer;
	scope_write(who, &sc);
	if ((rc = scope_dealer_reach(db, &sc, dealer)) == -1)
		return 500;
	if (rc == 0)
		return fault_set(f, 404, "not_found", "no such dealer");
	return last_run(db, t) == -1 || current(db, t) == -1 ||
	    history(db, t) == -1 ? 500 : 200;
}

/*
 * The sums of whose (a kpi_own) key's dealers over months from..to into
 * *s: 0, or -1.
 */
int
kpi_total(struct db *db, enum kpi_own own, int64_t key, const char *from,
    const char *to, struct kpi_sums *s)
{
	int64_t		*v[] = { &s->stock_days, &s->sold, &s->revenue,
	    &s->cost, &s->category_sales, &s->filed, &s->on_time };
	struct db_stmt	*st;
	size_t		 i;

	if ((st = db_preparef(db, sql_sums[own], "itt", key, from, to)) ==
	    NULL || db_step(st) != DB_ROW) {
		db_stmt_release(st);
		return -1;
	}
	for (i = 0; i < NELEM(v); i++)
		*v[i] = db_col_int(st, (int)i);
	db_stmt_release(st);
	return 0;
}

/* One row of sql for id: 1 found (its column 0 into out), 0, or -1. */
static int
lookup(struct db *db, const char *sql, int64_t id, char *out, size_t size)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql, "i", id)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW && out != NULL)
		snprintf(out, size, "%s", db_col_text(s, 0, NULL));
	db_stmt_release(s);
	return rc == DB_ROW;
}

/* A dealer's tier ("" none) into out: 1 found, 0, or -1. */
int
kpi_dealer_tier(struct db *db, int64_t dealer, char *out, size_t size)
{
	*out = '\0';
	return lookup(db, sql_dealer_tier, dealer, out, size);
}

/* Is region one: 1, 0, or -1. */
int
kpi_region_is(struct db *db, int64_t region)
{
	return lookup(db, sql_region, region, NULL, 0);
}

/* Is chain one: 1, 0, or -1. */
int
kpi_chain_is(struct db *db, int64_t chain)
{
	return lookup(db, sql_chain, chain, NULL, 0);
}

/* The region account manager user works in into *region: 1, 0, or -1. */
int
kpi_manager_region(struct db *db, int64_t user, int64_t *region)
{
	char	 id[24];
	int	 rc;

	if ((rc = lookup(db, sql_manager, user, id, sizeof(id))) == 1)
		*region = strtoll(id, NULL, 10);
	return rc;
}
