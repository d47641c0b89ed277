/*
 * orders_deliveries_http.c: GET /api/v1/deliveries?from=&to=&late=&after=
 * &limit=, the orders due of orders_deliveries_db.c
 */
#include "../http/http.h"
#include "orders.h"

/* The orders due the query asks for: for the API and the page. */
int
orders_deliveries_find(struct req *r, cJSON **out)
{
	struct orders_due_query	 q;

	q.from = http_query(r, "from");
	q.to = http_query(r, "to");
	q.late = http_query(r, "late");
	q.after = http_query(r, "after");
	http_limit(r, &q.limit);
	return orders_deliveries_read(http_db(r), &r->who, &q, r->lang,
	    &r->err, out);
}

int
orders_deliveries_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = orders_deliveries_find(r, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}
