/*
 * chart_rank_test.c: the ranked charts' geometry (chart_pareto.c,
 * chart_scatter.c): which ranks are drawn, the curve's pixels for no
 * one, one, all-equal, no value and 200 dealers; the tier cuts where
 * they fall; the scatter's regions clipped to the plot.
 */
#include <stdio.h>
#include <string.h>

#include "../test.h"
#include "chart.h"

static int
size(const cJSON *v, const char *key)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(v, key));
}

static const char *
str(const cJSON *v, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, key));
}

static int
num(const cJSON *v, const char *key)
{
	return (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(v,
	    key));
}

static int
is_true(const cJSON *v, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(v, key));
}

/* p with n dealers of value v[i] (ranked), the cuts of a 20/30/30 rule */
static void
pareto(struct chart_pareto *p, int n, const int64_t *v)
{
	int64_t	 total = 0, cum = 0, pct = 0;
	int	 i, t;

	memset(p, 0, sizeof(*p));
	p->id = "p";
	p->title = "Pareto";
	p->n = n;
	for (i = 0; i < n; i++)
		total += v[i];
	for (i = 0; i < n && i < CHART_RANKS_MAX; i++) {
		cum += v[i];
		p->pt[i].rank = i + 1;
		p->pt[i].share = total > 0 ? cum * 10000 / total : -1;
		p->pt[i].value = v[i];
		p->pt[i].label = "d";
		p->np++;
	}
	for (t = 0; t < 3; t++) {
		pct += t == 0 ? 20 : 30;
		p->cut[t] = (pct * n + 99) / 100 < n ? (pct * n + 99) / 100 : n;
		p->cut_share[t] = p->cut[t] > 0 && total > 0 ?
		    p->pt[p->cut[t] - 1].share : -1;
	}
}

START_TEST(test_pick)
{
	int64_t	 r[CHART_RANKS_MAX];
	int	 i;

	ck_assert_int_eq(chart_pareto_pick(0, 200, r), 0);
	ck_assert_int_eq(chart_pareto_pick(1, 200, r), 1);
	ck_assert_int_eq(r[0], 1);
	ck_assert_int_eq(chart_pareto_pick(200, 200, r), 200);
	ck_assert_int_eq(r[199], 200);
	ck_assert_int_eq(chart_pareto_pick(5000, 200, r), 200);
	ck_assert_int_eq(r[0], 25);
	ck_assert_int_eq(r[199], 5000);
	for (i = 1; i < 200; i++)
		ck_assert(r[i] > r[i - 1]);
	ck_assert_int_eq(chart_pareto_pick(201, 200, r), 200);
	ck_assert_int_eq(r[0], 2);		/* ceil(201 / 200) */
	ck_assert_int_eq(r[199], 201);
	ck_assert_int_eq(chart_pareto_pick(10, 999, r), 10);	/* bounded */
}
END_TEST

START_TEST(test_pareto_empty)
{
	static const int64_t	 zero[3] = { 0, 0, 0 };
	struct chart_pareto	 p;
	cJSON			*v;

	pareto(&p, 0, NULL);
	v = chart_pareto(&p);
	ck_assert(is_true(v, "pareto") && !is_true(v, "line"));
	ck_assert(is_true(v, "empty"));
	ck_assert_str_eq(str(v, "d"), "");
	ck_assert_int_eq(size(v, "xticks"), 6);	/* 0 .. 100 % */
	ck_assert_int_eq(size(v, "yticks"), 6);
	ck_assert_int_eq(size(v, "rows"), 0);
	cJSON_Delete(v);
	pareto(&p, 3, zero);			/* no value: no division */
	v = chart_pareto(&p);
	ck_assert(is_true(v, "empty"));
	ck_assert_int_eq(size(v, "cuts"), 0);
	ck_assert_int_eq(size(v, "rows"), 3);
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_pareto_one_equal)
{
	static const int64_t	 one[1] = { 500 }, eq[4] = { 7, 7, 7, 7 };
	struct chart_pareto	 p;
	cJSON			*v;

	pareto(&p, 1, one);
	v = chart_pareto(&p);
	ck_assert(!is_true(v, "empty"));
	/* plot 52..460 x 44..274: the origin to the top right */
	ck_assert_str_eq(str(v, "d"), "M52 274L460 44");
	ck_assert_int_eq(size(v, "cuts"), 0);		/* A holds it */
	ck_assert_int_eq(size(v, "letters"), 1);
	ck_assert_int_eq(size(v, "dots"), 1);
	cJSON_Delete(v);
	pareto(&p, 4, eq);		/* the even line: 25 % a quarter */
	v = chart_pareto(&p);
	ck_assert_str_eq(str(v, "d"),
	    "M52 274L154 216L256 159L358 101L460 44");
	/* cuts 1, 2, 4 of 4 (ceil .8, 2, 3.2): lines after ranks 1 and 2 */
	ck_assert_int_eq(size(v, "cuts"), 2);
	ck_assert_int_eq(num(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "cuts"),
	    0), "x"), 154);
	ck_assert_str_eq(str(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "cuts"),
	    1), "text"), "50.00%");
	ck_assert_int_eq(size(v, "letters"), 3);	/* A, B, C; no D */
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_pareto_200)
{
	struct chart_pareto	 p;
	int64_t			 val[200];
	cJSON			*v, *it;
	const char		*d;
	int			 i, moves = 0;

	for (i = 0; i < 200; i++)
		val[i] = 100000 - i * 400;
	pareto(&p, 200, val);
	v = chart_pareto(&p);
	d = str(v, "d");
	for (; *d != '\0'; d++)
		moves += *d == 'L';
	ck_assert_int_eq(moves, 200);
	ck_assert_int_eq(size(v, "dots"), 0);		/* too many to dot */
	ck_assert_int_eq(size(v, "rows"), 200);
	ck_assert_int_eq(size(v, "cuts"), 3);		/* at 40, 100, 160 */
	ck_assert_int_eq(num(cJSON_GetArrayItem(cJSON_GetObjectItem(v, "cuts"),
	    0), "x"), 52 + (40 * 408 * 2 + 200) / 400);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(v, "cuts")) {
		ck_assert(num(it, "y") >= 44 && num(it, "y") <= 274);
		ck_assert(num(it, "x") > 52 && num(it, "x") < 460);
	}
	ck_assert_str_eq(str(cJSON_GetArrayItem(cJSON_GetObjectItem(v,
	    "rows"), 199), "text"), "100.00%");
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_clip)
{
	static const double	 sq[4][2] = { { 0, 0 }, { 1, 0 }, { 1, 1 },
	    { 0, 1 } };
	double			 out[8][2];

	/* x + y >= 1: the upper right triangle */
	ck_assert_int_eq(chart_clip(sq, 4, 1, 1, 1, out), 3);
	ck_assert_int_eq(chart_clip(sq, 4, 1, 0, 2, out), 0);	/* x >= 2 */
	ck_assert_int_eq(chart_clip(sq, 4, 1, 1, 0, out), 4);	/* all */
	ck_assert_int_eq(chart_clip(sq, 4, 2, 0, 1, out), 4);	/* x >= .5 */
	ck_assert(out[0][0] == 0.5 || out[1][0] == 0.5);
}
END_TEST

START_TEST(test_scatter)
{
	static struct chart_scatter	 c;
	cJSON				*v, *it;
	int				 i;

	memset(&c, 0, sizeof(c));
	c.id = "g";
	c.title = "Grid";
	c.pct = 20;
	c.min[0] = c.min[1] = c.min[2] = -1;
	v = chart_scatter(&c);
	ck_assert(is_true(v, "scatter") && is_true(v, "empty"));
	ck_assert_int_eq(size(v, "points"), 0);
	ck_assert_int_eq(size(v, "regions"), 0);
	cJSON_Delete(v);
	/* one dealer, all of A: A's region and D's */
	c.n = 1;
	c.pt[0].x = 500000;
	c.pt[0].y = 0;
	c.pt[0].label = "d1";
	c.pt[0].tier = "A";
	c.min[0] = 500000;
	v = chart_scatter(&c);
	ck_assert(!is_true(v, "empty"));
	ck_assert_int_eq(size(v, "points"), 1);
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "points"), 0);
	ck_assert_str_eq(str(it, "cls"), "a");
	ck_assert_int_eq(num(it, "y"), 380 - 46);	/* no potential */
	ck_assert_int_eq(size(v, "regions"), 2);
	/* D's the whole plot, no edge; A's bounded by its line */
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "regions"), 0);
	ck_assert_str_eq(str(it, "cls"), "d");
	ck_assert(!is_true(it, "edge"));
	it = cJSON_GetArrayItem(cJSON_GetObjectItem(v, "regions"), 1);
	ck_assert_str_eq(str(it, "cls"), "a");
	ck_assert(is_true(it, "edge"));
	ck_assert_int_eq(num(it, "y1") == 334 ? num(it, "x1") : num(it, "x2"),
	    460);			/* through the dealer's point (x max) */
	cJSON_Delete(v);
	/* 200 dealers, all inside the plot; three cuts, four regions */
	c.n = 200;
	for (i = 0; i < 200; i++) {
		c.pt[i].x = (int64_t)(200 - i) * 123457;
		c.pt[i].y = (int64_t)(i % 17) * 987654;
		c.pt[i].label = "d";
		c.pt[i].tier = i < 40 ? "A" : i < 100 ? "B" : i < 160 ? "C" :
		    "D";
	}
	c.min[0] = 160 * 123457;
	c.min[1] = 100 * 123457;
	c.min[2] = 40 * 123457;
	v = chart_scatter(&c);
	ck_assert_int_eq(size(v, "points"), 200);
	ck_assert_int_eq(size(v, "rows"), 200);
	ck_assert_int_eq(size(v, "regions"), 4);
	ck_assert_int_eq(size(v, "letters"), 4);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(v, "points")) {
		ck_assert(num(it, "x") >= 72 && num(it, "x") <= 460);
		ck_assert(num(it, "y") >= 24 && num(it, "y") <= 334);
	}
	cJSON_Delete(v);
	/* all equal, at zero: a scale still, no division */
	for (i = 0; i < 200; i++)
		c.pt[i].x = c.pt[i].y = 0;
	c.min[0] = c.min[1] = c.min[2] = 0;
	v = chart_scatter(&c);
	ck_assert(size(v, "xticks") >= 2);
	cJSON_ArrayForEach(it, cJSON_GetObjectItem(v, "points"))
		ck_assert_int_eq(num(it, "x"), 72);
	cJSON_Delete(v);
}
END_TEST

Suite *
chart_rank_suite(void)
{
	Suite	*s = suite_create("chart_rank");
	TCase	*tc = tcase_create("rank");

	tcase_add_test(tc, test_pick);
	tcase_add_test(tc, test_pareto_empty);
	tcase_add_test(tc, test_pareto_one_equal);
	tcase_add_test(tc, test_pareto_200);
	tcase_add_test(tc, test_clip);
	tcase_add_test(tc, test_scatter);
	suite_add_tcase(s, tc);
	return s;
}
