/*
 * sellthrough_list_http.c: a dealer's sell-through reports
 *   GET /api/v1/dealers/{id}/sellthrough?from=&to=&model=&after=&limit=
 *   GET /api/v1/dealers/{id}/sellthrough/{report}/history
 *   GET /api/v1/sellthrough.csv?dealer=&from=&to=&model= (streamed)
 * (what they show and to whom: sellthrough_list_ops.c)
 */
#include "../http/http.h"
#include "sellthrough.h"

int
sellthrough_list_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 limit, st;

	http_limit(r, &limit);
	if ((db = http_db(r)) == NULL)
		return 503;
	j = cJSON_CreateObject();
	if ((st = sellthrough_list(db, &r->who, http_param_id(r, "id"),
	    http_query(r, "from"), http_query(r, "to"), http_query(r, "model"),
	    http_query(r, "after"), limit, j, &r->err)) != 200) {
		cJSON_Delete(j);
		return st;
	}
	return http_json(r, 200, j);
}

/* GET /api/v1/dealers/{id}/sellthrough/{report}/history */
int
sellthrough_history_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	j = cJSON_CreateObject();
	if ((st = sellthrough_history(db, &r->who, http_param_id(r, "id"),
	    http_param_id(r, "report"), j, &r->err)) != 200) {
		cJSON_Delete(j);
		return st;
	}
	return http_json(r, 200, j);
}

/* GET /api/v1/sellthrough.csv: every report of the scope, or a dealer's */
int
sellthrough_export_get(struct req *r)
{
	struct sellthrough_export_query	 q;
	struct sellthrough_export	 x;
	struct http_export		 e;
	int				 st;

	q.dealer = http_query(r, "dealer");
	q.from = http_query(r, "from");
	q.to = http_query(r, "to");
	q.model = http_query(r, "model");
	if ((st = sellthrough_export_open(http_db(r), &r->who, &q, r->lang,
	    &r->err, &x)) != 0)
		return http_refused(r, st);
	e.filename = "sellthrough.csv";
	e.heads = sellthrough_export_heads;
	e.page = sellthrough_export_page;
	e.ctx = &x;
	return http_export_csv(r, &e);
}
