/*
 * inventory_http.c: stock per model and warehouse
 *   POST /api/v1/inventory {"rows":[{"model","warehouse","on_hand",
 *	"reserved","next_receipt_on","next_receipt_qty","as_of"}]}	the ERP
 *   GET  /api/v1/inventory?model=&warehouse=&after=&limit=	anyone
 * A snapshot row replaces the stock held unless it is older (as_of):
 * resending one changes nothing; all rows go in, or none, each problem
 * named rows[i].field.  The query lists by model, then warehouse, with
 * what is available (on hand less reserved) and the next receipt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "inventory.h"

/* "YYYY-MM-DDTHH:MM:SSZ", a real day and time?  1 yes. */
static int
timestamp_ok(const char *t)
{
	char	 day[11];

	if (t == NULL || strlen(t) != 20 || t[10] != 'T' || t[13] != ':' ||
	    t[16] != ':' || t[19] != 'Z' || strspn(t + 11, "0123456789:") != 8)
		return 0;
	snprintf(day, sizeof(day), "%.10s", t);
	return util_date_ok(day) && atoi(t + 11) < 24 && atoi(t + 14) < 60 &&
	    atoi(t + 17) < 60;
}

/* One row, checked: 0, or -1 with its field errors. */
static int
row_of(struct req *r, const cJSON *o, int i, struct inventory_row *w)
{
	char	 f[48];
	int	 bad = 0;

#define FIELD(name, msg) do { \
	snprintf(f, sizeof(f), "rows[%d].%s", i, name); \
	http_field_error(r, f, msg); \
	bad = 1; \
} while (0)
	memset(w, 0, sizeof(*w));
	w->receipt = "";
	if (!cJSON_IsObject(o)) {
		snprintf(f, sizeof(f), "rows[%d]", i);
		http_field_error(r, f, "an object");
		return -1;
	}
	if (json_get_string(o, "model", 32, &w->model) != 0 ||
	    util_blank(w->model))
		FIELD("model", "required: a model code");
	if (json_get_string(o, "warehouse", 16, &w->warehouse) != 0 ||
	    util_blank(w->warehouse))
		FIELD("warehouse", "required: a warehouse code");
	if (json_get_int(o, "on_hand", 0, INVENTORY_UNITS_MAX,
	    &w->on_hand) != 0)
		FIELD("on_hand", "required: units, 0 to 100,000,000");
	if (json_get_int(o, "reserved", 0, INVENTORY_UNITS_MAX,
	    &w->reserved) != 0)
		FIELD("reserved", "required: units, 0 to 100,000,000");
	else if (w->reserved > w->on_hand)
		FIELD("reserved", "at most on_hand");
	if (json_get_int(o, "next_receipt_qty", 0, INVENTORY_UNITS_MAX,
	    &w->receipt_qty) == -1)
		FIELD("next_receipt_qty", "units, 0 to 100,000,000");
	if (json_get_string(o, "next_receipt_on", 10, &w->receipt) == -1 ||
	    (w->receipt != NULL && !util_date_ok(w->receipt)))
		FIELD("next_receipt_on", "a date, YYYY-MM-DD");
	if (w->receipt == NULL)
		w->receipt = "";
	if (json_get_string(o, "as_of", 20, &w->as_of) != 0 ||
	    !timestamp_ok(w->as_of))
		FIELD("as_of", "required: when the ERP took it, "
		    "YYYY-MM-DDTHH:MM:SSZ");
#undef FIELD
	return bad ? -1 : 0;
}

/* POST /api/v1/inventory: the ERP's snapshot */
int
inventory_post(struct req *r)
{
	struct inventory_row	*rows;
	const cJSON		*list, *o;
	struct db		*db;
	int			 i = 0, n, applied, st;
	cJSON			*j;

	if (!(r->who.roles & ROLE_ERP))
		return http_error(r, 403, "forbidden", "the ERP posts stock");
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	list = cJSON_GetObjectItemCaseSensitive(r->json, "rows");
	if (!cJSON_IsArray(list) || (n = cJSON_GetArraySize(list)) < 1 ||
	    n > INVENTORY_ROWS_MAX) {
		http_field_error(r, "rows", "required: 1 to 1,000 rows");
		return http_error(r, 422, "validation_failed", "check the rows");
	}
	if ((rows = calloc((size_t)n, sizeof(*rows))) == NULL)
		return 500;
	cJSON_ArrayForEach(o, list) {
		row_of(r, o, i, &rows[i]);
		i++;
	}
	if (r->err.fields != NULL)
		st = http_error(r, 422, "validation_failed", "check the rows");
	else if ((db = http_db(r)) == NULL)
		st = 503;
	else
		st = inventory_snapshot(db, rows, n, &applied, &r->err);
	free(rows);
	if (st != 200)
		return st;
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "rows", n);
	cJSON_AddNumberToObject(j, "applied", applied);
	cJSON_AddNumberToObject(j, "unchanged", n - applied);
	return http_json(r, 200, j);
}

/* GET /api/v1/inventory?model=&warehouse=&after=&limit= */
int
inventory_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 limit, st;

	http_limit(r, &limit);
	if ((db = http_db(r)) == NULL)
		return 503;
	j = cJSON_CreateObject();
	if ((st = inventory_find(db, r->lang, http_query(r, "model"),
	    http_query(r, "warehouse"), http_query(r, "after"), limit, j,
	    &r->err)) != 200) {
		cJSON_Delete(j);
		return st;
	}
	return http_json(r, 200, j);
}
