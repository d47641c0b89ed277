/*
 * sellthrough_rules.c: what makes a sell-through report right: a period of a day or
 * a week, not in the future nor too old; stock that follows from the
 * last stock, what came in and what was sold.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "sellthrough.h"

/*
 * Is start..end a period (a day, or seven days) ending by today (days
 * since the epoch)?  0, or -1 with why in *msg.
 */
int
sellthrough_period_check(const char *start, const char *end, int64_t today,
    const char **msg)
{
	int64_t	 a = util_date_days(start), b = util_date_days(end);

	*msg = NULL;
	if (a < 0)
		*msg = "period_start: a date, YYYY-MM-DD";
	else if (b < 0)
		*msg = "period_end: a date, YYYY-MM-DD";
	else if (b - a != 0 && b - a != 6)
		*msg = "period_end: the same day (a day) or six days after "
		    "period_start (a week)";
	else if (b > today)
		*msg = "period_end: the period has not ended yet";
	else if (a < today - ST_DAYS_BACK)
		*msg = "period_start: at most 800 days ago";
	return *msg == NULL ? 0 : -1;
}

/* Does stock follow from the last stock, received and sold?  1 yes. */
int
sellthrough_stock_follows(int64_t last, int64_t received, int64_t sold, int64_t
    stock)
{
	return last + received - sold == stock;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct st_row *x = a, *y = b;
	int	 c = strcmp(x->model, y->model);

	if (c != 0)
		return c;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->index - y->index;
}

/* Rows by model, then period, so a report's own periods chain in order. */
void
sellthrough_rows_order(struct st_row *rows, int n)
{
	qsort(rows, (size_t)n, sizeof(rows[0]), row_cmp);
}
