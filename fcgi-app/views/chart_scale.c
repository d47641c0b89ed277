/*
 * chart_scale.c: a chart's geometry and its value texts, pure
 *
 * Whole numbers throughout: values are int64 in their unit's scale,
 * pixels whole viewBox units rounded half away from zero, so a chart's
 * SVG is the same on every machine (chart_test.c asserts the numbers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"

#define MINUS	"\xe2\x88\x92"	/* U+2212, the minus sign */

/* a / b rounded half away from zero; b > 0 */
static int64_t
rdiv(int64_t a, int64_t b)
{
	return a >= 0 ? (a + b / 2) / b : -((-a + b / 2) / b);
}

/* a / b rounded down (towards minus infinity); b > 0 */
static int64_t
fdiv(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* a / b rounded up; b > 0 */
static int64_t
cdiv(int64_t a, int64_t b)
{
	return -fdiv(-a, b);
}

/*
 * The least and greatest values of the points with data (of every
 * series), the target included: the number of points with data (0:
 * none, *lo = *hi).
 */
int
chart_extent(const struct chart *c, int64_t *lo, int64_t *hi)
{
	const int64_t	*y;
	int		 i, k, n = 0;

	*lo = *hi = 0;
	if (c->has_target)
		*lo = *hi = c->target;
	for (k = 0; k <= c->nmore && k < CHART_SERIES_MAX; k++) {
		y = k == 0 ? c->y : c->more[k - 1].y;
		for (i = 0; i < c->n && i < CHART_POINTS_MAX; i++) {
			if (y[i] == CHART_NONE)
				continue;
			if ((n == 0 && !c->has_target) || y[i] < *lo)
				*lo = y[i];
			if ((n == 0 && !c->has_target) || y[i] > *hi)
				*hi = y[i];
			n++;
		}
	}
	return n;
}

/* The finest tick step worth a label: 0.1%, 0.1 day, 1 yuan, 1. */
int64_t
chart_min_step(enum chart_unit u)
{
	switch (u) {
	case CHART_PERCENT:
		return 10;
	case CHART_FEN:
		return 100;
	default:
		return 1;
	}
}

/*
 * The scale of values min..max: ticks every step, a step of 1, 2 or 5
 * times a power of ten (at least minstep), at most maxint intervals.
 * zero: the scale starts at zero (bars; counts).  Else a line's values
 * span at least a fifth of their size (all-equal values, or a wobble of
 * 0.05% in a margin of 15%, is drawn flat, not as a cliff), get a
 * twentieth of their span of room above and below, and zero when they
 * start near it; values of one sign stay on their side of zero.  A scale
 * never has lo == hi.  Values are within +-CHART_VALUE_MAX.
 */
void
chart_scale_nice(int64_t min, int64_t max, int zero, int64_t minstep,
    int maxint, struct chart_scale *s)
{
	int64_t	 pad, step, m, need;
	int	 k, pos = min >= 0, neg = max <= 0;

	if (minstep < 1)
		minstep = 1;
	if (maxint < 1)
		maxint = 1;
	if (zero) {
		min = min < 0 ? min : 0;
		max = max > 0 ? max : 0;
	}
	if (min == 0 && max == 0)
		max = minstep;
	else if (!zero) {
		need = llabs(min / 2 + max / 2) / 5;
		need = need > minstep ? need : minstep;
		if (max - min < need) {
			min -= (need - (max - min)) / 2;
			max = min + need;
		}
		pad = (max - min) / 20;
		if (pos && min <= (max - min) / 2)
			min = 0;
		else
			min -= pad;
		if (neg && -max <= (max - min) / 2)
			max = 0;
		else
			max += pad;
		min = pos && min < 0 ? 0 : min;
		max = neg && max > 0 ? 0 : max;
	}
	/* across zero a tick is on it: two intervals at least */
	if (min < 0 && max > 0 && maxint < 2)
		maxint = 2;
	/*
	 * 1, 2, 5, 10, 20, 50 ...: the first that fits maxint intervals
	 * (5 x 10^17 fits any values of the model in two)
	 */
	for (m = 1, k = 0, step = 1; m <= INT64_C(100000000000000000);
	    k = (k + 1) % 3) {
		step = m * (k == 0 ? 1 : k == 1 ? 2 : 5);
		if (k == 2)
			m *= 10;
		if (step >= minstep &&
		    cdiv(max, step) - fdiv(min, step) <= maxint)
			break;
	}
	s->step = step;
	s->lo = fdiv(min, step) * step;
	s->hi = cdiv(max, step) * step;
	if (s->hi == s->lo)
		s->hi = s->lo + step;
}

/*
 * Where v falls along len pixels from the scale's lo (0) to its hi
 * (len), rounded; values outside the scale sit at its ends.
 */
int
chart_pos(const struct chart_scale *s, int64_t v, int len)
{
	int64_t	 span = s->hi - s->lo;

	if (v <= s->lo || span <= 0)
		return 0;
	if (v >= s->hi)
		return len;
	return (int)(((v - s->lo) * 2 * len + span) / (2 * span));
}

/* The x of point i of n spread over width from left (one: its middle). */
int
chart_x(int i, int n, int left, int width)
{
	if (n <= 1)
		return left + width / 2;
	return left + (i * width * 2 + (n - 1)) / (2 * (n - 1));
}

/*
 * The points of n over width pixels that get an x label at least minpx
 * apart: every k-th from the first, k the least of 1, 2, 3, 4, 6, 12 ...
 * that spaces them so, and always the last (in place of the k-th before
 * it if that one is too close).  Into idx (max of them): their count.
 */
int
chart_xticks(int n, int width, int minpx, int *idx, int max)
{
	static const int	 ks[] = { 1, 2, 3, 4, 6, 12, 24, 36, 48, 60 };
	size_t			 j;
	int			 k = ks[0], i, c = 0;

	if (n <= 0 || max <= 0)
		return 0;
	idx[c++] = 0;
	if (n == 1 || max == 1)
		return c;
	for (j = 0; j < sizeof(ks) / sizeof(ks[0]); j++) {
		k = ks[j];
		if ((int64_t)k * width >= (int64_t)minpx * (n - 1))
			break;
	}
	for (i = k; i < n - 1 && c < max - 1; i += k)
		idx[c++] = i;
	if (c > 1 && (int64_t)(n - 1 - idx[c - 1]) * width <
	    (int64_t)minpx * (n - 1))
		idx[c - 1] = n - 1;	/* the last, for its neighbour */
	else
		idx[c++] = n - 1;
	return c;
}

/* u with a comma between thousands, into out. */
static void
grouped(uint64_t u, char *out, size_t size)
{
	char	 d[32], g[48];
	size_t	 n, i, j = 0;

	n = (size_t)snprintf(d, sizeof(d), "%llu", (unsigned long long)u);
	for (i = 0; i < n && j + 2 < sizeof(g); i++) {
		if (i > 0 && (n - i) % 3 == 0)
			g[j++] = ',';
		g[j++] = d[i];
	}
	g[j] = '\0';
	snprintf(out, size, "%s", g);
}

/* A value as its label reads: "12.3%", "12.3 d", "¥1,234.56", "1,234". */
void
chart_value_text(enum chart_unit u, enum lang l, int64_t v, char *out,
    size_t size)
{
	const char	*sign = v < 0 ? MINUS : "";
	uint64_t	 a;
	char		 g[48];

	if (v == CHART_NONE) {
		snprintf(out, size, "%s", views_text(l, "views_chart_no_data"));
		return;
	}
	switch (u) {
	case CHART_PERCENT:
		a = (uint64_t)llabs(rdiv(v, 10));
		snprintf(out, size, "%s%llu.%llu%%", a ? sign : "",
		    (unsigned long long)(a / 10), (unsigned long long)(a % 10));
		break;
	case CHART_DAYS:
		a = (uint64_t)llabs(v);
		snprintf(out, size, "%s%llu.%llu%s", sign,
		    (unsigned long long)(a / 10), (unsigned long long)(a % 10),
		    l == LANG_ZH ? "天" : " d");
		break;
	case CHART_FEN:
		a = (uint64_t)llabs(v);
		grouped(a / 100, g, sizeof(g));
		snprintf(out, size, "%s¥%s.%02llu", sign, g,
		    (unsigned long long)(a % 100));
		break;
	default:
		grouped((uint64_t)llabs(v), g, sizeof(g));
		snprintf(out, size, "%s%s", sign, g);
		break;
	}
}

/* whole.frac of a / div with dec decimals, rounded: "1.5" */
static void
decimal(uint64_t a, uint64_t div, int dec, char *out, size_t size)
{
	uint64_t	 scale = dec == 0 ? 1 : dec == 1 ? 10 : 100;
	uint64_t	 t = (a * scale + div / 2) / div;

	if (dec == 0)
		snprintf(out, size, "%llu", (unsigned long long)t);
	else
		snprintf(out, size, "%llu.%0*llu",
		    (unsigned long long)(t / scale), dec,
		    (unsigned long long)(t % scale));
}

/*
 * A tick's label on a scale of step: as short as the step allows ("10%",
 * "12.5%", "12", "¥50k" / "¥5万", "1,200").
 */
void
chart_tick_text(enum chart_unit u, enum lang l, int64_t v, int64_t step,
    char *out, size_t size)
{
	const char	*sign = v < 0 ? MINUS : "", *suffix = "";
	uint64_t	 a = (uint64_t)llabs(v), div = 1, sy;
	char		 d[48];
	int		 dec;

	switch (u) {
	case CHART_PERCENT:
		decimal(a, 100, step % 100 == 0 ? 0 : 1, d, sizeof(d));
		snprintf(out, size, "%s%s%%", sign, d);
		return;
	case CHART_DAYS:
		decimal(a, 10, step % 10 == 0 ? 0 : 1, d, sizeof(d));
		snprintf(out, size, "%s%s", sign, d);
		return;
	case CHART_FEN:
		a /= 100;	/* yuan */
		sy = (uint64_t)llabs(step) / 100;
		if (l == LANG_ZH && a >= 100000000) {
			div = 100000000;
			suffix = "亿";
		} else if (l == LANG_ZH && a >= 10000) {
			div = 10000;
			suffix = "万";
		} else if (l != LANG_ZH && a >= 1000000) {
			div = 1000000;
			suffix = "M";
		} else if (l != LANG_ZH && a >= 1000) {
			div = 1000;
			suffix = "k";
		}
		dec = sy % div == 0 ? 0 : sy % (div / 10 ? div / 10 : 1) == 0 ?
		    1 : 2;
		if (div == 1) {
			grouped(a, d, sizeof(d));
			snprintf(out, size, "%s¥%s", sign, d);
		} else {
			decimal(a, div, dec, d, sizeof(d));
			snprintf(out, size, "%s¥%s%s", sign, d, suffix);
		}
		return;
	default:
		grouped(a, d, sizeof(d));
		snprintf(out, size, "%s%s", sign, d);
		return;
	}
}

/*
 * "YYYY-MM" as an axis reads it: the month ("1月", "Jan") into mon and
 * the year ("2025年", "2025") into year.
 */
void
chart_month_text(const char *ym, enum lang l, char *mon, size_t msize,
    char *year, size_t ysize)
{
	static const char *const en[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int	 y = 0, m = 0;

	if (ym == NULL || sscanf(ym, "%4d-%2d", &y, &m) != 2 || m < 1 ||
	    m > 12) {
		snprintf(mon, msize, "%s", ym != NULL ? ym : "");
		snprintf(year, ysize, "%s", "");
		return;
	}
	if (l == LANG_ZH) {
		snprintf(mon, msize, "%d月", m);
		snprintf(year, ysize, "%04d年", y);
	} else {
		snprintf(mon, msize, "%s", en[m - 1]);
		snprintf(year, ysize, "%04d", y);
	}
}
