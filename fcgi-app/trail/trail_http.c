/*
 * trail_http.c: GET /api/v1/audit and /api/v1/audit.csv
 *
 * ?object_type=&object_id=&actor=&from=&to=&after=&limit= (cursor= is
 * after's other name): a page of the trail, newest first, with
 * next_cursor; or up to TRAIL_CSV_MAX rows as CSV (RFC 4180, UTF-8 with a
 * BOM, formulas guarded: core/csv.c), narrower beyond.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/csv.h"
#include "../http/http.h"
#include "trail.h"

/* The query's values; cursor= stands for after= when that is absent. */
void
trail_query_of(struct req *r, struct trail_query *q)
{
	q->type = http_query(r, "object_type");
	q->object = http_query(r, "object_id");
	q->actor = http_query(r, "actor");
	q->from = http_query(r, "from");
	q->to = http_query(r, "to");
	q->after = http_query(r, "after");
	if (q->after == NULL || *q->after == '\0')
		q->after = http_query(r, "cursor");
	q->limit = http_query(r, "limit");
}

/* A row as the API shows it (lang picks the organisation's name). */
cJSON *
trail_row_json(const struct trail_row *w, const char *lang)
{
	cJSON	*j = cJSON_CreateObject(), *o, *d;

	cJSON_AddNumberToObject(j, "id", (double)w->id);
	cJSON_AddStringToObject(j, "at", w->at);
	cJSON_AddStringToObject(j, "at_china", w->at_china);
	cJSON_AddStringToObject(j, "action", w->action);
	cJSON_AddStringToObject(j, "object_type", w->object_type);
	cJSON_AddStringToObject(j, "object_id", w->object_id);
	if (w->actor_id > 0) {
		o = cJSON_AddObjectToObject(j, "actor");
		cJSON_AddNumberToObject(o, "id", (double)w->actor_id);
		cJSON_AddStringToObject(o, "login", w->actor_login);
		cJSON_AddStringToObject(o, "name", w->actor_name);
	} else
		cJSON_AddNullToObject(j, "actor");
	if (w->org_id > 0) {
		o = cJSON_AddObjectToObject(j, "org");
		cJSON_AddNumberToObject(o, "id", (double)w->org_id);
		cJSON_AddStringToObject(o, "code", w->org_code);
		cJSON_AddStringToObject(o, "name", strcmp(lang, "en") == 0 &&
		    *w->org_name_en != '\0' ? w->org_name_en : w->org_name_zh);
	} else
		cJSON_AddNullToObject(j, "org");
	d = *w->details != '\0' ? cJSON_Parse(w->details) : NULL;
	cJSON_AddItemToObject(j, "changes", trail_changes(d));
	cJSON_AddItemToObject(j, "details", d != NULL ? d : cJSON_CreateNull());
	cJSON_AddStringToObject(j, "request_id", w->request_id);
	return j;
}

struct list {
	cJSON		*items;
	const char	*lang;
	int64_t		 last_us, last_id;
};

static int
list_row(void *ctx, const struct trail_row *w)
{
	struct list	*l = ctx;
	cJSON		*j = trail_row_json(w, l->lang);

	if (j == NULL)
		return -1;
	cJSON_AddItemToArray(l->items, j);
	l->last_us = w->at_us;
	l->last_id = w->id;
	return 0;
}

/* GET /api/v1/audit */
int
trail_list_get(struct req *r)
{
	struct trail_query	 q;
	struct trail_filter	 t;
	struct list		 l;
	cJSON			*j;
	char			 cur[TRAIL_CURSOR_MAX + 1];
	int			 st, more;

	trail_query_of(r, &q);
	trail_filter_check(&q, 1, &t, &r->err);
	if (fault_fields(&r->err))
		return http_error(r, 422, "validation_failed",
		    "check the query");
	j = cJSON_CreateObject();
	l.items = cJSON_AddArrayToObject(j, "items");
	l.lang = r->lang;
	l.last_us = l.last_id = 0;
	if ((st = trail_read(http_db(r), &r->who, &t, list_row, &l, &more,
	    &r->err)) != 200) {
		cJSON_Delete(j);
		return http_refused(r, st);
	}
	if (more) {
		trail_cursor(l.last_us, l.last_id, cur, sizeof(cur));
		cJSON_AddStringToObject(j, "next_cursor", cur);
	} else
		cJSON_AddNullToObject(j, "next_cursor");
	return http_json(r, 200, j);
}

/* A value of details as a CSV cell: text as it is, else its JSON. */
static void
cell(struct buf *b, const cJSON *v)
{
	char	*s;

	if (v == NULL) {
		csv_put(b, "", 0);
		return;
	}
	if (cJSON_IsString(v)) {
		csv_put(b, v->valuestring, 0);
		return;
	}
	s = cJSON_PrintUnformatted(v);
	csv_put(b, s != NULL ? s : "", 0);
	cJSON_free(s);
}

struct export {
	struct buf	 b;
	const char	*lang;
};

/*
 * One row per change (a row without details is one line with empty
 * field, before and after): when, who, what, whose, and the value.
 */
static int
export_row(void *ctx, const struct trail_row *w)
{
	struct export	*x = ctx;
	char		 id[24];
	cJSON		*d, *changes, *c;
	int		 n = 0;

	d = *w->details != '\0' ? cJSON_Parse(w->details) : NULL;
	changes = trail_changes(d);
	c = cJSON_GetArrayItem(changes, 0);
	do {
		snprintf(id, sizeof(id), "%lld", (long long)w->id);
		csv_put(&x->b, id, 0);
		csv_put(&x->b, w->at_china, 0);
		csv_put(&x->b, w->actor_login, 0);
		csv_put(&x->b, w->actor_name, 0);
		csv_put(&x->b, w->action, 0);
		csv_put(&x->b, w->object_type, 0);
		csv_put(&x->b, w->object_id, 0);
		csv_put(&x->b, w->org_code, 0);
		csv_put(&x->b, strcmp(x->lang, "en") == 0 &&
		    *w->org_name_en != '\0' ? w->org_name_en :
		    w->org_name_zh, 0);
		csv_put(&x->b, c != NULL ? cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(c, "field")) : "", 0);
		cell(&x->b, c != NULL ? cJSON_GetObjectItemCaseSensitive(c,
		    "before") : NULL);
		cell(&x->b, c != NULL ? cJSON_GetObjectItemCaseSensitive(c,
		    "after") : NULL);
		csv_put(&x->b, w->request_id, 1);
		c = c != NULL ? c->next : NULL;
	} while (c != NULL && ++n < 1000);
	cJSON_Delete(changes);
	cJSON_Delete(d);
	return 0;
}

/* GET /api/v1/audit.csv */
int
trail_csv_get(struct req *r)
{
	static const char *const head[] = { "id", "at_china", "actor",
	    "actor_name", "action", "object_type", "object_id", "org",
	    "org_name", "field", "before", "after", "request_id" };
	struct trail_query	 q;
	struct trail_filter	 t;
	struct export		 x;
	size_t			 i, n = sizeof(head) / sizeof(head[0]);
	int			 st, more;

	trail_query_of(r, &q);
	q.after = q.limit = NULL;	/* an export is the whole filter's */
	trail_filter_check(&q, 0, &t, &r->err);
	if (fault_fields(&r->err))
		return http_error(r, 422, "validation_failed",
		    "check the query");
	t.limit = TRAIL_CSV_MAX;
	buf_init(&x.b);
	x.lang = r->lang;
	buf_add(&x.b, CSV_BOM, strlen(CSV_BOM));
	for (i = 0; i < n; i++)
		csv_put(&x.b, head[i], i + 1 == n);
	if ((st = trail_read(http_db(r), &r->who, &t, export_row, &x, &more,
	    &r->err)) != 200 || more) {
		buf_free(&x.b);
		if (st != 200)
			return http_refused(r, st);
		http_field_error(r, "from", "more than 20,000 changes: "
		    "export a shorter period, an object or an actor at a time");
		return http_error(r, 422, "validation_failed",
		    "check the query");
	}
	http_header(r, "Content-Disposition",
	    "attachment; filename=\"audit.csv\"");
	st = http_text(r, 200, "text/csv; charset=utf-8", buf_cstr(&x.b),
	    x.b.len);
	buf_free(&x.b);
	return st;
}
