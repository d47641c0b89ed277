/*
 * kpi_tiers.c: recomputing every dealer's A/B/C/D tier (migration 0019 says
 * how), nightly after 02:00 China time from the worker's tick (once a day
 * however many nodes run it: the run's day is unique) and on demand; each
 * run kept with its thresholds and every dealer's score, rank and tier.
 *   POST /api/v1/tiers/recompute		HQ's admins and key accounts
 *   GET  /api/v1/tiers/config, PUT it {"a_pct","b_pct","c_pct",
 *	 "potential_pct","version"}		HQ's admins
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

enum stmt { STMT_CONFIG, STMT_RUN, STMT_HISTORY, STMT_MINS, STMT_ORGS,
	STMT_DONE, STMT_SET, STMT_COUNTS, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT a_pct, b_pct, c_pct, potential_pct, version FROM tier_config "
	"WHERE id = 1 FOR UPDATE",
	"INSERT INTO tier_runs (day, cause, actor_user_id, a_pct, b_pct, "
	"c_pct, potential_pct) VALUES (?, ?, NULLIF(?, 0), ?, ?, ?, ?)",
	/* run ?, a ?, a ? b ?, a ? b ? c ?, potential ? ?, from month ? */
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
	"d.id WHERE d.kind = 'dealer') x",
	"UPDATE tier_runs r JOIN (SELECT COUNT(*) AS n, MIN(IF(tier = 'A', "
	"score, NULL)) AS a, MIN(IF(tier = 'B', score, NULL)) AS b, "
	"MIN(IF(tier = 'C', score, NULL)) AS c FROM tier_history WHERE run_id = "
	"?) h SET r.dealers = h.n, r.a_min = h.a, r.b_min = h.b, r.c_min = h.c "
	"WHERE r.id = ?",
	"UPDATE orgs d JOIN tier_history h ON h.dealer_id = d.id AND "
	"h.run_id = ? SET d.tier = h.tier, d.version = d.version + 1 WHERE "
	"NOT (d.tier <=> h.tier)",
	"SELECT id FROM tier_runs WHERE nightly_day = ?",
	"UPDATE tier_config SET a_pct = ?, b_pct = ?, c_pct = ?, "
	"potential_pct = ?, version = version + 1 WHERE id = 1 AND version = ?",
	"SELECT tier, COUNT(*) FROM tier_history WHERE run_id = ? GROUP BY "
	"tier ORDER BY tier",
};

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
	if ((s = db_preparef(db, stmts[STMT_CONFIG], "")) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		goto fail;
	}
	for (i = 0; i < 4; i++)
		c[i] = db_col_int(s, i);
	db_stmt_release(s);
	if (db_execv(db, stmts[STMT_RUN], &id, "ttiiiii", today, cause, actor,
	    c[0], c[1], c[2], c[3]) != 1) {
		db_rollback(db);
		return db_is_duplicate(db) ? 1 : -1;
	}
	ok = db_execv(db, stmts[STMT_HISTORY], NULL, "iiiiiiiiit",
	    (int64_t)id, c[0], c[0], c[1], c[0], c[1], c[2], c[3], c[3],
	    from) >= 0 && db_execv(db, stmts[STMT_MINS], NULL, "ii",
	    (int64_t)id, (int64_t)id) >= 0 && db_execv(db, stmts[STMT_ORGS],
	    NULL, "i", (int64_t)id) >= 0;
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
	if ((s = db_preparef(db, stmts[STMT_DONE], "t", today)) == NULL)
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

/* POST /api/v1/tiers/recompute */
int
kpi_tiers_recompute_post(struct req *r)
{
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 run;
	cJSON		*j, *t;
	int		 rc;

	if (r->who.kind != ORG_HQ || !(r->who.roles & (ROLE_ADMIN |
	    ROLE_HQ_KEY_ACCOUNT)))
		return http_error(r, 403, "forbidden", "HQ recomputes tiers");
	if ((db = http_db(r)) == NULL)
		return 503;
	if (kpi_tiers_run(db, "demand", r->who.user_id, &run) != 0)
		return db_is_conflict(db) ?
		    http_error(r, 409, "conflict", "another run is under way; "
		    "try again") : 500;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "run", (double)run);
	t = cJSON_AddObjectToObject(j, "tiers");
	if ((s = db_preparef(db, stmts[STMT_COUNTS], "i", run)) == NULL) {
		cJSON_Delete(j);
		return 500;
	}
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddNumberToObject(t, db_col_text(s, 0, NULL),
		    (double)db_col_int(s, 1));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

static const char *const config_keys[] = { "a_pct", "b_pct", "c_pct",
	"potential_pct", "version" };

static int
config_answer(struct req *r, struct db *db)
{
	struct db_stmt	*s;
	cJSON		*j;
	int		 i;

	/* a plain read: FOR UPDATE outside a transaction locks nothing */
	if ((s = db_preparef(db, stmts[STMT_CONFIG], "")) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return 500;
	}
	j = cJSON_CreateObject();
	for (i = 0; i < 5; i++)
		cJSON_AddNumberToObject(j, config_keys[i],
		    (double)db_col_int(s, i));
	db_stmt_release(s);
	return http_json(r, 200, j);
}

/* GET /api/v1/tiers/config: HQ staff */
int
kpi_tiers_config_get(struct req *r)
{
	struct db	*db;

	if (r->who.kind != ORG_HQ)
		return http_error(r, 403, "forbidden", "HQ's settings");
	if ((db = http_db(r)) == NULL)
		return 503;
	return config_answer(r, db);
}

/* PUT /api/v1/tiers/config: the thresholds, conditional on the version */
int
kpi_tiers_config_put(struct req *r)
{
	int64_t		 v[5];
	struct db	*db;
	int		 i, rc;

	if (r->who.kind != ORG_HQ || !(r->who.roles & ROLE_ADMIN))
		return http_error(r, 403, "forbidden", "HQ's admins set the "
		    "tiers' thresholds");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	for (i = 0; i < 5; i++)
		if (json_get_int(r->json, config_keys[i], i == 0 || i == 4 ? 1 :
		    0, i == 4 ? INT32_MAX : 100, &v[i]) != 0)
			http_field_error(r, config_keys[i], i == 4 ?
			    "required: the version you read" : "required: a "
			    "percentage, 0 to 100 (a_pct at least 1)");
	if (r->err.fields == NULL && v[0] + v[1] + v[2] > 100)
		http_field_error(r, "c_pct", "a_pct + b_pct + c_pct is at most "
		    "100");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = db_execv(db, stmts[STMT_SET], NULL, "iiiii", v[0], v[1],
	    v[2], v[3], v[4])) == -1)
		return 500;
	if (rc == 0)
		return http_error(r, 409, "conflict", "the thresholds changed "
		    "meanwhile; reload");
	return config_answer(r, db);
}
