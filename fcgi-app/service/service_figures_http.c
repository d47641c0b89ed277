/*
 * service_figures_http.c: the service figures as JSON and CSV
 *   GET /api/v1/service/figures?from=&to=&by=region|line|provider
 *	&region=&line=&provider=	per month (of filing, China time) and
 *	group: jobs, dispatch time, acceptance, time to visit, first-time
 *	fix, parts lead time, waiting for parts, follow-up reach and
 *	satisfaction (README "Service figures")
 *   GET /api/v1/service/figures.csv?...	the same rows as CSV
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../http/http.h"
#include "service_figures.h"

/* The figures the request asks for into g: 200, or the status answered. */
int
service_figures(struct req *r, struct service_figures *g)
{
	struct service_figures_query	 q;
	struct db			*db;

	memset(g, 0, sizeof(*g));
	if ((db = http_db(r)) == NULL)
		return 503;
	q.from = http_query(r, "from");
	q.to = http_query(r, "to");
	q.by = http_query(r, "by");
	q.region = http_query(r, "region");
	q.line = http_query(r, "line");
	q.provider = http_query(r, "provider");
	return service_figures_read(db, &r->who, r->lang, &q, g, &r->err);
}

/*
 * The figures as the API answers them: the question, then the rows, at
 * most max of them (a page's; the API and the CSV pass g->n).
 */
cJSON *
service_figures_json(const struct service_figures *g, size_t max)
{
	cJSON	*j = cJSON_CreateObject(), *rows;
	size_t	 i;

	cJSON_AddStringToObject(j, "from", g->from);
	cJSON_AddStringToObject(j, "to", g->to);
	cJSON_AddStringToObject(j, "by", service_figures_by_name(g->by));
	cJSON_AddStringToObject(j, "months", "China time (UTC+8) of filing");
	cJSON_AddNumberToObject(j, "parts_target_days", g->parts_days);
	rows = cJSON_AddArrayToObject(j, "rows");
	for (i = 0; i < g->n && i < max; i++)
		cJSON_AddItemToArray(rows, service_figures_row_json(
		    &g->rows[i]));
	return j;
}

/* The figures the request asks for as the API answers them: 200, or not. */
static int
answer(struct req *r, cJSON **out)
{
	struct service_figures	 g;
	int			 st;

	*out = NULL;
	if ((st = service_figures(r, &g)) == 404)
		return http_error(r, 404, "not_found", "no such figures");
	if (st != 200)
		return http_refused(r, st);
	*out = service_figures_json(&g, g.n);
	service_figures_free(&g);
	return 200;
}

/* GET /api/v1/service/figures */
int
service_figures_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = answer(r, &j)) != 200)
		return st;
	return http_json(r, 200, j);
}

/*
 * A JSON value as a CSV field: text as it is, a number so that it reads
 * back as the same double (%.17g), null as empty.
 */
static void
field(struct buf *b, const cJSON *v, int last)
{
	char	 num[40];

	if (cJSON_IsNumber(v)) {
		snprintf(num, sizeof(num), "%.17g", v->valuedouble);
		csv_put(b, num, last);
	} else
		csv_put(b, cJSON_IsString(v) ? v->valuestring : "", last);
}

/* GET /api/v1/service/figures.csv: the JSON's rows, its keys the heads */
int
service_figures_csv_get(struct req *r)
{
	struct service_figure	 none;
	const cJSON		*it, *v;
	cJSON			*j, *head;
	struct buf		 b;
	int			 st;

	if ((st = answer(r, &j)) != 200)
		return st;
	/* the heads: an empty cell's keys, so that no rows still has them */
	memset(&none, 0, sizeof(none));
	head = service_figures_row_json(&none);
	buf_init(&b);
	buf_add(&b, CSV_BOM, strlen(CSV_BOM));
	cJSON_ArrayForEach(v, head)
		csv_put(&b, v->string, v->next == NULL);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "rows"))
		cJSON_ArrayForEach(v, head)
			field(&b, cJSON_GetObjectItemCaseSensitive(it,
			    v->string), v->next == NULL);
	cJSON_Delete(head);
	cJSON_Delete(j);
	http_header(r, "Content-Disposition",
	    "attachment; filename=\"service-figures.csv\"");
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&b), b.len);
	buf_free(&b);
	return st;
}
