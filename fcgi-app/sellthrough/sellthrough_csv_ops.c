/*
 * sellthrough_csv_ops.c: a sell-through report as CSV, below the API's
 * POST /api/v1/sellthrough/csv and the page's upload.  Columns: model, period_start, period_end, received, sold, stock,
 * revenue, category_sales (money in yuan, "12,345.60"); a first row
 * naming the columns is skipped.  Each problem is named by the row's
 * line in the file, rows[LINE].field; all rows go in, or none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/csv.h"
#include "../core/money.h"
#include "../core/fault.h"
#include "sellthrough.h"

static const char *const columns[] = { "model", "period_start",
	"period_end", "received", "sold", "stock", "revenue",
	"category_sales" };
#define NCOLUMNS	(int)(sizeof(columns) / sizeof(columns[0]))

static int
is_header(const struct csv_row *row)
{
	const char	*f = row->nfields > 0 ? row->fields[0] : "";

	return strcasecmp(f, "model") == 0 || strcmp(f, "型号") == 0 ||
	    strncmp(f, CSV_BOM "model", strlen(CSV_BOM "model")) == 0;
}

/* A whole number of units, 0 to ST_UNITS_MAX: 0, or -1. */
static int
units(const char *s, int64_t *out)
{
	char	*end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v > ST_UNITS_MAX)
		return -1;
	*out = v;
	return 0;
}

/* One CSV row into row, its problems named rows[LINE].field. */
static void
row_of(struct fault *fl, const struct csv_row *c, struct st_row *row)
{
	int64_t	*num[] = { &row->received, &row->sold, &row->stock,
	    &row->revenue, &row->category_sales };
	char	 f[64], *v;
	int	 i;

	memset(row, 0, sizeof(*row));
	row->index = c->line;
	if (c->nfields != NCOLUMNS) {
		snprintf(f, sizeof(f), "rows[%d]", c->line);
		fault_field(fl, f, "model, period_start, period_end, "
		    "received, sold, stock, revenue, category_sales");
		return;
	}
	for (i = 0; i < NCOLUMNS; i++) {
		v = csv_trim(c->fields[i]);
		snprintf(f, sizeof(f), "rows[%d].%s", c->line, columns[i]);
		if (i == 0 && (*v == '\0' || strlen(v) > 32))
			fault_field(fl, f, "required: a model code");
		else if (i == 0)
			snprintf(row->model, sizeof(row->model), "%s", v);
		else if (i <= 2 && strlen(v) != 10)
			fault_field(fl, f, "a date, YYYY-MM-DD");
		else if (i <= 2)
			snprintf(i == 1 ? row->start : row->end,
			    sizeof(row->start), "%s", v);
		else if (i <= 5 && units(v, num[i - 3]) == -1)
			fault_field(fl, f, "units, 0 to 10,000,000");
		else if (i >= 6 && money_parse(v, ST_MONEY_MAX,
		    num[i - 3]) == -1)
			fault_field(fl, f, "yuan, like 12,345.60");
	}
}

/*
 * Dealer's report in CSV text, stored: 200 with *t and the rows in *n,
 * or as sellthrough_store().
 */
int
sellthrough_csv(struct db *db, const struct principal *who, int64_t dealer,
    const char *text, size_t len, struct sellthrough_tally *t, int *nrows,
    struct fault *fl)
{
	struct csv_row	*c;
	struct st_row	*rows;
	const char	*why;
	char		 f[32];
	int		 n, i, k = 0, line, st;

	*nrows = 0;
	if ((c = calloc(ST_ROWS_MAX + 2, sizeof(*c))) == NULL)
		return 500;
	if ((n = csv_parse(text, len, c, ST_ROWS_MAX + 2, &line, &why)) ==
	    -1) {
		free(c);
		snprintf(f, sizeof(f), "rows[%d]", line);
		fault_field(fl, line > 0 ? f : "csv", why);
		return fault_set(fl, 422, "validation_failed",
		    "check the rows");
	}
	if ((rows = calloc((size_t)n + 1, sizeof(*rows))) == NULL) {
		csv_rows_free(c, n);
		free(c);
		return 500;
	}
	for (i = 0; i < n; i++)
		if (!(i == 0 && is_header(&c[0])))
			row_of(fl, &c[i], &rows[k++]);
	csv_rows_free(c, n);
	free(c);
	if (k < 1 || k > ST_ROWS_MAX)
		fault_field(fl, "csv", "1 to 500 rows");
	*nrows = k;
	st = fault_fields(fl) ? fault_set(fl, 422, "validation_failed",
	    "check the rows") : sellthrough_store(db, who, dealer, rows, k, t,
	    fl);
	free(rows);
	return st;
}
