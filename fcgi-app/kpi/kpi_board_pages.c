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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "kpi.h"

static const char *const names[] = { "inventory_turnover_days", "margin",
	"complaint_resolution", "share" };
#define NFIG	4

#define CHART_W		300
#define CHART_H		80
#define PAD		8

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
 * One chart: the figure month by month from..to as line segments (a
 * month with no data breaks the line), its points and the range shown.
 */
static cJSON *
chart(struct req *r, const cJSON *months, int fig, const char *from,
    const char *to)
{
	double		 v[KPI_MONTHS_MAX], lo = 0, hi = 0, least = 0;
	int		 has[KPI_MONTHS_MAX], n = 0, i, first = 1, x, y;
	char		 m[8], pt[48], lab[64];
	const cJSON	*it, *f;
	struct buf	 seg;
	cJSON		*c, *segs, *dots, *d;

	snprintf(m, sizeof(m), "%s", from);
	for (n = 0; n < KPI_MONTHS_MAX && strcmp(m, to) <= 0; n++,
	    next_month(m)) {
		has[n] = 0;
		cJSON_ArrayForEach(it, months)
			if (strcmp(cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(it, "month")), m) ==
			    0 && cJSON_IsNumber(f = cJSON_GetObjectItemCaseSensitive(
			    it, names[fig]))) {
				v[n] = f->valuedouble;
				has[n] = 1;
			}
		if (has[n] && (first || v[n] < lo))
			lo = v[n];
		if (has[n] && (first || v[n] > hi))
			hi = v[n];
		if (has[n])
			first = 0;
	}
	/* from zero (or below it, for a negative margin): honest shapes */
	least = lo;
	if (lo > 0)
		lo = 0;
	c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "figure", names[fig]);
	snprintf(lab, sizeof(lab), "kpi_%s", names[fig]);
	cJSON_AddStringToObject(c, "label", http_i18n(r, lab));
	segs = cJSON_AddArrayToObject(c, "segments");
	dots = cJSON_AddArrayToObject(c, "dots");
	buf_init(&seg);
	for (i = 0; i <= n; i++) {
		if (i < n && has[i]) {
			x = PAD + (n > 1 ? i * (CHART_W - 2 * PAD) / (n - 1) : 0);
			y = hi > lo ? (int)(CHART_H - PAD - (v[i] - lo) /
			    (hi - lo) * (CHART_H - 2 * PAD)) : CHART_H / 2;
			snprintf(pt, sizeof(pt), "%s%d,%d", seg.len ? " " : "",
			    x, y);
			buf_add(&seg, pt, strlen(pt));
			d = cJSON_CreateObject();
			cJSON_AddNumberToObject(d, "cx", x);
			cJSON_AddNumberToObject(d, "cy", y);
			cJSON_AddItemToArray(dots, d);
			continue;
		}
		if (seg.len > 0) {
			d = cJSON_CreateObject();
			cJSON_AddStringToObject(d, "points", buf_cstr(&seg));
			cJSON_AddItemToArray(segs, d);
			buf_reset(&seg);
		}
	}
	buf_free(&seg);
	for (i = 0; i < 2; i++) {
		value_text(fig, i ? hi : least, lab, sizeof(lab));
		cJSON_AddStringToObject(c, i ? "high" : "low", first ?
		    http_i18n(r, "kpi_no_data") : lab);
	}
	cJSON_AddStringToObject(c, "from", from);
	cJSON_AddStringToObject(c, "to", to);
	return c;
}

/* The four figures' charts of whose dealers, from the trend, into ctx. */
static int
charts(struct req *r, enum kpi_own own, int64_t key, cJSON *ctx)
{
	cJSON	*t, *list;
	int	 st, i;

	if ((st = kpi_trend(r, own, key, &t)) != 0)
		return st;
	list = cJSON_AddArrayToObject(ctx, "charts");
	for (i = 0; i < NFIG; i++)
		cJSON_AddItemToArray(list, chart(r, cJSON_GetObjectItemCaseSensitive(
		    t, "months"), i, cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(t, "from")),
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(t,
		    "to"))));
	cJSON_AddStringToObject(ctx, "from", cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(t, "from")));
	cJSON_AddStringToObject(ctx, "to", cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(t, "to")));
	cJSON_Delete(t);
	return 0;
}

/* The figures over the months, with their formulas, into ctx.figures. */
static int
figures(struct req *r, cJSON *ctx, enum kpi_own own, int64_t key)
{
	struct kpi_sums	 s;
	cJSON		*f, *list, *it;
	char		 k[48];
	int		 i;

	if (kpi_total(http_db(r), own, key, cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ctx, "from")), cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ctx, "to")), &s) == -1)
		return 500;
	f = cJSON_CreateObject();
	kpi_figures(&s, f);
	list = cJSON_AddArrayToObject(ctx, "figures");
	for (i = 0; i < NFIG; i++) {
		it = cJSON_CreateObject();
		snprintf(k, sizeof(k), "kpi_%s", names[i]);
		cJSON_AddStringToObject(it, "label", http_i18n(r, k));
		snprintf(k, sizeof(k), "kpi_%s_formula", names[i]);
		cJSON_AddStringToObject(it, "formula", http_i18n(r, k));
		text_of(r, f, i, k, sizeof(k));
		cJSON_AddStringToObject(it, "text", k);
		cJSON_AddItemToArray(list, it);
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
		cJSON_AddItemToObject(ctx, "regions", regions);
	}
	if (own == KPI_OWN_REGION && r->who.kind == ORG_HQ)
		cJSON_AddBoolToObject(ctx, "narrowed", 1);	/* HQ, one region */
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
