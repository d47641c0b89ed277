/*
 * kpi_pyramid_rules_test.c: the pyramid's shares on ten hand-computed
 * dealers, the tier cuts where the tier rule puts them (and against the
 * rule's formula for 1..200 dealers), the grid's lowest scores, no data.
 */
#include <string.h>

#include "../test.h"
#include "kpi.h"

/*
 * Ten dealers, value in fen, total 10,003 (so shares do not divide
 * evenly), a tie (3 and 10 at 2,000: id 3 first).  By hand, cumulative
 * value and its share rounded down (cum x 10000 / 10003):
 *   rank 1 id 7  3000  3000  2999	rank 6 id 9   400  9600  9597
 *   rank 2 id 3  2000  5000  4998	rank 7 id 2   250  9850  9847
 *   rank 3 id 10 2000  7000  6997	rank 8 id 5   100  9950  9947
 *   rank 4 id 1  1500  8500  8497	rank 9 id 6    50 10000  9997
 *   rank 5 id 4   700  9200  9197	rank 10 id 8    3 10003 10000
 * a 20 b 30 c 30: A ranks 1-2 ((rn-1) x 100 < 200), B 3-5 (< 500), C
 * 6-8 (< 800), D 9-10.  Potentials: id 10 10,000 and id 9 5,000, the
 * rest none; scores at 20 %: id 10 4,000, id 7 3,000, id 3 2,000, id 1
 * 1,500, id 9 1,400, id 4 700, 250, 100, 50, 3: the lowest A 3,000, B
 * 1,400, C 100.
 */
static void
ten(struct kpi_pyr_row *r)
{
	static const int64_t	 v[10][3] = { { 1, 1500, 0 }, { 2, 250, 0 },
	    { 3, 2000, 0 }, { 4, 700, 0 }, { 5, 100, 0 }, { 6, 50, 0 },
	    { 7, 3000, 0 }, { 8, 3, 0 }, { 9, 400, 5000 },
	    { 10, 2000, 10000 } };
	int	 i;

	memset(r, 0, 10 * sizeof(*r));
	for (i = 0; i < 10; i++) {
		r[i].id = v[i][0];
		r[i].value = v[i][1];
		r[i].potential = v[i][2];
	}
}

START_TEST(test_ten)
{
	static const int64_t	 ids[10] = { 7, 3, 10, 1, 4, 9, 2, 5, 6, 8 };
	static const int64_t	 cum[10] = { 3000, 5000, 7000, 8500, 9200,
	    9600, 9850, 9950, 10000, 10003 };
	static const int64_t	 bp[10] = { 2999, 4998, 6997, 8497, 9197,
	    9597, 9847, 9947, 9997, 10000 };
	static const char	 band[] = "AABBBCCCDD";
	static const int64_t	 cfg[4] = { 20, 30, 30, 20 };
	struct kpi_pyr_row	 r[10];
	struct kpi_pyr		 s;
	int			 i;

	ten(r);
	ck_assert_int_eq(kpi_pyr_fill(r, 10, cfg, &s), 0);
	ck_assert_int_eq(s.n, 10);
	ck_assert_int_eq(s.total, 10003);
	for (i = 0; i < 10; i++) {
		ck_assert_int_eq(r[i].id, ids[i]);
		ck_assert_int_eq(r[i].rank, i + 1);
		ck_assert_int_eq(r[i].cum, cum[i]);
		ck_assert_int_eq(r[i].cum_bp, bp[i]);
		ck_assert_int_eq(r[i].band, band[i]);
	}
	ck_assert_int_eq(s.cut[0], 2);
	ck_assert_int_eq(s.cut[1], 5);
	ck_assert_int_eq(s.cut[2], 8);
	/* the headline: the top 20.00 % bring 49.98 % */
	ck_assert_int_eq(s.cut_dealers_bp[0], 2000);
	ck_assert_int_eq(s.cut_value_bp[0], 4998);
	ck_assert_int_eq(s.cut_value_bp[1], 9197);
	ck_assert_int_eq(s.cut_value_bp[2], 9947);
	ck_assert_int_eq(s.mins[0], 3000);
	ck_assert_int_eq(s.mins[1], 1400);
	ck_assert_int_eq(s.mins[2], 100);
}
END_TEST

START_TEST(test_other_cuts)
{
	/* a, b, c 25: A (rn-1) x 100 < 250: 1-3; B < 500: 4-5; C < 750: 6-8 */
	static const int64_t	 cfg[4] = { 25, 25, 25, 0 };
	struct kpi_pyr_row	 r[10];
	struct kpi_pyr		 s;
	int			 i;

	ten(r);
	ck_assert_int_eq(kpi_pyr_fill(r, 10, cfg, &s), 0);
	ck_assert_int_eq(s.cut[0], 3);
	ck_assert_int_eq(s.cut[1], 5);
	ck_assert_int_eq(s.cut[2], 8);
	ck_assert_int_eq(s.cut_value_bp[0], 6997);
	ck_assert_int_eq(s.cut_dealers_bp[0], 3000);
	for (i = 0; i < 10; i++)
		ck_assert_int_eq(r[i].band, "AAABBCCCDD"[i]);
	/* potential 0 %: the score is the value */
	ck_assert_int_eq(s.mins[0], 2000);
	ck_assert_int_eq(kpi_pyr_score(0, 7, 20), 1);	/* DIV: 1.4 -> 1 */
	ck_assert_int_eq(kpi_pyr_score(5, 99, 100), 104);
}
END_TEST

/* the cuts against the rule's formula, 1..200 dealers, several a/b/c */
START_TEST(test_rule)
{
	static const int64_t	 cfgs[][3] = { { 20, 30, 30 }, { 1, 0, 0 },
	    { 10, 20, 30 }, { 33, 33, 33 }, { 100, 0, 0 }, { 50, 50, 0 },
	    { 7, 13, 80 }, { 1, 1, 1 } };
	size_t			 k;
	int64_t			 n, rn, want[3], pct;
	int			 t;

	for (k = 0; k < sizeof(cfgs) / sizeof(cfgs[0]); k++)
		for (n = 1; n <= 200; n++) {
			memset(want, 0, sizeof(want));
			for (rn = 1; rn <= n; rn++) {
				/* the SQL's CASE, literally */
				if ((rn - 1) * 100 < n * cfgs[k][0])
					want[0]++;
				if ((rn - 1) * 100 < n * (cfgs[k][0] +
				    cfgs[k][1]))
					want[1]++;
				if ((rn - 1) * 100 < n * (cfgs[k][0] +
				    cfgs[k][1] + cfgs[k][2]))
					want[2]++;
				t = kpi_pyr_tier(rn, n, cfgs[k]);
				ck_assert(t == ((rn - 1) * 100 < n *
				    cfgs[k][0] ? 'A' : (rn - 1) * 100 < n *
				    (cfgs[k][0] + cfgs[k][1]) ? 'B' : (rn - 1) *
				    100 < n * (cfgs[k][0] + cfgs[k][1] +
				    cfgs[k][2]) ? 'C' : 'D'));
			}
			for (t = 0, pct = 0; t < 3; t++) {
				pct += cfgs[k][t];
				ck_assert_int_eq(kpi_pyr_cut(n, pct), want[t]);
			}
		}
}
END_TEST

START_TEST(test_no_data)
{
	static const int64_t	 cfg[4] = { 20, 30, 30, 20 };
	struct kpi_pyr_row	 r[3];
	struct kpi_pyr		 s;
	int			 i;

	memset(r, 0, sizeof(r));
	for (i = 0; i < 3; i++)
		r[i].id = 3 - i;
	ck_assert_int_eq(kpi_pyr_fill(r, 3, cfg, &s), 0);
	ck_assert_int_eq(s.total, 0);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(r[i].id, i + 1);	/* ties by id */
		ck_assert_int_eq(r[i].cum_bp, -1);
	}
	ck_assert_int_eq(s.cut_value_bp[0], -1);
	ck_assert_int_eq(s.cut[0], 1);			/* (1-1) x 100 < 60 */
	ck_assert_int_eq(kpi_pyr_fill(r, 0, cfg, &s), 0);
	ck_assert_int_eq(s.n, 0);
	ck_assert_int_eq(s.cut[0], 0);
	ck_assert_int_eq(s.cut_value_bp[0], -1);
	ck_assert_int_eq(s.mins[0], -1);
	ck_assert_int_eq(kpi_pyr_bp(1, 0), -1);
	/* no overflow near the chart's largest sums */
	ck_assert_int_eq(kpi_pyr_bp(INT64_C(1000000000000000),
	    INT64_C(1000000000000000)), 10000);
	/* one dealer: all of it */
	r[0].value = 5;
	ck_assert_int_eq(kpi_pyr_fill(r, 1, cfg, &s), 0);
	ck_assert_int_eq(r[0].cum_bp, 10000);
	ck_assert_int_eq(s.cut[0], 1);
	ck_assert_int_eq(s.cut_value_bp[0], 10000);
}
END_TEST

Suite *
kpi_pyramid_rules_suite(void)
{
	Suite	*s = suite_create("kpi_pyramid_rules");
	TCase	*tc = tcase_create("pyramid");

	tcase_add_test(tc, test_ten);
	tcase_add_test(tc, test_other_cuts);
	tcase_add_test(tc, test_rule);
	tcase_add_test(tc, test_no_data);
	suite_add_tcase(s, tc);
	return s;
}
