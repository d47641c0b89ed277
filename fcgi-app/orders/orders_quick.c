/*
 * orders_quick.c: quick order (issue #23): models and quantities typed
 * row by row, with their options as "name=value;name=value", every row
 * checked at once and all of them added to the draft, or none
 *
 *   GET/POST /quick-order	QUICK_ROWS rows of a form
 * (the API's many lines at once is POST /api/v1/draft/lines {"lines"})
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/http.h"
#include "orders.h"

#define QUICK_ROWS	10

/* The form's value of field name of row i ("" when absent). */
static const char *
row_val(struct req *r, const char *name, int i)
{
	char		 key[24];
	const char	*v;

	snprintf(key, sizeof(key), "%s%d", name, i);
	v = http_formval(r, key);
	return v != NULL ? v : "";
}

static int
quick_page(struct req *r, int status)
{
	cJSON	*ctx = cJSON_CreateObject(), *rows, *row;
	int	 i;

	rows = cJSON_AddArrayToObject(ctx, "rows");
	for (i = 1; i <= QUICK_ROWS; i++) {
		row = cJSON_CreateObject();
		cJSON_AddNumberToObject(row, "n", i);
		cJSON_AddStringToObject(row, "code", row_val(r, "code", i));
		cJSON_AddStringToObject(row, "qty", row_val(r, "qty", i));
		cJSON_AddStringToObject(row, "opts", row_val(r, "opts", i));
		cJSON_AddItemToArray(rows, row);
	}
	if (orders_form_key(r) != NULL)
		cJSON_AddStringToObject(ctx, "idem", orders_form_key(r));
	return http_form_page(r, status, "quick_order", ctx, NULL,
	    http_i18n(r, "orders_quick_title"));
}

int
orders_quick_page_get(struct req *r)
{
	return quick_page(r, 200);
}

/* POST /quick-order {codeN, qtyN, optsN for N = 1..QUICK_ROWS, idem} */
int
orders_quick_page_post(struct req *r)
{
	struct orders_idem	 idem;
	struct db		*db;
	cJSON			*lines;
	char			 pfx[24], *code, *qty, *opts;
	int			 nums[QUICK_ROWS], i, n = 0, st = 500;

	if ((db = http_db(r)) == NULL)
		return 503;
	lines = cJSON_CreateArray();
	for (i = 1; i <= QUICK_ROWS; i++) {
		if (*row_val(r, "code", i) == '\0')
			continue;
		code = strdup(row_val(r, "code", i));
		qty = strdup(row_val(r, "qty", i));
		opts = strdup(row_val(r, "opts", i));
		snprintf(pfx, sizeof(pfx), "rows[%d]", i);
		nums[n++] = i;
		st = code == NULL || qty == NULL || opts == NULL ? -1 :
		    orders_draft_row(&r->err, db, pfx, code, qty,
		    *opts != '\0' ? opts : NULL, lines);
		free(code);
		free(qty);
		free(opts);
		if (st == -1) {
			cJSON_Delete(lines);
			return 500;
		}
	}
	if (n == 0) {
		http_field_error(r, "rows[1].code", "type at least one model");
		st = 422;
	} else {
		orders_idem_of(r, orders_form_key(r), &idem);
		st = orders_draft_add(db, r->who.user_id, lines, "rows", nums,
		    &idem, &r->err);
	}
	cJSON_Delete(lines);
	if (st == 200 || st == 201)
		return http_redirect(r, 303, "/draft?done=added");
	if (st == 409 || st == 422)
		return quick_page(r, st);
	return st;
}
