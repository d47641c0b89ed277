/*
 * inventory_pages.c: /inventory?model=&warehouse=: what is in stock where,
 * as the API lists it (inventory_find()), with the warehouses to choose
 * from and the way to the delivery-date query.
 */
#include <stdio.h>
#include <string.h>

#include "../http/http.h"
#include "inventory.h"

int
inventory_page_get(struct req *r)
{
	const char	*wh = http_query(r, "warehouse");
	cJSON		*ctx, *list, *it;
	struct db	*db;
	int		 limit, st;

	http_limit(r, &limit);
	if ((db = http_db(r)) == NULL)
		return 503;
	ctx = cJSON_CreateObject();
	if ((st = inventory_find(db, r->lang, http_query(r, "model"), wh,
	    http_query(r, "after"), limit, ctx, &r->err)) != 200) {
		cJSON_Delete(ctx);
		if (st != 422)
			return st;
		ctx = cJSON_CreateObject();
		http_errors_to(r, ctx);
	}
	if ((list = inventory_warehouses(db, r->lang)) == NULL) {
		cJSON_Delete(ctx);
		return 500;
	}
	cJSON_ArrayForEach(it, list)
		if (wh != NULL && strcmp(wh, cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "code"))) == 0)
			cJSON_AddBoolToObject(it, "selected", 1);
	cJSON_AddItemToObject(ctx, "warehouses", list);
	cJSON_AddStringToObject(ctx, "model", http_query(r, "model") != NULL ?
	    http_query(r, "model") : "");
	cJSON_AddStringToObject(ctx, "warehouse", wh != NULL ? wh : "");
	return http_form_page(r, st == 200 ? 200 : 422, "inventory", ctx, NULL,
	    http_i18n(r, "inventory_title"));
}
