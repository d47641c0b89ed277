/*
 * kpi_managers_http.c: the account managers' figures against their
 * region's (DESIGN §2: an account manager is judged by its dealers' four
 * figures)
 *   GET /api/v1/managers?region=&from=&to=	(and .csv) every account
 *	manager of the region with its dealers' figures, and the region's
 * Who: HQ (?region= required), the region's staff beyond its account
 * managers (the region's head, region_approver, and the region's other
 * staff, as for GET /regions/{id}/kpis; ?region= their own or none); an
 * account manager reads only its own (GET /managers/{id}/kpis, the page
 * /dashboard/managers/{id}), so the list is 404 to it as to another
 * region's staff and a chain; dealers 403, as for the dashboard.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

static int
no_region(struct req *r)
{
	return http_error(r, 404, "not_found", "no such %s", "region");
}

/*
 * The region whose managers the caller compares (?region=) into
 * *region: 0, else the status answered.
 */
int
kpi_managers_reach(struct req *r, int64_t *region)
{
	const char	*q = http_query(r, "region");
	char		*end;
	int		 rc;

	*region = 0;
	if (r->who.kind == ORG_DEALER)
		return http_error(r, 403, "forbidden", "the dashboard is "
		    "staff's");
	if (q != NULL && *q != '\0') {
		if (*q < '1' || *q > '9' || strlen(q) > 18)
			return no_region(r);
		*region = strtoll(q, &end, 10);
		if (*end != '\0')
			return no_region(r);
	}
	if (r->who.kind == ORG_REGION && *region == 0)
		*region = r->who.org_id;
	if (*region == 0 && r->who.kind == ORG_HQ) {
		http_field_error(r, "region", "the region whose managers");
		return http_error(r, 422, "validation_failed",
		    "check the query");
	}
	if (*region == 0 || !kpi_region_staff(r, *region))
		return no_region(r);
	if (http_db(r) == NULL)
		return 503;
	if ((rc = kpi_region_is(http_db(r), *region)) == -1)
		return 500;
	return rc == 1 ? 0 : no_region(r);
}

/*
 * Account manager id into *m if the caller reads its figures (itself,
 * its region's staff beyond account managers, HQ): 0, else the status
 * answered (404, a dealer's too, as GET /managers/{id}/kpis answers it:
 * the manager is an object outside its scope).
 */
int
kpi_manager_reach(struct req *r, int64_t id, struct kpi_manager *m)
{
	int	 rc = 0;

	if (r->who.kind == ORG_DEALER)
		return http_error(r, 404, "not_found", "no such %s",
		    "account manager");
	if (http_db(r) == NULL)
		return 503;
	if (id <= 0 || (rc = kpi_manager_read(http_db(r), id, r->lang, m)) ==
	    0 || (rc == 1 && !(r->who.user_id == id ||
	    kpi_region_staff(r, m->region))))
		return http_error(r, 404, "not_found", "no such %s",
		    "account manager");
	return rc == -1 ? 500 : 0;
}


struct listing {
	struct db	*db;
	const char	*from, *to;
	cJSON		*items;
};

/* A manager with its dealers' figures, to the list. */
static int
manager_item(const struct kpi_manager *m, void *arg)
{
	struct listing	*l = arg;
	struct kpi_sums	 s;
	cJSON		*it;

	if (kpi_total(l->db, KPI_OWN_MANAGER, m->id, l->from, l->to, &s) ==
	    -1)
		return -1;
	it = cJSON_CreateObject();
	cJSON_AddNumberToObject(it, "id", (double)m->id);
	cJSON_AddStringToObject(it, "name", m->name);
	cJSON_AddStringToObject(it, "login", m->login);
	cJSON_AddNumberToObject(it, "dealers", (double)m->dealers);
	kpi_figures(&s, it);
	cJSON_AddItemToArray(l->items, it);
	return 0;
}

/*
 * Region's account managers with their figures and the region's, over
 * the query's months, into *out: 0, or the status answered.
 */
int
kpi_managers_model(struct req *r, int64_t region, cJSON **out)
{
	struct kpi_manager	 g;
	struct listing		 l;
	struct kpi_sums		 s;
	char			 from[8], to[8];
	cJSON			*j, *o;
	int			 st;

	*out = NULL;
	if ((st = kpi_http_months(r, from, to)) != 0)
		return st;
	if (kpi_managers_region(http_db(r), region, r->lang, &g) != 1 ||
	    kpi_total(http_db(r), KPI_OWN_REGION, region, from, to, &s) == -1)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "from", from);
	cJSON_AddStringToObject(j, "to", to);
	o = cJSON_AddObjectToObject(j, "region");
	cJSON_AddNumberToObject(o, "id", (double)region);
	cJSON_AddStringToObject(o, "code", g.region_code);
	cJSON_AddStringToObject(o, "name", g.region_name);
	kpi_figures(&s, o);
	l.db = http_db(r);
	l.from = from;
	l.to = to;
	l.items = cJSON_AddArrayToObject(j, "items");
	if (kpi_managers_list(http_db(r), region, r->lang, manager_item,
	    &l) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	*out = j;
	return 0;
}

/* GET /api/v1/managers?region= */
int
kpi_managers_get(struct req *r)
{
	int64_t	 region;
	cJSON	*j;
	int	 st;

	if ((st = kpi_managers_reach(r, &region)) != 0 ||
	    (st = kpi_managers_model(r, region, &j)) != 0)
		return st;
	return http_json(r, 200, j);
}

/* GET /api/v1/managers.csv?region=: the managers, then the region */
int
kpi_managers_csv_get(struct req *r)
{
	static const char *const heads[] = { "manager_id", "manager", "login",
	    "dealers" };
	static const char *const keys[] = { "id", "name", "login",
	    "dealers" };
	int64_t	 region;
	cJSON	*j, *items, *g;
	int	 st;

	if ((st = kpi_managers_reach(r, &region)) != 0 ||
	    (st = kpi_managers_model(r, region, &j)) != 0)
		return st;
	items = cJSON_GetObjectItemCaseSensitive(j, "items");
	/* the region's row: its name, no id, login or count */
	g = cJSON_DetachItemFromObjectCaseSensitive(j, "region");
	cJSON_DeleteItemFromObjectCaseSensitive(g, "id");
	cJSON_AddItemToArray(items, g);
	st = kpi_table_csv(r, items, heads, keys, NELEM(keys), 1,
	    "manager-figures.csv");
	cJSON_Delete(j);
	return st;
}
