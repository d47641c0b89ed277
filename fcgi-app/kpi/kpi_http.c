/*
 * kpi_http.c: the four figures over months from..to (YYYY-MM; the last
 * twelve by default), each with its formula, and the sums under them
 *   GET /api/v1/dealers/{id}/kpis	the dealer, its region's staff (an
 *					account manager: its own dealers), HQ
 *   GET /api/v1/regions/{id}/kpis	the region's staff, HQ
 *   GET /api/v1/managers/{id}/kpis	the manager's dealers: the manager,
 *					its region's other staff, HQ
 *   GET /api/v1/chains/{id}/kpis	a chain's branches: its users, HQ
 *   GET /api/v1/kpis			HQ: every dealer
 * The sums are kpi_total()'s (kpi_db.c); anything out of the caller's
 * reach is 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

static const char *const formulas[][2] = {
	{ "inventory_turnover_days", "average stock units / average units "
	    "sold per day = SUM(stock x days) / SUM(units sold)" },
	{ "margin", "(sales revenue - units sold x our invoice price) / "
	    "sales revenue" },
	{ "complaint_resolution", "complaints resolved within target / "
	    "complaints filed" },
	{ "share", "our models' sales revenue / the dealer's category sales, "
	    "all brands" },
};

/* The query's months (the last twelve by default) into from and to (8
 * bytes each): 0, or the 422 answered. */
int
kpi_http_months(struct req *r, char *from, char *to)
{
	char	 now[11];

	util_china_date(now, sizeof(now), 0);
	if (kpi_month_range(http_query(r, "from"), http_query(r, "to"), now,
	    from, to) == 0)
		return 0;
	http_field_error(r, "from", "YYYY-MM, not after to");
	return http_error(r, 422, "validation_failed", "check the query");
}

/* The figures of one owner over the query's months: the status. */
static int
answer(struct req *r, struct db *db, enum kpi_own own, int64_t key,
    const char *tier)
{
	const char	*names[] = { "stock_days", "sold", "revenue", "cost",
	    "category_sales", "complaints_filed", "complaints_on_time" };
	char		 from[8], to[8];
	struct kpi_sums	 s;
	int64_t		*v[] = { &s.stock_days, &s.sold, &s.revenue, &s.cost,
	    &s.category_sales, &s.filed, &s.on_time };
	cJSON		*j, *o;
	size_t		 i;
	int		 st;

	if ((st = kpi_http_months(r, from, to)) != 0)
		return st;
	if (kpi_total(db, own, key, from, to, &s) == -1)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "from", from);
	cJSON_AddStringToObject(j, "to", to);
	kpi_figures(&s, j);
	if (tier != NULL)
		cJSON_AddStringToObject(j, "tier", tier);
	else
		cJSON_AddNullToObject(j, "tier");
	o = cJSON_AddObjectToObject(j, "sums");
	for (i = 0; i < NELEM(v); i++)
		cJSON_AddNumberToObject(o, names[i], (double)*v[i]);
	o = cJSON_AddObjectToObject(j, "formulas");
	for (i = 0; i < NELEM(formulas); i++)
		cJSON_AddStringToObject(o, formulas[i][0], formulas[i][1]);
	return http_json(r, 200, j);
}

static int
not_found(struct req *r)
{
	return http_error(r, 404, "not_found", "no such %s", "figures");
}

/* GET /api/v1/dealers/{id}/kpis: an account manager sees its own */
int
kpi_dealer_get(struct req *r)
{
	int64_t		 id = http_param_id(r, "id");
	struct scope	 sc;
	struct db	*db;
	char		 tier[4] = "";
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	scope_write(&r->who, &sc);
	if ((rc = scope_dealer_reach(db, &sc, id)) == -1 ||
	    kpi_dealer_tier(db, id, tier, sizeof(tier)) == -1)
		return 500;
	if (rc == 0)
		return not_found(r);
	return answer(r, db, KPI_OWN_DEALER, id, *tier != '\0' ? tier : NULL);
}

/* Staff of a region beyond its account managers, or HQ. */
int
kpi_region_staff(const struct req *r, int64_t region)
{
	if (r->who.kind == ORG_HQ)
		return 1;
	return r->who.kind == ORG_REGION && r->who.org_id == region &&
	    (r->who.roles & ~ROLE_ACCOUNT_MANAGER) != 0;
}

/* GET /api/v1/regions/{id}/kpis */
int
kpi_region_get(struct req *r)
{
	int64_t		 id = http_param_id(r, "id");
	struct db	*db;
	int		 rc;

	if (!kpi_region_staff(r, id))
		return not_found(r);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = kpi_region_is(db, id)) == -1)
		return 500;
	return rc == 0 ? not_found(r) : answer(r, db, KPI_OWN_REGION, id,
	    NULL);
}

/* GET /api/v1/managers/{id}/kpis: its dealers' */
int
kpi_manager_get(struct req *r)
{
	int64_t		 id = http_param_id(r, "id");
	struct db	*db;
	int64_t		 region = 0;
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = kpi_manager_region(db, id, &region)) == -1)
		return 500;
	if (rc == 0 || !(r->who.user_id == id || kpi_region_staff(r, region)))
		return not_found(r);
	return answer(r, db, KPI_OWN_MANAGER, id, NULL);
}

/* GET /api/v1/chains/{id}/kpis: its branches', for the chain and HQ */
int
kpi_chain_get(struct req *r)
{
	int64_t		 id = http_param_id(r, "id");
	struct db	*db;
	int		 rc;

	if (!(r->who.kind == ORG_HQ || (r->who.kind == ORG_CHAIN &&
	    r->who.org_id == id)))
		return not_found(r);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = kpi_chain_is(db, id)) == -1)
		return 500;
	return rc == 0 ? not_found(r) : answer(r, db, KPI_OWN_CHAIN, id,
	    NULL);
}

/* GET /api/v1/kpis: every dealer's, for HQ */
int
kpi_all_get(struct req *r)
{
	struct db	*db;

	if (r->who.kind != ORG_HQ)
		return http_error(r, 403, "forbidden", "HQ's figures are HQ's");
	if ((db = http_db(r)) == NULL)
		return 503;
	return answer(r, db, KPI_OWN_ALL, 0, NULL);
}
