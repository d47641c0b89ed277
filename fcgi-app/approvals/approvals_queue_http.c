/*
 * approvals_queue_http.c: GET /api/v1/approvals?sort=&after=&limit=: the
 * queue of approvals_queue_db.c
 */
#include "../http/http.h"
#include "approvals.h"

/* The queue the query asks for (?sort=&after=&limit=): API and page. */
int
approvals_queue_find(struct req *r, cJSON **out)
{
	int	 limit;

	http_limit(r, &limit);
	return approvals_queue_read(http_db(r), &r->who, http_query(r, "sort"),
	    http_query(r, "after"), limit, r->lang, &r->err, out);
}

int
approvals_queue_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = approvals_queue_find(r, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}
