/*
 * service_figures_rules.c: the service figures' arithmetic, no I/O: the
 * months asked, the cells by month and group, exact medians and p90s
 * (nearest rank over the cell's own values), and a cell as the API
 * answers it.  A ratio or a median with nothing under it is null ("no
 * data"), never a division by zero.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "service_figures.h"

static const char *const bys[SERVICE_FIGURES__BY] = { "region", "line",
	"provider" };

const char *
service_figures_by_name(enum service_figures_by by)
{
	return (unsigned)by < SERVICE_FIGURES__BY ? bys[by] : "?";
}

int
service_figures_by_parse(const char *s, enum service_figures_by *out)
{
	int	 i;

	for (i = 0; s != NULL && i < SERVICE_FIGURES__BY; i++)
		if (strcmp(s, bys[i]) == 0) {
			*out = (enum service_figures_by)i;
			return 0;
		}
	return -1;
}

/* months between two YYYY-MM (to - from; both valid) */
static int
span(const char *f, const char *t)
{
	return (atoi(t) - atoi(f)) * 12 + atoi(t + 5) - atoi(f + 5);
}

/*
 * The months from..to (YYYY-MM; NULL or "" for the default: the six
 * months to now's) into f and t (8 bytes each): 0, or -1 if they are
 * not months, not in order, or more than SERVICE_FIGURES_MONTHS.
 */
int
service_figures_months(const char *from, const char *to, const char *now,
    char *f, char *t)
{
	int	 y, m;

	if ((from != NULL && strlen(from) > 7) || (to != NULL &&
	    strlen(to) > 7))
		return -1;
	snprintf(t, 8, "%.7s", to != NULL && *to != '\0' ? to : now);
	if (from != NULL && *from != '\0')
		snprintf(f, 8, "%.7s", from);
	else if (util_month_ok(t)) {
		y = atoi(t);
		if ((m = atoi(t + 5) - 5) < 1) {
			m += 12;
			y--;
		}
		snprintf(f, 8, "%04u-%02u", (unsigned)y % 10000,
		    (unsigned)m % 100);
	} else
		f[0] = '\0';
	if (!util_month_ok(f) || !util_month_ok(t) || strcmp(f, t) > 0)
		return -1;
	return span(f, t) < SERVICE_FIGURES_MONTHS ? 0 : -1;
}

int
service_figures_value_add(struct service_figures_values *a, double v)
{
	double	*more;
	size_t	 cap;

	if (a->n == a->cap) {
		cap = a->cap ? a->cap * 2 : 8;
		if ((more = realloc(a->v, cap * sizeof(*more))) == NULL)
			return -1;
		a->v = more;
		a->cap = cap;
	}
	a->v[a->n++] = v;
	return 0;
}

static int
by_value(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The num/den quantile of a's values by nearest rank (the smallest value
 * at least num/den of them do not exceed: PERCENTILE_DISC), into *out: 0,
 * or -1 with none.  Sorts a in place.
 */
int
service_figures_rank(struct service_figures_values *a, int num, int den,
    double *out)
{
	size_t	 k;

	if (a->n == 0 || num <= 0 || den <= 0 || num > den)
		return -1;
	qsort(a->v, a->n, sizeof(*a->v), by_value);
	/* in integers: ceil(n * num / den), 1-based */
	k = (a->n * (size_t)num + (size_t)den - 1) / (size_t)den;
	*out = a->v[k > 0 ? k - 1 : 0];
	return 0;
}

static int
cell_cmp(const char *month, int64_t id, const struct service_figure *c)
{
	int	 d = strcmp(month, c->month);

	if (d != 0)
		return d;
	return id < c->id ? -1 : id > c->id;
}

/*
 * The cell of month and group id in g, made if new (kept in order of
 * month and id, found by halving): NULL if out of memory.
 */
struct service_figure *
service_figures_cell(struct service_figures *g, const char *month,
    int64_t id)
{
	struct service_figure	*more;
	size_t			 lo = 0, hi = g->n, mid, cap;
	int			 d;

	/* the rows come in order: the last cell is the likeliest */
	if (g->n > 0 && (d = cell_cmp(month, id, &g->rows[g->n - 1])) >= 0) {
		if (d == 0)
			return &g->rows[g->n - 1];
		lo = g->n;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((d = cell_cmp(month, id, &g->rows[mid])) == 0)
			return &g->rows[mid];
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (g->n == g->cap) {
		cap = g->cap ? g->cap * 2 : 16;
		if ((more = realloc(g->rows, cap * sizeof(*more))) == NULL)
			return NULL;
		g->rows = more;
		g->cap = cap;
	}
	memmove(&g->rows[lo + 1], &g->rows[lo], (g->n - lo) *
	    sizeof(*g->rows));
	memset(&g->rows[lo], 0, sizeof(*g->rows));
	snprintf(g->rows[lo].month, sizeof(g->rows[lo].month), "%s", month);
	g->rows[lo].id = id;
	g->n++;
	return &g->rows[lo];
}

/* by month, then the group's code; jobs held by no provider last */
static int
by_month_code(const void *a, const void *b)
{
	const struct service_figure	*x = a, *y = b;
	int				 d = strcmp(x->month, y->month);

	if (d != 0)
		return d;
	if ((x->id == 0) != (y->id == 0))
		return x->id == 0 ? 1 : -1;
	if ((d = strcmp(x->code != NULL ? x->code : "", y->code != NULL ?
	    y->code : "")) != 0)
		return d;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The rows in the order shown (after which cells are no longer found). */
void
service_figures_sort(struct service_figures *g)
{
	if (g->n > 1)
		qsort(g->rows, g->n, sizeof(*g->rows), by_month_code);
}

static void
values_free(struct service_figures_values *a)
{
	free(a->v);
	memset(a, 0, sizeof(*a));
}

void
service_figures_free(struct service_figures *g)
{
	size_t	 i;

	for (i = 0; i < g->n; i++) {
		free(g->rows[i].code);
		free(g->rows[i].name);
		values_free(&g->rows[i].dispatch);
		values_free(&g->rows[i].visit);
		values_free(&g->rows[i].parts);
	}
	free(g->rows);
	g->rows = NULL;
	g->n = g->cap = 0;
}

static void
count(cJSON *j, const char *key, int64_t n)
{
	cJSON_AddNumberToObject(j, key, (double)n);
}

static void
ratio(cJSON *j, const char *key, int64_t num, int64_t den)
{
	if (den <= 0)
		cJSON_AddNullToObject(j, key);
	else
		cJSON_AddNumberToObject(j, key, (double)num / (double)den);
}

static void
rank(cJSON *j, const char *key, struct service_figures_values *a, int num,
    int den)
{
	double	 v;

	if (service_figures_rank(a, num, den, &v) == -1)
		cJSON_AddNullToObject(j, key);
	else
		cJSON_AddNumberToObject(j, key, v);
}

/* A cell as the API's row (README "Service figures" defines each). */
cJSON *
service_figures_row_json(struct service_figure *c)
{
	cJSON	*j = cJSON_CreateObject();

	/* (the medians sort the cell's values in place) */
	cJSON_AddStringToObject(j, "month", c->month);
	if (c->id != 0) {
		count(j, "id", c->id);
		cJSON_AddStringToObject(j, "code", c->code ? c->code : "");
		cJSON_AddStringToObject(j, "name", c->name ? c->name : "");
	} else {
		cJSON_AddNullToObject(j, "id");
		cJSON_AddNullToObject(j, "code");
		cJSON_AddNullToObject(j, "name");
	}
	count(j, "jobs", c->jobs);
	count(j, "dispatched", c->offered);
	count(j, "dispatched_within_5min", c->within_5min);
	ratio(j, "dispatch_within_5min_share", c->within_5min, c->offered);
	rank(j, "dispatch_median_seconds", &c->dispatch, 1, 2);
	rank(j, "dispatch_p90_seconds", &c->dispatch, 9, 10);
	count(j, "offers_accepted", c->accepted);
	count(j, "offers_declined", c->declined);
	count(j, "offers_timed_out", c->timed_out);
	ratio(j, "acceptance_rate", c->accepted, c->accepted + c->declined +
	    c->timed_out);
	count(j, "visited", (int64_t)c->visit.n);
	rank(j, "visit_median_hours", &c->visit, 1, 2);
	count(j, "finished", c->finished);
	count(j, "fixed_first_time", c->first_time);
	ratio(j, "first_time_fix_rate", c->first_time, c->finished);
	count(j, "accepted_jobs", c->reached_accepted);
	count(j, "waited_for_parts", c->waited_parts);
	ratio(j, "waiting_for_parts_share", c->waited_parts,
	    c->reached_accepted);
	count(j, "parts_received", c->parts_received);
	count(j, "parts_within_target", c->parts_within);
	ratio(j, "parts_within_target_share", c->parts_within,
	    c->parts_received);
	rank(j, "parts_median_days", &c->parts, 1, 2);
	count(j, "followups_reached", c->reached);
	count(j, "followups_not_reached", c->not_reached);
	ratio(j, "followup_reach", c->reached, c->reached + c->not_reached);
	count(j, "satisfaction_count", c->rated);
	ratio(j, "satisfaction_mean", c->satisfaction_sum, c->rated);
	count(j, "unsatisfied", c->unsatisfied);
	return j;
}
