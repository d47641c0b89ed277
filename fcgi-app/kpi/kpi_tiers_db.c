/*
 * kpi_tiers_db.c: recomputing every dealer's A/B/C/D tier (migration 0019
 * says how), nightly after 02:00 China time from the worker's tick (once a
 * day however many nodes run it: the run's day is unique) and on demand;
 * each run kept with its thresholds and every dealer's score, rank and
 * tier.  The thresholds are set conditionally on their version.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../auth/auth.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "../db/db_changes.h"
#include "kpi.h"

static const char sql_config[] =
	"SELECT a_pct, b_pct, c_pct, potential_pct, version FROM tier_config "
	"WHERE id = 1 FOR UPDATE";
static const char sql_run[] =
	"INSERT INTO tier_runs (day, cause, actor_user_id, a_pct, b_pct, "
	"c_pct, potential_pct) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?)";
/* run ?, a ?, a ? b ?, a ? b ? c ?, potential ? ?, from month ? */
static const char sql_history[] =
	"INSERT INTO tier_history (run_id, dealer_id, tier, previous, score, "
	"value, potential, rank_no) SELECT ?, x.id, CASE WHEN (x.rn - 1) * 100 "
	"< x.n * ? THEN 'A' WHEN (x.rn - 1) * 100 < x.n * (? + ?) THEN 'B' "
	"WHEN (x.rn - 1) * 100 < x.n * (? + ? + ?) THEN 'C' ELSE 'D' END, "
	"x.tier, x.score, x.value, x.potential, x.rn FROM (SELECT d.id, "
	"d.tier, COALESCE(v.value, 0) AS value, COALESCE(p.potential, 0) AS "
	"potential, COALESCE(v.value, 0) + COALESCE(p.potential, 0) * ? DIV "
	"100 AS score, ROW_NUMBER() OVER (ORDER BY COALESCE(v.value, 0) + "
	"COALESCE(p.potential, 0) * ? DIV 100 DESC, d.id) AS rn, COUNT(*) "
	"OVER () AS n FROM orgs d LEFT JOIN (SELECT dealer_id, SUM(total) AS "
	"value FROM orders WHERE status IN ('shipped', 'delivered', 'closed') "
	"AND created_at >= UTC_TIMESTAMP(6) - INTERVAL 12 MONTH GROUP BY "
	"dealer_id) v ON v.dealer_id = d.id LEFT JOIN (SELECT dealer_id, "
	"GREATEST(0, SUM(category_sales) - SUM(revenue)) AS potential FROM "
	"kpi_month WHERE month >= ? GROUP BY dealer_id) p ON p.dealer_id = "
	"d.id WHERE d.kind = 'dealer') x";
static const char sql_mins[] =
	"UPDATE tier_runs r JOIN (SELECT COUNT(*) AS n, MIN(IF(tier = 'A', "
	"score, NULL)) AS a, MIN(IF(tier = 'B', score, NULL)) AS b, "
	"MIN(IF(tier = 'C', score, NULL)) AS c FROM tier_history WHERE run_id = "
	"?) h SET r.dealers = h.n, r.a_min = h.a, r.b_min = h.b, r.c_min = h.c "
	"WHERE r.id = ?";
static const char sql_orgs[] =
	"UPDATE orgs d JOIN tier_history h ON h.dealer_id = d.id AND "
	"h.run_id = ? SET d.tier = h.tier, d.version = d.version + 1 WHERE "
	"NOT (d.tier <=> h.tier)";
static const char sql_done[] =
	"SELECT id FROM tier_runs WHERE nightly_day = ?";
static const char sql_set[] =
	"UPDATE tier_config SET a_pct = ?, b_pct = ?, c_pct = ?, "
	"potential_pct = ?, version = version + 1 WHERE id = 1 AND version = ?";
static const char sql_counts[] =
	"SELECT tier, COUNT(*) FROM tier_history WHERE run_id = ? GROUP BY "
	"tier ORDER BY tier";

/*
 * One run (cause "nightly" or "demand", by actor or 0) in a transaction:
 * 0 with its id in *run, 1 if tonight's run is done already, -1 error.
 */
int
kpi_tiers_run(struct db *db, const char *cause, int64_t actor, int64_t *run)
{
	struct db_stmt	*s;
	int64_t		 c[4];
	uint64_t	 id = 0;
	char		 today[11], from[11];
	int		 i, ok;

	util_china_date(today, sizeof(today), 0);
	util_china_date(from, sizeof(from), -334);	/* twelve months */
	from[7] = '\0';
	if (db_begin(db) == -1)
		return -1;
	/* the config's row serialises runs */
	if ((s = db_preparef(db, sql_config, "")) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		goto fail;
	}
	for (i = 0; i < 4; i++)
		c[i] = db_col_int(s, i);
	db_stmt_release(s);
	if (db_execv(db, sql_run, &id, "ttiiiii", today, cause, actor,
	    c[0], c[1], c[2], c[3]) != 1) {
		db_rollback(db);
		return db_is_duplicate(db) ? 1 : -1;
	}
	ok = db_execv(db, sql_history, NULL, "iiiiiiiiit",
	    (int64_t)id, c[0], c[0], c[1], c[0], c[1], c[2], c[3], c[3],
	    from) >= 0 && db_execv(db, sql_mins, NULL, "ii",
	    (int64_t)id, (int64_t)id) >= 0 && db_execv(db, sql_orgs,
	    NULL, "i", (int64_t)id) >= 0;
	if (ok)		/* the dealers' promotions, at once here */
		changes_local("tier", 0);
	if (!ok || db_commit(db) == -1)
		goto fail;
	*run = (int64_t)id;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

/* From the worker's tick: tonight's run, once, after 02:00 China time. */
void
kpi_tiers_nightly(struct db *db)
{
	struct db_stmt	*s;
	char		 today[11];
	time_t		 t = time(NULL) + 8 * 3600;
	struct tm	 tm;
	int64_t		 run;
	int		 rc;

	gmtime_r(&t, &tm);
	if (tm.tm_hour < 2)
		return;
	util_china_date(today, sizeof(today), 0);
	if ((s = db_preparef(db, sql_done, "t", today)) == NULL)
		return;
	rc = db_step(s);
	db_stmt_release(s);
	if (rc != DB_DONE)
		return;
	if ((rc = kpi_tiers_run(db, "nightly", 0, &run)) == -1)
		log_error("the nightly tier run failed");
	else if (rc == 0)
		log_info("tiers recomputed: run %lld", (long long)run);
}

/* A run's dealers by tier into c (its tiers; late, overdue 0): 0, or -1. */
int
kpi_tiers_counts(struct db *db, int64_t run, struct kpi_counts *c)
{
	memset(c, 0, sizeof(*c));
	return kpi_board_tiers(db_preparef(db, sql_counts, "i", run), c);
}

/* The thresholds a, b, c, potential and the version into v: 0, or -1. */
int
kpi_tiers_config_read(struct db *db, int64_t *v)
{
	struct db_stmt	*s;
	int		 i;

	/* a plain read: FOR UPDATE outside a transaction locks nothing */
	if ((s = db_preparef(db, sql_config, "")) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	for (i = 0; i < 5; i++)
		v[i] = db_col_int(s, i);
	db_stmt_release(s);
	return 0;
}

/* A run on demand by who (HQ's admins and key accounts): 200, 403, 409. */
int
kpi_tiers_recompute(struct db *db, const struct principal *who,
    int64_t *run, struct fault *f)
{
	if (who->kind != ORG_HQ || !(who->roles & (ROLE_ADMIN |
	    ROLE_HQ_KEY_ACCOUNT)))
		return fault_set(f, 403, "forbidden", "HQ recomputes tiers");
	if (kpi_tiers_run(db, "demand", who->user_id, run) != 0)
		return db_is_conflict(db) ? fault_set(f, 409, "conflict",
		    "another run is under way; try again") : 500;
	return 200;
}

/*
 * Set the thresholds a, b, c, potential (percentages, a at least 1, a + b
 * + c at most 100) if their version is still v[4], by who (HQ's admins):
 * 200, 403, 409 or 422 in f, 500.
 */
int
kpi_tiers_config_update(struct db *db, const struct principal *who,
    const int64_t *v, struct fault *f)
{
	static const char *const keys[] = { "a_pct", "b_pct", "c_pct",
	    "potential_pct", "version" };
	int	 i, rc;

	if (who->kind != ORG_HQ || !(who->roles & ROLE_ADMIN))
		return fault_set(f, 403, "forbidden", "HQ's admins set the "
		    "tiers' thresholds");
	for (i = 0; i < 5; i++)
		if (v[i] < (i == 0 || i == 4 ? 1 : 0) || v[i] > (i == 4 ?
		    INT32_MAX : 100))
			fault_field(f, keys[i], i == 4 ? "required: the "
			    "version you read" : "required: a percentage, 0 "
			    "to 100 (a_pct at least 1)");
	if (!fault_fields(f) && v[0] + v[1] + v[2] > 100)
		fault_field(f, "c_pct", "a_pct + b_pct + c_pct is at most 100");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = db_execv(db, sql_set, NULL, "iiiii", v[0], v[1], v[2], v[3],
	    v[4])) == -1)
		return 500;
	return rc == 0 ? fault_set(f, 409, "conflict", "the thresholds "
	    "changed meanwhile; reload") : 200;
}
