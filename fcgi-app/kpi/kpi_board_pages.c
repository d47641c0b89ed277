/*
 * kpi_board_pages.c: the staff dashboard, plain HTML (no script)
 *   GET /dashboard?from=&to=&region=&sort=	the figures of the caller's
 *	dealers with their formulas, a trend chart each (inline SVG) over
 *	the months, the dealers worst first by a figure, dealers by tier,
 *	late orders and overdue complaints; HQ also region by region, each
 *	a link down to that region
 *   GET /dashboard/dealers/{id}?from=&to=	one dealer: its figures and
 *	trends, its tier, and links to its orders, statements and reports
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "../views/chart.h"
#include "kpi.h"

static const char *const names[] = { "inventory_turnover_days", "margin",
	"complaint_resolution", "share" };
#define NFIG	4

/* A value of figure fig as the reader reads it: "12.5" days, "16.7%". */
static void
value_text(int fig, double v, char *out, size_t size)
{
	if (fig == 0)
		snprintf(out, size, "%.1f", v);
	else
		snprintf(out, size, "%.1f%%", v * 100.0);
}

/* j's figure fig as text, or no data. */
static void
text_of(struct req *r, const cJSON *j, int fig, char *out, size_t size)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(j, names[fig]);

	if (cJSON_IsNumber(v))
		value_text(fig, v->valuedouble, out, size);
	else
		snprintf(out, size, "%s", http_i18n(r, "kpi_no_data"));
}

/* Each figure of j gets a _text beside it. */
static void
texts(struct req *r, cJSON *j)
{
	char	 key[48], text[48];
	int	 i;

	for (i = 0; i < NFIG; i++) {
		text_of(r, j, i, text, sizeof(text));
		snprintf(key, sizeof(key), "%s_text", names[i]);
		cJSON_AddStringToObject(j, key, text);
	}
}

/* "YYYY-MM" after m, in place. */
static void
next_month(char *m)
{
	int	 y = atoi(m), mo = atoi(m + 5) + 1;

	if (mo > 12) {
		mo = 1;
		y++;
	}
	snprintf(m, 8, "%04u-%02u", (unsigned)y % 10000, (unsigned)mo % 100);
}

/*
 * Figure fig's value v in the chart's scale: tenths of days, or basis
 * points of a share rounded once to the 0.1% the page shows, half to
 * even as printf's "%.1f" (so the chart's "13.7%" is the figure's, never
 * rounded twice to 13.8%).
 */
static int64_t
scaled(int fig, double v)
{
	return fig == 0 ? (int64_t)llrint(v * 10.0) :
	    (int64_t)llrint(v * 1000.0) * 10;
}


/* Figure fig of months' month m, scaled, or no data. */
static int64_t
value_of(const cJSON *months, int fig, const char *m)
{
	const cJSON	*it, *f;

	cJSON_ArrayForEach(it, months) {
		if (strcmp(cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "month")), m) != 0)
			continue;
		f = cJSON_GetObjectItemCaseSensitive(it, names[fig]);
		return cJSON_IsNumber(f) ? scaled(fig, f->valuedouble) :
		    CHART_NONE;
	}
	return CHART_NONE;
}

/*
 * HQ's goal for figure fig (migration 0065) as c's dashed target line,
 * if there is one: turnover's a "goal" (lower is better), the others'
 * a "target".  No goal, or none readable: no line.
 */
static void
target(struct req *r, struct chart *c, int fig)
{
	struct kpi_targets t;

	if (http_db(r) == NULL || kpi_targets_read(http_db(r), &t) == -1 ||
	    t.v[fig] == KPI_TARGET_NONE)
		return;
	c->has_target = 1;
	c->target = t.v[fig];
	c->target_label = http_i18n(r, fig == 0 ? "kpi_target_goal" :
	    "views_chart_target");
}

/*
 * One chart (views/chart.h): the figure month by month from..to, a
 * month with no data a gap in the line; beside it every region's (all,
 * not NULL: HQ looking at one region), or another's named (a manager's
 * against its region: name and other not NULL).
 */
static cJSON *
chart_of(struct req *r, const cJSON *months, const cJSON *all, int fig,
    const char *from, const char *to, const char *name, const char *other)
{
	static const char *const ids[] = { "kpi-turnover", "kpi-margin",
	    "kpi-resolution", "kpi-share" };
	struct chart	 c;
	char		 m[KPI_MONTHS_MAX][8], lab[64];
	int		 n, k = 0;

	snprintf(lab, sizeof(lab), "kpi_%s", names[fig]);
	chart_init(&c, ids[fig], http_i18n(r, lab), fig == 0 ? CHART_DAYS :
	    CHART_PERCENT, http_lang(r));
	if (all != NULL) {
		c.name = name != NULL ? name : http_i18n(r, "kpi_this_region");
		k = chart_series(&c, other != NULL ? other :
		    http_i18n(r, "kpi_all_regions"));
	}
	target(r, &c, fig);
	snprintf(m[0], sizeof(m[0]), "%s", from);
	for (n = 0; n < KPI_MONTHS_MAX && strcmp(m[n], to) <= 0; n++) {
		chart_add(&c, m[n], value_of(months, fig, m[n]));
		if (all != NULL)
			chart_put(&c, k, n, value_of(all, fig, m[n]));
		if (n + 1 < KPI_MONTHS_MAX) {
			memcpy(m[n + 1], m[n], sizeof(m[n]));
			next_month(m[n + 1]);
		}
	}
	return chart_line(&c, CHART_FULL);
}

static cJSON *
chart(struct req *r, const cJSON *months, const cJSON *all, int fig,
    const char *from, const char *to)
{
	return chart_of(r, months, all, fig, from, to, NULL, NULL);
}

/*
 * The four figures' charts of whose dealers, from the trend, into ctx;
 * HQ looking at one region sees every region's beside it.
 */
static int
charts(struct req *r, enum kpi_own own, int64_t key, cJSON *ctx)
{
	cJSON	*t, *all = NULL, *list;
	int	 st, i;

	if ((st = kpi_trend(r, own, key, &t)) != 0)
		return st;
	if (own == KPI_OWN_REGION && r->who.kind == ORG_HQ &&
	    (st = kpi_trend(r, KPI_OWN_ALL, 0, &all)) != 0) {
		cJSON_Delete(t);
		return st;
	}
	list = cJSON_AddArrayToObject(ctx, "charts");
	for (i = 0; i < NFIG; i++)
		cJSON_AddItemToArray(list, chart(r,
		    cJSON_GetObjectItemCaseSensitive(t, "months"), all != NULL ?
		    cJSON_GetObjectItemCaseSensitive(all, "months") : NULL, i,
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t,
		    "from")), cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(t, "to"))));
	cJSON_AddStringToObject(ctx, "from", cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(t, "from")));
	cJSON_AddStringToObject(ctx, "to", cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(t, "to")));
	cJSON_Delete(t);
	cJSON_Delete(all);
	return 0;
}

/* Chart c's note: the figure over the whole period, text. */
static void
note(struct req *r, cJSON *c, const char *text)
{
	char	 t[128];

	if (c == NULL)
		return;
	snprintf(t, sizeof(t), "%s%s", http_i18n(r, "kpi_period_value"),
	    text);
	cJSON_ReplaceItemInObjectCaseSensitive(c, "note",
	    cJSON_CreateString(t));
}

/* The figures over the months, with their formulas, into ctx.figures. */
static int
figures(struct req *r, cJSON *ctx, enum kpi_own own, int64_t key)
{
	struct kpi_sums	 s;
	struct kpi_targets t;
	const cJSON	*v;
	cJSON		*f, *list, *it;
	char		 k[48];
	int		 i, have;

	if (kpi_total(http_db(r), own, key, cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ctx, "from")), cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ctx, "to")), &s) == -1)
		return 500;
	have = kpi_targets_read(http_db(r), &t) == 0;
	f = cJSON_CreateObject();
	kpi_figures(&s, f);
	list = cJSON_AddArrayToObject(ctx, "figures");
	for (i = 0; i < NFIG; i++) {
		it = kpi_page_figure(r, i);
		text_of(r, f, i, k, sizeof(k));
		cJSON_AddStringToObject(it, "text", k);
		cJSON_AddItemToArray(list, it);
		v = cJSON_GetObjectItemCaseSensitive(f, names[i]);
		if (cJSON_IsNumber(v))	/* in the chart's unit: "9.1 d" */
			chart_value_text(i == 0 ? CHART_DAYS : CHART_PERCENT,
			    http_lang(r), scaled(i, v->valuedouble), k,
			    sizeof(k));
		note(r, cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ctx,
		    "charts"), i), k);
		if (have && t.v[i] != KPI_TARGET_NONE) {	/* beside it */
			chart_value_text(i == 0 ? CHART_DAYS : CHART_PERCENT,
			    http_lang(r), t.v[i], k, sizeof(k));
			cJSON_AddStringToObject(it, "target", k);
			cJSON_AddStringToObject(it, "target_label", http_i18n(r,
			    i == 0 ? "kpi_target_goal" : "views_chart_target"));
		}
	}
	cJSON_Delete(f);
	return 0;
}

/* The figure ?sort= names (turnover by default). */
static int
sort_of(const char *q)
{
	static const char *const sorts[] = { "turnover", "margin",
	    "resolution", "share" };
	int	 i;

	for (i = 0; q != NULL && i < NFIG; i++)
		if (strcmp(q, sorts[i]) == 0)
			return i;
	return 0;
}

/*
 * HQ's regions side by side: a bar each of the figure sorted on (the
 * first CHART_POINTS_MAX regions, as the table lists them).
 */
static cJSON *
region_bars(struct req *r, const cJSON *regions, int fig)
{
	static const char *const ids[] = { "kpi-regions-turnover",
	    "kpi-regions-margin", "kpi-regions-resolution",
	    "kpi-regions-share" };
	struct chart	 c;
	const cJSON	*it, *f;
	char		 lab[64], note[128];

	snprintf(lab, sizeof(lab), "kpi_%s", names[fig]);
	chart_init(&c, ids[fig], http_i18n(r, lab), fig == 0 ? CHART_DAYS :
	    CHART_PERCENT, http_lang(r));
	c.months = 0;
	c.x_title = http_i18n(r, "statement_region");
	snprintf(note, sizeof(note), "%s", http_i18n(r, "kpi_regions_chart"));
	c.note = note;
	cJSON_ArrayForEach(it, regions) {
		f = cJSON_GetObjectItemCaseSensitive(it, names[fig]);
		if (chart_add(&c, cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "name")),
		    cJSON_IsNumber(f) ? scaled(fig, f->valuedouble) :
		    CHART_NONE) == -1)
			break;
	}
	return chart_bars(&c);
}

/* GET /dashboard */
int
kpi_board_page_get(struct req *r)
{
	const char	*q = http_query(r, "sort");
	enum kpi_own	 own;
	int64_t		 key;
	cJSON		*ctx, *d, *regions, *it;
	char		 k[40];
	int		 st, i;

	if (http_db(r) == NULL)
		return 503;
	if ((st = kpi_reach(r, &own, &key)) != 0)
		return st;
	ctx = cJSON_CreateObject();
	if ((st = charts(r, own, key, ctx)) != 0 ||
	    (st = figures(r, ctx, own, key)) != 0 ||
	    (st = kpi_dealers(r, own, key, 50, &d)) != 0) {
		cJSON_Delete(ctx);
		return st;
	}
	i = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "items")) {
		texts(r, it);
		/* the five worst by the figure sorted on, if they have it */
		if (i++ < 5 && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(
		    it, names[sort_of(q)])))
			cJSON_AddBoolToObject(it, "worst", 1);
	}
	cJSON_AddItemToObject(ctx, "dealers", d);
	snprintf(k, sizeof(k), "sort_%s", q != NULL && *q != '\0' ? q :
	    "turnover");
	cJSON_AddBoolToObject(ctx, k, 1);
	if ((st = kpi_counts(r, own, key, ctx)) != 0) {
		cJSON_Delete(ctx);
		return st;
	}
	if (own == KPI_OWN_ALL) {
		if ((st = kpi_regions(r, cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(ctx, "from")),
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ctx,
		    "to")), &regions)) != 0) {
			cJSON_Delete(ctx);
			return st;
		}
		cJSON_ArrayForEach(it, regions)
			texts(r, it);
		cJSON_AddItemToObject(ctx, "region_chart", region_bars(r,
		    regions, sort_of(q)));
		cJSON_AddItemToObject(ctx, "regions", regions);
	}
	if (own == KPI_OWN_REGION && r->who.kind == ORG_HQ)
		cJSON_AddBoolToObject(ctx, "narrowed", 1);	/* HQ, one region */
	/* the account managers' view: its own page, or the region's */
	if (own == KPI_OWN_MANAGER || own == KPI_OWN_REGION)
		cJSON_AddNumberToObject(ctx, own == KPI_OWN_MANAGER ?
		    "my_manager" : "managers_region", (double)key);
	cJSON_AddStringToObject(ctx, "region_q", http_query(r, "region") !=
	    NULL ? http_query(r, "region") : "");
	cJSON_AddStringToObject(ctx, "sort", q != NULL ? q : "");
	return http_form_page(r, 200, "dashboard", ctx, NULL,
	    http_i18n(r, "kpi_title"));
}

/* GET /dashboard/dealers/{id}: one dealer, from its figures down */
int
kpi_board_dealer_page_get(struct req *r)
{
	struct kpi_tier	 t;
	enum kpi_own	 own;
	int64_t		 key;
	cJSON		*ctx;
	int		 st;

	if (http_db(r) == NULL)
		return 503;
	if ((st = kpi_reach_dealer(r, http_param_id(r, "id"), &own, &key)) !=
	    0)
		return st;
	ctx = cJSON_CreateObject();
	if ((st = charts(r, own, key, ctx)) != 0 ||
	    (st = figures(r, ctx, own, key)) != 0 ||
	    (st = kpi_tier_read(http_db(r), &r->who, key, &t, &r->err)) !=
	    200) {
		cJSON_Delete(ctx);
		return st == 0 ? 500 : st;
	}
	cJSON_AddItemToObject(ctx, "tier", kpi_tier_json(&t, r->lang));
	cJSON_AddNumberToObject(ctx, "dealer", (double)key);
	if ((st = kpi_counts(r, own, key, ctx)) != 0) {
		cJSON_Delete(ctx);
		return st;
	}
	return http_form_page(r, 200, "dashboard_dealer", ctx, NULL,
	    http_i18n(r, "kpi_title"));
}

/* Figure i (of the four, in the dashboard's order) named, with its
 * formula, in the reader's language: a new object for a figures table. */
cJSON *
kpi_page_figure(struct req *r, int i)
{
	cJSON	*it = cJSON_CreateObject();
	char	 k[64];

	snprintf(k, sizeof(k), "kpi_%s", names[i]);
	cJSON_AddStringToObject(it, "label", http_i18n(r, k));
	snprintf(k, sizeof(k), "kpi_%s_formula", names[i]);
	cJSON_AddStringToObject(it, "formula", http_i18n(r, k));
	return it;
}

/* For kpi_managers_pages.c: the dashboard's texts, scale and trends. */
void
kpi_page_texts(struct req *r, cJSON *j)
{
	texts(r, j);
}

int64_t
kpi_page_scaled(int fig, double v)
{
	return scaled(fig, v);
}

cJSON *
kpi_page_chart(struct req *r, const cJSON *months, const cJSON *other,
    int fig, const char *from, const char *to, const char *name,
    const char *other_name)
{
	return chart_of(r, months, other, fig, from, to, name, other_name);
}
