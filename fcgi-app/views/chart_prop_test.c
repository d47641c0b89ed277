/*
 * chart_prop_test.c: the chart library's property tests (chart_test.c
 * has its cases): any values give a scale that holds them, any chart
 * views that hold together.
 */
#include <stdio.h>
#include <string.h>

#include "../test.h"
#include "chart.h"

/* month i of the 36 from 2024-01 */
static const char *
month(int i)
{
	static char	 m[36][16];

	snprintf(m[i], sizeof(m[i]), "%04d-%02d", 2024 + i / 12, 1 + i % 12);
	return m[i];
}

/* the size of the view's list key */
static int
size(const cJSON *v, const char *key)
{
	return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(v, key));
}

/*
 * Any values (a fixed pseudo-random walk over the int64 range the model
 * takes): a scale with lo < hi holding them, at most maxint steps, a
 * step of 1, 2 or 5 x 10^n, pixels inside the plot.
 */
START_TEST(test_scale_any)
{
	struct chart_scale	 s;
	uint64_t		 x = 88172645463325252ULL;
	int64_t			 a, b, m, r;
	int			 i, zero, ints;

	for (i = 0; i < 50000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* magnitudes from 1 to 10^15, either sign */
		r = (int64_t)(x % 16);
		for (m = 1; r > 0; r--)
			m *= 10;
		a = (int64_t)((x >> 8) % (uint64_t)m) * ((x & 1) ? -1 : 1);
		b = (int64_t)((x >> 20) % (uint64_t)m) * ((x & 2) ? -1 : 1);
		if (a > b) {
			m = a;
			a = b;
			b = m;
		}
		zero = (int)(x >> 40) & 1;
		ints = 1 + (int)((x >> 41) % 6);
		chart_scale_nice(a, b, zero, 1 + (int64_t)((x >> 44) % 100),
		    ints, &s);
		ck_assert_msg(s.lo < s.hi && s.lo <= a && s.hi >= b,
		    "%lld..%lld: %lld..%lld", (long long)a, (long long)b,
		    (long long)s.lo, (long long)s.hi);
		/* one interval cannot cross zero: then two */
		ck_assert((s.hi - s.lo) / s.step <= (s.lo < 0 && s.hi > 0 &&
		    ints < 2 ? 2 : ints));
		ck_assert((s.hi - s.lo) % s.step == 0 && s.lo % s.step == 0);
		for (m = s.step; m % 10 == 0; m /= 10)
			;
		ck_assert(m == 1 || m == 2 || m == 5);
		ck_assert(!zero || (s.lo <= 0 && s.hi >= 0));
		ck_assert_int_ge(chart_pos(&s, a, 150), 0);
		ck_assert_int_le(chart_pos(&s, b, 150), 150);
		ck_assert_int_le(chart_pos(&s, a, 150), chart_pos(&s, b, 150));
	}
}
END_TEST

/* Any chart (gaps, signs, sizes, a target): views that hold together. */
START_TEST(test_views_any)
{
	struct chart	 c[3];
	uint64_t	 x = 0x9e3779b97f4a7c15ULL;
	int		 i, j, k, n, has;
	cJSON		*v;
	const cJSON	*e;

	for (i = 0; i < 500; i++) {
		for (k = 0; k < 3; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			chart_init(&c[k], "a", "Any", (enum chart_unit)(x %
			    CHART_UNIT__MAX), (enum lang)((x >> 3) %
			    LANG__MAX));
			c[k].zero = (int)(x >> 5) & 1;
			c[k].months = (int)(x >> 6) & 1;
			c[k].has_target = (int)(x >> 7) & 1;
			c[k].target = (int64_t)((x >> 9) % 20001) - 10000;
			n = (int)((x >> 24) % (CHART_POINTS_MAX + 1));
			for (j = 0; j < n; j++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				chart_add(&c[k], month(j % 36), x % 5 == 0 ?
				    CHART_NONE : (int64_t)(x >> 11) %
				    (x % 3 ? INT64_C(100000) : CHART_VALUE_MAX *
				    2) - (x % 7 ? 0 : INT64_C(50000)));
			}
		}
		for (j = 0, has = 0; j < c[0].n; j++)
			has += c[0].y[j] != CHART_NONE;
		v = chart_line(&c[0], (enum chart_size)(i % CHART_SIZE__MAX));
		ck_assert_int_eq(size(v, "rows"), c[0].n);
		ck_assert_int_eq(size(v, "dots"), has);
		e = cJSON_GetObjectItemCaseSensitive(v, "empty");
		ck_assert((e != NULL && !cJSON_IsFalse(e)) == (has == 0));
		cJSON_Delete(v);
		v = chart_bars(&c[0]);
		ck_assert_int_eq(size(v, "items"), has ? c[0].n : 0);
		cJSON_Delete(v);
		v = chart_multiples(c, 3);
		ck_assert_int_eq(cJSON_GetArraySize(v), 3);
		cJSON_Delete(v);
	}
}
END_TEST

Suite *
chart_prop_suite(void)
{
	Suite	*s = suite_create("chart_prop");
	TCase	*tc = tcase_create("chart_prop");

	tcase_add_test(tc, test_scale_any);
	tcase_add_test(tc, test_views_any);
	suite_add_tcase(s, tc);
	return s;
}
