/* kpi.h: the four dealer figures and the tiers (DESIGN §6) */
#ifndef KPI_KPI_H
#define KPI_KPI_H

#include <stdint.h>

#include <cjson/cJSON.h>

struct req;

/* What the figures are computed from: exact sums over dealers and months. */
struct kpi_sums {
	int64_t	 stock_days, sold, revenue, cost, category_sales;
	int64_t	 filed, on_time;
};

/* rules.c: pure, unit-tested */
void	kpi_figures(const struct kpi_sums *, cJSON *);
int	kpi_month_range(const char *, const char *, const char *, char *,
	    char *);

/* kpi_http.c */
int	kpi_dealer_get(struct req *);
int	kpi_region_get(struct req *);
int	kpi_manager_get(struct req *);
int	kpi_all_get(struct req *);

/* tiers.c */
struct db;
int	kpi_tiers_run(struct db *, const char *, int64_t, int64_t *);
void	kpi_tiers_nightly(struct db *);
int	kpi_tiers_recompute_post(struct req *);
int	kpi_tiers_config_get(struct req *);
int	kpi_tiers_config_put(struct req *);

/* tier_http.c */
int	kpi_tier_get(struct req *);

#endif
