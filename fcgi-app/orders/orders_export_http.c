/*
 * orders_export_http.c: the order list and the orders due as CSV files,
 * streamed a page at a time (http/export.c)
 *   GET /api/v1/orders.csv?status=&dealer=&from=&to=&po=
 *   GET /api/v1/deliveries.csv?from=&to=&late=
 * with the lists' filters and the caller's scope; a filter that does not
 * read is a 422 naming it, a dealer out of reach 404.
 */
#include <string.h>

#include "../http/http.h"
#include "orders.h"

int
orders_export_get(struct req *r)
{
	struct orders_query	 q;
	struct orders_export	 x;
	struct http_export	 e;
	int			 st;

	memset(&q, 0, sizeof(q));
	q.status = http_query(r, "status");
	q.dealer = http_query(r, "dealer");
	q.from = http_query(r, "from");
	q.to = http_query(r, "to");
	q.po = http_query(r, "po");
	if ((st = orders_export_open(http_db(r), &r->who, &q, r->lang,
	    &r->err, &x)) != 0)
		return http_refused(r, st);
	e.filename = "orders.csv";
	e.heads = orders_export_heads;
	e.page = orders_export_page;
	e.ctx = &x;
	return http_export_csv(r, &e);
}

int
orders_deliveries_export_get(struct req *r)
{
	struct orders_due_query	 q;
	struct orders_due_export x;
	struct http_export	 e;
	int			 st;

	memset(&q, 0, sizeof(q));
	q.from = http_query(r, "from");
	q.to = http_query(r, "to");
	q.late = http_query(r, "late");
	if ((st = orders_deliveries_export_open(&r->who, &q, r->lang,
	    &r->err, &x)) != 0)
		return http_refused(r, st);
	e.filename = "deliveries.csv";
	e.heads = orders_deliveries_heads;
	e.page = orders_deliveries_page;
	e.ctx = &x;
	return http_export_csv(r, &e);
}
