/*
 * chart.c: a chart's view, what templates/partials/chart.html draws
 *
 * Every key the template reads is set on every view (false or "" when
 * there is none): a section that found no key would look it up in the
 * page around the chart.  Texts are plain; the template escapes them.
 */
#include <stdio.h>
#include <string.h>

#include "chart.h"

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

/* bars: a row each, labels left, values right, the value axis below */
#define BAR_W		360
#define BAR_ROW		26
#define BAR_LABEL	124	/* the labels' column */
#define BAR_VALUE	64	/* the values' column */
#define BAR_TOP		8
#define BAR_BOTTOM	24
#define BAR_LABEL_PX	116	/* a label longer than this is cut short */

static void
add_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddStringToObject(o, k, v != NULL ? v : "");
}

static void
add_int(cJSON *o, const char *k, int64_t v)
{
	cJSON_AddNumberToObject(o, k, (double)v);
}

/* The keys every view has, as none; the builders set what they draw. */
static cJSON *
view_new(const struct chart *c, const char *kind)
{
	cJSON	*v = cJSON_CreateObject();

	add_str(v, "id", c->id);
	add_str(v, "title", c->title);
	add_str(v, "note", c->note);
	cJSON_AddBoolToObject(v, "line", strcmp(kind, "line") == 0);
	cJSON_AddBoolToObject(v, "bars", strcmp(kind, "bars") == 0);
	cJSON_AddBoolToObject(v, "small", 0);
	cJSON_AddBoolToObject(v, "empty", 0);
	add_str(v, "no_data", views_text(c->lang, "views_chart_no_data"));
	add_str(v, "data_h", views_text(c->lang, "views_chart_data"));
	add_str(v, "x_title", c->x_title != NULL ? c->x_title :
	    views_text(c->lang, c->months ? "views_chart_month" : "views_chart_item"));
	add_str(v, "last_text", "");
	cJSON_AddBoolToObject(v, "last", 0);
	cJSON_AddBoolToObject(v, "target", 0);
	cJSON_AddBoolToObject(v, "zero", 0);
	return v;
}

/*
 * The scale of lo..hi in unit u: all zero reads as nothing of a whole
 * (0 .. 100%, 0 .. 1 day, 0 .. ¥100, 0 .. 1), not 0 .. 0.1%; shares
 * that cannot pass 100% stop there when a tick falls on it.
 */
static void
scale_of(enum chart_unit u, int64_t lo, int64_t hi, int zero, int ints,
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

/* x label i as the table reads it: "2025年1月", "Jan 2025", a name. */
static void
x_text(const struct chart *c, int i, char *out, size_t size)
{
	char	 mon[32], year[32];

	if (!c->months) {
		snprintf(out, size, "%s", c->x[i] != NULL ? c->x[i] : "");
		return;
	}
	chart_month_text(c->x[i], c->lang, mon, sizeof(mon), year,
	    sizeof(year));
	if (*year == '\0')
		snprintf(out, size, "%s", mon);
	else if (c->lang == LANG_ZH)
		snprintf(out, size, "%s%s", year, mon);
	else
		snprintf(out, size, "%s %s", mon, year);
}

/* The table behind the chart: a row a point, its value or no data. */
static void
table(const struct chart *c, cJSON *v)
{
	cJSON	*rows = cJSON_AddArrayToObject(v, "rows"), *row;
	char	 x[96], t[64];
	int	 i;

	for (i = 0; i < c->n; i++) {
		row = cJSON_CreateObject();
		x_text(c, i, x, sizeof(x));
		chart_value_text(c->unit, c->lang, c->y[i], t, sizeof(t));
		add_str(row, "x", x);
		add_str(row, "text", t);
		cJSON_AddItemToArray(rows, row);
	}
}

/* The target's label, "target 90.0%", into out. */
static void
target_text(const struct chart *c, char *out, size_t size)
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
static void
describe(const struct chart *c, cJSON *v)
{
	char	 d[640], x[96], t[64], tt[96];
	int	 i, lo = -1, hi = -1, last = -1, len;

	for (i = 0; i < c->n; i++) {
		if (c->y[i] == CHART_NONE)
			continue;
		if (lo < 0 || c->y[i] < c->y[lo])
			lo = i;
		if (hi < 0 || c->y[i] > c->y[hi])
			hi = i;
		last = i;
	}
	len = snprintf(d, sizeof(d), "%s", c->title != NULL ? c->title : "");
	if (c->n > 0 && c->months) {
		x_text(c, 0, x, sizeof(x));
		len += snprintf(d + len, sizeof(d) - (size_t)len, ", %s", x);
		x_text(c, c->n - 1, x, sizeof(x));
		len += snprintf(d + len, sizeof(d) - (size_t)len, " – %s", x);
	}
	if (last < 0)
		len += snprintf(d + len, sizeof(d) - (size_t)len, ": %s",
		    views_text(c->lang, "views_chart_no_data"));
	for (i = 0; last >= 0 && i < 3 && len < (int)sizeof(d); i++) {
		int	 at = i == 0 ? lo : i == 1 ? hi : last;

		x_text(c, at, x, sizeof(x));
		chart_value_text(c->unit, c->lang, c->y[at], t, sizeof(t));
		len += snprintf(d + len, sizeof(d) - (size_t)len, "%s%s %s (%s)",
		    i == 0 ? ": " : ", ", views_text(c->lang, i == 0 ?
		    "views_chart_low" : i == 1 ? "views_chart_high" : "views_chart_last"), t, x);
	}
	if (c->has_target && len < (int)sizeof(d)) {
		target_text(c, tt, sizeof(tt));
		snprintf(d + len, sizeof(d) - (size_t)len, "; %s", tt);
	}
	add_str(v, "desc", d);
}

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
		add_int(t, "y", base - chart_pos(s, y, len));
		add_int(t, "ty", base - chart_pos(s, y, len) + 4);
		chart_tick_text(c->unit, c->lang, y, s->step, text,
		    sizeof(text));
		add_str(t, "text", text);
		cJSON_AddItemToArray(ticks, t);
	}
	if (s->lo < 0 && s->hi > 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "zero");
		z = cJSON_AddObjectToObject(v, "zero");
		add_int(z, "y", base - chart_pos(s, 0, len));
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
		add_int(t, "x", chart_x(idx[i], c->n, f->left + f->inset, pw));
		if (c->months) {
			chart_month_text(c->x[idx[i]], c->lang, mon,
			    sizeof(mon), year, sizeof(year));
			add_str(t, "text", mon);
			add_str(t, "year", strcmp(year, prev) != 0 ? year : "");
			snprintf(prev, sizeof(prev), "%s", year);
		} else {
			add_str(t, "text", c->x[idx[i]]);
			add_str(t, "year", "");
		}
		cJSON_AddItemToArray(ticks, t);
	}
}

/*
 * The line: a path through each run of points with data (a gap breaks
 * it; a lone point is its dot alone), a dot on every point, the latest
 * value labelled beside its dot.
 */
static void
plot(const struct chart *c, const struct frame *f,
    const struct chart_scale *s, cJSON *v)
{
	cJSON	*paths = cJSON_AddArrayToObject(v, "paths");
	cJSON	*dots = cJSON_AddArrayToObject(v, "dots"), *d, *l;
	char	 seg[CHART_POINTS_MAX * 24], t[64], x[96], full[200];
	int	 i, px, py, run = 0, pw, base, len, last = -1, lx = 0, ly = 0;
	size_t	 sl = 0;

	pw = f->w - f->left - f->right - 2 * f->inset;
	base = f->h - f->bottom;
	len = f->h - f->bottom - f->top;
	for (i = 0; i <= c->n; i++) {
		if (i < c->n && c->y[i] != CHART_NONE) {
			px = chart_x(i, c->n, f->left + f->inset, pw);
			py = base - chart_pos(s, c->y[i], len);
			sl += (size_t)snprintf(seg + sl, sizeof(seg) - sl,
			    "%s%d %d", run ? "L" : "M", px, py);
			run++;
			d = cJSON_CreateObject();
			add_int(d, "x", px);
			add_int(d, "y", py);
			cJSON_AddItemToArray(dots, d);
			last = i;
			lx = px;
			ly = py;
			continue;
		}
		if (run > 1) {
			d = cJSON_CreateObject();
			add_str(d, "d", seg);
			cJSON_AddItemToArray(paths, d);
		}
		run = 0;
		sl = 0;
	}
	if (last < 0)
		return;
	chart_value_text(c->unit, c->lang, c->y[last], t, sizeof(t));
	cJSON_DeleteItemFromObjectCaseSensitive(v, "last");
	l = cJSON_AddObjectToObject(v, "last");
	add_str(l, "text", t);
	add_int(l, "x", lx);
	/* above its dot, or below it when the top is too near */
	add_int(l, "y", ly - 8 < f->top + 10 ? ly + 17 : ly - 8);
	add_str(l, "anchor", lx > f->w - f->right - 36 ? "end" :
	    lx < f->left + 36 ? "start" : "middle");
	x_text(c, last, x, sizeof(x));
	snprintf(full, sizeof(full), c->lang == LANG_ZH ? "%s（%s）：%s" :
	    "%s (%s): %s", views_text(c->lang, "views_chart_latest"), x, t);
	cJSON_DeleteItemFromObjectCaseSensitive(v, "last_text");
	add_str(v, "last_text", full);
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
	add_int(t, "y", y);
	add_int(t, "ty", y - 4 < f->top + 8 ? y + 12 : y - 4);
	add_int(t, "x", f->left + 4);
	target_text(c, text, sizeof(text));
	add_str(t, "text", text);
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
	cJSON			*v = view_new(c, "line");

	add_int(v, "w", f->w);
	add_int(v, "h", f->h);
	add_int(v, "px", f->left);
	add_int(v, "px2", f->w - f->right);
	add_int(v, "py", f->top);
	add_int(v, "py2", f->h - f->bottom);
	add_int(v, "cx", f->left + (f->w - f->left - f->right) / 2);
	add_int(v, "cy", f->top + (f->h - f->top - f->bottom) / 2);
	add_int(v, "yx", f->left - 6);			/* value labels */
	add_int(v, "py3", f->h - f->bottom + 4);	/* x tick marks */
	add_int(v, "xy", f->h - f->bottom + 16);	/* months */
	add_int(v, "xy2", f->h - f->bottom + 29);	/* years */
	cJSON_DeleteItemFromObjectCaseSensitive(v, "small");
	cJSON_AddBoolToObject(v, "small", size == CHART_SMALL);
	describe(c, v);
	table(c, v);
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
		scale_of(c->unit, lo, hi, c->zero, f->ints, &s);
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
		scale_of(c[0].unit, lo, hi, c[0].zero,
		    frames[CHART_SMALL].ints, &s);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(list, line_view(&c[i], CHART_SMALL,
		    any && chart_extent(&c[i], &a, &b) > 0 ? &s : NULL));
	return list;
}

/* label cut to about px pixels wide ("…" at the end), into out */
static void
clip_label(const char *label, int px, char *out, size_t size)
{
	const unsigned char	*p = (const unsigned char *)label;
	size_t			 o = 0, ch;
	int			 w = 0, cw;

	for (; *p != '\0'; p += ch) {
		ch = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
		cw = *p < 0x80 ? 7 : *p >= 0xe0 ? 12 : 8;	/* at 12 px */
		if (strnlen((const char *)p, ch) < ch)
			break;
		if (w + cw > px || o + ch + 4 >= size) {
			while (o > 0 && out[o - 1] == ' ')
				o--;
			snprintf(out + o, size - o, "…");
			return;
		}
		memcpy(out + o, p, ch);
		o += ch;
		w += cw;
	}
	out[o] = '\0';
}

/*
 * Horizontal bars, a row per category: its label, a bar from zero (left
 * for a negative value), its value; the value axis below, zero included.
 */
cJSON *
chart_bars(const struct chart *c)
{
	struct chart_scale	 s;
	int64_t			 lo, hi, y;
	int			 i, x0, x1, top, pw = BAR_W - BAR_LABEL - BAR_VALUE;
	int			 t0 = BAR_TOP + (c->has_target ? 14 : 0);
	int			 rows = c->n > 0 ? c->n : 1;
	char			 t[96];
	cJSON			*v = view_new(c, "bars"), *list, *b;

	add_int(v, "w", BAR_W);
	add_int(v, "h", t0 + rows * BAR_ROW + BAR_BOTTOM);
	add_int(v, "px", BAR_LABEL);
	add_int(v, "px2", BAR_W - BAR_VALUE);
	add_int(v, "py", t0);
	add_int(v, "py2", t0 + rows * BAR_ROW);
	add_int(v, "vy", t0 + rows * BAR_ROW + 16);	/* the axis' labels */
	add_int(v, "cx", BAR_W / 2);
	add_int(v, "cy", t0 + BAR_ROW / 2 + 4);
	add_int(v, "vx", BAR_W - 4);
	describe(c, v);
	table(c, v);
	list = cJSON_AddArrayToObject(v, "items");
	cJSON_AddArrayToObject(v, "vticks");
	if (chart_extent(c, &lo, &hi) == 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "empty");
		cJSON_AddBoolToObject(v, "empty", 1);
		return v;
	}
	scale_of(c->unit, lo, hi, 1, 4, &s);
	x0 = BAR_LABEL + chart_pos(&s, 0, pw);
	add_int(v, "zx", x0);
	for (i = 0; i < c->n; i++) {
		b = cJSON_CreateObject();
		top = t0 + i * BAR_ROW;
		add_int(b, "y", top + 4);
		add_int(b, "ty", top + BAR_ROW / 2 + 4);
		clip_label(c->x[i] != NULL ? c->x[i] : "", BAR_LABEL_PX, t,
		    sizeof(t));
		add_str(b, "label", t);
		add_str(b, "full", c->x[i]);
		chart_value_text(c->unit, c->lang, c->y[i], t, sizeof(t));
		add_str(b, "text", t);
		cJSON_AddBoolToObject(b, "has", c->y[i] != CHART_NONE);
		x1 = c->y[i] != CHART_NONE ? BAR_LABEL + chart_pos(&s, c->y[i],
		    pw) : x0;
		add_int(b, "x", x1 < x0 ? x1 : x0);
		add_int(b, "bw", x1 < x0 ? x0 - x1 : x1 - x0);
		cJSON_AddItemToArray(list, b);
	}
	list = cJSON_GetObjectItemCaseSensitive(v, "vticks");
	for (y = s.lo; y <= s.hi; y += s.step) {
		b = cJSON_CreateObject();
		add_int(b, "x", BAR_LABEL + chart_pos(&s, y, pw));
		chart_tick_text(c->unit, c->lang, y, s.step, t, sizeof(t));
		add_str(b, "text", t);
		cJSON_AddItemToArray(list, b);
	}
	if (c->has_target) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "target");
		b = cJSON_AddObjectToObject(v, "target");
		add_int(b, "x", BAR_LABEL + chart_pos(&s, c->target, pw));
		add_int(b, "ty", t0 - 4);
		target_text(c, t, sizeof(t));
		add_str(b, "text", t);
	}
	return v;
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

/* A point (CHART_NONE: no data): 0, or -1 when the chart is full. */
int
chart_add(struct chart *c, const char *x, int64_t y)
{
	if (c->n >= CHART_POINTS_MAX)
		return -1;
	if (y != CHART_NONE && y > CHART_VALUE_MAX)
		y = CHART_VALUE_MAX;
	if (y != CHART_NONE && y < -CHART_VALUE_MAX)
		y = -CHART_VALUE_MAX;
	c->x[c->n] = x;
	c->y[c->n++] = y;
	return 0;
}
