/*
 * complaints_list_http.c: the complaints the caller may see, and one of them
 *   GET /api/v1/complaints?status=&sort=new|due&dealer=&after=&limit=
 *   GET /api/v1/complaints/{number}
 *   GET /api/v1/complaints.csv?status=&dealer= (newest first, streamed)
 * New first by default; sort=due puts the unresolved ones whose next
 * clock runs out first on top (the service queue), overdue ones flagged.
 * ?dealer= narrows staff's list to one dealer in their reach (404 else).
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

/* The query's list; without ?sort=, by due if due_first (staff's pages). */
int
complaints_list(struct req *r, int due_first, cJSON **out)
{
	struct complaints_query	 q;
	struct db		*db;
	int			 limit;

	*out = NULL;
	q.sort = http_query(r, "sort");
	q.status = http_query(r, "status");
	q.dealer = http_query(r, "dealer");
	q.after = http_query(r, "after");
	q.due_first = due_first;
	http_limit(r, &limit);
	if ((db = http_db(r)) == NULL)
		return 503;
	return complaints_list_read(db, &r->who, r->lang, &q, limit, &r->err,
	    out);
}

int
complaints_list_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = complaints_list(r, 0, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, j);
}

int
complaints_get_one(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 found;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((j = complaints_load(db, http_param(r, "number"), &r->who,
	    r->lang, &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such complaint");
	return http_json(r, 200, j);
}

int
complaints_export_get(struct req *r)
{
	struct complaints_export x;
	struct http_export	 e;
	int			 st;

	if ((st = complaints_export_open(http_db(r), &r->who,
	    http_query(r, "status"), http_query(r, "dealer"), r->lang,
	    &r->err, &x)) != 0)
		return http_refused(r, st);
	e.filename = "complaints.csv";
	e.heads = complaints_export_heads;
	e.page = complaints_export_page;
	e.ctx = &x;
	return http_export_csv(r, &e);
}
