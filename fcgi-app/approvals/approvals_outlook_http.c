/*
 * approvals_outlook_http.c: the dealer's side of its credit (issue #24):
 *   GET /api/v1/dealers/{id}/credit/outlook?order_value=
 *	the position, the region's limit as it stands for the dealer, and
 *	what an order of that value would meet now
 *   GET /api/v1/dealers/{id}/credit/orders?after=&limit=
 *	the orders that use the credit now
 * for anyone whose scope reaches the dealer, through the operations of
 * approvals_outlook_db.c.
 */
#include "../core/util.h"
#include "../http/http.h"
#include "approvals.h"

/* GET /api/v1/dealers/{id}/credit/outlook?order_value= (fen) */
int
approvals_credit_outlook_get(struct req *r)
{
	const char	*q = http_query(r, "order_value");
	int64_t		 value = 0;
	cJSON		*j;
	int		 st;

	if (q != NULL && util_parse_int(q, 0, CREDIT_MAX, &value) == -1)
		http_field_error(r, "order_value", "fen, 0 to "
		    "100000000000000");
	if ((st = approvals_outlook_of(http_db(r), &r->who, http_param_id(r,
	    "id"), value, r->lang, &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

/* GET /api/v1/dealers/{id}/credit/orders?after=&limit= */
int
approvals_credit_orders_get(struct req *r)
{
	struct http_paging	 pg;
	cJSON			*j;
	int			 st;

	http_paging(r, &pg);
	if ((st = approvals_credit_orders_read(http_db(r), &r->who,
	    http_param_id(r, "id"), pg.after, pg.limit, &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}
