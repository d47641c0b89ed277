/*
 * chart.h: charts drawn on the server as inline SVG (no script)
 *
 * A feature fills a struct chart (a title, a unit, one series of points
 * over months or categories, an optional target) and asks for its view:
 * a cJSON object that templates/partials/chart.html draws, with the
 * table of the data behind it.  The geometry (the nice value scale, the
 * month ticks, the pixels) is pure and in whole viewBox units, so the
 * same data always gives the same SVG (chart_test.c).
 */
#ifndef VIEWS_CHART_H
#define VIEWS_CHART_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "views.h"

#define CHART_POINTS_MAX	64	/* a series' points: 36 months, more */
#define CHART_NONE		INT64_MIN	/* no data: a gap */
#define CHART_SERIES_MAX	3	/* lines in one chart, the first too */
/* |y| is clamped to this */
#define CHART_VALUE_MAX		INT64_C(1000000000000000)

/*
 * What y counts, and in which scale:
 *   CHART_PERCENT	basis points, 1/100 of a percent (1234: 12.3%)
 *   CHART_DAYS		tenths of a day (123: 12.3 days)
 *   CHART_FEN		fen, 1/100 yuan (123456: ¥1,234.56)
 *   CHART_COUNT	whole things (jobs, complaints)
 */
enum chart_unit { CHART_PERCENT, CHART_DAYS, CHART_FEN, CHART_COUNT,
	CHART_UNIT__MAX };

/* The drawing sizes: a chart of its own, or one of small multiples. */
enum chart_size { CHART_FULL, CHART_SMALL, CHART_SIZE__MAX };

struct chart {
	const char	*id;		/* unique on its page: [a-z0-9-] */
	const char	*title;
	const char	*note;		/* under it (the period's value) */
	enum chart_unit	 unit;
	enum lang	 lang;
	int		 months;	/* x: "YYYY-MM", else categories */
	int		 n;		/* points */
	const char	*x[CHART_POINTS_MAX];
	int64_t		 y[CHART_POINTS_MAX];	/* CHART_NONE: no data */
	int		 has_target;
	int64_t		 target;
	const char	*target_label;	/* NULL: the catalogue's "target" */
	const char	*x_title;	/* the table's first heading, or NULL */
	int		 zero;		/* lines: the scale includes zero */
	/* lines: more series over the same x, each named in a legend */
	const char	*name;		/* the first's; NULL: the title */
	int		 nmore;
	struct {
		const char	*name;
		int64_t		 y[CHART_POINTS_MAX];
	}		 more[CHART_SERIES_MAX - 1];
};

/* A value scale: ticks lo, lo + step, ..., hi (lo < hi). */
struct chart_scale {
	int64_t	 lo, hi, step;
};

/* chart_scale.c: pure geometry and value texts, unit-tested */
int	 chart_extent(const struct chart *, int64_t *, int64_t *);
int64_t	 chart_min_step(enum chart_unit);
void	 chart_scale_nice(int64_t, int64_t, int, int64_t, int,
	    struct chart_scale *);
int	 chart_pos(const struct chart_scale *, int64_t, int);
int	 chart_x(int, int, int, int);
int	 chart_xticks(int, int, int, int *, int);
void	 chart_value_text(enum chart_unit, enum lang, int64_t, char *,
	    size_t);
void	 chart_tick_text(enum chart_unit, enum lang, int64_t, int64_t,
	    char *, size_t);
void	 chart_month_text(const char *, enum lang, char *, size_t, char *,
	    size_t);

/* chart_view.c: a chart's model */
void	 chart_init(struct chart *, const char *, const char *,
	    enum chart_unit, enum lang);
int	 chart_add(struct chart *, const char *, int64_t);
int	 chart_series(struct chart *, const char *);
int	 chart_put(struct chart *, int, int, int64_t);

/* chart.c, chart_bars.c: the views the template draws (caller frees) */
cJSON	*chart_line(const struct chart *, enum chart_size);
cJSON	*chart_multiples(const struct chart *, int);
cJSON	*chart_bars(const struct chart *);

/*
 * Ranked charts (chart_pareto.c, chart_scatter.c): up to CHART_RANKS_MAX
 * points drawn whatever the population (the caller picks which: every
 * rank up to that, else evenly spaced ranks, chart_pareto_pick()).
 */
#define CHART_RANKS_MAX		200
#define CHART_TIERS		4	/* A, B, C, D */

/*
 * A Pareto curve: the cumulative share (basis points) of n things ranked,
 * over the share of them (x: rank / n), the tier cuts as vertical lines
 * (after rank cut[t], t = A, B, C) with the tiers' letters between.
 */
struct chart_pareto {
	const char	*id, *title, *note;
	enum lang	 lang;
	int64_t		 n;		/* ranked, all of them */
	int		 np;		/* points drawn */
	struct {
		int64_t		 rank, share, value;	/* share: bp */
		const char	*label, *tier;
	}		 pt[CHART_RANKS_MAX];
	int64_t		 cut[CHART_TIERS - 1];	/* ranks in A, A-B, A-C */
	int64_t		 cut_share[CHART_TIERS - 1];	/* bp; -1 none */
	const char	*x_title, *y_title;	/* the axes' */
	const char	*rank_h, *value_h, *tier_h;	/* the table's */
};

/*
 * A scatter of x against y (fen), the plane split into tiers by the
 * score x + y x pct DIV 100: tier t where score >= min[t] (A, B, C; -1
 * none), D below.
 */
struct chart_scatter {
	const char	*id, *title, *note;
	enum lang	 lang;
	int		 n;
	struct {
		int64_t		 x, y;
		const char	*label, *tier;
	}		 pt[CHART_RANKS_MAX];
	int64_t		 pct;
	int64_t		 min[CHART_TIERS - 1];
	const char	*x_title, *y_title, *tier_h;
};

int	 chart_pareto_pick(int64_t, int, int64_t *);
void	 chart_bp_text(int64_t, enum lang, char *, size_t);
cJSON	*chart_pareto(const struct chart_pareto *);
int	 chart_clip(const double (*)[2], int, double, double, double,
	    double (*)[2]);
cJSON	*chart_scatter(const struct chart_scatter *);

#endif
