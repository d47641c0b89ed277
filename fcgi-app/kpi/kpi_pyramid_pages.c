/*
 * kpi_pyramid_pages.c: the customer pyramid and the value grid, plain
 * HTML with inline SVG (no script)
 *   GET /dashboard/pyramid?region=&chain=&page=	the Pareto curve of
 *	whose dealers by value with the tier rule's cuts, the headline
 *	("the top 20 % bring 78 %"), the cuts, the dealers ranked (50 a page)
 *   GET /dashboard/value-grid?region=&chain=&page=	value against
 *	potential, the tiers as regions, the dealers (50 a page)
 * The charts draw at most CHART_RANKS_MAX dealers: the curve through that
 * many evenly spaced ranks, the grid the top that many by value; every
 * dealer is in the tables' pages and the CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "../views/chart.h"
#include "kpi.h"

#define PAGE_ROWS	50


static void
str(cJSON *j, const char *k, const char *v)
{
	cJSON_AddStringToObject(j, k, v != NULL ? v : "");
}

/* the query kept across links, and the pages: the first row shown */
static size_t
common(struct req *r, const struct kpi_pyr_set *set, cJSON *ctx,
    const char *path)
{
	const char	*q = http_query(r, "region"), *c = http_query(r,
	    "chain"), *d = http_query(r, "dealer"), *p = http_query(r, "page");
	long		 page = p != NULL ? strtol(p, NULL, 10) : 1;
	long		 pages = ((long)set->n + PAGE_ROWS - 1) / PAGE_ROWS;
	char		 qs[96];

	if (page < 1 || page > pages)
		page = 1;
	/* kpi_reach() has checked them (a dealer first, as it reads them):
	 * whole numbers in reach, or none */
	if (d != NULL && *d != '\0')
		snprintf(qs, sizeof(qs), "dealer=%lld", strtoll(d, NULL, 10));
	else if (q != NULL && *q != '\0')
		snprintf(qs, sizeof(qs), "region=%lld", strtoll(q, NULL, 10));
	else if (c != NULL && *c != '\0')
		snprintf(qs, sizeof(qs), "chain=%lld", strtoll(c, NULL, 10));
	else
		qs[0] = '\0';
	str(ctx, "qs", qs);
	str(ctx, "path", path);
	cJSON_AddNumberToObject(ctx, "dealers", (double)set->s.n);
	cJSON_AddNumberToObject(ctx, "page", (double)page);
	cJSON_AddNumberToObject(ctx, "pages", (double)(pages > 0 ? pages : 1));
	if (page > 1)
		cJSON_AddNumberToObject(ctx, "prev_page", (double)(page - 1));
	if (page < pages)
		cJSON_AddNumberToObject(ctx, "next_page", (double)(page + 1));
	cJSON_AddBoolToObject(ctx, "truncated", set->truncated);
	cJSON_AddBoolToObject(ctx, "bounded", set->n > CHART_RANKS_MAX);
	cJSON_AddNumberToObject(ctx, "drawn_max", CHART_RANKS_MAX);
	return (size_t)(page - 1) * PAGE_ROWS;
}

/* a dealer row of the page's table */
static cJSON *
row(struct req *r, const struct kpi_pyr_row *w, int64_t pct)
{
	cJSON	*it = cJSON_CreateObject();
	char	 t[64];

	cJSON_AddNumberToObject(it, "rank", (double)w->rank);
	cJSON_AddNumberToObject(it, "dealer", (double)w->id);
	str(it, "code", w->code);
	str(it, "name", w->name);
	str(it, "tier", *w->tier != '\0' ? w->tier : "–");
	t[0] = w->band;
	t[1] = '\0';
	str(it, "band", t);
	chart_value_text(CHART_FEN, http_lang(r), w->value, t, sizeof(t));
	str(it, "value", t);
	chart_value_text(CHART_FEN, http_lang(r), w->potential, t, sizeof(t));
	str(it, "potential", t);
	chart_value_text(CHART_FEN, http_lang(r), kpi_pyr_score(w->value,
	    w->potential, pct), t, sizeof(t));
	str(it, "score", t);
	chart_bp_text(w->cum_bp, http_lang(r), t, sizeof(t));
	str(it, "share", t);
	return it;
}

static void
rows(struct req *r, const struct kpi_pyr_set *set, size_t first,
    cJSON *ctx)
{
	cJSON	*list = cJSON_AddArrayToObject(ctx, "items");
	size_t	 i;

	for (i = first; i < set->n && i < first + PAGE_ROWS; i++)
		cJSON_AddItemToArray(list, row(r, &set->rows[i], set->cfg[3]));
}

static int
read(struct req *r, struct kpi_pyr_set *set)
{
	enum kpi_own	 own;
	int64_t		 key;
	int		 st;

	if (http_db(r) == NULL)
		return 503;
	if ((st = kpi_reach(r, &own, &key)) != 0)
		return st;
	return kpi_pyramid_read(r, own, key, set);
}

/* GET /dashboard/pyramid */
int
kpi_pyramid_page_get(struct req *r)
{
	struct chart_pareto		*pp;
	struct kpi_pyr_set		 set;
	int64_t				 ranks[CHART_RANKS_MAX];
	cJSON				*ctx, *list, *it;
	char				 t[64];
	int				 i, st;

	if ((st = read(r, &set)) != 0)
		return st;
	if ((pp = calloc(1, sizeof(*pp))) == NULL) {
		kpi_pyramid_free(&set);
		return 500;
	}
	ctx = cJSON_CreateObject();
	rows(r, &set, common(r, &set, ctx, "/dashboard/pyramid"), ctx);
	pp->id = "kpi-pyramid";
	pp->title = http_i18n(r, "kpi_pyr_chart");
	pp->lang = http_lang(r);
	pp->n = set.s.n;
	pp->x_title = http_i18n(r, "kpi_pyr_x");
	pp->y_title = http_i18n(r, "kpi_pyr_y");
	pp->rank_h = http_i18n(r, "statement_dealer");
	pp->value_h = http_i18n(r, "kpi_pyr_value");
	pp->tier_h = http_i18n(r, "kpi_tier");
	pp->np = chart_pareto_pick(set.s.n, CHART_RANKS_MAX, ranks);
	for (i = 0; i < pp->np; i++) {
		const struct kpi_pyr_row *w = &set.rows[ranks[i] - 1];

		pp->pt[i].rank = w->rank;
		pp->pt[i].share = w->cum_bp;
		pp->pt[i].value = w->value;
		pp->pt[i].label = w->name;
		pp->pt[i].tier = w->tier;
	}
	for (i = 0; i < 3; i++) {
		pp->cut[i] = set.s.cut[i];
		pp->cut_share[i] = set.s.cut_value_bp[i];
	}
	cJSON_AddItemToObject(ctx, "chart", chart_pareto(pp));
	if (set.s.total > 0) {
		it = cJSON_AddObjectToObject(ctx, "headline");
		chart_bp_text(set.s.cut_dealers_bp[0], pp->lang, t, sizeof(t));
		str(it, "dealers", t);
		chart_bp_text(set.s.cut_value_bp[0], pp->lang, t, sizeof(t));
		str(it, "value", t);
	}
	list = cJSON_AddArrayToObject(ctx, "cuts");
	for (i = 0; i < 4; i++) {
		int64_t	 lo = i > 0 ? set.s.cut[i - 1] : 0, hi = i < 3 ?
		    set.s.cut[i] : set.s.n;

		it = cJSON_CreateObject();
		t[0] = (char)('A' + i);
		t[1] = '\0';
		str(it, "tier", t);
		cJSON_AddNumberToObject(it, "dealers", (double)(hi > lo ?
		    hi - lo : 0));
		snprintf(t, sizeof(t), hi > lo ? "%lld–%lld" : "–",
		    (long long)lo + 1, (long long)hi);
		str(it, "ranks", t);
		chart_bp_text(kpi_pyr_bp(hi, set.s.n), pp->lang, t, sizeof(t));
		str(it, "dealers_cum", t);
		chart_bp_text(hi > 0 ? set.rows[hi - 1].cum_bp : -1, pp->lang,
		    t, sizeof(t));
		str(it, "value_cum", t);
		cJSON_AddItemToArray(list, it);
	}
	chart_value_text(CHART_FEN, pp->lang, set.s.total, t, sizeof(t));
	str(ctx, "total", t);
	free(pp);
	kpi_pyramid_free(&set);
	return http_form_page(r, 200, "kpi_pyramid", ctx, NULL,
	    http_i18n(r, "kpi_pyr_title"));
}

/* GET /dashboard/value-grid */
int
kpi_value_grid_page_get(struct req *r)
{
	struct chart_scatter		*cp;
	struct kpi_pyr_set		 set;
	cJSON				*ctx, *list, *it;
	char				 t[64];
	int				 i, st;

	if ((st = read(r, &set)) != 0)
		return st;
	if ((cp = calloc(1, sizeof(*cp))) == NULL) {
		kpi_pyramid_free(&set);
		return 500;
	}
	ctx = cJSON_CreateObject();
	rows(r, &set, common(r, &set, ctx, "/dashboard/value-grid"), ctx);
	cp->id = "kpi-value-grid";
	cp->title = http_i18n(r, "kpi_grid_chart");
	cp->lang = http_lang(r);
	cp->x_title = http_i18n(r, "kpi_pyr_value");
	cp->y_title = http_i18n(r, "kpi_grid_potential");
	cp->tier_h = http_i18n(r, "kpi_tier");
	cp->pct = set.cfg[3];
	for (i = 0; (size_t)i < set.n && i < CHART_RANKS_MAX; i++) {
		cp->pt[i].x = set.rows[i].value;
		cp->pt[i].y = set.rows[i].potential;
		cp->pt[i].label = set.rows[i].name;
		cp->pt[i].tier = set.rows[i].tier;
		cp->n++;
	}
	list = cJSON_AddArrayToObject(ctx, "regions");
	for (i = 0; i < 3; i++) {
		cp->min[i] = set.s.mins[i];
		it = cJSON_CreateObject();
		t[0] = (char)('A' + i);
		t[1] = '\0';
		str(it, "tier", t);
		chart_value_text(CHART_FEN, cp->lang, cp->min[i], t, sizeof(t));
		str(it, "min", cp->min[i] >= 0 ? t : "–");
		cJSON_AddItemToArray(list, it);
	}
	cJSON_AddNumberToObject(ctx, "pct", (double)cp->pct);
	cJSON_AddItemToObject(ctx, "chart", chart_scatter(cp));
	free(cp);
	kpi_pyramid_free(&set);
	return http_form_page(r, 200, "kpi_value_grid", ctx, NULL,
	    http_i18n(r, "kpi_grid_title"));
}
