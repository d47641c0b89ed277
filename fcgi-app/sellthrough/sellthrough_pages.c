/*
 * sellthrough_pages.c: /sellthrough, where a dealer reports what it sold: a
 * form for one model and period (small dealers), a CSV file uploaded or
 * pasted from a spreadsheet (many), and its recent reports; /dealers/{id}/sellthrough
 * shows a dealer's reports to staff.  Through the API's operations; a
 * refused report comes back with each problem named by row and field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/money.h"
#include "../core/util.h"
#include "../http/http.h"
#include "../views/esc.h"
#include "sellthrough.h"

static const char *const kept[] = { "model", "period", "period_start",
	"received", "sold", "stock", "revenue", "category_sales", "csv" };

/* The CSV export of the reports shown: the dealer's, the query's bounds. */
static void
csv_link(struct req *r, cJSON *ctx, int64_t dealer)
{
	static const char *const names[] = { "from", "to", "model" };
	struct buf	 qs;
	const char	*v;
	size_t		 i;

	buf_init(&qs);
	buf_printf(&qs, "?dealer=%lld", (long long)dealer);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if ((v = http_query(r, names[i])) != NULL && *v != '\0') {
			buf_printf(&qs, "&%s=", names[i]);
			esc_url(&qs, v, strlen(v));
		}
	cJSON_AddStringToObject(ctx, "csv_qs", buf_cstr(&qs));
	buf_free(&qs);
}

static int
page(struct req *r, int status, const char *notice)
{
	cJSON		*ctx, *j, *it;
	struct db	*db;
	char		 text[40];
	size_t		 i;
	int64_t		 dealer = http_param(r, "id") != NULL ?
			    http_param_id(r, "id") : r->who.org_id;
	int		 st, limit;

	if ((db = http_db(r)) == NULL)
		return 503;
	ctx = cJSON_CreateObject();
	http_errors_to(r, ctx);		/* the form's, before the list's */
	http_limit(r, &limit);
	j = cJSON_CreateObject();
	if ((st = sellthrough_list(db, &r->who, dealer, http_query(r, "from"),
	    http_query(r, "to"), http_query(r, "model"), http_query(r,
	    "after"), limit, j, &r->err)) != 200) {
		cJSON_Delete(j);
		cJSON_Delete(ctx);
		return st;
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		money_format((int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "revenue")), text,
		    sizeof(text));
		cJSON_AddStringToObject(it, "revenue_text", text);
		money_format((int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "category_sales")),
		    text, sizeof(text));
		cJSON_AddStringToObject(it, "category_text", text);
	}
	cJSON_AddItemToObject(ctx, "reports", j);
	csv_link(r, ctx, dealer);
	if (r->who.kind == ORG_DEALER && (r->who.roles & ST_REPORTERS))
		cJSON_AddBoolToObject(ctx, "can_report", 1);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (http_formval(r, kept[i]) != NULL)
			cJSON_AddStringToObject(ctx, kept[i], http_formval(r,
			    kept[i]));
	if (http_formval(r, "period") == NULL ||
	    strcmp(http_formval(r, "period"), "day") != 0)
		cJSON_AddBoolToObject(ctx, "week", 1);
	util_china_date(text, sizeof(text), 0);
	cJSON_AddStringToObject(ctx, "today", text);
	return http_form_page(r, status, "sellthrough", ctx, notice,
	    http_i18n(r, "sellthrough_title"));
}

/* GET /sellthrough: the caller's own dealer's */
int
sellthrough_page_get(struct req *r)
{
	if (r->who.kind != ORG_DEALER)
		return http_redirect(r, 303, "/credit");
	return page(r, 200, http_query(r, "done") ? "sellthrough_done" : NULL);
}

/* GET /dealers/{id}/sellthrough: a dealer's, for staff in scope */
int
sellthrough_dealer_page_get(struct req *r)
{
	return page(r, 200, NULL);
}

/* A whole number of units from the form, or a field error. */
static void
units(struct req *r, const char *name, int64_t *out)
{
	const char	*v = http_formval(r, name);
	char		 f[32], *end = NULL;
	long long	 n;

	n = v != NULL && *v >= '0' && *v <= '9' ? strtoll(v, &end, 10) : -1;
	if (n < 0 || *end != '\0' || n > ST_UNITS_MAX) {
		snprintf(f, sizeof(f), "rows[0].%s", name);
		http_field_error(r, f, http_i18n(r, "sellthrough_bad_units"));
	} else
		*out = n;
}

static void
yuan(struct req *r, const char *name, int64_t *out)
{
	char	 f[32];

	if (money_parse(http_formval(r, name), ST_MONEY_MAX, out) ==
	    -1) {
		snprintf(f, sizeof(f), "rows[0].%s", name);
		http_field_error(r, f, http_i18n(r,
		    "sellthrough_bad_price"));
	}
}

/* The form's one row: a model, a day or the week from a date. */
static int
one_row(struct req *r, struct db *db, struct st_row *row,
    struct sellthrough_tally *t)
{
	const char	*model = http_formval(r, "model");
	const char	*start = http_formval(r, "period_start");
	const char	*period = http_formval(r, "period");
	int64_t		 d;

	memset(row, 0, sizeof(*row));
	if (model == NULL || util_blank(model) || strlen(model) > 32)
		http_field_error(r, "rows[0].model", http_i18n(r,
		    "sellthrough_bad_model"));
	else
		snprintf(row->model, sizeof(row->model), "%s", model);
	if ((d = util_date_days(start)) < 0)
		http_field_error(r, "rows[0].period_start", http_i18n(r,
		    "sellthrough_bad_date"));
	else {
		snprintf(row->start, sizeof(row->start), "%s", start);
		util_days_date(d + (period != NULL && strcmp(period, "day") ==
		    0 ? 0 : 6), row->end, sizeof(row->end));
	}
	units(r, "received", &row->received);
	units(r, "sold", &row->sold);
	units(r, "stock", &row->stock);
	yuan(r, "revenue", &row->revenue);
	yuan(r, "category_sales", &row->category_sales);
	return r->err.fields != NULL ? http_error(r, 422, "validation_failed",
	    "check the fields") : sellthrough_store(db, &r->who,
	    r->who.org_id, row, 1, t, &r->err);
}

/* POST /sellthrough: action row (the form) or csv (pasted) */
int
sellthrough_page_post(struct req *r)
{
	const char		*action = http_formval(r, "action"), *csv;
	struct sellthrough_tally t;
	struct st_row		 row;
	struct db		*db;
	int			 st, n;

	if (r->who.kind != ORG_DEALER)
		return http_error(r, 403, "forbidden", "dealers report here");
	if ((db = http_db(r)) == NULL)
		return 503;
	if (action != NULL && strcmp(action, "csv") == 0) {
		/* a file chosen, else the text pasted */
		if ((csv = http_formval(r, "csv_file")) == NULL || *csv == '\0')
			csv = http_formval(r, "csv");
		st = sellthrough_csv(db, &r->who, r->who.org_id, csv != NULL ?
		    csv : "", csv != NULL ? strlen(csv) : 0, &t, &n, &r->err);
	} else
		st = one_row(r, db, &row, &t);
	if (st == 200)
		return http_redirect(r, 303, "/sellthrough?done=1");
	if (st == 409 || st == 422)
		return page(r, st, NULL);
	return st;
}
