/*
 * kpi_pyramid_rules.c: the customer pyramid (dealers ranked by value with
 * the cumulative share, a Pareto curve) and the value grid (value against
 * potential), pure and in integers:
 *   - ranked by value descending, then id ascending (as the tier rule
 *     breaks ties);
 *   - a share is basis points of the total, part x 10000 / total rounded
 *     down, one division from exact integer sums (so the curve never
 *     falls, and reads 100.00% only where every fen is counted: at the
 *     last dealer with value); no total, no division: "no data" (-1);
 *   - the tiers' cuts are the tier rule's (kpi_tiers_db.c): rank rn of n
 *     is A when (rn - 1) x 100 < a x n, B when < (a + b) x n, C when <
 *     (a + b + c) x n, else D; applied to the dealers shown;
 *   - the grid's regions are bounded by the lowest score of each tier,
 *     score = value + potential x potential_pct DIV 100, the rule's.
 */
#include <stdlib.h>
#include <string.h>

#include "kpi.h"

/* part of total in basis points, rounded down; -1 when total is 0. */
int64_t
kpi_pyr_bp(int64_t part, int64_t total)
{
	if (total <= 0 || part < 0)
		return -1;
	return (int64_t)((__int128)part * 10000 / total);
}

/*
 * How many of n ranks the rule puts under pct percent: the rn in 1..n
 * with (rn - 1) x 100 < pct x n, i.e. ceil(pct x n / 100), at most n.
 */
int64_t
kpi_pyr_cut(int64_t n, int64_t pct)
{
	int64_t	 k;

	if (n <= 0 || pct <= 0)
		return 0;
	k = (pct * n + 99) / 100;
	return k < n ? k : n;
}

/* The rule's tier of rank rn (1..n) of n, abc the a, b, c percentages. */
char
kpi_pyr_tier(int64_t rn, int64_t n, const int64_t *abc)
{
	if ((rn - 1) * 100 < n * abc[0])
		return 'A';
	if ((rn - 1) * 100 < n * (abc[0] + abc[1]))
		return 'B';
	if ((rn - 1) * 100 < n * (abc[0] + abc[1] + abc[2]))
		return 'C';
	return 'D';
}

/* The rule's score: value + potential x pct DIV 100 (all >= 0). */
int64_t
kpi_pyr_score(int64_t value, int64_t potential, int64_t pct)
{
	return value + (int64_t)((__int128)potential * pct / 100);
}

static int
by_value(const void *a, const void *b)
{
	const struct kpi_pyr_row	*x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* rows by value descending, then id */
void
kpi_pyr_rank(struct kpi_pyr_row *rows, size_t n)
{
	if (n > 1)
		qsort(rows, n, sizeof(*rows), by_value);
}

static int
desc(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x < y) - (x > y);
}

/*
 * Rank rows (value >= 0 each) and fill each one's rank, cumulative value,
 * share and band, and s (cfg: a, b, c, potential_pct): 0, or -1 when out
 * of memory.  With no value at all every share is -1 (no data).
 */
int
kpi_pyr_fill(struct kpi_pyr_row *rows, size_t n, const int64_t *cfg,
    struct kpi_pyr *s)
{
	int64_t	*score, cum = 0, pct = 0;
	size_t	 i;
	int	 t;

	memset(s, 0, sizeof(*s));
	kpi_pyr_rank(rows, n);
	s->n = (int64_t)n;
	for (i = 0; i < n; i++)
		s->total += rows[i].value;
	for (i = 0; i < n; i++) {
		cum += rows[i].value;
		rows[i].rank = (int64_t)i + 1;
		rows[i].cum = cum;
		rows[i].cum_bp = kpi_pyr_bp(cum, s->total);
		rows[i].band = kpi_pyr_tier(rows[i].rank, s->n, cfg);
	}
	for (t = 0; t < 3; t++) {
		pct += cfg[t];
		s->cut[t] = kpi_pyr_cut(s->n, pct);
		s->cut_dealers_bp[t] = kpi_pyr_bp(s->cut[t], s->n);
		s->cut_value_bp[t] = s->cut[t] > 0 ?
		    rows[s->cut[t] - 1].cum_bp : s->total > 0 ? 0 : -1;
		s->mins[t] = -1;
	}
	if (n == 0)
		return 0;
	/* the grid: the lowest score of each tier, by the rule's ranking */
	if ((score = malloc(n * sizeof(*score))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		score[i] = kpi_pyr_score(rows[i].value, rows[i].potential,
		    cfg[3]);
	qsort(score, n, sizeof(*score), desc);
	for (t = 0; t < 3; t++)
		if (s->cut[t] > (t > 0 ? s->cut[t - 1] : 0))
			s->mins[t] = score[s->cut[t] - 1];
	free(score);
	return 0;
}
