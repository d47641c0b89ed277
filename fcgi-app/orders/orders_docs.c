/*
 * orders_docs.c: an order's stored arrays (order_docs: its lines, their
 * price sources, its timeline, its shipments) into the order's answer
 */
#include <cjson/cJSON.h>

#include "orders.h"

/*
 * The stored array text as name in j; a timeline's absent carrier and
 * waybill (JSON null there) are left out, as the API always did.  0, -1.
 */
int
orders_doc_add(cJSON *j, const char *name, const char *text)
{
	cJSON	*a = cJSON_Parse(text), *e;

	if (!cJSON_IsArray(a)) {
		cJSON_Delete(a);
		return -1;
	}
	cJSON_ArrayForEach(e, a) {
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "carrier")))
			cJSON_DeleteItemFromObjectCaseSensitive(e, "carrier");
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(e, "waybill")))
			cJSON_DeleteItemFromObjectCaseSensitive(e, "waybill");
	}
	cJSON_AddItemToObject(j, name, a);
	return 0;
}

/*
 * Each line's price_source and contract_id from the stored array text
 * (order_docs.prices_json, migration 0052: one element a line, in order),
 * added to j's lines.  0, -1.
 */
int
orders_doc_prices(cJSON *j, const char *text)
{
	cJSON	*a = cJSON_Parse(text), *p, *l, *v;

	if (!cJSON_IsArray(a)) {
		cJSON_Delete(a);
		return -1;
	}
	p = a->child;
	cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(j, "lines")) {
		if (p == NULL)
			break;
		if ((v = cJSON_DetachItemFromObjectCaseSensitive(p,
		    "price_source")) != NULL)
			cJSON_AddItemToObject(l, "price_source", v);
		if ((v = cJSON_DetachItemFromObjectCaseSensitive(p,
		    "contract_id")) != NULL)
			cJSON_AddItemToObject(l, "contract_id", v);
		p = p->next;
	}
	cJSON_Delete(a);
	return 0;
}
