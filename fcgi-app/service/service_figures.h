/* service_figures.h: the service network's figures (issue #21) */
#ifndef SERVICE_SERVICE_FIGURES_H
#define SERVICE_SERVICE_FIGURES_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct db;
struct fault;
struct principal;
struct req;

#define SERVICE_FIGURES_MONTHS	24	/* months one question may span */

/* What the rows are grouped by, besides the month of filing. */
enum service_figures_by { SERVICE_FIGURES_REGION, SERVICE_FIGURES_LINE,
	SERVICE_FIGURES_PROVIDER, SERVICE_FIGURES__BY };

/* Values of one figure in one cell, for its exact median and p90. */
struct service_figures_values {
	double	*v;
	size_t	 n, cap;
};

/*
 * One month (China's, of filing) and group: the counts, and the values
 * the medians are taken of.  id 0: jobs held by no provider (by provider).
 */
struct service_figure {
	char				 month[8];
	int64_t				 id;
	char				*code, *name;
	int64_t				 jobs;
	int64_t				 offered, within_5min;
	struct service_figures_values	 dispatch;	/* seconds */
	int64_t				 accepted, declined, timed_out;
	struct service_figures_values	 visit;		/* hours */
	int64_t				 finished, first_time;
	int64_t				 reached_accepted, waited_parts;
	int64_t				 parts_received, parts_within;
	struct service_figures_values	 parts;		/* days */
	int64_t				 reached, not_reached;
	int64_t				 rated, satisfaction_sum, unsatisfied;
};

/* The question and its answer: the cells by month, then group. */
struct service_figures {
	char			 from[8], to[8];	/* YYYY-MM */
	enum service_figures_by	 by;
	int64_t			 region, provider;	/* filters; 0 none */
	char			 line[33];		/* a category code */
	int			 parts_days;
	struct service_figure	*rows;
	size_t			 n, cap;
};

/* service_figures_rules.c: pure, unit-tested */
const char	*service_figures_by_name(enum service_figures_by);
int		 service_figures_by_parse(const char *,
		    enum service_figures_by *);
int		 service_figures_months(const char *, const char *,
		    const char *, char *, char *);
int		 service_figures_value_add(struct service_figures_values *,
		    double);
int		 service_figures_rank(struct service_figures_values *, int,
		    int, double *);
struct service_figure *service_figures_cell(struct service_figures *,
		    const char *, int64_t);
void		 service_figures_sort(struct service_figures *);
void		 service_figures_free(struct service_figures *);
cJSON		*service_figures_row_json(struct service_figure *);

/* The query as given (?from=&to=&by=&region=&line=&provider=), NULLs ok. */
struct service_figures_query {
	const char	*from, *to, *by, *region, *line, *provider;
};

/* service_figures_db.c */
int	service_figures_read(struct db *, const struct principal *,
	    const char *, const struct service_figures_query *,
	    struct service_figures *, struct fault *);
int	service_figures_lines(struct db *, const char *, cJSON *);

/* service_figures_http.c */
int	service_figures(struct req *, struct service_figures *);
cJSON	*service_figures_json(const struct service_figures *, size_t);
int	service_figures_get(struct req *);
int	service_figures_csv_get(struct req *);

/* service_figures_pages.c */
int	service_figures_page_get(struct req *);

#endif
