/*
 * chart_pareto.c: a Pareto curve (views/chart.h): the cumulative share
 * of things ranked (dealers by value) over the share of them, the line
 * of an even spread for comparison, the tier cuts as vertical lines with
 * the tiers' letters between them and the share reached at each cut.
 * Percent ticks on both axes; pixels in whole viewBox units.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "chart.h"
#include "chart_view.h"

#define PA_W		480
#define PA_H		320
#define PA_LEFT		52
#define PA_RIGHT	20
#define PA_TOP		44	/* the tiers' letters and the y title above */
#define PA_BOTTOM	46	/* ticks, then the x title */

/*
 * The ranks to draw of n, at most max (<= CHART_RANKS_MAX) into out: all
 * of them, else ceil(j x n / max) for j = 1..max (the last is n): count.
 */
int
chart_pareto_pick(int64_t n, int max, int64_t *out)
{
	int64_t	 j;

	if (max > CHART_RANKS_MAX)
		max = CHART_RANKS_MAX;
	if (n <= 0 || max <= 0)
		return 0;
	if (n <= max) {
		for (j = 0; j < n; j++)
			out[j] = j + 1;
		return (int)n;
	}
	for (j = 1; j <= max; j++)
		out[j - 1] = (j * n + max - 1) / max;
	return max;
}

/* A share in basis points as "49.98%" (exact; -1: no data). */
void
chart_bp_text(int64_t bp, enum lang l, char *out, size_t size)
{
	if (bp < 0)
		snprintf(out, size, "%s", views_text(l,
		    "views_chart_no_data"));
	else
		snprintf(out, size, "%lld.%02lld%%", (long long)(bp / 100),
		    (long long)(bp % 100));
}

static int
px_x(const struct chart_pareto *p, int64_t rank)
{
	int64_t	 pw = PA_W - PA_LEFT - PA_RIGHT;

	if (p->n <= 0 || rank <= 0)
		return PA_LEFT;
	if (rank >= p->n)
		return PA_LEFT + (int)pw;
	return PA_LEFT + (int)((rank * pw * 2 + p->n) / (2 * p->n));
}

static int
px_y(int64_t bp)
{
	int64_t	 ph = PA_H - PA_TOP - PA_BOTTOM;

	if (bp < 0)
		bp = 0;
	if (bp > 10000)
		bp = 10000;
	return PA_H - PA_BOTTOM - (int)((bp * ph * 2 + 10000) / 20000);
}

/* the table behind: a row a point drawn (rank. label, share, value, tier) */
static void
table(const struct chart_pareto *p, cJSON *v)
{
	cJSON	*rows = cJSON_AddArrayToObject(v, "rows"), *row, *more;
	char	 x[1024], t[64];	/* a name: 200 characters, 800 bytes */
	int	 i;

	chart_view_head(v, p->value_h);
	chart_view_head(v, p->tier_h);
	for (i = 0; i < p->np; i++) {
		row = cJSON_CreateObject();
		snprintf(x, sizeof(x), "%lld. %s", (long long)p->pt[i].rank,
		    p->pt[i].label != NULL ? p->pt[i].label : "");
		chart_view_str(row, "x", x);
		chart_bp_text(p->pt[i].share, p->lang, t, sizeof(t));
		chart_view_str(row, "text", t);
		more = cJSON_AddArrayToObject(row, "more");
		chart_value_text(CHART_FEN, p->lang, p->pt[i].value, t,
		    sizeof(t));
		chart_view_cell(more, t);
		chart_view_cell(more, p->pt[i].tier != NULL &&
		    *p->pt[i].tier != '\0' ? p->pt[i].tier : "–");
		cJSON_AddItemToArray(rows, row);
	}
}

/* what a screen reader reads first: n, and the share at each cut */
static void
describe(const struct chart_pareto *p, cJSON *v)
{
	struct buf	 d;
	char		 a[32], b[32];
	int		 t;

	buf_init(&d);
	buf_printf(&d, "%s: %lld", p->title != NULL ? p->title : "",
	    (long long)p->n);
	for (t = 0; t < CHART_TIERS - 1 && p->n > 0; t++) {
		if (p->cut[t] <= 0 || p->cut_share[t] < 0)
			continue;
		chart_bp_text(p->cut[t] * 10000 / p->n, p->lang, a, sizeof(a));
		chart_bp_text(p->cut_share[t], p->lang, b, sizeof(b));
		buf_printf(&d, "; %s %c: %lld (%s) → %s", views_text(p->lang,
		    "views_chart_cut"), 'A' + t, (long long)p->cut[t], a, b);
	}
	if (p->np == 0 || p->pt[p->np - 1].share < 0)
		buf_printf(&d, ": %s", views_text(p->lang,
		    "views_chart_no_data"));
	chart_view_str(v, "desc", buf_cstr(&d));
	buf_free(&d);
}

static void
ticks(cJSON *v)
{
	cJSON	*xs = cJSON_AddArrayToObject(v, "xticks"), *ys =
	    cJSON_AddArrayToObject(v, "yticks"), *t;
	int	 k, pw = PA_W - PA_LEFT - PA_RIGHT;
	char	 s[16];

	for (k = 0; k <= 100; k += 20) {
		snprintf(s, sizeof(s), "%d%%", k);
		t = cJSON_CreateObject();
		chart_view_int(t, "x", PA_LEFT + (k * pw * 2 + 100) / 200);
		chart_view_str(t, "text", s);
		cJSON_AddItemToArray(xs, t);
		t = cJSON_CreateObject();
		chart_view_int(t, "y", px_y(k * 100));
		chart_view_int(t, "ty", px_y(k * 100) + 4);
		chart_view_str(t, "text", s);
		cJSON_AddItemToArray(ys, t);
	}
}

/*
 * The view of p: the curve from the origin through each point drawn to
 * the last, the tiers' cuts, the even line; no data (nothing ranked, or
 * no value at all): the axes and "no data".
 */
cJSON *
chart_pareto(const struct chart_pareto *p)
{
	struct chart	 h;
	struct buf	 d;
	cJSON		*v, *list, *it;
	int64_t		 from;
	int		 i, t, x0, x1, empty;
	char		 s[48];

	chart_init(&h, p->id, p->title, CHART_PERCENT, p->lang);
	h.note = p->note;
	h.months = 0;
	h.x_title = p->rank_h;
	h.name = p->y_title;
	v = chart_view_new(&h, "pareto");
	chart_view_int(v, "w", PA_W);
	chart_view_int(v, "h", PA_H);
	chart_view_int(v, "px", PA_LEFT);
	chart_view_int(v, "px2", PA_W - PA_RIGHT);
	chart_view_int(v, "py", PA_TOP);
	chart_view_int(v, "py2", PA_H - PA_BOTTOM);
	chart_view_int(v, "py3", PA_H - PA_BOTTOM + 5);
	chart_view_int(v, "xy", PA_H - PA_BOTTOM + 18);
	chart_view_int(v, "cx", PA_LEFT + (PA_W - PA_LEFT - PA_RIGHT) / 2);
	chart_view_int(v, "cy", PA_TOP + (PA_H - PA_TOP - PA_BOTTOM) / 2);
	chart_view_int(v, "ty", PA_H - 6);	/* the x title */
	chart_view_int(v, "ly", PA_TOP - 10);	/* the tiers' letters */
	chart_view_str(v, "x_axis", p->x_title);
	chart_view_str(v, "y_axis", p->y_title);
	chart_view_int(v, "yax", 4);
	chart_view_int(v, "yay", 12);
	ticks(v);
	table(p, v);
	describe(p, v);
	empty = p->np == 0 || p->pt[p->np - 1].share < 0;
	cJSON_DeleteItemFromObjectCaseSensitive(v, "empty");
	cJSON_AddBoolToObject(v, "empty", empty);
	list = cJSON_AddArrayToObject(v, "cuts");
	cJSON_AddArrayToObject(v, "letters");
	chart_view_str(v, "d", "");
	cJSON_AddArrayToObject(v, "dots");
	if (empty)
		return v;
	/* the tiers: a line at each cut inside, a letter over each span */
	for (t = 0, from = 0; t < CHART_TIERS; t++) {
		int64_t	 to = t < CHART_TIERS - 1 ? p->cut[t] : p->n;

		if (to > p->n)
			to = p->n;
		if (to > from) {
			it = cJSON_CreateObject();
			x0 = px_x(p, from);
			x1 = px_x(p, to);
			chart_view_int(it, "x", (x0 + x1) / 2);
			snprintf(s, sizeof(s), "%c", 'A' + t);
			chart_view_str(it, "text", s);
			chart_view_str(it, "cls", t == 0 ? "a" : t == 1 ? "b" :
			    t == 2 ? "c" : "d");
			cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(v,
			    "letters"), it);
		}
		if (t < CHART_TIERS - 1 && to > from && to < p->n) {
			it = cJSON_CreateObject();
			x0 = px_x(p, to);
			chart_view_int(it, "x", x0);
			chart_view_int(it, "y", px_y(p->cut_share[t]));
			/* below and right of the curve's point: clear of it */
			chart_view_int(it, "ty", px_y(p->cut_share[t]) + 18);
			x1 = x0 > PA_W - PA_RIGHT - 64;	/* right: to the left */
			chart_view_int(it, "tx", x0 + (x1 ? -5 : 5));
			chart_view_str(it, "anchor", x1 ? "end" : "start");
			chart_bp_text(p->cut_share[t], p->lang, s, sizeof(s));
			chart_view_str(it, "text", s);
			cJSON_AddItemToArray(list, it);
		}
		if (to > from)
			from = to;
	}
	buf_init(&d);
	buf_printf(&d, "M%d %d", PA_LEFT, PA_H - PA_BOTTOM);
	for (i = 0; i < p->np; i++)
		buf_printf(&d, "L%d %d", px_x(p, p->pt[i].rank),
		    px_y(p->pt[i].share));
	cJSON_DeleteItemFromObjectCaseSensitive(v, "d");
	chart_view_str(v, "d", buf_cstr(&d));
	buf_free(&d);
	/* dots where there are few enough to tell apart */
	list = cJSON_GetObjectItemCaseSensitive(v, "dots");
	for (i = 0; p->np <= 50 && i < p->np; i++) {
		it = cJSON_CreateObject();
		chart_view_int(it, "x", px_x(p, p->pt[i].rank));
		chart_view_int(it, "y", px_y(p->pt[i].share));
		cJSON_AddItemToArray(list, it);
	}
	return v;
}
