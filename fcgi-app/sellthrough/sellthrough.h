/* sellthrough.h: what dealers report they sold (DESIGN §6) */
#ifndef SELLTHROUGH_SELLTHROUGH_H
#define SELLTHROUGH_SELLTHROUGH_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"

struct db;
struct fault;
struct principal;
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

/* What one report did. */
struct sellthrough_tally {
	int	 created, changed, unchanged, errors;
};

/* The report stored for a dealer, model and period start. */
struct sellthrough_current {
	int64_t	 id, version, received, sold, stock, revenue;
	char	 end[11];
};

/* sellthrough_db.c */
int	sellthrough_db_product(struct db *, int64_t, struct st_row *);
int	sellthrough_db_overlap(struct db *, int64_t, const struct st_row *,
	    const char *, char *, char *);
int	sellthrough_db_category_overlap(struct db *, int64_t,
	    const struct st_row *, const char *, char *, char *);
int	sellthrough_db_prev(struct db *, int64_t, const struct st_row *,
	    int64_t *, char *);
int	sellthrough_db_category_sales(struct db *, int64_t,
	    const struct st_row *, int64_t *);
int	sellthrough_db_current(struct db *, int64_t, const struct st_row *,
	    struct sellthrough_current *);
int	sellthrough_db_category_put(struct db *, int64_t,
	    const struct st_row *);
int	sellthrough_db_insert(struct db *, int64_t, int64_t,
	    const struct st_row *);
int	sellthrough_db_replace(struct db *, int64_t, int64_t, int64_t,
	    const struct st_row *);
int	sellthrough_db_next(struct db *, int64_t, const struct st_row *,
	    const char *, int64_t *);
int	sellthrough_db_list(struct db *, int64_t, const char *, const char *,
	    const char *, const char *, int64_t, int, cJSON *);
int	sellthrough_db_report_of(struct db *, int64_t, int64_t);
cJSON	*sellthrough_db_history(struct db *, int64_t);

/* sellthrough_report_ops.c: below both the JSON handlers and the page */
int	sellthrough_store(struct db *, const struct principal *, int64_t,
	    struct st_row *, int, struct sellthrough_tally *, struct fault *);
int	sellthrough_reporter(struct db *, const struct principal *, int64_t,
	    int64_t *, struct fault *);

/* sellthrough_csv_ops.c */
int	sellthrough_csv(struct db *, const struct principal *, int64_t,
	    const char *, size_t, struct sellthrough_tally *, int *,
	    struct fault *);

/* sellthrough_list_ops.c */
int	sellthrough_list(struct db *, const struct principal *, int64_t,
	    const char *, const char *, const char *, const char *, int,
	    cJSON *, struct fault *);
int	sellthrough_history(struct db *, const struct principal *, int64_t,
	    int64_t, cJSON *, struct fault *);

/* sellthrough_export_db.c: the reports as CSV (http/export.c) */
struct sellthrough_export_query {
	const char	*dealer, *from, *to, *model;	/* NULL: none */
};
struct sellthrough_export {
	int		 path;		/* enum scope_path */
	int64_t		 key;
	char		 from[11], to[11], model[33];
	char		 day[11];	/* the cursor: period start, id */
	int64_t		 id;
	int		 en;		/* names in English */
};
struct buf;
extern const char *const sellthrough_export_heads[];
int	sellthrough_export_open(struct db *, const struct principal *,
	    const struct sellthrough_export_query *, const char *,
	    struct fault *, struct sellthrough_export *);
int	sellthrough_export_page(struct db *, struct buf *, void *);

/* sellthrough_report_http.c */
int	sellthrough_post(struct req *);
int	sellthrough_answer(struct req *, int64_t, int,
	    const struct sellthrough_tally *);

/* sellthrough_csv_http.c */
int	sellthrough_csv_post(struct req *);

/* sellthrough_list_http.c */
int	sellthrough_list_get(struct req *);
int	sellthrough_history_get(struct req *);
int	sellthrough_export_get(struct req *);

/* sellthrough_seed.c */
int	sellthrough_seed_demo(struct db *);
int	sellthrough_seed_year(struct db *);

/* sellthrough_pages.c */
int	sellthrough_page_get(struct req *);
int	sellthrough_dealer_page_get(struct req *);
int	sellthrough_page_post(struct req *);

#endif
