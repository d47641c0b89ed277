/*
 * kpi_tiers_http.c: the tiers' runs and thresholds (kpi_tiers_db.c)
 *   POST /api/v1/tiers/recompute		HQ's admins and key accounts
 *   GET  /api/v1/tiers/config, PUT it {"a_pct","b_pct","c_pct",
 *	 "potential_pct","version"}		HQ's admins
 */
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

/* POST /api/v1/tiers/recompute */
int
kpi_tiers_recompute_post(struct req *r)
{
	struct kpi_counts c;
	struct db	*db;
	int64_t		 run;
	cJSON		*j, *t;
	int		 st, i;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = kpi_tiers_recompute(db, &r->who, &run, &r->err)) != 200)
		return http_refused(r, st);
	if (kpi_tiers_counts(db, run, &c) == -1)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "run", (double)run);
	t = cJSON_AddObjectToObject(j, "tiers");
	for (i = 0; i < c.ntiers; i++)
		cJSON_AddNumberToObject(t, c.tiers[i].tier,
		    (double)c.tiers[i].dealers);
	return http_json(r, 200, j);
}

static const char *const config_keys[] = { "a_pct", "b_pct", "c_pct",
	"potential_pct", "version" };

static int
config_answer(struct req *r, struct db *db)
{
	int64_t	 v[5];
	cJSON	*j;
	int	 i;

	if (kpi_tiers_config_read(db, v) == -1)
		return 500;
	j = cJSON_CreateObject();
	for (i = 0; i < 5; i++)
		cJSON_AddNumberToObject(j, config_keys[i], (double)v[i]);
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
	int		 i, st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	/* a missing or wrong one as -1, which no threshold is */
	for (i = 0; i < 5; i++)
		if (json_get_int(r->json, config_keys[i], 0, INT32_MAX,
		    &v[i]) != 0)
			v[i] = -1;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = kpi_tiers_config_update(db, &r->who, v, &r->err)) != 200)
		return http_refused(r, st);
	return config_answer(r, db);
}
