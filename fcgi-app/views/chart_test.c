/* chart_test.c: unit tests of the charts' geometry, texts and views */
#include <stdio.h>
#include <string.h>

#include "../test.h"
#include "chart.h"
#include "tpl.h"

static const char *const months36[36] = {
	"2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06",
	"2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12",
	"2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
	"2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12",
	"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
	"2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12",
};

/* item i of the view's list key */
static const cJSON *
at(const cJSON *v, const char *key, int i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, key), i);
}

static int
num(const cJSON *o, const char *key)
{
	return (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o,
	    key));
}

static const char *
str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static int
count(const cJSON *v, const char *key)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(v, key));
}

static int
truth(const cJSON *v, const char *key)
{
	const cJSON	*b = cJSON_GetObjectItemCaseSensitive(v, key);

	return b != NULL && !cJSON_IsFalse(b);
}

static void
months(struct chart *c, int n, const int64_t *y)
{
	int	 i;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(chart_add(c, months36[i], y != NULL ? y[i] :
		    CHART_NONE), 0);
}

/* Ticks at 1, 2, 5 x 10^n, the least that fit the intervals. */
START_TEST(test_scale_ticks)
{
	struct chart_scale	 s;

	/* counts from zero: 0..1234 in at most 5 steps is 0..1500 by 500 */
	chart_scale_nice(0, 1234, 1, 1, 5, &s);
	ck_assert_int_eq(s.lo, 0);
	ck_assert_int_eq(s.hi, 1500);
	ck_assert_int_eq(s.step, 500);
	/* a line of 12.2% .. 15.8%: padded by a twentieth, 12% .. 16% */
	chart_scale_nice(1220, 1580, 0, 10, 5, &s);
	ck_assert_int_eq(s.lo, 1200);
	ck_assert_int_eq(s.hi, 1600);
	ck_assert_int_eq(s.step, 100);
	/* a line that starts near zero keeps zero: 5 .. 95 is 0 .. 100 */
	chart_scale_nice(5, 95, 0, 1, 5, &s);
	ck_assert_int_eq(s.lo, 0);
	ck_assert_int_eq(s.hi, 100);
	ck_assert_int_eq(s.step, 20);
	/* a wobble of 0.05% in 15.3% is a flat line, not a cliff */
	chart_scale_nice(1525, 1530, 0, 10, 5, &s);
	ck_assert_int_eq(s.lo, 1300);
	ck_assert_int_eq(s.hi, 1700);
	ck_assert_int_eq(s.step, 100);
	/* the least step of the unit: 0.1% though the values are 0 .. 3 bp */
	chart_scale_nice(0, 3, 1, chart_min_step(CHART_PERCENT), 5, &s);
	ck_assert_int_eq(s.step, 10);
	ck_assert_int_eq(s.lo, 0);
	ck_assert_int_eq(s.hi, 10);
	/* the ends of the range, and the pixels between them */
	ck_assert_int_eq(chart_pos(&s, 0, 150), 0);
	ck_assert_int_eq(chart_pos(&s, 10, 150), 150);
	ck_assert_int_eq(chart_pos(&s, 5, 150), 75);
	ck_assert_int_eq(chart_pos(&s, -5, 150), 0);
	ck_assert_int_eq(chart_pos(&s, 99999, 150), 150);
	/* the largest values do not overflow */
	chart_scale_nice(-CHART_VALUE_MAX, CHART_VALUE_MAX, 1, 1, 5, &s);
	ck_assert_int_eq(s.step, INT64_C(500000000000000));
	ck_assert_int_eq(s.lo, -CHART_VALUE_MAX);
	ck_assert_int_eq(s.hi, CHART_VALUE_MAX);
	ck_assert_int_eq(chart_pos(&s, 0, 1000), 500);
}
END_TEST

/* All equal: a range around the value, never lo == hi. */
START_TEST(test_scale_all_equal)
{
	struct chart_scale	 s;
	struct chart		 c;
	cJSON			*v;
	int			 i;

	chart_scale_nice(1220, 1220, 0, 10, 5, &s);
	ck_assert_int_eq(s.lo, 1000);
	ck_assert_int_eq(s.hi, 1400);
	ck_assert_int_eq(s.step, 100);
	chart_scale_nice(0, 0, 0, 1, 5, &s);
	ck_assert_int_eq(s.lo, 0);
	ck_assert_int_eq(s.hi, 1);
	chart_scale_nice(0, 0, 1, 10, 5, &s);
	ck_assert_int_eq(s.lo, 0);
	ck_assert_int_eq(s.hi, 10);
	chart_scale_nice(-300, -300, 0, 10, 5, &s);
	ck_assert_int_eq(s.lo, -340);
	ck_assert_int_eq(s.hi, -260);
	ck_assert_int_eq(s.step, 20);
	chart_scale_nice(5, 5, 1, 1, 5, &s);
	ck_assert_int_eq(s.lo, 0);
	ck_assert_int_eq(s.hi, 5);
	/* twelve months of 9.1 days: a flat line across the middle */
	chart_init(&c, "flat", "Turnover", CHART_DAYS, LANG_EN);
	for (i = 0; i < 12; i++)
		chart_add(&c, months36[i], 91);
	v = chart_line(&c, CHART_FULL);
	ck_assert(!truth(v, "empty"));
	ck_assert_int_eq(count(v, "yticks"), 5);	/* 8 .. 10.0 by 0.5 */
	ck_assert_str_eq(str(at(v, "yticks", 0), "text"), "8.0");
	ck_assert_str_eq(str(at(v, "yticks", 4), "text"), "10.0");
	ck_assert_int_eq(count(v, "paths"), 1);
	ck_assert_str_eq(str(at(v, "paths", 0), "d"), "M54 83L80 83L106 83"
	    "L131 83L157 83L183 83L209 83L235 83L261 83L286 83L312 83L338 83");
	cJSON_Delete(v);
}
END_TEST

/* Negative margins: the scale goes below zero and zero is drawn. */
START_TEST(test_negative)
{
	struct chart_scale	 s;
	struct chart		 c;
	const int64_t		 y[4] = { 800, -350, 200, 500 };
	cJSON			*v;

	chart_scale_nice(-350, 800, 0, 10, 5, &s);
	ck_assert_int_eq(s.lo, -500);
	ck_assert_int_eq(s.hi, 1000);
	ck_assert_int_eq(s.step, 500);
	chart_init(&c, "m", "Margin", CHART_PERCENT, LANG_EN);
	months(&c, 4, y);
	v = chart_line(&c, CHART_FULL);
	ck_assert_int_eq(count(v, "yticks"), 4);
	ck_assert_str_eq(str(at(v, "yticks", 0), "text"), "\xe2\x88\x92" "5%");
	ck_assert_str_eq(str(at(v, "yticks", 1), "text"), "0%");
	ck_assert_str_eq(str(at(v, "yticks", 3), "text"), "10%");
	/* 150 px for 15 points: zero 50 px above the plot's foot at 166 */
	ck_assert(truth(v, "zero"));
	ck_assert_int_eq(num(cJSON_GetObjectItemCaseSensitive(v, "zero"), "y"),
	    116);
	ck_assert_int_eq(num(at(v, "dots", 1), "y"), 166 - 15);
	ck_assert_str_eq(str(at(v, "rows", 1), "text"), "\xe2\x88\x92" "3.5%");
	/* all below zero: zero is the top */
	chart_scale_nice(-900, -100, 1, 10, 5, &s);
	ck_assert_int_eq(s.lo, -1000);
	ck_assert_int_eq(s.hi, 0);
	cJSON_Delete(v);
}
END_TEST

/* No points, or none with data: a "no data" chart, no scale, no NaN. */
START_TEST(test_empty)
{
	struct chart	 c;
	cJSON		*v;
	char		 err[256];

	ck_assert_msg(views_init("templates", err, sizeof(err)) == 0, "%s",
	    err);
	chart_init(&c, "e", "Share", CHART_PERCENT, LANG_EN);
	v = chart_line(&c, CHART_FULL);
	ck_assert(truth(v, "empty"));
	ck_assert_int_eq(count(v, "yticks"), 0);
	ck_assert_int_eq(count(v, "xticks"), 0);
	ck_assert_int_eq(count(v, "paths"), 0);
	ck_assert_int_eq(count(v, "rows"), 0);
	ck_assert_str_eq(str(v, "desc"), "Share: No data");
	cJSON_Delete(v);
	months(&c, 12, NULL);
	v = chart_line(&c, CHART_FULL);
	ck_assert(truth(v, "empty"));
	ck_assert(!truth(v, "last"));
	ck_assert_int_eq(count(v, "dots"), 0);
	ck_assert_int_eq(count(v, "rows"), 12);
	ck_assert_str_eq(str(at(v, "rows", 0), "text"), "No data");
	ck_assert_str_eq(str(at(v, "rows", 0), "x"), "Jan 2024");
	ck_assert_int_eq(count(v, "xticks"), 6);
	cJSON_Delete(v);
	v = chart_bars(&c);
	ck_assert(truth(v, "empty"));
	ck_assert_int_eq(count(v, "vticks"), 0);
	cJSON_Delete(v);
	v = chart_multiples(&c, 1);
	ck_assert(truth(cJSON_GetArrayItem(v, 0), "empty"));
	cJSON_Delete(v);
	views_free();
}
END_TEST

/* One point: its dot in the middle, no line, its value labelled. */
START_TEST(test_one_point)
{
	struct chart	 c;
	cJSON		*v;
	const cJSON	*l;

	chart_init(&c, "o", "Jobs", CHART_COUNT, LANG_ZH);
	c.zero = 1;
	chart_add(&c, "2025-06", 1234);
	v = chart_line(&c, CHART_FULL);
	ck_assert_int_eq(count(v, "paths"), 0);
	ck_assert_int_eq(count(v, "dots"), 1);
	ck_assert_int_eq(num(at(v, "dots", 0), "x"), 54 + 284 / 2);
	ck_assert_int_eq(count(v, "xticks"), 1);
	ck_assert_str_eq(str(at(v, "xticks", 0), "text"), "6月");
	ck_assert_str_eq(str(at(v, "xticks", 0), "year"), "2025年");
	/* 0 .. 1500 by 500: 1234 is 123 of 150 px up from 166 */
	ck_assert_str_eq(str(at(v, "yticks", 3), "text"), "1,500");
	ck_assert_int_eq(num(at(v, "dots", 0), "y"), 166 - 123);
	l = cJSON_GetObjectItemCaseSensitive(v, "last");
	ck_assert_str_eq(str(l, "text"), "1,234");
	ck_assert_str_eq(str(l, "anchor"), "middle");
	ck_assert_int_eq(num(l, "y"), 166 - 123 - 8);
	ck_assert_str_eq(str(at(v, "rows", 0), "x"), "2025年6月");
	cJSON_Delete(v);
	/* one share of 0%: 0% .. 100%, and 100% (padded) stops at 100% */
	chart_init(&c, "o", "Resolved", CHART_PERCENT, LANG_EN);
	chart_add(&c, "2025-06", 0);
	v = chart_line(&c, CHART_FULL);
	ck_assert_int_eq(count(v, "yticks"), 6);	/* by 20% */
	ck_assert_str_eq(str(at(v, "yticks", 5), "text"), "100%");
	cJSON_Delete(v);
	chart_init(&c, "o", "Resolved", CHART_PERCENT, LANG_EN);
	chart_add(&c, "2025-05", 9000);
	chart_add(&c, "2025-06", 10000);
	v = chart_line(&c, CHART_FULL);
	ck_assert_str_eq(str(at(v, "yticks", 0), "text"), "80%");
	ck_assert_str_eq(str(at(v, "yticks", count(v, "yticks") - 1), "text"),
	    "100%");
	cJSON_Delete(v);
}
END_TEST

/* 36 months: a label every 6th month, the first and the last. */
START_TEST(test_36_months)
{
	struct chart	 c;
	int64_t		 y[36];
	int		 idx[CHART_POINTS_MAX], n, i;
	cJSON		*v;
	static const char *const want[7][2] = { { "Jan", "2024" },
	    { "Jul", "" }, { "Jan", "2025" }, { "Jul", "" }, { "Jan", "2026" },
	    { "Jul", "" }, { "Dec", "" } };

	n = chart_xticks(36, 284, 36, idx, CHART_POINTS_MAX);
	ck_assert_int_eq(n, 7);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(idx[i], 6 * i);
	ck_assert_int_eq(idx[6], 35);
	/* twelve: every other, and the last in place of the 11th */
	n = chart_xticks(12, 284, 36, idx, CHART_POINTS_MAX);
	ck_assert_int_eq(n, 6);
	ck_assert_int_eq(idx[4], 8);
	ck_assert_int_eq(idx[5], 11);
	ck_assert_int_eq(chart_xticks(2, 284, 36, idx, 8), 2);
	ck_assert_int_eq(idx[1], 1);
	ck_assert_int_eq(chart_xticks(0, 284, 36, idx, 8), 0);
	/* labels never closer than 36 px: 30 -> 35 is 41 px */
	ck_assert_int_eq(chart_x(30, 36, 54, 284), 297);
	ck_assert_int_eq(chart_x(35, 36, 54, 284), 338);
	ck_assert_int_eq(chart_x(0, 36, 54, 284), 54);
	chart_init(&c, "t", "Turnover", CHART_DAYS, LANG_EN);
	for (i = 0; i < 36; i++)
		y[i] = i == 20 ? CHART_NONE : 100 + i * 3;
	months(&c, 36, y);
	v = chart_line(&c, CHART_FULL);
	ck_assert_int_eq(count(v, "xticks"), 7);
	for (i = 0; i < 7; i++) {
		ck_assert_str_eq(str(at(v, "xticks", i), "text"), want[i][0]);
		ck_assert_str_eq(str(at(v, "xticks", i), "year"), want[i][1]);
	}
	ck_assert_int_eq(count(v, "dots"), 35);
	ck_assert_int_eq(count(v, "paths"), 2);	/* the gap breaks it */
	ck_assert_int_eq(count(v, "rows"), 36);
	ck_assert_str_eq(str(cJSON_GetObjectItemCaseSensitive(v, "last"),
	    "text"), "20.5 d");
	ck_assert_str_eq(str(cJSON_GetObjectItemCaseSensitive(v, "last"),
	    "anchor"), "end");
	cJSON_Delete(v);
	/* more than a chart holds: refused, not overrun */
	for (i = 36; i < CHART_POINTS_MAX; i++)
		ck_assert_int_eq(chart_add(&c, "2027-01", 1), 0);
	ck_assert_int_eq(chart_add(&c, "2027-01", 1), -1);
}
END_TEST

/* Bars: from zero both ways, the values beside them, labels cut short. */
START_TEST(test_bars)
{
	struct chart	 c;
	cJSON		*v;

	chart_init(&c, "b", "Share", CHART_PERCENT, LANG_EN);
	c.months = 0;
	chart_add(&c, "North", 9000);
	chart_add(&c, "South", -1500);
	chart_add(&c, "A region with a very long name indeed", 4000);
	chart_add(&c, "West", CHART_NONE);
	v = chart_bars(&c);
	/* -50% .. 100% by 50% over 172 px from x 124: zero at 181 */
	ck_assert_int_eq(count(v, "vticks"), 4);
	ck_assert_str_eq(str(at(v, "vticks", 0), "text"), "\xe2\x88\x92" "50%");
	ck_assert_int_eq(num(v, "zx"), 181);
	ck_assert_int_eq(num(at(v, "items", 0), "x"), 181);
	ck_assert_int_eq(num(at(v, "items", 0), "bw"), 104);
	ck_assert_int_eq(num(at(v, "items", 1), "x"), 164);
	ck_assert_int_eq(num(at(v, "items", 1), "bw"), 17);
	ck_assert_str_eq(str(at(v, "items", 0), "text"), "90.0%");
	ck_assert_str_eq(str(at(v, "items", 2), "label"),
	    "A region with a…");
	ck_assert_str_eq(str(at(v, "items", 2), "full"),
	    "A region with a very long name indeed");
	ck_assert(!truth(at(v, "items", 3), "has"));
	ck_assert_int_eq(num(at(v, "items", 1), "y"), 8 + 26 + 4);
	ck_assert_int_eq(num(v, "h"), 8 + 4 * 26 + 24);
	cJSON_Delete(v);
	/* a target: its dashed line where it falls, and room for its label */
	c.has_target = 1;
	c.target = 5000;
	v = chart_bars(&c);
	ck_assert_int_eq(num(cJSON_GetObjectItemCaseSensitive(v, "target"),
	    "x"), 124 + 115);
	ck_assert_int_eq(num(v, "py"), 22);
	cJSON_Delete(v);
	/* all zero: 0% .. 100%, not 0% .. 0.1% */
	c.n = 0;
	c.has_target = 0;
	chart_add(&c, "North", 0);
	chart_add(&c, "South", 0);
	v = chart_bars(&c);
	ck_assert_int_eq(count(v, "vticks"), 3);
	ck_assert_str_eq(str(at(v, "vticks", 0), "text"), "0%");
	ck_assert_str_eq(str(at(v, "vticks", 2), "text"), "100%");
	ck_assert_int_eq(num(at(v, "items", 0), "bw"), 0);
	cJSON_Delete(v);
}
END_TEST

/* Two series: one scale over both, each its line, a legend, a column. */
START_TEST(test_series)
{
	struct chart	 c;
	const int64_t	 y[3] = { 1000, 1100, 1200 };
	char		 err[256];
	cJSON		*v;
	const cJSON	*l;
	int		 k;

	ck_assert_msg(views_init("templates", err, sizeof(err)) == 0, "%s",
	    err);
	chart_init(&c, "s", "Margin", CHART_PERCENT, LANG_EN);
	c.name = "Region 1";
	months(&c, 3, y);
	k = chart_series(&c, "All regions");
	ck_assert_int_eq(k, 1);
	ck_assert_int_eq(chart_put(&c, k, 0, -500), 0);
	ck_assert_int_eq(chart_put(&c, k, 2, 400), 0);
	ck_assert_int_eq(chart_put(&c, k, 3, 1), -1);	/* no such point */
	ck_assert_int_eq(chart_put(&c, 3, 0, 1), -1);	/* no such series */
	ck_assert_int_eq(chart_series(&c, "b"), 2);
	ck_assert_int_eq(chart_series(&c, "c"), -1);	/* three at most */
	c.nmore = 1;
	v = chart_line(&c, CHART_FULL);
	/* -5% .. 12% padded: -10% .. 15% by 5%, zero drawn */
	ck_assert_str_eq(str(at(v, "yticks", 0), "text"), "\xe2\x88\x92" "10%");
	ck_assert_str_eq(str(at(v, "yticks", 5), "text"), "15%");
	ck_assert(truth(v, "zero"));
	/* the second's lone points: dots, no line; the first's line on top */
	ck_assert_int_eq(count(v, "paths"), 1);
	ck_assert_str_eq(str(at(v, "paths", 0), "cls"), "s0");
	ck_assert_int_eq(count(v, "dots"), 5);
	ck_assert_str_eq(str(at(v, "dots", 0), "cls"), "s1");
	l = cJSON_GetObjectItemCaseSensitive(v, "legend");
	ck_assert_int_eq(cJSON_GetArraySize(l), 2);
	ck_assert_str_eq(str(cJSON_GetArrayItem(l, 0), "name"), "Region 1");
	ck_assert_str_eq(str(cJSON_GetArrayItem(l, 0), "text"), "12.0%");
	ck_assert_str_eq(str(cJSON_GetArrayItem(l, 1), "name"), "All regions");
	ck_assert_str_eq(str(cJSON_GetArrayItem(l, 1), "text"), "4.0%");
	ck_assert_str_eq(str(at(v, "heads", 0), "name"), "All regions");
	ck_assert_str_eq(str(at(at(v, "rows", 1), "more", 0), "text"),
	    "No data");
	ck_assert_str_eq(str(at(at(v, "rows", 0), "more", 0), "text"),
	    "\xe2\x88\x92" "5.0%");
	ck_assert(strstr(str(v, "desc"),
	    "; All regions: latest 4.0% (Mar 2024)") != NULL);
	cJSON_Delete(v);
	/* bars draw the first alone, and tabulate it alone */
	v = chart_bars(&c);
	ck_assert_int_eq(count(v, "heads"), 0);
	ck_assert_int_eq(count(at(v, "rows", 0), "more"), 0);
	cJSON_Delete(v);
	views_free();
}
END_TEST

/* Long names (a region's may be 800 bytes): whole, no overrun. */
START_TEST(test_long_names)
{
	struct chart	 c;
	char		 name[801];
	cJSON		*v;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	chart_init(&c, "l", name, CHART_COUNT, LANG_EN);
	c.months = 0;
	chart_add(&c, name, 5);
	chart_add(&c, "b", 7);
	v = chart_line(&c, CHART_SMALL);
	ck_assert_uint_gt(strlen(str(v, "desc")), 2 * 800);
	ck_assert_str_eq(str(at(v, "rows", 0), "x"), name);
	cJSON_Delete(v);
	v = chart_bars(&c);
	ck_assert_str_eq(str(at(v, "items", 0), "full"), name);
	ck_assert_uint_lt(strlen(str(at(v, "items", 0), "label")), 40);
	cJSON_Delete(v);
}
END_TEST

/* A target line and small multiples on one shared scale. */
START_TEST(test_target_multiples)
{
	struct chart	 c[2];
	const int64_t	 a[3] = { 7000, 8000, 8500 }, b[3] = { 2000, 3000,
	    CHART_NONE };
	cJSON		*v;
	const cJSON	*t;
	char		 err[256];

	ck_assert_msg(views_init("templates", err, sizeof(err)) == 0, "%s",
	    err);
	chart_init(&c[0], "r1", "North", CHART_PERCENT, LANG_EN);
	months(&c[0], 3, a);
	c[0].has_target = 1;
	c[0].target = 9000;
	c[0].target_label = "goal";
	v = chart_line(&c[0], CHART_FULL);
	/* 70% .. 90% padded: 65% .. 95% by 10% -> 60% .. 100% */
	ck_assert_str_eq(str(at(v, "yticks", 0), "text"), "60%");
	t = cJSON_GetObjectItemCaseSensitive(v, "target");
	ck_assert_str_eq(str(t, "text"), "goal 90.0%");
	ck_assert_int_eq(num(t, "y"), 166 - 113);
	ck_assert(strstr(str(v, "desc"), "lowest 70.0% (Jan 2024)") != NULL);
	ck_assert(strstr(str(v, "desc"), "goal 90.0%") != NULL);
	cJSON_Delete(v);
	chart_init(&c[1], "r2", "South", CHART_PERCENT, LANG_EN);
	months(&c[1], 3, b);
	c[0].has_target = 0;
	v = chart_multiples(c, 2);
	ck_assert_int_eq(cJSON_GetArraySize(v), 2);
	/* both 0% .. 100% by 50%: 20% .. 85% starts near zero */
	ck_assert_str_eq(str(at(cJSON_GetArrayItem(v, 0), "yticks", 2),
	    "text"), "100%");
	ck_assert_str_eq(str(at(cJSON_GetArrayItem(v, 1), "yticks", 2),
	    "text"), "100%");
	ck_assert(truth(cJSON_GetArrayItem(v, 1), "small"));
	ck_assert_int_eq(num(cJSON_GetArrayItem(v, 1), "w"), 240);
	cJSON_Delete(v);
	views_free();
}
END_TEST

/* The units' texts: values in full, ticks as short as the step allows. */
START_TEST(test_texts)
{
	char	 t[64], m[16], y[16];

	chart_value_text(CHART_FEN, LANG_EN, 123456, t, sizeof(t));
	ck_assert_str_eq(t, "¥1,234.56");
	chart_value_text(CHART_FEN, LANG_EN, -5, t, sizeof(t));
	ck_assert_str_eq(t, "\xe2\x88\x92" "¥0.05");
	chart_value_text(CHART_COUNT, LANG_EN, 1234567, t, sizeof(t));
	ck_assert_str_eq(t, "1,234,567");
	chart_value_text(CHART_DAYS, LANG_ZH, 123, t, sizeof(t));
	ck_assert_str_eq(t, "12.3天");
	chart_value_text(CHART_PERCENT, LANG_EN, 1225, t, sizeof(t));
	ck_assert_str_eq(t, "12.3%");
	chart_value_text(CHART_PERCENT, LANG_EN, -4, t, sizeof(t));
	ck_assert_str_eq(t, "0.0%");
	chart_tick_text(CHART_PERCENT, LANG_EN, 1250, 50, t, sizeof(t));
	ck_assert_str_eq(t, "12.5%");
	chart_tick_text(CHART_FEN, LANG_EN, 5000000, 1000000, t, sizeof(t));
	ck_assert_str_eq(t, "¥50k");
	chart_tick_text(CHART_FEN, LANG_ZH, 5000000, 1000000, t, sizeof(t));
	ck_assert_str_eq(t, "¥5万");
	chart_tick_text(CHART_FEN, LANG_ZH, 1500000, 500000, t, sizeof(t));
	ck_assert_str_eq(t, "¥1.5万");
	chart_tick_text(CHART_FEN, LANG_EN, 50000, 10000, t, sizeof(t));
	ck_assert_str_eq(t, "¥500");
	chart_tick_text(CHART_DAYS, LANG_EN, 75, 5, t, sizeof(t));
	ck_assert_str_eq(t, "7.5");
	chart_month_text("2025-01", LANG_ZH, m, sizeof(m), y, sizeof(y));
	ck_assert_str_eq(m, "1月");
	ck_assert_str_eq(y, "2025年");
	chart_month_text("2025-12", LANG_EN, m, sizeof(m), y, sizeof(y));
	ck_assert_str_eq(m, "Dec");
	chart_month_text("bad", LANG_EN, m, sizeof(m), y, sizeof(y));
	ck_assert_str_eq(m, "bad");
	ck_assert_str_eq(y, "");
}
END_TEST

/* The real partial draws a view: axes, labels, the table, all escaped. */
START_TEST(test_render)
{
	struct chart	 c;
	struct buf	 out;
	const int64_t	 y[3] = { 1200, 1300, 1250 };
	char		 err[256];
	const char	*s;
	cJSON		*v;

	ck_assert_msg(views_init("templates", err, sizeof(err)) == 0, "%s",
	    err);
	chart_init(&c, "k-m", "Margin <&>", CHART_PERCENT, LANG_EN);
	months(&c, 3, y);
	c.has_target = 1;
	c.target = 1500;
	v = chart_line(&c, CHART_FULL);
	buf_init(&out);
	ck_assert_int_eq(views_render("partials/chart", LANG_EN, "/", v, &out),
	    0);
	s = buf_cstr(&out);
	ck_assert(strstr(s, "role=\"img\" aria-labelledby=\"k-m-t\"") != NULL);
	ck_assert(strstr(s, "<title id=\"k-m-t\">Margin &lt;&amp;&gt;</title>")
	    != NULL);
	ck_assert(strstr(s, "<desc id=\"k-m-d\">Margin &lt;&amp;&gt;, Jan 2024"
	    " – Mar 2024: lowest 12.0% (Jan 2024)") != NULL);
	ck_assert(strstr(s, "<path class=\"line s0\" d=\"M54 ") != NULL);
	ck_assert(strstr(s, ">Jan</text>") != NULL);
	ck_assert(strstr(s, ">2024</text>") != NULL);
	ck_assert(strstr(s, "class=\"value\"") != NULL);
	ck_assert(strstr(s, ">12.5%</text>") != NULL);
	ck_assert(strstr(s, "class=\"target\"") != NULL);
	ck_assert(strstr(s, ">target 15.0%</text>") != NULL);
	ck_assert(strstr(s, "<th scope=\"row\">Feb 2024</th><td class=\"num\">"
	    "13.0%</td>") != NULL);
	cJSON_Delete(v);
	buf_free(&out);
	views_free();
}
END_TEST

Suite *
chart_suite(void)
{
	Suite	*s = suite_create("chart");
	TCase	*tc = tcase_create("chart");

	tcase_add_test(tc, test_scale_ticks);
	tcase_add_test(tc, test_scale_all_equal);
	tcase_add_test(tc, test_negative);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_one_point);
	tcase_add_test(tc, test_36_months);
	tcase_add_test(tc, test_bars);
	tcase_add_test(tc, test_target_multiples);
	tcase_add_test(tc, test_long_names);
	tcase_add_test(tc, test_series);
	tcase_add_test(tc, test_texts);
	tcase_add_test(tc, test_render);
	suite_add_tcase(s, tc);
	return s;
}
