/*
 * search_http.c: GET /api/v1/search?q=&page=: a page (20) of what the
 * caller may find for q, ranked (search_read.c); 400 for a bad query
 */
#include "../http/http.h"
#include "search.h"

/* GET /api/v1/search */
int
search_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = search_read(http_db(r), &r->who, http_query(r, "q"),
	    http_query(r, "page"), r->lang, &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}
