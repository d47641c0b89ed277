/*
 * kpi_tier_http.c: GET /api/v1/dealers/{id}/tier: a dealer's tier, its score
 * and rank in the last run, what the next tier up needs (the lowest score
 * that made it), and its tiers over the last runs.  For the dealer, its
 * region's staff and HQ.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

enum stmt { STMT_LAST, STMT_HISTORY, STMT_ORG, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT h.tier, h.score, h.value, h.potential, h.rank_no, r.id, "
	"r.dealers, COALESCE(r.a_min, -1), COALESCE(r.b_min, -1), "
	"COALESCE(r.c_min, -1), DATE_FORMAT(r.at, '%Y-%m-%dT%H:%i:%sZ'), "
	"r.cause FROM tier_history h JOIN tier_runs r ON r.id = h.run_id WHERE "
	"h.dealer_id = ? ORDER BY h.run_id DESC LIMIT 1",
	"SELECT r.id, DATE_FORMAT(r.day, '%Y-%m-%d'), h.tier FROM tier_history "
	"h JOIN tier_runs r ON r.id = h.run_id WHERE h.dealer_id = ? ORDER BY "
	"h.run_id DESC LIMIT 12",
	"SELECT COALESCE(tier, ''), code, name_zh, name_en FROM orgs WHERE "
	"id = ?",
};

/* What the tier above needs: its lowest score in the run, and the gap. */
static void
next_tier(cJSON *j, const char *tier, int64_t score, const int64_t *mins)
{
	cJSON	*n;
	int	 up = tier[0] - 'A' - 1;	/* the index of the tier above */

	if (up < 0 || up > 2 || mins[up] < 0) {
		cJSON_AddNullToObject(j, "next");
		return;
	}
	n = cJSON_AddObjectToObject(j, "next");
	cJSON_AddStringToObject(n, "tier", (const char *[]){ "A", "B",
	    "C" }[up]);
	cJSON_AddNumberToObject(n, "score_needed", (double)mins[up]);
	cJSON_AddNumberToObject(n, "gap", (double)(mins[up] > score ?
	    mins[up] - score : 0));
}

/*
 * The dealer's code, name and current tier (what prices its promotions:
 * the last run's, or what an admin set since) into j; the tier into tier.
 */
static void
current(struct req *r, struct db *db, int64_t id, cJSON *j, char *tier)
{
	struct db_stmt	*s = db_preparef(db, stmts[STMT_ORG], "i", id);

	*tier = '\0';
	if (s != NULL && db_step(s) == DB_ROW) {
		snprintf(tier, 2, "%s", db_col_text(s, 0, NULL));
		cJSON_AddStringToObject(j, "code", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(j, "name", db_col_text(s,
		    strcmp(r->lang, "en") == 0 ? 3 : 2, NULL));
	}
	db_stmt_release(s);
	if (*tier != '\0')
		cJSON_AddStringToObject(j, "tier", tier);
	else
		cJSON_AddNullToObject(j, "tier");
}

int
kpi_tier_get(struct req *r)
{
	int64_t		 id = http_param_id(r, "id"), mins[3];
	char		 tier[2];
	struct scope	 sc;
	struct db_stmt	*s;
	struct db	*db;
	cJSON		*j, *run, *list, *it;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	/* as for its figures: an account manager reads its own dealers' */
	scope_write(&r->who, &sc);
	if ((rc = scope_dealer_reach(db, &sc, id)) == -1)
		return 500;
	if (rc == 0)
		return http_error(r, 404, "not_found", "no such dealer");
	if ((s = db_preparef(db, stmts[STMT_LAST], "i", id)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "dealer", (double)id);
	current(r, db, id, j, tier);
	if (rc == DB_ROW) {
		cJSON_AddStringToObject(j, "ranked", db_col_text(s, 0, NULL));
		cJSON_AddNumberToObject(j, "score", (double)db_col_int(s, 1));
		cJSON_AddNumberToObject(j, "value", (double)db_col_int(s, 2));
		cJSON_AddNumberToObject(j, "potential", (double)db_col_int(s, 3));
		cJSON_AddNumberToObject(j, "rank", (double)db_col_int(s, 4));
		run = cJSON_AddObjectToObject(j, "run");
		cJSON_AddNumberToObject(run, "id", (double)db_col_int(s, 5));
		cJSON_AddNumberToObject(run, "dealers", (double)db_col_int(s, 6));
		cJSON_AddStringToObject(run, "at", db_col_text(s, 10, NULL));
		cJSON_AddStringToObject(run, "cause", db_col_text(s, 11, NULL));
		mins[0] = db_col_int(s, 7);
		mins[1] = db_col_int(s, 8);
		mins[2] = db_col_int(s, 9);
		next_tier(j, *tier != '\0' ? tier : "D", db_col_int(s, 1),
		    mins);
		db_stmt_release(s);
	} else {
		/* never ranked yet: only the tier it was given */
		db_stmt_release(s);
		cJSON_AddNullToObject(j, "ranked");
		cJSON_AddNullToObject(j, "run");
		cJSON_AddNullToObject(j, "next");
	}
	list = cJSON_AddArrayToObject(j, "history");
	if ((s = db_preparef(db, stmts[STMT_HISTORY], "i", id)) == NULL) {
		cJSON_Delete(j);
		return 500;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "run", (double)db_col_int(s, 0));
		cJSON_AddStringToObject(it, "day", db_col_text(s, 1, NULL));
		cJSON_AddStringToObject(it, "tier", db_col_text(s, 2, NULL));
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}
