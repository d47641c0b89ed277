/*
 * kpi_targets_http.c: HQ's goals for the four figures (kpi_targets_db.c)
 *   GET /api/v1/kpis/targets		whoever reads the dashboard (HQ,
 *					region and chain staff)
 *   PUT /api/v1/kpis/targets {"turnover_goal","margin_target",
 *	"resolution_target","share_target","version"}: every goal a number
 *	or null (none), on the version read	HQ's admins
 */
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

static int
answer(struct req *r, struct db *db)
{
	struct kpi_targets t;
	cJSON		*j;
	int		 i;

	if (kpi_targets_read(db, &t) == -1)
		return 500;
	j = cJSON_CreateObject();
	for (i = 0; i < 4; i++)
		if (t.v[i] == KPI_TARGET_NONE)
			cJSON_AddNullToObject(j, kpi_target_keys[i]);
		else
			cJSON_AddNumberToObject(j, kpi_target_keys[i],
			    (double)t.v[i]);
	cJSON_AddNumberToObject(j, "version", (double)t.version);
	return http_json(r, 200, j);
}

/* GET /api/v1/kpis/targets: the dashboard's readers */
int
kpi_targets_get(struct req *r)
{
	struct db	*db;

	if (r->who.kind != ORG_HQ && r->who.kind != ORG_REGION &&
	    r->who.kind != ORG_CHAIN)
		return http_error(r, 403, "forbidden", "the dashboard is "
		    "staff's");
	if ((db = http_db(r)) == NULL)
		return 503;
	return answer(r, db);
}

/* PUT /api/v1/kpis/targets: all four, each a number or null */
int
kpi_targets_put(struct req *r)
{
	struct kpi_targets t;
	const cJSON	*v;
	struct db	*db;
	int		 i, st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	/* null: none; missing or not an integer: INT64_MAX, out of bounds */
	for (i = 0; i < 4; i++) {
		v = cJSON_GetObjectItemCaseSensitive(r->json,
		    kpi_target_keys[i]);
		if (cJSON_IsNull(v))
			t.v[i] = KPI_TARGET_NONE;
		else if (v == NULL || json_get_int(r->json,
		    kpi_target_keys[i], -100000, 100000, &t.v[i]) != 0)
			t.v[i] = INT64_MAX;
	}
	if (json_get_int(r->json, "version", 1, INT32_MAX, &t.version) != 0)
		t.version = -1;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = kpi_targets_update(db, &r->who, &t, &r->err)) != 200)
		return http_refused(r, st);
	return answer(r, db);
}
