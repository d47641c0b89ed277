/*
 * inventory_pages.c: /inventory?model=&warehouse=: what is in stock where,
 * through the API's handler, with the warehouses to choose from and the
 * way to the delivery-date query.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "inventory.h"

static const char sql_warehouses[] =
	"SELECT code, name_zh, name_en FROM warehouses ORDER BY code";

int
inventory_page_get(struct req *r)
{
	const char	*wh = http_query(r, "warehouse");
	struct db_stmt	*s;
	cJSON		*ctx, *list, *it;
	int		 st, rc, en = strcmp(r->lang, "en") == 0;

	if ((st = http_call(r, inventory_get, &ctx)) != 200) {
		if (st != 422)
			return st;
		buf_reset(&r->out);
		ctx = cJSON_CreateObject();
		http_errors_to(r, ctx);
	}
	list = cJSON_AddArrayToObject(ctx, "warehouses");
	if ((s = db_preparef(http_db(r), sql_warehouses, "")) == NULL) {
		cJSON_Delete(ctx);
		return 500;
	}
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "code", db_col_text(s, 0, NULL));
		cJSON_AddStringToObject(it, "name", db_col_text(s, en ? 2 : 1,
		    NULL));
		if (wh != NULL && strcmp(wh, db_col_text(s, 0, NULL)) == 0)
			cJSON_AddBoolToObject(it, "selected", 1);
		cJSON_AddItemToArray(list, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(ctx);
		return 500;
	}
	cJSON_AddStringToObject(ctx, "model", http_query(r, "model") != NULL ?
	    http_query(r, "model") : "");
	cJSON_AddStringToObject(ctx, "warehouse", wh != NULL ? wh : "");
	return http_form_page(r, st == 200 ? 200 : 422, "inventory", ctx, NULL,
	    http_i18n(r, "inventory_title"));
}
