/*
 * inventory_pages.c: /inventory?model=&warehouse=: what is in stock where,
 * as the API lists it (inventory_find()), with the warehouses to choose
 * from and the way to the delivery-date query.
 */
#include <stdio.h>
#include <string.h>

#include "../http/http.h"
#include "inventory.h"

struct pick {
	struct req	*r;
	cJSON		*list;
};

/* A warehouse of the select, in the reader's language, the picked marked. */
static void
warehouse(const struct inventory_warehouse *w, void *ctx)
{
	struct pick	*p = ctx;
	const char	*wh = http_query(p->r, "warehouse");
	cJSON		*it = cJSON_CreateObject();

	cJSON_AddStringToObject(it, "code", w->code);
	cJSON_AddStringToObject(it, "name", strcmp(p->r->lang, "en") == 0 ?
	    w->name_en : w->name_zh);
	if (wh != NULL && strcmp(wh, w->code) == 0)
		cJSON_AddBoolToObject(it, "selected", 1);
	cJSON_AddItemToArray(p->list, it);
}

int
inventory_page_get(struct req *r)
{
	const char	*wh = http_query(r, "warehouse");
	struct pick	 p;
	cJSON		*ctx;
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
	p.r = r;
	p.list = cJSON_AddArrayToObject(ctx, "warehouses");
	if (inventory_warehouses(db, warehouse, &p) == -1) {
		cJSON_Delete(ctx);
		return 500;
	}
	cJSON_AddStringToObject(ctx, "model", http_query(r, "model") != NULL ?
	    http_query(r, "model") : "");
	cJSON_AddStringToObject(ctx, "warehouse", wh != NULL ? wh : "");
	return http_form_page(r, st == 200 ? 200 : 422, "inventory", ctx, NULL,
	    http_i18n(r, "inventory_title"));
}
