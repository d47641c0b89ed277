/*
 * complaints_figures_http.c: GET /api/v1/complaints/figures?from=&to=&by=
 * region|dealer: how complaints are answered (complaints_figures_db.c)
 */
#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

/* The figures the query asks for, as complaints_figures_read(). */
int
complaints_figures(struct req *r, cJSON **out)
{
	struct db	*db;

	*out = NULL;
	if ((db = http_db(r)) == NULL)
		return 503;
	return complaints_figures_read(db, &r->who, r->lang, http_query(r,
	    "from"), http_query(r, "to"), http_query(r, "by"), &r->err, out);
}

int
complaints_figures_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = complaints_figures(r, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}
