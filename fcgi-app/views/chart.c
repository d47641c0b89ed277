/*
 * chart.c: line charts over months (or categories), on their own or as
 * small multiples on one scale (views/chart.h)
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "chart.h"
#include "chart_view.h"

/* A drawing size, in viewBox units. */
struct frame {
	int	 w, h, left, right, top, bottom;
	int	 ints;		/* value intervals at most */
	int	 minpx;		/* between x labels at least */
	int	 inset;		/* first and last point from the plot's edge */
};

static const struct frame frames[CHART_SIZE__MAX] = {
	[CHART_FULL] = { 360, 200, 46, 14, 16, 34, 5, 36, 8 },
	[CHART_SMALL] = { 240, 132, 42, 12, 12, 32, 2, 56, 6 },
};

/* The value axis of a line chart: its ticks, and zero if it is inside. */
static void
y_axis(const struct chart *c, const struct frame *f,
    const struct chart_scale *s, cJSON *v)
{
	cJSON	*ticks = cJSON_AddArrayToObject(v, "yticks"), *t, *z;
	char	 text[48];
	int64_t	 y;
	int	 base = f->h - f->bottom, len = f->h - f->bottom - f->top;

	for (y = s->lo; y <= s->hi; y += s->step) {
		t = cJSON_CreateObject();
		chart_view_int(t, "y", base - chart_pos(s, y, len));
		chart_view_int(t, "ty", base - chart_pos(s, y, len) + 4);
		chart_tick_text(c->unit, c->lang, y, s->step, text,
		    sizeof(text));
		chart_view_str(t, "text", text);
		cJSON_AddItemToArray(ticks, t);
	}
	if (s->lo < 0 && s->hi > 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "zero");
		z = cJSON_AddObjectToObject(v, "zero");
		chart_view_int(z, "y", base - chart_pos(s, 0, len));
	}
}

/* The x labels: the month (and the year where it starts or changes). */
static void
x_axis(const struct chart *c, const struct frame *f, cJSON *v)
{
	cJSON	*ticks = cJSON_AddArrayToObject(v, "xticks"), *t;
	char	 mon[32], year[32], prev[32] = "";
	int	 idx[CHART_POINTS_MAX], n, i, pw;

	pw = f->w - f->left - f->right - 2 * f->inset;
	n = chart_xticks(c->n, pw, f->minpx, idx, CHART_POINTS_MAX);
	for (i = 0; i < n; i++) {
		t = cJSON_CreateObject();
		chart_view_int(t, "x", chart_x(idx[i], c->n, f->left +
		    f->inset, pw));
		if (c->months) {
			chart_month_text(c->x[idx[i]], c->lang, mon,
			    sizeof(mon), year, sizeof(year));
			chart_view_str(t, "text", mon);
			chart_view_str(t, "year", strcmp(year, prev) != 0 ?
			    year : "");
			snprintf(prev, sizeof(prev), "%s", year);
		} else {
			chart_view_str(t, "text", c->x[idx[i]]);
			chart_view_str(t, "year", "");
		}
		cJSON_AddItemToArray(ticks, t);
	}
}

/*
 * One series' line: a path through each run of points with data (a gap
 * breaks it; a lone point is its dot alone), a dot on every point, all
 * of class cls; *last (-1: none) its latest point with data, at lx, ly.
 */
static void
line(const struct chart *c, const struct frame *f,
    const struct chart_scale *s, const int64_t *y, const char *cls,
    cJSON *v, int *last, int *lx, int *ly)
{
	cJSON	*paths = cJSON_GetObjectItemCaseSensitive(v, "paths");
	cJSON	*dots = cJSON_GetObjectItemCaseSensitive(v, "dots"), *d;
	char	 seg[CHART_POINTS_MAX * 24];
	int	 i, px, py, run = 0, pw, base, len;
	size_t	 sl = 0;

	pw = f->w - f->left - f->right - 2 * f->inset;
	base = f->h - f->bottom;
	len = f->h - f->bottom - f->top;
	*last = -1;
	for (i = 0; i <= c->n; i++) {
		if (i < c->n && y[i] != CHART_NONE) {
			px = chart_x(i, c->n, f->left + f->inset, pw);
			py = base - chart_pos(s, y[i], len);
			sl += (size_t)snprintf(seg + sl, sizeof(seg) - sl,
			    "%s%d %d", run ? "L" : "M", px, py);
			run++;
			d = cJSON_CreateObject();
			chart_view_int(d, "x", px);
			chart_view_int(d, "y", py);
			chart_view_str(d, "cls", cls);
			cJSON_AddItemToArray(dots, d);
			*last = i;
			*lx = px;
			*ly = py;
			continue;
		}
		if (run > 1) {
			d = cJSON_CreateObject();
			chart_view_str(d, "d", seg);
			chart_view_str(d, "cls", cls);
			cJSON_AddItemToArray(paths, d);
		}
		run = 0;
		sl = 0;
	}
}

/* The legend's entry of a series: its name, its latest value. */
static void
key(const struct chart *c, const char *name, const int64_t *y, int last,
    const char *cls, cJSON *v)
{
	cJSON	*it = cJSON_CreateObject();
	char	 t[64];

	chart_view_str(it, "name", name);
	chart_view_str(it, "cls", cls);
	if (last >= 0)
		chart_value_text(c->unit, c->lang, y[last], t, sizeof(t));
	chart_view_str(it, "text", last >= 0 ? t : "");
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(v, "legend"),
	    it);
}

/*
 * The lines, the later series under the first; the first's latest
 * value labelled beside its dot; with more than one, a legend.
 */
static void
plot(const struct chart *c, const struct frame *f,
    const struct chart_scale *s, cJSON *v)
{
	static const char *const cls[CHART_SERIES_MAX] = { "s0", "s1", "s2" };
	struct buf	 full;
	cJSON		*l;
	char		 t[64], x[96];
	int		 k, last = -1, lx = 0, ly = 0, n;

	cJSON_AddArrayToObject(v, "paths");
	cJSON_AddArrayToObject(v, "dots");
	n = c->nmore < CHART_SERIES_MAX ? c->nmore : CHART_SERIES_MAX - 1;
	for (k = n; k >= 1; k--) {
		line(c, f, s, c->more[k - 1].y, cls[k], v, &last, &lx, &ly);
		key(c, c->more[k - 1].name, c->more[k - 1].y, last, cls[k], v);
	}
	line(c, f, s, c->y, cls[0], v, &last, &lx, &ly);
	if (n > 0) {
		key(c, c->name != NULL ? c->name : c->title, c->y, last,
		    cls[0], v);
		/* the first first */
		l = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(
		    v, "legend"), n);
		cJSON_InsertItemInArray(cJSON_GetObjectItemCaseSensitive(v,
		    "legend"), 0, l);
	}
	if (last < 0)
		return;
	chart_value_text(c->unit, c->lang, c->y[last], t, sizeof(t));
	cJSON_DeleteItemFromObjectCaseSensitive(v, "last");
	l = cJSON_AddObjectToObject(v, "last");
	chart_view_str(l, "text", t);
	chart_view_int(l, "x", lx);
	/* above its dot, or below it when the top is too near */
	chart_view_int(l, "y", ly - 8 < f->top + 10 ? ly + 17 : ly - 8);
	chart_view_str(l, "anchor", lx > f->w - f->right - 36 ? "end" :
	    lx < f->left + 36 ? "start" : "middle");
	buf_init(&full);
	buf_printf(&full, c->lang == LANG_ZH ? "%s（%s）：%s" : "%s (%s): %s",
	    views_text(c->lang, "views_chart_latest"), chart_view_x(c, last,
	    x, sizeof(x)), t);
	cJSON_DeleteItemFromObjectCaseSensitive(v, "last_text");
	chart_view_str(v, "last_text", buf_cstr(&full));
	buf_free(&full);
}

/* The target as a dashed line across the plot, labelled above it. */
static void
target_line(const struct chart *c, const struct frame *f,
    const struct chart_scale *s, cJSON *v)
{
	cJSON	*t;
	char	 text[96];
	int	 y;

	if (!c->has_target)
		return;
	y = f->h - f->bottom - chart_pos(s, c->target, f->h - f->bottom -
	    f->top);
	cJSON_DeleteItemFromObjectCaseSensitive(v, "target");
	t = cJSON_AddObjectToObject(v, "target");
	chart_view_int(t, "y", y);
	chart_view_int(t, "ty", y - 4 < f->top + 8 ? y + 12 : y - 4);
	chart_view_int(t, "x", f->left + 4);
	chart_view_target(c, text, sizeof(text));
	chart_view_str(t, "text", text);
}

/* A line chart on scale s (NULL: its own). */
static cJSON *
line_view(const struct chart *c, enum chart_size size,
    const struct chart_scale *shared)
{
	const struct frame	*f = &frames[(unsigned)size < CHART_SIZE__MAX ?
				    size : CHART_FULL];
	struct chart_scale	 s;
	int64_t			 lo, hi;
	cJSON			*v = chart_view_new(c, "line");

	chart_view_int(v, "w", f->w);
	chart_view_int(v, "h", f->h);
	chart_view_int(v, "px", f->left);
	chart_view_int(v, "px2", f->w - f->right);
	chart_view_int(v, "py", f->top);
	chart_view_int(v, "py2", f->h - f->bottom);
	chart_view_int(v, "cx", f->left + (f->w - f->left - f->right) / 2);
	chart_view_int(v, "cy", f->top + (f->h - f->top - f->bottom) / 2);
	chart_view_int(v, "yx", f->left - 6);		/* value labels */
	chart_view_int(v, "py3", f->h - f->bottom + 4);	/* x tick marks */
	chart_view_int(v, "xy", f->h - f->bottom + 16);	/* months */
	chart_view_int(v, "xy2", f->h - f->bottom + 29);	/* years */
	cJSON_DeleteItemFromObjectCaseSensitive(v, "small");
	cJSON_AddBoolToObject(v, "small", size == CHART_SMALL);
	chart_view_describe(c, v);
	chart_view_table(c, 1, v);
	x_axis(c, f, v);
	if (chart_extent(c, &lo, &hi) == 0 && shared == NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "empty");
		cJSON_AddBoolToObject(v, "empty", 1);
		cJSON_AddArrayToObject(v, "yticks");
		cJSON_AddArrayToObject(v, "paths");
		cJSON_AddArrayToObject(v, "dots");
		return v;
	}
	if (shared != NULL)
		s = *shared;
	else
		chart_view_scale(c->unit, lo, hi, c->zero, f->ints, &s);
	y_axis(c, f, &s, v);
	plot(c, f, &s, v);
	target_line(c, f, &s, v);
	return v;
}

/* A line chart over months (or categories), its own size. */
cJSON *
chart_line(const struct chart *c, enum chart_size size)
{
	return line_view(c, size, NULL);
}

/*
 * Small multiples: one small line chart each, all on one scale so that
 * they compare (the unit, zero and size of the first decide).
 */
cJSON *
chart_multiples(const struct chart *c, int n)
{
	struct chart_scale	 s;
	int64_t			 lo = 0, hi = 0, a, b;
	int			 i, any = 0;
	cJSON			*list = cJSON_CreateArray();

	for (i = 0; i < n; i++)
		if (chart_extent(&c[i], &a, &b) > 0 || c[i].has_target) {
			lo = !any || a < lo ? a : lo;
			hi = !any || b > hi ? b : hi;
			any = 1;
		}
	if (n > 0)
		chart_view_scale(c[0].unit, lo, hi, c[0].zero,
		    frames[CHART_SMALL].ints, &s);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(list, line_view(&c[i], CHART_SMALL,
		    any && chart_extent(&c[i], &a, &b) > 0 ? &s : NULL));
	return list;
}
