/* chart_bars.c: horizontal bars, a row per category (views/chart.h) */
#include <stdio.h>
#include <string.h>

#include "chart.h"
#include "chart_view.h"

/* bars: a row each, labels left, values right, the value axis below */
#define BAR_W		360
#define BAR_ROW		26
#define BAR_LABEL	124	/* the labels' column */
#define BAR_VALUE	64	/* the values' column */
#define BAR_TOP		8
#define BAR_BOTTOM	24
#define BAR_LABEL_PX	116	/* a label longer than this is cut short */

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
	int			 i, x0, x1, top;
	int			 pw = BAR_W - BAR_LABEL - BAR_VALUE;
	int			 t0 = BAR_TOP + (c->has_target ? 14 : 0);
	int			 rows = c->n > 0 ? c->n : 1;
	char			 t[96];
	cJSON			*v = chart_view_new(c, "bars"), *list, *b;

	chart_view_int(v, "w", BAR_W);
	chart_view_int(v, "h", t0 + rows * BAR_ROW + BAR_BOTTOM);
	chart_view_int(v, "px", BAR_LABEL);
	chart_view_int(v, "px2", BAR_W - BAR_VALUE);
	chart_view_int(v, "py", t0);
	chart_view_int(v, "py2", t0 + rows * BAR_ROW);
	chart_view_int(v, "vy", t0 + rows * BAR_ROW + 16);	/* the axis */
	chart_view_int(v, "cx", BAR_W / 2);
	chart_view_int(v, "cy", t0 + BAR_ROW / 2 + 4);
	chart_view_int(v, "vx", BAR_W - 4);
	chart_view_describe(c, v);
	chart_view_table(c, 0, v);
	list = cJSON_AddArrayToObject(v, "items");
	cJSON_AddArrayToObject(v, "vticks");
	if (chart_extent(c, &lo, &hi) == 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "empty");
		cJSON_AddBoolToObject(v, "empty", 1);
		return v;
	}
	chart_view_scale(c->unit, lo, hi, 1, 4, &s);
	x0 = BAR_LABEL + chart_pos(&s, 0, pw);
	chart_view_int(v, "zx", x0);
	for (i = 0; i < c->n; i++) {
		b = cJSON_CreateObject();
		top = t0 + i * BAR_ROW;
		chart_view_int(b, "y", top + 4);
		chart_view_int(b, "ty", top + BAR_ROW / 2 + 4);
		clip_label(c->x[i] != NULL ? c->x[i] : "", BAR_LABEL_PX, t,
		    sizeof(t));
		chart_view_str(b, "label", t);
		chart_view_str(b, "full", c->x[i]);
		chart_value_text(c->unit, c->lang, c->y[i], t, sizeof(t));
		chart_view_str(b, "text", t);
		cJSON_AddBoolToObject(b, "has", c->y[i] != CHART_NONE);
		x1 = c->y[i] != CHART_NONE ? BAR_LABEL + chart_pos(&s, c->y[i],
		    pw) : x0;
		chart_view_int(b, "x", x1 < x0 ? x1 : x0);
		chart_view_int(b, "bw", x1 < x0 ? x0 - x1 : x1 - x0);
		cJSON_AddItemToArray(list, b);
	}
	list = cJSON_GetObjectItemCaseSensitive(v, "vticks");
	for (y = s.lo; y <= s.hi; y += s.step) {
		b = cJSON_CreateObject();
		chart_view_int(b, "x", BAR_LABEL + chart_pos(&s, y, pw));
		chart_tick_text(c->unit, c->lang, y, s.step, t, sizeof(t));
		chart_view_str(b, "text", t);
		cJSON_AddItemToArray(list, b);
	}
	if (c->has_target) {
		cJSON_DeleteItemFromObjectCaseSensitive(v, "target");
		b = cJSON_AddObjectToObject(v, "target");
		chart_view_int(b, "x", BAR_LABEL + chart_pos(&s, c->target,
		    pw));
		chart_view_int(b, "ty", t0 - 4);
		chart_view_target(c, t, sizeof(t));
		chart_view_str(b, "text", t);
	}
	return v;
}
