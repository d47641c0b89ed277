/*
 * complaints_figures_http.c: GET /api/v1/complaints/figures?from=&to=&by=
 * region|dealer: how complaints are answered (complaints_figures_db.c)
 */
#include <stddef.h>

#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

static double
ratio(int64_t num, int64_t den)
{
	return den > 0 ? (double)num / (double)den : 0;
}

/* The figures as the API answers them: the counts and their ratios. */
cJSON *
complaints_figures_json(const struct complaints_figures *g)
{
	const struct complaints_figure	*f;
	cJSON				*j, *rows, *it;
	size_t				 i;

	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "from", g->from);
	cJSON_AddStringToObject(j, "to", g->to);
	cJSON_AddStringToObject(j, "by", g->by_dealer ? "dealer" : "region");
	rows = cJSON_AddArrayToObject(j, "rows");
	for (i = 0; i < g->n; i++) {
		f = &g->rows[i];
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)f->id);
		cJSON_AddStringToObject(it, "name", f->name);
		cJSON_AddNumberToObject(it, "filed", (double)f->filed);
		cJSON_AddNumberToObject(it, "answered_within_24h",
		    (double)f->answered);
		cJSON_AddNumberToObject(it, "share_within_24h",
		    ratio(f->answered, f->filed));
		cJSON_AddNumberToObject(it, "resolved_in_target",
		    (double)f->resolved);
		cJSON_AddNumberToObject(it, "resolution_rate",
		    ratio(f->resolved, f->filed));
		cJSON_AddNumberToObject(it, "reopen_rate",
		    ratio(f->reopened, f->filed));
		if (f->rated > 0)
			cJSON_AddNumberToObject(it, "mean_rating",
			    ratio(f->rating_sum, f->rated));
		else
			cJSON_AddNullToObject(it, "mean_rating");
		cJSON_AddNumberToObject(it, "escalated", (double)f->escalated);
		if (f->timed) {
			cJSON_AddNumberToObject(it,
			    "first_response_median_minutes", (double)f->median);
			cJSON_AddNumberToObject(it,
			    "first_response_p90_minutes", (double)f->p90);
		}
		cJSON_AddItemToArray(rows, it);
	}
	return j;
}

/* The figures the query asks for, as the API answers them, into *out. */
int
complaints_figures(struct req *r, cJSON **out)
{
	struct complaints_figures	 g;
	struct db			*db;
	int				 st;

	*out = NULL;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = complaints_figures_read(db, &r->who, r->lang, http_query(r,
	    "from"), http_query(r, "to"), http_query(r, "by"), &r->err,
	    &g)) != 200)
		return st;
	*out = complaints_figures_json(&g);
	complaints_figures_free(&g);
	return 200;
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
