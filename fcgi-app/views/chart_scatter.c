/*
 * chart_scatter.c: a scatter of x against y, both fen from zero (views/
 * chart.h), over the plane shaded by tier: tier t where x + y x pct / 100
 * >= its lowest score (the tier rule's), drawn D (all of it), C, B, A on
 * top, each region the plot's rectangle clipped to its half-plane; a
 * point each with its own tier's colour and a <title>.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "chart.h"
#include "chart_view.h"

#define SC_W		480
#define SC_H		380
#define SC_LEFT		72
#define SC_RIGHT	20
#define SC_TOP		24
#define SC_BOTTOM	46
#define SC_PW		(SC_W - SC_LEFT - SC_RIGHT)
#define SC_PH		(SC_H - SC_TOP - SC_BOTTOM)

static const char *const cls[CHART_TIERS] = { "a", "b", "c", "d" };

/*
 * Polygon in (n vertices, convex) clipped to a x + b y >= c into out
 * (room for n + 1): its vertices, 0 when nothing is left.
 */
int
chart_clip(const double (*in)[2], int n, double a, double b, double c,
    double (*out)[2])
{
	int	 i, k = 0;
	double	 fp, fq, t;

	for (i = 0; i < n; i++) {
		const double	*p = in[i], *q = in[(i + 1) % n];

		fp = a * p[0] + b * p[1] - c;
		fq = a * q[0] + b * q[1] - c;
		if (fp >= 0) {
			out[k][0] = p[0];
			out[k++][1] = p[1];
		}
		if ((fp > 0 && fq < 0) || (fp < 0 && fq > 0)) {
			t = fp / (fp - fq);
			out[k][0] = p[0] + t * (q[0] - p[0]);
			out[k++][1] = p[1] + t * (q[1] - p[1]);
		}
	}
	return k < 3 ? 0 : k;
}

static int
px(const struct chart_scale *s, double v, int len)
{
	double	 span = (double)(s->hi - s->lo);

	if (span <= 0 || v <= (double)s->lo)
		return 0;
	if (v >= (double)s->hi)
		return len;
	return (int)((v - (double)s->lo) * len / span + 0.5);
}

/* the region of tier t (score >= min[t], below the tier above) */
static void
region(const struct chart_scatter *c, const struct chart_scale *sx,
    const struct chart_scale *sy, int t, cJSON *list, cJSON *letters)
{
	double		 rect[4][2] = { { 0, 0 }, { (double)sx->hi, 0 },
	    { (double)sx->hi, (double)sy->hi }, { 0, (double)sy->hi } };
	double		 a[8][2], b[8][2], cx = 0, cy = 0;
	struct buf	 d;
	cJSON		*it;
	int		 n = 4, m, i, above = -1;
	char		 s[4];

	memcpy(a, rect, sizeof(rect));
	if (t < CHART_TIERS - 1 && (c->min[t] < 0 ||
	    (n = chart_clip((const double (*)[2])rect, 4, 100.0,
	    (double)c->pct, 100.0 * (double)c->min[t], a)) == 0))
		return;
	buf_init(&d);
	for (i = 0; i < n; i++)
		buf_printf(&d, "%s%d %d", i == 0 ? "M" : "L", SC_LEFT + px(sx,
		    a[i][0], SC_PW), SC_H - SC_BOTTOM - px(sy, a[i][1], SC_PH));
	buf_adds(&d, "Z");
	it = cJSON_CreateObject();
	chart_view_str(it, "d", buf_cstr(&d));
	chart_view_str(it, "cls", cls[t]);
	/* its boundary: the vertices on the line score = min[t] */
	for (i = 0, m = 0; t < CHART_TIERS - 1 && i < n && m < 2; i++) {
		double	 f = 100.0 * a[i][0] + (double)c->pct * a[i][1] -
		    100.0 * (double)c->min[t];

		if (f < -1e-6 * (double)(c->min[t] + 1) ||
		    f > 1e-6 * (double)(c->min[t] + 1))
			continue;
		chart_view_int(it, m == 0 ? "x1" : "x2", SC_LEFT + px(sx,
		    a[i][0], SC_PW));
		chart_view_int(it, m == 0 ? "y1" : "y2", SC_H - SC_BOTTOM -
		    px(sy, a[i][1], SC_PH));
		m++;
	}
	cJSON_AddBoolToObject(it, "edge", m == 2);
	cJSON_AddItemToArray(list, it);
	buf_free(&d);
	/* its letter: in the middle of what the tier above leaves of it */
	for (i = t - 1; i >= 0 && above < 0; i--)
		if (c->min[i] >= 0)
			above = i;
	m = above < 0 ? n : chart_clip((const double (*)[2])a, n, -100.0,
	    -(double)c->pct, -100.0 * (double)c->min[above], b);
	if (above < 0)
		memcpy(b, a, sizeof(a));
	for (i = 0; i < m; i++) {
		cx += b[i][0] / m;
		cy += b[i][1] / m;
	}
	if (m == 0)
		return;
	it = cJSON_CreateObject();
	chart_view_int(it, "x", SC_LEFT + px(sx, cx, SC_PW));
	chart_view_int(it, "y", SC_H - SC_BOTTOM - px(sy, cy, SC_PH) + 5);
	snprintf(s, sizeof(s), "%c", 'A' + t);
	chart_view_str(it, "text", s);
	cJSON_AddItemToArray(letters, it);
}

/* ticks of scale s on the x (axis 0) or y (1) axis */
static void
axis(const struct chart_scatter *c, const struct chart_scale *s, int y,
    cJSON *list)
{
	cJSON	*it;
	int64_t	 v;
	int	 p;
	char	 t[48];

	for (v = s->lo; v <= s->hi; v += s->step) {
		it = cJSON_CreateObject();
		p = y ? SC_H - SC_BOTTOM - chart_pos(s, v, SC_PH) :
		    SC_LEFT + chart_pos(s, v, SC_PW);
		chart_view_int(it, y ? "y" : "x", p);
		chart_view_int(it, "ty", p + 4);
		chart_tick_text(CHART_FEN, c->lang, v, s->step, t, sizeof(t));
		chart_view_str(it, "text", t);
		cJSON_AddItemToArray(list, it);
	}
}

/* the table behind and the description: a row a point */
static void
table(const struct chart_scatter *c, cJSON *v)
{
	cJSON		*rows = cJSON_AddArrayToObject(v, "rows"), *row, *more;
	struct buf	 d;
	char		 t[64];
	int		 i;

	chart_view_head(v, c->y_title);
	chart_view_head(v, c->tier_h);
	for (i = 0; i < c->n; i++) {
		row = cJSON_CreateObject();
		chart_view_str(row, "x", c->pt[i].label);
		chart_value_text(CHART_FEN, c->lang, c->pt[i].x, t, sizeof(t));
		chart_view_str(row, "text", t);
		more = cJSON_AddArrayToObject(row, "more");
		chart_value_text(CHART_FEN, c->lang, c->pt[i].y, t, sizeof(t));
		chart_view_cell(more, t);
		chart_view_cell(more, c->pt[i].tier != NULL &&
		    *c->pt[i].tier != '\0' ? c->pt[i].tier : "–");
		cJSON_AddItemToArray(rows, row);
	}
	buf_init(&d);
	buf_printf(&d, "%s: %d", c->title != NULL ? c->title : "", c->n);
	for (i = 0; i < CHART_TIERS - 1; i++) {
		if (c->min[i] < 0)
			continue;
		chart_value_text(CHART_FEN, c->lang, c->min[i], t, sizeof(t));
		buf_printf(&d, "; %c ≥ %s", 'A' + i, t);
	}
	if (c->n == 0)
		buf_printf(&d, ": %s", views_text(c->lang,
		    "views_chart_no_data"));
	chart_view_str(v, "desc", buf_cstr(&d));
	buf_free(&d);
}

cJSON *
chart_scatter(const struct chart_scatter *c)
{
	struct chart		 h;
	struct chart_scale	 sx, sy;
	cJSON			*v, *list, *letters, *it;
	int64_t			 mx = 0, my = 0;
	int			 i, t;
	char			 s[1024], a[48], b[48];

	chart_init(&h, c->id, c->title, CHART_FEN, c->lang);
	h.note = c->note;
	h.months = 0;
	h.name = c->x_title;
	v = chart_view_new(&h, "scatter");
	chart_view_int(v, "w", SC_W);
	chart_view_int(v, "h", SC_H);
	chart_view_int(v, "px", SC_LEFT);
	chart_view_int(v, "px2", SC_W - SC_RIGHT);
	chart_view_int(v, "py", SC_TOP);
	chart_view_int(v, "py2", SC_H - SC_BOTTOM);
	chart_view_int(v, "pw", SC_PW);
	chart_view_int(v, "ph", SC_PH);
	chart_view_int(v, "py3", SC_H - SC_BOTTOM + 5);
	chart_view_int(v, "xy", SC_H - SC_BOTTOM + 18);
	chart_view_int(v, "yx", SC_LEFT - 6);
	chart_view_int(v, "cx", SC_LEFT + SC_PW / 2);
	chart_view_int(v, "cy", SC_TOP + SC_PH / 2);
	chart_view_int(v, "ty", SC_H - 6);
	chart_view_str(v, "x_axis", c->x_title);
	chart_view_str(v, "y_axis", c->y_title);
	chart_view_int(v, "yax", 4);
	chart_view_int(v, "yay", 12);
	table(c, v);
	for (i = 0; i < c->n; i++) {
		mx = c->pt[i].x > mx ? c->pt[i].x : mx;
		my = c->pt[i].y > my ? c->pt[i].y : my;
	}
	mx = mx < CHART_VALUE_MAX ? mx : CHART_VALUE_MAX;
	my = my < CHART_VALUE_MAX ? my : CHART_VALUE_MAX;
	chart_view_scale(CHART_FEN, 0, mx, 1, 5, &sx);
	chart_view_scale(CHART_FEN, 0, my, 1, 5, &sy);
	axis(c, &sx, 0, cJSON_AddArrayToObject(v, "xticks"));
	axis(c, &sy, 1, cJSON_AddArrayToObject(v, "yticks"));
	list = cJSON_AddArrayToObject(v, "regions");
	letters = cJSON_AddArrayToObject(v, "letters");
	cJSON_DeleteItemFromObjectCaseSensitive(v, "empty");
	cJSON_AddBoolToObject(v, "empty", c->n == 0);
	for (t = CHART_TIERS - 1; c->n > 0 && t >= 0; t--)
		region(c, &sx, &sy, t, list, letters);
	list = cJSON_AddArrayToObject(v, "points");
	for (i = 0; i < c->n; i++) {
		it = cJSON_CreateObject();
		chart_view_int(it, "x", SC_LEFT + px(&sx, (double)c->pt[i].x,
		    SC_PW));
		chart_view_int(it, "y", SC_H - SC_BOTTOM - px(&sy,
		    (double)c->pt[i].y, SC_PH));
		t = c->pt[i].tier != NULL && *c->pt[i].tier >= 'A' &&
		    *c->pt[i].tier <= 'D' ? *c->pt[i].tier - 'A' : -1;
		chart_view_str(it, "cls", t < 0 ? "none" : cls[t]);
		chart_value_text(CHART_FEN, c->lang, c->pt[i].x, a, sizeof(a));
		chart_value_text(CHART_FEN, c->lang, c->pt[i].y, b, sizeof(b));
		snprintf(s, sizeof(s), "%s (%s): %s, %s", c->pt[i].label !=
		    NULL ? c->pt[i].label : "", c->pt[i].tier != NULL &&
		    *c->pt[i].tier != '\0' ? c->pt[i].tier : "–", a, b);
		chart_view_str(it, "text", s);
		cJSON_AddItemToArray(list, it);
	}
	return v;
}
