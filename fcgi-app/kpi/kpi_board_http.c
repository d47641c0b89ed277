/*
 * kpi_board_http.c: what the staff dashboard shows, as JSON (and CSV)
 *   GET /api/v1/kpis/dealers?from=&to=&region=&sort=&limit=   (.csv)
 *	the dealers in reach with their four figures and tier, worst first
 *	by the figure sorted on (turnover: most days; the others: lowest)
 *   GET /api/v1/kpis/trend?from=&to=&region=
 *	the four figures month by month
 * Whose: HQ every dealer (or one region's, ?region=), a region's staff
 * its dealers, an account manager its own; ?dealer= one dealer of those;
 * dealers have none (403).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/util.h"
#include "../auth/scope.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

/* One dealer, within the caller's reach as for its figures: 0, or 404. */
int
kpi_reach_dealer(struct req *r, int64_t dealer, enum kpi_own *own,
    int64_t *key)
{
	struct scope	 sc;
	int		 rc;

	if (r->who.kind == ORG_DEALER)
		return http_error(r, 403, "forbidden", "the dashboard is "
		    "staff's");
	if (http_db(r) == NULL)
		return 503;
	*own = KPI_OWN_DEALER;
	*key = dealer;
	scope_write(&r->who, &sc);
	if ((rc = scope_dealer_reach(http_db(r), &sc, dealer)) == -1)
		return 500;
	return rc == 1 ? 0 : http_error(r, 404, "not_found", "no such dealer");
}

/*
 * Whose figures the caller reads (?region= narrows HQ's to one region,
 * ?chain= to one chain's branches; a chain's users read their own
 * chain's): 0 with *own and *key, else the status answered.
 */
int
kpi_reach(struct req *r, enum kpi_own *own, int64_t *key)
{
	const char	*q = http_query(r, "region"), *d = http_query(r,
	    "dealer"), *c = http_query(r, "chain");
	int64_t		 region = 0, chain = 0;
	int		 rc;

	if (r->who.kind == ORG_DEALER)
		return http_error(r, 403, "forbidden", "the dashboard is "
		    "staff's");
	if (http_db(r) == NULL)
		return 503;
	if (d != NULL && *d != '\0')
		return kpi_reach_dealer(r, strtoll(d, NULL, 10), own, key);
	if (q != NULL && *q != '\0' && (region = strtoll(q, NULL, 10)) <= 0)
		return http_error(r, 404, "not_found", "no such region");
	if (c != NULL && *c != '\0' && (chain = strtoll(c, NULL, 10)) <= 0)
		return http_error(r, 404, "not_found", "no such chain");
	if (r->who.kind == ORG_CHAIN) {
		if (region != 0 || (chain != 0 && chain != r->who.org_id))
			return http_error(r, 404, "not_found", "no such %s",
			    region != 0 ? "region" : "chain");
		*own = KPI_OWN_CHAIN;
		*key = r->who.org_id;
		return 0;
	}
	if (chain != 0) {	/* HQ's, of one chain */
		if (r->who.kind != ORG_HQ || region != 0 ||
		    (rc = kpi_chain_is(http_db(r), chain)) == 0)
			return http_error(r, 404, "not_found",
			    "no such chain");
		if (rc == -1)
			return 500;
		*own = KPI_OWN_CHAIN;
		*key = chain;
		return 0;
	}
	switch (r->who.kind) {
	case ORG_HQ:
		*own = region != 0 ? KPI_OWN_REGION : KPI_OWN_ALL;
		*key = region;
		break;
	case ORG_REGION:
		if (region != 0 && region != r->who.org_id)
			return http_error(r, 404, "not_found",
			    "no such region");
		/* an account manager alone sees its own dealers */
		if ((r->who.roles & ~ROLE_ACCOUNT_MANAGER) == 0) {
			*own = KPI_OWN_MANAGER;
			*key = r->who.user_id;
		} else {
			*own = KPI_OWN_REGION;
			*key = r->who.org_id;
		}
		return 0;
	default:
		return http_error(r, 403, "forbidden", "the dashboard is "
		    "staff's");
	}
	if (region == 0)
		return 0;
	if ((rc = kpi_region_is(http_db(r), region)) == -1)
		return 500;
	return rc == 1 ? 0 : http_error(r, 404, "not_found",
	    "no such region");
}

/* A row as the API's item (into the list arg): its texts, the figures. */
static int
item(const struct kpi_row *w, void *list)
{
	cJSON	*it = cJSON_CreateObject();

	if (w->month != NULL)
		cJSON_AddStringToObject(it, "month", w->month);
	else {
		/* a dealer's row has its tier; a region's none */
		cJSON_AddNumberToObject(it, w->tier != NULL ? "dealer" : "id",
		    (double)w->id);
		cJSON_AddStringToObject(it, "code", w->code);
		cJSON_AddStringToObject(it, "name", w->name);
		if (w->tier != NULL)
			cJSON_AddStringToObject(it, "tier", w->tier);
	}
	kpi_figures(&w->sums, it);
	cJSON_AddItemToArray(list, it);
	return 0;
}


/* The dealer table of whose dealers into *out: 0, or the status answered. */
int
kpi_dealers(struct req *r, enum kpi_own own, int64_t key, int max,
    cJSON **out)
{
	static const char *const sorts[KPI_SORT__MAX] = { "turnover",
	    "margin", "resolution", "share" };
	const char	*q = http_query(r, "sort");
	char		 from[8], to[8];
	cJSON		*j;
	int		 sort = 0, limit = 50, rc;

	*out = NULL;
	if ((rc = kpi_http_months(r, from, to)) != 0)
		return rc;
	while (q != NULL && *q != '\0' && sort < KPI_SORT__MAX &&
	    strcmp(q, sorts[sort]) != 0)
		sort++;
	if (sort == KPI_SORT__MAX)
		http_field_error(r, "sort", "turnover, margin, resolution or "
		    "share");
	if (max > 0)
		limit = max;
	else
		http_limit(r, &limit);
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "from", from);
	cJSON_AddStringToObject(j, "to", to);
	cJSON_AddStringToObject(j, "sort", sorts[sort]);
	if (kpi_board_dealers(http_db(r), own, key, from, to, sort, limit,
	    r->lang, item, cJSON_AddArrayToObject(j, "items")) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	*out = j;
	return 0;
}

/* Whose figures month by month into *out: 0, or the status answered. */
int
kpi_trend(struct req *r, enum kpi_own own, int64_t key, cJSON **out)
{
	char	 from[8], to[8];
	cJSON	*j;
	int	 rc;

	*out = NULL;
	if ((rc = kpi_http_months(r, from, to)) != 0)
		return rc;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "from", from);
	cJSON_AddStringToObject(j, "to", to);
	if (kpi_board_trend(http_db(r), own, key, from, to, item,
	    cJSON_AddArrayToObject(j, "months")) == -1) {
		cJSON_Delete(j);
		return 500;
	}
	*out = j;
	return 0;
}

/* HQ's figures region by region, months from..to, into *out: the status. */
int
kpi_regions(struct req *r, const char *from, const char *to, cJSON **out)
{
	if ((*out = cJSON_CreateArray()) == NULL ||
	    kpi_board_regions(http_db(r), r->lang, from, to, item, *out) ==
	    -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 0;
}

/* The counts beside the figures of whose dealers, into j: the status. */
int
kpi_counts(struct req *r, enum kpi_own own, int64_t key, cJSON *j)
{
	struct kpi_counts	 c;
	cJSON			*t, *it;
	int			 i;

	if (kpi_board_counts(http_db(r), own, key, &c) == -1)
		return 500;
	cJSON_AddNumberToObject(j, "late_orders", (double)c.late);
	cJSON_AddNumberToObject(j, "overdue_complaints", (double)c.overdue);
	t = cJSON_AddArrayToObject(j, "tiers");
	for (i = 0; i < c.ntiers; i++) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "tier", c.tiers[i].tier);
		cJSON_AddNumberToObject(it, "dealers",
		    (double)c.tiers[i].dealers);
		cJSON_AddItemToArray(t, it);
	}
	return 0;
}

/* GET /api/v1/kpis/dealers */
int
kpi_dealers_get(struct req *r)
{
	enum kpi_own	 own;
	int64_t		 key;
	cJSON		*j;
	int		 st;

	if ((st = kpi_reach(r, &own, &key)) != 0 ||
	    (st = kpi_dealers(r, own, key, 0, &j)) != 0)
		return st;
	return http_json(r, 200, j);
}

/* GET /api/v1/kpis/trend */
int
kpi_trend_get(struct req *r)
{
	enum kpi_own	 own;
	int64_t		 key;
	cJSON		*j;
	int		 st;

	if ((st = kpi_reach(r, &own, &key)) != 0 ||
	    (st = kpi_trend(r, own, key, &j)) != 0)
		return st;
	return http_json(r, 200, j);
}

/* A figure for a spreadsheet: the number, or empty for no data. */
static void
figure(struct buf *b, const cJSON *it, const char *key, int last)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(it, key);
	char		 num[32] = "";

	if (cJSON_IsNumber(v))
		snprintf(num, sizeof(num), "%.6f", v->valuedouble);
	csv_put(b, num, last);
}

/*
 * A table as CSV (UTF-8 with a BOM): the text columns keys (headed
 * heads), then the four figures if figures; one row per item.
 */
static int
table_csv(struct req *r, const cJSON *items, const char *const *heads,
    const char *const *keys, size_t n, int figures, const char *name)
{
	static const char *const figs[] = { "inventory_turnover_days",
	    "margin", "complaint_resolution", "share" };
	const cJSON	*it, *v;
	char		 disp[80], num[24];
	struct buf	 b;
	size_t		 i, last = n + (figures ? NELEM(figs) : 0) - 1;
	int		 st;

	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i <= last; i++)
		csv_put(&b, i < n ? heads[i] : figs[i - n], i == last);
	cJSON_ArrayForEach(it, items) {
		for (i = 0; i < n; i++) {
			v = cJSON_GetObjectItemCaseSensitive(it, keys[i]);
			if (cJSON_IsNumber(v))
				snprintf(num, sizeof(num), "%.0f", v->valuedouble);
			csv_put(&b, cJSON_IsNumber(v) ? num :
			    cJSON_IsString(v) ? v->valuestring : "", i == last);
		}
		for (i = 0; figures && i < NELEM(figs); i++)
			figure(&b, it, figs[i], n + i == last);
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", name);
	http_header(r, "Content-Disposition", disp);
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len);
	buf_free(&b);
	return st;
}

/* The same, for the other tables of the figures (kpi_managers_http.c). */
int
kpi_table_csv(struct req *r, const cJSON *items, const char *const *heads,
    const char *const *keys, size_t n, int figures, const char *name)
{
	return table_csv(r, items, heads, keys, n, figures, name);
}

/* GET /api/v1/kpis/dealers.csv: every dealer in reach, worst first */
int
kpi_dealers_csv_get(struct req *r)
{
	static const char *const heads[] = { "dealer_code", "dealer", "tier" };
	static const char *const keys[] = { "code", "name", "tier" };
	enum kpi_own	 own;
	int64_t		 key;
	cJSON		*j;
	int		 st;

	if ((st = kpi_reach(r, &own, &key)) != 0 ||
	    (st = kpi_dealers(r, own, key, KPI_CSV_MAX, &j)) != 0)
		return st;
	st = table_csv(r, cJSON_GetObjectItemCaseSensitive(j, "items"), heads,
	    keys, NELEM(keys), 1, "dealer-figures.csv");
	cJSON_Delete(j);
	return st;
}

/* GET /api/v1/kpis/regions.csv: HQ's table, region by region */
int
kpi_regions_csv_get(struct req *r)
{
	static const char *const heads[] = { "region_code", "region" };
	static const char *const keys[] = { "code", "name" };
	enum kpi_own	 own;
	char		 from[8], to[8];
	int64_t		 key;
	cJSON		*list;
	int		 st;

	if ((st = kpi_reach(r, &own, &key)) != 0 ||
	    (st = kpi_http_months(r, from, to)) != 0)
		return st;
	if (own != KPI_OWN_ALL)
		return http_error(r, 403, "forbidden", "HQ's table");
	if ((st = kpi_regions(r, from, to, &list)) != 0)
		return st;
	st = table_csv(r, list, heads, keys, NELEM(keys), 1,
	    "region-figures.csv");
	cJSON_Delete(list);
	return st;
}

/* GET /api/v1/kpis/tiers.csv: the dealers in reach by tier */
int
kpi_tiers_csv_get(struct req *r)
{
	static const char *const keys[] = { "tier", "dealers" };
	enum kpi_own	 own;
	int64_t		 key;
	cJSON		*j;
	int		 st;

	if ((st = kpi_reach(r, &own, &key)) != 0)
		return st;
	j = cJSON_CreateObject();
	if ((st = kpi_counts(r, own, key, j)) != 0) {
		cJSON_Delete(j);
		return st;
	}
	st = table_csv(r, cJSON_GetObjectItemCaseSensitive(j, "tiers"), keys,
	    keys, NELEM(keys), 0, "dealers-by-tier.csv");
	cJSON_Delete(j);
	return st;
}
