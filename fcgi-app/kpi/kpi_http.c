/*
 * kpi_http.c: the four figures over months from..to (YYYY-MM; the last
 * twelve by default), each with its formula, and the sums under them
 *   GET /api/v1/dealers/{id}/kpis	the dealer, its region's staff (an
 *					account manager: its own dealers), HQ
 *   GET /api/v1/regions/{id}/kpis	the region's staff, HQ
 *   GET /api/v1/managers/{id}/kpis	the manager's dealers: the manager,
 *					its region's other staff, HQ
 *   GET /api/v1/kpis			HQ: every dealer
 * Read from kpi_month (see migration 0018): a few rows per dealer and
 * month, summed by SQL; anything out of the caller's reach is 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

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

enum of { OF_DEALER, OF_REGION, OF_MANAGER, OF_ALL, OF__MAX };

static const char *const sums_sql[OF__MAX] = {
	SUMS("k.dealer_id = ?"),
	RSUMS("k.region_id = ?"),
	SUMS("k.dealer_id IN (SELECT dealer_id FROM manager_dealers WHERE "
	    "manager_id = ?)"),
	RSUMS("? = 0"),
};

enum stmt { STMT_TIER, STMT_REGION, STMT_MANAGER, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT tier FROM orgs WHERE id = ?",
	"SELECT id FROM orgs WHERE id = ? AND kind = 'region'",
	/* an account manager, and the region it works in */
	"SELECT u.org_id FROM users u JOIN orgs g ON g.id = u.org_id WHERE "
	"u.id = ? AND g.kind = 'region' AND FIND_IN_SET('account_manager', "
	"u.roles)",
};

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

/*
 * The sums of whose (a kpi_own) key's dealers over months from..to into
 * *s: 0, or -1.
 */
int
kpi_total(struct db *db, enum kpi_own own, int64_t key, const char *from,
    const char *to, struct kpi_sums *s)
{
	static const enum of of[KPI_OWN__MAX] = { OF_ALL, OF_REGION,
	    OF_MANAGER, OF_DEALER };
	int64_t		*v[] = { &s->stock_days, &s->sold, &s->revenue,
	    &s->cost, &s->category_sales, &s->filed, &s->on_time };
	struct db_stmt	*st;
	size_t		 i;

	if ((st = db_preparef(db, sums_sql[of[own]], "itt", key, from, to)) ==
	    NULL || db_step(st) != DB_ROW) {
		db_stmt_release(st);
		return -1;
	}
	for (i = 0; i < NELEM(v); i++)
		*v[i] = db_col_int(st, (int)i);
	db_stmt_release(st);
	return 0;
}

/* The figures of one owner over the query's months: the status. */
static int
answer(struct req *r, struct db *db, enum of of, int64_t key,
    const char *tier)
{
	const char	*names[] = { "stock_days", "sold", "revenue", "cost",
	    "category_sales", "complaints_filed", "complaints_on_time" };
	char		 now[11], from[8], to[8];
	struct kpi_sums	 s;
	struct db_stmt	*st;
	int64_t		*v[] = { &s.stock_days, &s.sold, &s.revenue, &s.cost,
	    &s.category_sales, &s.filed, &s.on_time };
	cJSON		*j, *o;
	size_t		 i;

	util_china_date(now, sizeof(now), 0);
	if (kpi_month_range(http_query(r, "from"), http_query(r, "to"), now,
	    from, to) == -1) {
		http_field_error(r, "from", "YYYY-MM, not after to");
		return http_error(r, 422, "validation_failed",
		    "check the query");
	}
	if ((st = db_preparef(db, sums_sql[of], "itt", key, from, to)) ==
	    NULL || db_step(st) != DB_ROW) {
		db_stmt_release(st);
		return 500;
	}
	for (i = 0; i < NELEM(v); i++)
		*v[i] = db_col_int(st, (int)i);
	db_stmt_release(st);
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

/* One row of stmts[which] for id: 1 found (its column 0 into *out). */
static int
lookup(struct db *db, enum stmt which, int64_t id, char *out, size_t size)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, stmts[which], "i", id)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW && out != NULL)
		snprintf(out, size, "%s", db_col_text(s, 0, NULL));
	db_stmt_release(s);
	return rc == DB_ROW;
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
	    lookup(db, STMT_TIER, id, tier, sizeof(tier)) == -1)
		return 500;
	if (rc == 0)
		return not_found(r);
	return answer(r, db, OF_DEALER, id, *tier != '\0' ? tier : NULL);
}

/* Staff of a region beyond its account managers, or HQ. */
static int
region_staff(const struct req *r, int64_t region)
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

	if (!region_staff(r, id))
		return not_found(r);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = lookup(db, STMT_REGION, id, NULL, 0)) == -1)
		return 500;
	return rc == 0 ? not_found(r) : answer(r, db, OF_REGION, id, NULL);
}

/* GET /api/v1/managers/{id}/kpis: its dealers' */
int
kpi_manager_get(struct req *r)
{
	int64_t		 id = http_param_id(r, "id");
	struct db	*db;
	char		 region[24];
	int		 rc;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = lookup(db, STMT_MANAGER, id, region, sizeof(region))) == -1)
		return 500;
	if (rc == 0 || !(r->who.user_id == id || region_staff(r,
	    strtoll(region, NULL, 10))))
		return not_found(r);
	return answer(r, db, OF_MANAGER, id, NULL);
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
	return answer(r, db, OF_ALL, 0, NULL);
}
