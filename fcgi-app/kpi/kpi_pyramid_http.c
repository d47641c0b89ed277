/*
 * kpi_pyramid_http.c: the customer pyramid and the value grid as JSON
 * and CSV (kpi_pyramid_rules.c says how they are computed)
 *   GET /api/v1/kpis/pyramid?region=&chain=	(.csv)
 *	whose dealers ranked by value with the cumulative share in basis
 *	points, the tier rule's cuts on them and the share of value each
 *	cut holds ("the top 20 % of dealers bring 78 % of value")
 *   GET /api/v1/kpis/value-grid?region=&chain=	(.csv)
 *	the same dealers' value and potential, score, and the lowest score
 *	of each tier on them
 * Whose: as the dashboard (kpi_reach): HQ every dealer, or one region's
 * (?region=) or chain's (?chain=); a region's staff its dealers, an
 * account manager its own; a chain's users its branches; dealers 403,
 * anything outside 404.  At most KPI_CSV_MAX dealers ("truncated").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "kpi.h"

static char *
dup(const char *s)
{
	return strdup(s != NULL ? s : "");
}

static int
keep(const struct kpi_pyr_row *w, void *arg)
{
	struct kpi_pyr_set	*set = arg;
	struct kpi_pyr_row	*p;
	size_t			 cap;

	if (set->n >= KPI_CSV_MAX) {
		set->truncated = 1;
		return 0;
	}
	if (set->n == set->cap) {
		cap = set->cap != 0 ? set->cap * 2 : 64;
		if ((p = realloc(set->rows, cap * sizeof(*p))) == NULL)
			return -1;
		set->rows = p;
		set->cap = cap;
	}
	p = &set->rows[set->n];
	*p = *w;
	p->code = dup(w->code);
	p->name = dup(w->name);
	p->tier = dup(w->tier);
	set->n++;
	return p->code != NULL && p->name != NULL && p->tier != NULL ? 0 : -1;
}

void
kpi_pyramid_free(struct kpi_pyr_set *set)
{
	size_t	 i;

	for (i = 0; i < set->n; i++) {
		free((char *)set->rows[i].code);
		free((char *)set->rows[i].name);
		free((char *)set->rows[i].tier);
	}
	free(set->rows);
	memset(set, 0, sizeof(*set));
}

/* Whose dealers, ranked and summed, into set: 0, or 500. */
int
kpi_pyramid_read(struct req *r, enum kpi_own own, int64_t key,
    struct kpi_pyr_set *set)
{
	char	 from[11];

	memset(set, 0, sizeof(*set));
	util_china_date(from, sizeof(from), -334);	/* as the tier run */
	from[7] = '\0';
	if (kpi_tiers_config_read(http_db(r), set->cfg) == -1 ||
	    kpi_pyramid_rows(http_db(r), own, key, from, r->lang,
	    KPI_CSV_MAX + 1, keep, set) == -1 ||
	    kpi_pyr_fill(set->rows, set->n, set->cfg, &set->s) == -1) {
		kpi_pyramid_free(set);
		return 500;
	}
	return 0;
}

static void
bp(cJSON *j, const char *k, int64_t v)
{
	if (v < 0)
		cJSON_AddNullToObject(j, k);
	else
		cJSON_AddNumberToObject(j, k, (double)v);
}

/* what both answers start with: the count, the rule, the cuts */
static cJSON *
head(const struct kpi_pyr_set *set)
{
	static const char *const keys[] = { "a_pct", "b_pct", "c_pct",
	    "potential_pct" };
	cJSON	*j = cJSON_CreateObject(), *o, *list, *it;
	char	 t[2] = "A";
	int	 i;

	cJSON_AddNumberToObject(j, "dealers", (double)set->s.n);
	cJSON_AddBoolToObject(j, "truncated", set->truncated);
	cJSON_AddNumberToObject(j, "total_value", (double)set->s.total);
	o = cJSON_AddObjectToObject(j, "rule");
	for (i = 0; i < 4; i++)
		cJSON_AddNumberToObject(o, keys[i], (double)set->cfg[i]);
	list = cJSON_AddArrayToObject(j, "cuts");
	for (i = 0; i < 3; i++) {
		it = cJSON_CreateObject();
		t[0] = (char)('A' + i);
		cJSON_AddStringToObject(it, "tier", t);
		cJSON_AddNumberToObject(it, "dealers", (double)set->s.cut[i]);
		bp(it, "dealers_bp", set->s.cut_dealers_bp[i]);
		bp(it, "value_bp", set->s.cut_value_bp[i]);
		bp(it, "score_min", set->s.mins[i]);
		cJSON_AddItemToArray(list, it);
	}
	return j;
}

/* A row as the API's item, for the pyramid or the grid. */
static cJSON *
item(const struct kpi_pyr_row *w, int grid, int64_t pct)
{
	cJSON	*it = cJSON_CreateObject();
	char	 b[2] = { w->band, '\0' };

	cJSON_AddNumberToObject(it, "rank", (double)w->rank);
	cJSON_AddNumberToObject(it, "dealer", (double)w->id);
	cJSON_AddStringToObject(it, "code", w->code);
	cJSON_AddStringToObject(it, "name", w->name);
	if (*w->tier != '\0')
		cJSON_AddStringToObject(it, "tier", w->tier);
	else
		cJSON_AddNullToObject(it, "tier");
	cJSON_AddNumberToObject(it, "value", (double)w->value);
	if (grid) {
		cJSON_AddNumberToObject(it, "potential", (double)w->potential);
		cJSON_AddNumberToObject(it, "score", (double)kpi_pyr_score(
		    w->value, w->potential, pct));
	} else {
		cJSON_AddStringToObject(it, "band", b);
		cJSON_AddNumberToObject(it, "cum_value", (double)w->cum);
		bp(it, "cum_share_bp", w->cum_bp);
	}
	return it;
}

static int
answer(struct req *r, int grid)
{
	struct kpi_pyr_set	 set;
	enum kpi_own		 own;
	int64_t			 key;
	cJSON			*j, *o, *list;
	size_t			 i;
	int			 st;

	if ((st = kpi_reach(r, &own, &key)) != 0 ||
	    (st = kpi_pyramid_read(r, own, key, &set)) != 0)
		return st;
	j = head(&set);
	if (!grid) {
		o = cJSON_AddObjectToObject(j, "headline");
		bp(o, "dealers_bp", set.s.cut_dealers_bp[0]);
		bp(o, "value_bp", set.s.cut_value_bp[0]);
	}
	list = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < set.n; i++)
		cJSON_AddItemToArray(list, item(&set.rows[i], grid,
		    set.cfg[3]));
	kpi_pyramid_free(&set);
	return http_json(r, 200, j);
}

/* GET /api/v1/kpis/pyramid */
int
kpi_pyramid_get(struct req *r)
{
	return answer(r, 0);
}

/* GET /api/v1/kpis/value-grid */
int
kpi_value_grid_get(struct req *r)
{
	return answer(r, 1);
}

static void
put_int(struct buf *b, int64_t v, int last)
{
	char	 n[24];

	snprintf(n, sizeof(n), "%lld", (long long)v);
	csv_put(b, v < 0 ? "" : n, last);
}

/* The rows as CSV (UTF-8, BOM): the JSON's items, keys as heads. */
static int
csv(struct req *r, int grid)
{
	static const char *const pyr[] = { "rank", "dealer", "code", "name",
	    "tier", "band", "value", "cum_value", "cum_share_bp" };
	static const char *const gr[] = { "rank", "dealer", "code", "name",
	    "tier", "value", "potential", "score" };
	struct kpi_pyr_set	 set;
	struct kpi_pyr_row	*w;
	enum kpi_own		 own;
	int64_t			 key;
	struct buf		 b;
	size_t			 i, n = grid ? NELEM(gr) : NELEM(pyr);
	char			 band[2] = "";
	int			 st;

	if ((st = kpi_reach(r, &own, &key)) != 0 ||
	    (st = kpi_pyramid_read(r, own, key, &set)) != 0)
		return st;
	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < n; i++)
		csv_put(&b, grid ? gr[i] : pyr[i], i == n - 1);
	for (i = 0; i < set.n; i++) {
		w = &set.rows[i];
		put_int(&b, w->rank, 0);
		put_int(&b, w->id, 0);
		csv_put(&b, w->code, 0);
		csv_put(&b, w->name, 0);
		csv_put(&b, w->tier, 0);
		if (!grid) {
			band[0] = w->band;
			csv_put(&b, band, 0);
		}
		put_int(&b, w->value, 0);
		if (grid) {
			put_int(&b, w->potential, 0);
			put_int(&b, kpi_pyr_score(w->value, w->potential,
			    set.cfg[3]), 1);
		} else {
			put_int(&b, w->cum, 0);
			put_int(&b, w->cum_bp, 1);
		}
	}
	kpi_pyramid_free(&set);
	http_header(r, "Content-Disposition", grid ?
	    "attachment; filename=\"value-grid.csv\"" :
	    "attachment; filename=\"pyramid.csv\"");
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len);
	buf_free(&b);
	return st;
}

/* GET /api/v1/kpis/pyramid.csv */
int
kpi_pyramid_csv_get(struct req *r)
{
	return csv(r, 0);
}

/* GET /api/v1/kpis/value-grid.csv */
int
kpi_value_grid_csv_get(struct req *r)
{
	return csv(r, 1);
}
