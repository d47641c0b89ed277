/*
 * sellthrough_report_http.c: POST /api/v1/sellthrough {"dealer","rows":[...]}
 *
 * A dealer's buyer (or admin) reports for its dealer, the ERP for the
 * dealer it names; the rows are stored by sellthrough_store() (what a
 * row is and how it is checked: sellthrough_report_ops.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "sellthrough.h"

static int
get_count(struct req *r, const cJSON *o, const char *key, const char *pre,
    int64_t max, int64_t *out)
{
	char	 f[64];

	if (json_get_int(o, key, 0, max, out) == 0)
		return 0;
	snprintf(f, sizeof(f), "%s.%s", pre, key);
	http_field_error(r, f, max == ST_UNITS_MAX ? "required: units, 0 to "
	    "10,000,000" : "required: fen, 0 to 10^13");
	return -1;
}

/*
 * One row of the JSON body into row: 0, or -1 with its field errors
 * (named pre.field).
 */
static int
row_json(struct req *r, const cJSON *o, int index, const char *pre,
    struct st_row *row)
{
	const char	*model = NULL, *start = NULL, *end = NULL;
	char		 f[64];
	int		 bad = 0;

	memset(row, 0, sizeof(*row));
	row->index = index;
	if (!cJSON_IsObject(o)) {
		http_field_error(r, pre, "an object");
		return -1;
	}
	if (json_get_string(o, "model", 32, &model) != 0 || util_blank(model)) {
		snprintf(f, sizeof(f), "%s.model", pre);
		http_field_error(r, f, "required: a model code");
		bad = 1;
	} else
		snprintf(row->model, sizeof(row->model), "%s", model);
	if (json_get_string(o, "period_start", 10, &start) != 0 ||
	    json_get_string(o, "period_end", 10, &end) != 0) {
		snprintf(f, sizeof(f), "%s.%s", pre, start == NULL ?
		    "period_start" : "period_end");
		http_field_error(r, f, "required: a date, YYYY-MM-DD");
		bad = 1;
	} else {
		snprintf(row->start, sizeof(row->start), "%s", start);
		snprintf(row->end, sizeof(row->end), "%s", end);
	}
	bad |= get_count(r, o, "received", pre, ST_UNITS_MAX,
	    &row->received) | get_count(r, o, "sold", pre, ST_UNITS_MAX,
	    &row->sold) | get_count(r, o, "stock", pre, ST_UNITS_MAX,
	    &row->stock) | get_count(r, o, "revenue", pre, ST_MONEY_MAX,
	    &row->revenue) | get_count(r, o, "category_sales", pre,
	    ST_MONEY_MAX, &row->category_sales);
	return bad ? -1 : 0;
}

/* The figures of one stored report, answered. */
int
sellthrough_answer(struct req *r, int64_t dealer, int n,
    const struct sellthrough_tally *t)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "dealer", (double)dealer);
	cJSON_AddNumberToObject(j, "rows", n);
	cJSON_AddNumberToObject(j, "created", t->created);
	cJSON_AddNumberToObject(j, "changed", t->changed);
	cJSON_AddNumberToObject(j, "unchanged", t->unchanged);
	return http_json(r, 200, j);
}

static int
refuse(struct req *r)
{
	return http_error(r, 422, "validation_failed", "check the rows");
}

/* POST /api/v1/sellthrough {"dealer","rows":[...]} */
int
sellthrough_post(struct req *r)
{
	struct sellthrough_tally t;
	struct st_row		*rows;
	const cJSON		*list, *o;
	struct db		*db;
	int64_t			 id = 0, dealer = 0;
	char			 pre[24];
	int			 n = 0, st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_int(r->json, "dealer", 1, INT64_MAX / 2, &id) == -1) {
		http_field_error(r, "dealer", "a dealer's id");
		return refuse(r);
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = sellthrough_reporter(db, &r->who, id, &dealer,
	    &r->err)) != 0)
		return st;
	list = cJSON_GetObjectItemCaseSensitive(r->json, "rows");
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 1 ||
	    cJSON_GetArraySize(list) > ST_ROWS_MAX) {
		http_field_error(r, "rows", "required: 1 to 500 rows");
		return refuse(r);
	}
	if ((rows = calloc((size_t)cJSON_GetArraySize(list),
	    sizeof(*rows))) == NULL)
		return 500;
	cJSON_ArrayForEach(o, list) {
		snprintf(pre, sizeof(pre), "rows[%d]", n);
		row_json(r, o, n, pre, &rows[n]);
		n++;
	}
	st = r->err.fields != NULL ? refuse(r) : sellthrough_store(db, &r->who,
	    dealer, rows, n, &t, &r->err);
	free(rows);
	return st == 200 ? sellthrough_answer(r, dealer, n, &t) : st;
}
