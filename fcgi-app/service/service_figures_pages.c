/*
 * service_figures_pages.c: GET /service/figures?from=&to=&by=&region=
 * &line=&provider=: the figures by group and month in a table (it scrolls
 * in its own box on a phone), three inline SVG charts of the months'
 * totals (jobs filed, dispatched within 5 minutes, first-time fix; no
 * script, scaled by their viewBox), the filters as a GET form, a CSV link
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "service_figures.h"

/* the charts' drawing, in viewBox units */
#define CHART_W		600
#define CHART_H		180
#define LEFT		40	/* the value axis' labels */
#define RIGHT		8
#define TOP		12
#define BOTTOM		24	/* the months' labels */
#define PLOT_W		(CHART_W - LEFT - RIGHT)
#define PLOT_H		(CHART_H - TOP - BOTTOM)
#define PAGE_ROWS	600	/* rows a page shows; the CSV has them all */

enum fmt { FMT_SHARE, FMT_SECONDS, FMT_HOURS, FMT_DAYS, FMT_MEAN };

/* Row key's figure as the reader reads it, beside it as key_text. */
static void
text(struct req *r, cJSON *it, const char *key, enum fmt fmt)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(it, key);
	char		 out[48], k[64];
	double		 x;

	x = cJSON_IsNumber(v) ? v->valuedouble : 0;
	if (!cJSON_IsNumber(v))
		snprintf(out, sizeof(out), "%s", http_i18n(r,
		    "service_figures_no_data"));
	else if (fmt == FMT_SHARE)
		snprintf(out, sizeof(out), "%.1f%%", x * 100.0);
	else if (fmt == FMT_SECONDS && x >= 600)
		snprintf(out, sizeof(out), "%.1f min", x / 60.0);
	else if (fmt == FMT_SECONDS)
		snprintf(out, sizeof(out), "%.0f s", x);
	else if (fmt == FMT_HOURS)
		snprintf(out, sizeof(out), "%.1f h", x);
	else if (fmt == FMT_DAYS)
		snprintf(out, sizeof(out), "%.1f d", x);
	else
		snprintf(out, sizeof(out), "%.2f", x);
	snprintf(k, sizeof(k), "%s_text", key);
	cJSON_AddStringToObject(it, k, out);
}

/* Each row's texts, and its group's label (no provider: said so). */
static void
row_texts(struct req *r, cJSON *rows)
{
	static const struct {
		const char	*key;
		enum fmt	 fmt;
	} figs[] = {
		{ "dispatch_median_seconds", FMT_SECONDS },
		{ "dispatch_p90_seconds", FMT_SECONDS },
		{ "dispatch_within_5min_share", FMT_SHARE },
		{ "acceptance_rate", FMT_SHARE },
		{ "visit_median_hours", FMT_HOURS },
		{ "first_time_fix_rate", FMT_SHARE },
		{ "parts_median_days", FMT_DAYS },
		{ "parts_within_target_share", FMT_SHARE },
		{ "waiting_for_parts_share", FMT_SHARE },
		{ "followup_reach", FMT_SHARE },
		{ "satisfaction_mean", FMT_MEAN },
	};
	const cJSON	*name;
	cJSON		*it;
	size_t		 i;

	cJSON_ArrayForEach(it, rows) {
		for (i = 0; i < sizeof(figs) / sizeof(figs[0]); i++)
			text(r, it, figs[i].key, figs[i].fmt);
		if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "id")))
			cJSON_AddStringToObject(it, "label", http_i18n(r,
			    "service_figures_no_provider"));
		else {
			name = cJSON_GetObjectItemCaseSensitive(it, "name");
			cJSON_AddStringToObject(it, "label",
			    cJSON_GetStringValue(name));
		}
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

/* A month's totals over its groups: what the charts draw. */
struct total {
	char	 month[8];
	int64_t	 jobs, offered, within, finished, first;
};

/* A line chart of a share per month (no data breaks the line). */
static cJSON *
line_chart(const struct total *t, int n, int share)
{
	cJSON	*c = cJSON_CreateObject(), *segs, *dots, *d;
	char	 pts[24 * 16], pt[24];
	int64_t	 num, den;
	int	 i, x, y;

	segs = cJSON_AddArrayToObject(c, "segments");
	dots = cJSON_AddArrayToObject(c, "dots");
	pts[0] = '\0';
	for (i = 0; i <= n; i++) {
		num = i < n ? (share ? t[i].within : t[i].first) : 0;
		den = i < n ? (share ? t[i].offered : t[i].finished) : 0;
		if (den > 0) {
			x = LEFT + (2 * i + 1) * PLOT_W / (2 * n);
			y = TOP + (int)(PLOT_H - (double)num / (double)den *
			    PLOT_H + 0.5);
			snprintf(pt, sizeof(pt), "%s%d,%d", pts[0] ? " " : "",
			    x, y);
			strncat(pts, pt, sizeof(pts) - strlen(pts) - 1);
			d = cJSON_CreateObject();
			cJSON_AddNumberToObject(d, "cx", x);
			cJSON_AddNumberToObject(d, "cy", y);
			cJSON_AddItemToArray(dots, d);
			continue;
		}
		if (pts[0] != '\0') {
			d = cJSON_CreateObject();
			cJSON_AddStringToObject(d, "points", pts);
			cJSON_AddItemToArray(segs, d);
			pts[0] = '\0';
		}
	}
	return c;
}

/* The months' totals from the rows, and the three charts, into ctx. */
static void
charts(const struct service_figures *g, cJSON *ctx)
{
	struct total	 t[SERVICE_FIGURES_MONTHS];
	char		 m[8], v[24];
	cJSON		*bars, *b, *months;
	size_t		 k;
	int64_t		 most = 1;
	int		 n, i, h, slot;

	memset(t, 0, sizeof(t));
	snprintf(m, sizeof(m), "%s", g->from);
	for (n = 0; n < SERVICE_FIGURES_MONTHS && strcmp(m, g->to) <= 0; n++,
	    next_month(m))
		snprintf(t[n].month, sizeof(t[n].month), "%s", m);
	for (k = 0; k < g->n; k++)
		for (i = 0; i < n; i++)
			if (strcmp(g->rows[k].month, t[i].month) == 0) {
				t[i].jobs += g->rows[k].jobs;
				t[i].offered += g->rows[k].offered;
				t[i].within += g->rows[k].within_5min;
				t[i].finished += g->rows[k].finished;
				t[i].first += g->rows[k].first_time;
			}
	for (i = 0; i < n; i++)
		if (t[i].jobs > most)
			most = t[i].jobs;
	slot = n > 0 ? PLOT_W / n : PLOT_W;
	bars = cJSON_AddArrayToObject(ctx, "bars");
	months = cJSON_AddArrayToObject(ctx, "chart_months");
	for (i = 0; i < n; i++) {
		b = cJSON_CreateObject();
		h = (int)(t[i].jobs * PLOT_H / most);
		cJSON_AddNumberToObject(b, "x", LEFT + i * PLOT_W / n +
		    slot / 6);
		cJSON_AddNumberToObject(b, "y", TOP + PLOT_H - h);
		cJSON_AddNumberToObject(b, "w", slot - slot / 3 > 1 ?
		    slot - slot / 3 : 1);
		cJSON_AddNumberToObject(b, "h", h);
		cJSON_AddNumberToObject(b, "ty", TOP + PLOT_H - h - 2);
		cJSON_AddNumberToObject(b, "jobs", (double)t[i].jobs);
		cJSON_AddItemToArray(bars, b);
		b = cJSON_CreateObject();
		cJSON_AddNumberToObject(b, "x", LEFT + (2 * i + 1) * PLOT_W /
		    (2 * n));
		cJSON_AddStringToObject(b, "label", t[i].month + 5);
		cJSON_AddStringToObject(b, "month", t[i].month);
		cJSON_AddItemToArray(months, b);
	}
	snprintf(v, sizeof(v), "%lld", (long long)most);
	cJSON_AddStringToObject(ctx, "chart_most", v);
	cJSON_AddItemToObject(ctx, "chart_within", line_chart(t, n, 1));
	cJSON_AddItemToObject(ctx, "chart_first", line_chart(t, n, 0));
}

/* The form's state: the grouping, the filters, the product lines. */
static void
form(struct req *r, const struct service_figures *g, cJSON *ctx)
{
	char		 k[16], id[24];
	const cJSON	*code;
	cJSON		*lines, *it;

	snprintf(k, sizeof(k), "by_%s", service_figures_by_name(g->by));
	cJSON_AddBoolToObject(ctx, k, 1);
	snprintf(id, sizeof(id), "%lld", (long long)g->region);
	cJSON_AddStringToObject(ctx, "region_q", g->region ? id : "");
	snprintf(id, sizeof(id), "%lld", (long long)g->provider);
	cJSON_AddStringToObject(ctx, "provider_q", g->provider ? id : "");
	cJSON_AddStringToObject(ctx, "line_q", g->line);
	lines = cJSON_AddArrayToObject(ctx, "lines");
	if (service_figures_lines(http_db(r), r->lang, lines) == -1)
		return;		/* the form offers every line but none */
	cJSON_ArrayForEach(it, lines) {
		code = cJSON_GetObjectItemCaseSensitive(it, "code");
		if (strcmp(cJSON_GetStringValue(code), g->line) == 0)
			cJSON_AddBoolToObject(it, "selected", 1);
	}
}

/* GET /service/figures */
int
service_figures_page_get(struct req *r)
{
	struct service_figures	 g;
	cJSON			*ctx, *rows;
	int			 st;

	if ((st = service_figures(r, &g)) != 200) {
		if (st != 422)
			return st;
		ctx = cJSON_CreateObject();
		form(r, &g, ctx);
		return http_form_page(r, st, "service_figures", ctx, NULL,
		    http_i18n(r, "service_figures_title"));
	}
	/* only the rows shown are built: HQ's by provider may be 100,000s */
	ctx = service_figures_json(&g, PAGE_ROWS);
	if (g.n > PAGE_ROWS)
		cJSON_AddNumberToObject(ctx, "page_rows", PAGE_ROWS);
	charts(&g, ctx);
	form(r, &g, ctx);
	service_figures_free(&g);
	rows = cJSON_GetObjectItemCaseSensitive(ctx, "rows");
	row_texts(r, rows);
	return http_form_page(r, 200, "service_figures", ctx, NULL,
	    http_i18n(r, "service_figures_title"));
}
