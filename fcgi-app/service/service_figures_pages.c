/*
 * service_figures_pages.c: GET /service/figures?from=&to=&by=&region=
 * &line=&provider=: the figures by group and month in a table (it scrolls
 * in its own box on a phone), three charts of the months' totals (jobs
 * filed, dispatched within 5 minutes, first-time fix; views/chart.h) and
 * by region a small one per region, the filters as a GET form, a CSV link
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "../views/chart.h"
#include "service_figures.h"

#define PAGE_ROWS	600	/* rows a page shows; the CSV has them all */
#define MULTIPLES	48	/* regions drawn small, side by side */

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

/* num / den in basis points rounded once to 0.1% (as the table), or none. */
static int64_t
share(int64_t num, int64_t den)
{
	return den > 0 ? (int64_t)llrint((double)num * 1000.0 /
	    (double)den) * 10 : CHART_NONE;
}


/*
 * By region: the share dispatched within 5 minutes month by month, a
 * small chart per region (the first MULTIPLES), all on one scale.
 */
static void
multiples(struct req *r, const struct service_figures *g,
    const struct total *t, int n, cJSON *ctx)
{
	struct chart	*c;
	int64_t		 ids[MULTIPLES], num[MULTIPLES][SERVICE_FIGURES_MONTHS];
	int64_t		 den[MULTIPLES][SERVICE_FIGURES_MONTHS];
	char		 id[MULTIPLES][24];
	size_t		 k;
	int		 nr = 0, j, i;

	if (g->by != SERVICE_FIGURES_REGION)
		return;
	memset(num, 0, sizeof(num));
	memset(den, 0, sizeof(den));
	if ((c = calloc(MULTIPLES, sizeof(*c))) == NULL)
		return;
	for (k = 0; k < g->n; k++) {
		for (j = 0; j < nr && ids[j] != g->rows[k].id; j++)
			;
		if (j == nr && nr == MULTIPLES)
			continue;
		if (j == nr) {
			ids[nr] = g->rows[k].id;
			snprintf(id[nr], sizeof(id[nr]), "sf-r%lld",
			    (long long)g->rows[k].id);
			chart_init(&c[nr], id[nr], g->rows[k].name,
			    CHART_PERCENT, http_lang(r));
			c[nr].zero = 1;
			nr++;
		}
		for (i = 0; i < n; i++)
			if (strcmp(g->rows[k].month, t[i].month) == 0) {
				num[j][i] += g->rows[k].within_5min;
				den[j][i] += g->rows[k].offered;
			}
	}
	for (j = 0; j < nr; j++)
		for (i = 0; i < n; i++)
			chart_add(&c[j], t[i].month, share(num[j][i],
			    den[j][i]));
	if (nr > 1)
		cJSON_AddItemToObject(ctx, "multiples", chart_multiples(c, nr));
	free(c);
}

/* The months' totals from the rows, and the three charts, into ctx. */
static void
charts(struct req *r, const struct service_figures *g, cJSON *ctx)
{
	static const char *const ids[] = { "sf-jobs", "sf-within",
	    "sf-first" };
	static const char *const titles[] = { "service_figures_chart_jobs",
	    "service_figures_chart_within", "service_figures_chart_first" };
	struct total	 t[SERVICE_FIGURES_MONTHS];
	struct chart	 c;
	char		 m[8];
	cJSON		*list;
	size_t		 k;
	int		 n, i, j;

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
	list = cJSON_AddArrayToObject(ctx, "charts");
	for (j = 0; j < 3; j++) {
		chart_init(&c, ids[j], http_i18n(r, titles[j]), j == 0 ?
		    CHART_COUNT : CHART_PERCENT, http_lang(r));
		c.zero = 1;
		for (i = 0; i < n; i++)
			chart_add(&c, t[i].month, j == 0 ? t[i].jobs : j == 1 ?
			    share(t[i].within, t[i].offered) :
			    share(t[i].first, t[i].finished));
		cJSON_AddItemToArray(list, chart_line(&c, CHART_FULL));
	}
	multiples(r, g, t, n, ctx);
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
	charts(r, &g, ctx);
	form(r, &g, ctx);
	service_figures_free(&g);
	rows = cJSON_GetObjectItemCaseSensitive(ctx, "rows");
	row_texts(r, rows);
	return http_form_page(r, 200, "service_figures", ctx, NULL,
	    http_i18n(r, "service_figures_title"));
}
