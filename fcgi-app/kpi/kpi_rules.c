/*
 * kpi_rules.c: the four figures from their sums, in integers until the one
 * division that makes each a ratio; a figure with nothing under it (no
 * sales, no revenue, no complaints, no category sales) is null, "no
 * data", never a division by zero.
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "kpi.h"

static void
ratio(cJSON *j, const char *key, int64_t num, int64_t den)
{
	if (den <= 0)
		cJSON_AddNullToObject(j, key);
	else
		cJSON_AddNumberToObject(j, key, (double)num / (double)den);
}

/*
 * inventory_turnover_days = average stock / average daily units sold over
 * the same days = SUM(stock x days) / SUM(sold); margin = (revenue -
 * cost) / revenue; complaint_resolution = on time / filed; share =
 * revenue / category sales.
 */
void
kpi_figures(const struct kpi_sums *s, cJSON *j)
{
	ratio(j, "inventory_turnover_days", s->stock_days, s->sold);
	ratio(j, "margin", s->revenue - s->cost, s->revenue);
	ratio(j, "complaint_resolution", s->on_time, s->filed);
	ratio(j, "share", s->revenue, s->category_sales);
}

/*
 * The months from..to (YYYY-MM, either NULL or "" for the default: the
 * twelve months to this one, now) into f and t (8 bytes each).  0, or -1
 * if they are not months in order.
 */
int
kpi_month_range(const char *from, const char *to, const char *now, char *f,
    char *t)
{
	int	 y, m;

	snprintf(t, 8, "%.7s", to != NULL && *to != '\0' ? to : now);
	if (from != NULL && *from != '\0')
		snprintf(f, 8, "%.7s", from);
	else if (util_month_ok(t)) {
		y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 +
		    (t[2] - '0') * 10 + (t[3] - '0');
		m = (t[5] - '0') * 10 + (t[6] - '0') - 11;
		if (m < 1) {
			m += 12;
			y--;
		}
		snprintf(f, 8, "%04u-%02u", (unsigned)y % 10000, (unsigned)m % 100);
	} else
		f[0] = '\0';
	if ((from != NULL && strlen(from) > 7) || (to != NULL &&
	    strlen(to) > 7))
		return -1;
	if (!util_month_ok(f) || !util_month_ok(t) || strcmp(f, t) > 0)
		return -1;
	/* at most KPI_MONTHS_MAX months */
	y = ((t[0] - f[0]) * 1000 + (t[1] - f[1]) * 100 + (t[2] - f[2]) * 10 +
	    (t[3] - f[3])) * 12 + (t[5] - f[5]) * 10 + (t[6] - f[6]);
	return y < KPI_MONTHS_MAX ? 0 : -1;
}
