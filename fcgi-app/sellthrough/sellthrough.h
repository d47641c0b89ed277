/* sellthrough.h: what dealers report they sold (DESIGN §6) */
#ifndef SELLTHROUGH_SELLTHROUGH_H
#define SELLTHROUGH_SELLTHROUGH_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"

struct db;
struct req;

#define ST_REPORTERS	(ROLE_DEALER_BUYER | ROLE_DEALER_ADMIN | ROLE_ERP)
#define ST_ROWS_MAX	500		/* rows one report may carry */
#define ST_UNITS_MAX	INT64_C(10000000)
#define ST_MONEY_MAX	INT64_C(10000000000000)	/* fen: 100 billion yuan */
#define ST_DAYS_BACK	800		/* how old a period may be reported */

/* One row of a report, as sent and as resolved. */
struct st_row {
	int	 index;			/* rows[index] or the CSV's line */
	char	 model[33];
	char	 start[11], end[11];
	int64_t	 received, sold, stock, revenue, category_sales;
	int64_t	 first, last;		/* start and end as days */
	int64_t	 product, category, unit_cost;
};

/* sellthrough_rules.c: pure, unit-tested */
int	sellthrough_period_check(const char *, const char *, int64_t, const char
    **);
int	sellthrough_stock_follows(int64_t, int64_t, int64_t, int64_t);
void	sellthrough_rows_order(struct st_row *, int);

/* sellthrough_report_http.c */
int	sellthrough_post(struct req *);
int	sellthrough_store(struct req *, int64_t, struct st_row *, int);
int	sellthrough_dealer(struct req *, const cJSON *, int64_t *);
int	sellthrough_row_json(struct req *, const cJSON *, int, const char *,
	    struct st_row *);

/* sellthrough_csv_http.c */
int	sellthrough_csv_post(struct req *);
int	sellthrough_csv(struct req *, int64_t, const char *, size_t);

/* sellthrough_list_http.c */
int	sellthrough_list_get(struct req *);
int	sellthrough_history_get(struct req *);

/* sellthrough_seed.c */
int	sellthrough_seed_demo(struct db *);
int	sellthrough_seed_year(struct db *);

/* sellthrough_pages.c */
int	sellthrough_page_get(struct req *);
int	sellthrough_dealer_page_get(struct req *);
int	sellthrough_page_post(struct req *);

#endif
