/*
 * chart_view.c: what every chart's view has, what
 * templates/partials/chart.html draws: its keys, its description for
 * screen readers, the table of its data, its scale
 *
 * Every key the template reads is set on every view (false or "" when
 * there is none): a section that found no key would look it up in the
 * page around the chart.  Texts are plain; the template escapes them.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "chart.h"
#include "chart_view.h"

void
chart_view_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddStringToObject(o, k, v != NULL ? v : "");
}

void
chart_view_int(cJSON *o, const char *k, int64_t v)
{
	cJSON_AddNumberToObject(o, k, (double)v);
}

/* The keys every view has, as none; the builders set what they draw. */
cJSON *
chart_view_new(const struct chart *c, const char *kind)
{
	cJSON	*v = cJSON_CreateObject();

	chart_view_str(v, "id", c->id);
	chart_view_str(v, "title", c->title);
	chart_view_str(v, "note", c->note);
	cJSON_AddBoolToObject(v, "line", strcmp(kind, "line") == 0);
	cJSON_AddBoolToObject(v, "bars", strcmp(kind, "bars") == 0);
	cJSON_AddBoolToObject(v, "pareto", strcmp(kind, "pareto") == 0);
	cJSON_AddBoolToObject(v, "scatter", strcmp(kind, "scatter") == 0);
	cJSON_AddBoolToObject(v, "small", 0);
	cJSON_AddBoolToObject(v, "empty", 0);
	chart_view_str(v, "no_data", views_text(c->lang,
	    "views_chart_no_data"));
	chart_view_str(v, "data_h", views_text(c->lang, "views_chart_data"));
	chart_view_str(v, "x_title", c->x_title != NULL ? c->x_title :
	    views_text(c->lang, c->months ? "views_chart_month" :
	    "views_chart_item"));
	chart_view_str(v, "last_text", "");
	cJSON_AddBoolToObject(v, "last", 0);
	cJSON_AddBoolToObject(v, "target", 0);
	cJSON_AddBoolToObject(v, "zero", 0);
	chart_view_str(v, "name0", c->name != NULL ? c->name : c->title);
	cJSON_AddArrayToObject(v, "heads");	/* more series' names */
	cJSON_AddArrayToObject(v, "legend");
	return v;
}

/*
 * The scale of lo..hi in unit u: all zero reads as nothing of a whole
 * (0 .. 100%, 0 .. 1 day, 0 .. ¥100, 0 .. 1), not 0 .. 0.1%; shares
 * that cannot pass 100% stop there when a tick falls on it.
 */
void
chart_view_scale(enum chart_unit u, int64_t lo, int64_t hi, int zero, int ints,
    struct chart_scale *s)
{
	static const int64_t	 top[CHART_UNIT__MAX] = { 10000, 10, 10000, 1 };

	if (lo == 0 && hi == 0) {
		hi = top[(unsigned)u < CHART_UNIT__MAX ? u : CHART_COUNT];
		zero = 1;
	}
	chart_scale_nice(lo, hi, zero, chart_min_step(u), ints, s);
	if (u == CHART_PERCENT && lo >= 0 && hi <= 10000 && s->hi > 10000 &&
	    (10000 - s->lo) % s->step == 0)
		s->hi = 10000;
}

/*
 * x label i as the table reads it: a month "2025年1月" / "Jan 2025" made
 * in out, or the category's own label (whole, however long).
 */
const char *
chart_view_x(const struct chart *c, int i, char *out, size_t size)
{
	char	 mon[32], year[32];

	if (!c->months)
		return c->x[i] != NULL ? c->x[i] : "";
	chart_month_text(c->x[i], c->lang, mon, sizeof(mon), year,
	    sizeof(year));
	if (*year == '\0')
		snprintf(out, size, "%s", mon);
	else if (c->lang == LANG_ZH)
		snprintf(out, size, "%s%s", year, mon);
	else
		snprintf(out, size, "%s %s", mon, year);
	return out;
}

/* A column heading of the table behind the chart (v's "heads"). */
void
chart_view_head(cJSON *v, const char *name)
{
	cJSON	*it = cJSON_CreateObject();

	chart_view_str(it, "name", name);
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(v, "heads"), it);
}

/* A cell of a row of that table after its first two (the row's "more"). */
void
chart_view_cell(cJSON *more, const char *text)
{
	cJSON	*it = cJSON_CreateObject();

	chart_view_str(it, "text", text);
	cJSON_AddItemToArray(more, it);
}

/* The table behind the chart: a row a point, its value or no data. */
void
chart_view_table(const struct chart *c, int more, cJSON *v)
{
	cJSON	*rows = cJSON_AddArrayToObject(v, "rows"), *row, *cells;
	char	 x[96], t[64];
	int	 i, k;

	for (k = 0; more && k < c->nmore; k++)
		chart_view_head(v, c->more[k].name);
	for (i = 0; i < c->n; i++) {
		row = cJSON_CreateObject();
		chart_value_text(c->unit, c->lang, c->y[i], t, sizeof(t));
		chart_view_str(row, "x", chart_view_x(c, i, x, sizeof(x)));
		chart_view_str(row, "text", t);
		cells = cJSON_AddArrayToObject(row, "more");
		for (k = 0; more && k < c->nmore; k++) {
			chart_value_text(c->unit, c->lang, c->more[k].y[i], t,
			    sizeof(t));
			chart_view_cell(cells, t);
		}
		cJSON_AddItemToArray(rows, row);
	}
}

/* The target's label, "target 90.0%", into out. */
void
chart_view_target(const struct chart *c, char *out, size_t size)
{
	char	 t[64];

	chart_value_text(c->unit, c->lang, c->target, t, sizeof(t));
	snprintf(out, size, "%s %s", c->target_label != NULL ?
	    c->target_label : views_text(c->lang, "views_chart_target"), t);
}

/*
 * The description a screen reader reads first: the span, the lowest,
 * the highest and the latest values with their x, and the target.
 */
void
chart_view_describe(const struct chart *c, cJSON *v)
{
	struct buf	 d;
	char		 x[96], t[64], tt[96];
	int		 i, k, lo = -1, hi = -1, last = -1;

	for (i = 0; i < c->n; i++) {
		if (c->y[i] == CHART_NONE)
			continue;
		if (lo < 0 || c->y[i] < c->y[lo])
			lo = i;
		if (hi < 0 || c->y[i] > c->y[hi])
			hi = i;
		last = i;
	}
	buf_init(&d);
	buf_adds(&d, c->title != NULL ? c->title : "");
	if (c->n > 0 && c->months) {
		buf_printf(&d, ", %s", chart_view_x(c, 0, x, sizeof(x)));
		buf_printf(&d, " – %s", chart_view_x(c, c->n - 1, x,
		    sizeof(x)));
	}
	if (last < 0)
		buf_printf(&d, ": %s", views_text(c->lang,
		    "views_chart_no_data"));
	for (i = 0; last >= 0 && i < 3; i++) {
		int	 at = i == 0 ? lo : i == 1 ? hi : last;

		chart_value_text(c->unit, c->lang, c->y[at], t, sizeof(t));
		buf_printf(&d, "%s%s %s (%s)", i == 0 ? ": " : ", ",
		    views_text(c->lang, i == 0 ? "views_chart_low" : i == 1 ?
		    "views_chart_high" : "views_chart_last"), t,
		    chart_view_x(c, at, x, sizeof(x)));
	}
	for (k = 0; k < c->nmore; k++) {
		for (i = c->n - 1; i >= 0 && c->more[k].y[i] == CHART_NONE; i--)
			;
		if (i < 0)
			continue;
		chart_value_text(c->unit, c->lang, c->more[k].y[i], t,
		    sizeof(t));
		buf_printf(&d, "; %s: %s %s (%s)", c->more[k].name != NULL ?
		    c->more[k].name : "", views_text(c->lang,
		    "views_chart_last"), t, chart_view_x(c, i, x, sizeof(x)));
	}
	if (c->has_target) {
		chart_view_target(c, tt, sizeof(tt));
		buf_printf(&d, "; %s", tt);
	}
	chart_view_str(v, "desc", buf_cstr(&d));
	buf_free(&d);
}

/* c empty, for the unit and the reader's language. */
void
chart_init(struct chart *c, const char *id, const char *title,
    enum chart_unit unit, enum lang l)
{
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->title = title;
	c->unit = unit;
	c->lang = l;
	c->months = 1;
}

/* y within the values a chart takes */
static int64_t
clamp(int64_t y)
{
	if (y != CHART_NONE && y > CHART_VALUE_MAX)
		return CHART_VALUE_MAX;
	if (y != CHART_NONE && y < -CHART_VALUE_MAX)
		return -CHART_VALUE_MAX;
	return y;
}

/*
 * A point (CHART_NONE: no data) of the first series; the other series
 * have none there until chart_put(): 0, or -1 when the chart is full.
 */
int
chart_add(struct chart *c, const char *x, int64_t y)
{
	int	 k;

	if (c->n >= CHART_POINTS_MAX)
		return -1;
	for (k = 0; k < c->nmore; k++)
		c->more[k].y[c->n] = CHART_NONE;
	c->x[c->n] = x;
	c->y[c->n++] = clamp(y);
	return 0;
}

/* Another series named name, no data yet: its number (1 ..), or -1. */
int
chart_series(struct chart *c, const char *name)
{
	int	 i;

	if (c->nmore >= CHART_SERIES_MAX - 1)
		return -1;
	c->more[c->nmore].name = name;
	for (i = 0; i < CHART_POINTS_MAX; i++)
		c->more[c->nmore].y[i] = CHART_NONE;
	return ++c->nmore;
}

/* Point i (added) of series s (0 the first): 0, or -1 if there is none. */
int
chart_put(struct chart *c, int s, int i, int64_t y)
{
	if (s < 0 || s > c->nmore || i < 0 || i >= c->n)
		return -1;
	if (s == 0)
		c->y[i] = clamp(y);
	else
		c->more[s - 1].y[i] = clamp(y);
	return 0;
}
