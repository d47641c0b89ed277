/* kpi.h: the four dealer figures and the tiers (DESIGN §6) */
#ifndef KPI_KPI_H
#define KPI_KPI_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct req;

/* Whose figures a caller reads; how the dealer table sorts. */
/* whose dealers: all, a region's, a manager's, one, a chain's branches */
enum kpi_own { KPI_OWN_ALL, KPI_OWN_REGION, KPI_OWN_MANAGER, KPI_OWN_DEALER,
	KPI_OWN_CHAIN, KPI_OWN__MAX };
/* each table of one statement per owner is [] and checked by this */
#define KPI_OWNERS_ALL(t) _Static_assert(sizeof(t) / sizeof((t)[0]) == \
	KPI_OWN__MAX, #t ": one statement for every owner")
enum kpi_sort { KPI_SORT_TURNOVER, KPI_SORT_MARGIN, KPI_SORT_RESOLUTION,
	KPI_SORT_SHARE, KPI_SORT__MAX };
#define KPI_CSV_MAX	10000	/* dealers in one export */
#define KPI_MONTHS_MAX	36	/* months one question may span */

/* What the figures are computed from: exact sums over dealers and months. */
struct kpi_sums {
	int64_t	 stock_days, sold, revenue, cost, category_sales;
	int64_t	 filed, on_time;
};

/* kpi_rules.c: pure, unit-tested */
void	kpi_figures(const struct kpi_sums *, cJSON *);
int	kpi_month_range(const char *, const char *, const char *, char *,
	    char *);

/* kpi_db.c: the sums, and who is what */
struct db;
int	kpi_total(struct db *, enum kpi_own, int64_t, const char *,
	    const char *, struct kpi_sums *);
int	kpi_dealer_tier(struct db *, int64_t, char *, size_t);
int	kpi_region_is(struct db *, int64_t);
int	kpi_chain_is(struct db *, int64_t);
int	kpi_manager_region(struct db *, int64_t, int64_t *);

/* kpi_http.c */
int	kpi_http_months(struct req *, char *, char *);
int	kpi_dealer_get(struct req *);
int	kpi_region_get(struct req *);
int	kpi_manager_get(struct req *);
int	kpi_chain_get(struct req *);
int	kpi_all_get(struct req *);
int	kpi_region_staff(const struct req *, int64_t);

/* kpi_tiers_db.c */
int	kpi_tiers_run(struct db *, const char *, int64_t, int64_t *);
void	kpi_tiers_nightly(struct db *);
struct kpi_counts;
int	kpi_tiers_counts(struct db *, int64_t, struct kpi_counts *);
int	kpi_tiers_config_read(struct db *, int64_t *);
struct principal;
struct fault;
int	kpi_tiers_recompute(struct db *, const struct principal *, int64_t *,
	    struct fault *);
int	kpi_tiers_config_update(struct db *, const struct principal *,
	    const int64_t *, struct fault *);

/* kpi_tiers_http.c */
int	kpi_tiers_recompute_post(struct req *);
int	kpi_tiers_config_get(struct req *);
int	kpi_tiers_config_put(struct req *);

/*
 * kpi_targets_db.c: HQ's goals for the four figures (migration 0065), in
 * the charts' units: turnover in tenths of a day, the rest basis points;
 * KPI_TARGET_NONE where there is none.  In figure order: turnover,
 * margin, complaint resolution, share.
 */
#define KPI_TARGET_NONE	INT64_MIN
struct kpi_targets {
	int64_t	 v[4];
	int64_t	 version;
};
extern const char *const kpi_target_keys[4];
int	kpi_targets_read(struct db *, struct kpi_targets *);
int	kpi_targets_update(struct db *, const struct principal *,
	    const struct kpi_targets *, struct fault *);

/* kpi_targets_http.c */
int	kpi_targets_get(struct req *);
int	kpi_targets_put(struct req *);

/* kpi_cli.c */
int	kpi_tiers_cli(struct db *, int, char **);

/* kpi_board_http.c */
int	kpi_reach(struct req *, enum kpi_own *, int64_t *);
int	kpi_reach_dealer(struct req *, int64_t, enum kpi_own *, int64_t *);
int	kpi_dealers(struct req *, enum kpi_own, int64_t, int, cJSON **);
int	kpi_trend(struct req *, enum kpi_own, int64_t, cJSON **);
int	kpi_counts(struct req *, enum kpi_own, int64_t, cJSON *);
int	kpi_regions(struct req *, const char *, const char *, cJSON **);
int	kpi_dealers_get(struct req *);
int	kpi_dealers_csv_get(struct req *);
int	kpi_regions_csv_get(struct req *);
int	kpi_tiers_csv_get(struct req *);
int	kpi_trend_get(struct req *);
int	kpi_table_csv(struct req *, const cJSON *, const char *const *,
	    const char *const *, size_t, int, const char *);

/*
 * kpi_board_db.c: a row of the dashboard's tables (its texts NULL where
 * the table has none; valid during the callback), and the counts
 */
struct kpi_row {
	int64_t		 id;		/* the dealer's or the region's */
	const char	*code, *name, *tier, *month;
	struct kpi_sums	 sums;
};
typedef int kpi_row_fn(const struct kpi_row *, void *);
#define KPI_TIERS_MAX	8	/* A-D, and none */
struct kpi_counts {
	int64_t	 late, overdue;		/* orders, complaints */
	int	 ntiers;
	struct {
		char	 tier[4];	/* "-": none */
		int64_t	 dealers;
	}	 tiers[KPI_TIERS_MAX];
};
int	kpi_board_dealers(struct db *, enum kpi_own, int64_t, const char *,
	    const char *, int, int, const char *, kpi_row_fn *, void *);
int	kpi_board_trend(struct db *, enum kpi_own, int64_t, const char *,
	    const char *, kpi_row_fn *, void *);
int	kpi_board_counts(struct db *, enum kpi_own, int64_t,
	    struct kpi_counts *);
struct db_stmt;
int	kpi_board_tiers(struct db_stmt *, struct kpi_counts *);
int	kpi_board_regions(struct db *, const char *, const char *,
	    const char *, kpi_row_fn *, void *);
#define KPI_MANAGER_DEALERS_MAX	500	/* on a manager's page */
int	kpi_board_manager_dealers(struct db *, int64_t, const char *,
	    const char *, int, const char *, kpi_row_fn *, void *);

/* kpi_board_pages.c */
int	kpi_board_page_get(struct req *);
int	kpi_board_dealer_page_get(struct req *);
/* (the managers' pages draw as the dashboard does) */
cJSON	*kpi_page_figure(struct req *, int);
void	kpi_page_texts(struct req *, cJSON *);
int64_t	kpi_page_scaled(int, double);
cJSON	*kpi_page_chart(struct req *, const cJSON *, const cJSON *, int,
	    const char *, const char *, const char *, const char *);

/*
 * kpi_managers_db.c: the account managers of a region; an account
 * manager (its region's fields alone for a region)
 */
#define KPI_MANAGERS_MAX	200	/* listed of one region */
struct kpi_manager {
	int64_t	 id, region, dealers;
	char	 name[401], login[257];
	char	 region_code[129], region_name[801];
};
typedef int kpi_manager_fn(const struct kpi_manager *, void *);
int	kpi_managers_list(struct db *, int64_t, const char *,
	    kpi_manager_fn *, void *);
int	kpi_manager_read(struct db *, int64_t, const char *,
	    struct kpi_manager *);
int	kpi_managers_region(struct db *, int64_t, const char *,
	    struct kpi_manager *);

/* kpi_managers_http.c */
int	kpi_managers_reach(struct req *, int64_t *);
int	kpi_manager_reach(struct req *, int64_t, struct kpi_manager *);
int	kpi_managers_model(struct req *, int64_t, cJSON **);
int	kpi_managers_get(struct req *);
int	kpi_managers_csv_get(struct req *);

/* kpi_managers_pages.c */
int	kpi_managers_page_get(struct req *);
int	kpi_manager_page_get(struct req *);

/* kpi_db.c: a dealer's tier (what kpi_tier_json() answers) */
#define KPI_TIER_HISTORY	12	/* runs shown */
struct kpi_tier {
	int64_t	 dealer;
	int	 known;			/* code and names read */
	char	 code[64], name_zh[801], name_en[801];
	char	 tier[2];		/* its tier now; "": none */
	char	 ranked[2];		/* the last run's; "": never ranked */
	int64_t	 score, value, potential, rank;
	int64_t	 run, run_dealers;
	int64_t	 mins[3];		/* the run's lowest A, B, C; -1 none */
	char	 run_at[32], run_cause[16];
	struct {
		int64_t	 run;
		char	 day[11], tier[2];
	}	 history[KPI_TIER_HISTORY];
	int	 nhistory;
};
int	kpi_tier_read(struct db *, const struct principal *, int64_t,
	    struct kpi_tier *, struct fault *);

/* kpi_tier_http.c */
cJSON	*kpi_tier_json(const struct kpi_tier *, const char *);
int64_t	 kpi_tier_gap(const struct kpi_tier *);
int	kpi_tier_get(struct req *);

/*
 * kpi_pyramid_rules.c: the customer pyramid and the value grid, pure: the
 * dealers ranked by value (desc, then id), the cumulative share of value
 * in basis points rounded down (exact integers, one division each), the
 * tier rule's cuts (a dealer of rank rn of n is A when (rn - 1) x 100 <
 * a x n, B when < (a + b) x n, C when < (a + b + c) x n) on the dealers
 * shown, and the lowest score of each tier for the grid's regions.
 */
struct kpi_pyr_row {
	int64_t		 id, value, potential;	/* fen */
	const char	*code, *name, *tier;	/* the caller's; tier "" none */
	int64_t		 rank, cum, cum_bp;	/* set by kpi_pyr_fill */
	char		 band;			/* the rule's tier at rank */
};
struct kpi_pyr {
	int64_t	 n, total;		/* dealers, their value */
	int64_t	 cut[3];		/* dealers in A, A-B, A-C */
	int64_t	 cut_dealers_bp[3];	/* those as a share of n */
	int64_t	 cut_value_bp[3];	/* their share of value; -1 none */
	int64_t	 mins[3];		/* lowest score of A, B, C; -1 none */
};
int64_t	kpi_pyr_bp(int64_t, int64_t);
int64_t	kpi_pyr_cut(int64_t, int64_t);
char	kpi_pyr_tier(int64_t, int64_t, const int64_t *);
void	kpi_pyr_rank(struct kpi_pyr_row *, size_t);
int64_t	kpi_pyr_score(int64_t, int64_t, int64_t);
int	kpi_pyr_fill(struct kpi_pyr_row *, size_t, const int64_t *,
	    struct kpi_pyr *);

/* kpi_pyramid_db.c, _http.c, _pages.c */
typedef int kpi_pyr_fn(const struct kpi_pyr_row *, void *);
int	kpi_pyramid_rows(struct db *, enum kpi_own, int64_t, const char *,
	    const char *, int, kpi_pyr_fn *, void *);
struct kpi_pyr_set {
	struct kpi_pyr_row	*rows;
	size_t			 n, cap;
	int			 truncated;
	int64_t			 cfg[5];	/* a, b, c, potential, version */
	struct kpi_pyr		 s;
};
int	kpi_pyramid_read(struct req *, enum kpi_own, int64_t,
	    struct kpi_pyr_set *);
void	kpi_pyramid_free(struct kpi_pyr_set *);
int	kpi_pyramid_get(struct req *);
int	kpi_pyramid_csv_get(struct req *);
int	kpi_value_grid_get(struct req *);
int	kpi_value_grid_csv_get(struct req *);
int	kpi_pyramid_page_get(struct req *);
int	kpi_value_grid_page_get(struct req *);


#endif
