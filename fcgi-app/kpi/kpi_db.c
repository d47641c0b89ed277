/*
 * kpi_db.c: a dealer's tier as the last run ranked it (the read model of
 * GET /api/v1/dealers/{id}/tier, the dealer's dashboard and home page)
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/fault.h"
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
