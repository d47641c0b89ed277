/*
 * trail_pages.c: the page /audit: a filter form (GET, no script), the
 * changes newest first with their values before and after, the next
 * page's link and the CSV of the same filter; through trail_read() as
 * the API.
 */
#include <stdio.h>
#include <string.h>

#include "../core/money.h"
#include "../http/http.h"
#include "trail.h"

/* The filter as a query string; every part was checked (trail_rules.c). */
static void
query_text(const struct trail_filter *t, char *out, size_t size)
{
	char	 id[24] = "";

	if (t->object > 0)
		snprintf(id, sizeof(id), "%lld", (long long)t->object);
	snprintf(out, size, "object_type=%s&object_id=%s&actor=%s&from=%s&"
	    "to=%s", t->type, id, t->actor, t->from, t->to);
}

/* A value of details as the page shows it (field: for yuan). */
static void
value_text(struct req *r, const char *field, const cJSON *v, char *out,
    size_t size)
{
	const cJSON	*e;
	char		*s, money[40];
	size_t		 n = 0;

	*out = '\0';
	if (v == NULL || cJSON_IsNull(v) || (cJSON_IsString(v) &&
	    *v->valuestring == '\0'))
		snprintf(out, size, "%s", http_i18n(r, "trail_none"));
	else if (cJSON_IsBool(v))
		snprintf(out, size, "%s", http_i18n(r, cJSON_IsTrue(v) ?
		    "trail_yes" : "trail_no"));
	else if (cJSON_IsNumber(v) && trail_money_field(field)) {
		money_format((int64_t)v->valuedouble, money, sizeof(money));
		snprintf(out, size, "¥%s", money);
	} else if (cJSON_IsString(v))
		snprintf(out, size, "%s", v->valuestring);
	else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) <= 50) {
		cJSON_ArrayForEach(e, v) {
			s = cJSON_IsString(e) ? NULL :
			    cJSON_PrintUnformatted(e);
			n += (size_t)snprintf(out + n, n < size ? size - n : 0,
			    "%s%s", n > 0 ? ", " : "", s != NULL ? s :
			    e->valuestring);
			cJSON_free(s);
			if (n >= size)
				break;
		}
	} else if ((s = cJSON_PrintUnformatted(v)) != NULL) {
		snprintf(out, size, "%s", s);
		cJSON_free(s);
	}
}

/* A code's words: the catalogue's text of prefix code, else the code. */
static const char *
label(struct req *r, const char *prefix, const char *code, char *key,
    size_t size)
{
	const char	*t;
	size_t		 i;

	snprintf(key, size, "%s%s", prefix, code);
	for (i = 0; key[i] != '\0'; i++)
		if (key[i] == '.')
			key[i] = '_';
	t = http_i18n(r, key);
	return strcmp(t, key) == 0 ? code : t;
}

struct page {
	struct req	*r;
	cJSON		*items;
	int64_t		 last_us, last_id;
};

static int
page_row(void *ctx, const struct trail_row *w)
{
	struct page	*p = ctx;
	struct req	*r = p->r;
	cJSON		*it, *d, *changes, *c, *list, *x;
	const char	*field;
	char		 key[96], text[1024], href[160];

	it = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "at_china", w->at_china);
	cJSON_AddStringToObject(it, "actor_login", w->actor_login);
	cJSON_AddStringToObject(it, "actor_name", w->actor_id > 0 ?
	    w->actor_name : http_i18n(r, "trail_system"));
	cJSON_AddStringToObject(it, "action", w->action);
	cJSON_AddStringToObject(it, "action_label", label(r, "trail_action_",
	    w->action, key, sizeof(key)));
	cJSON_AddStringToObject(it, "object_label", label(r, "trail_type_",
	    w->object_type, key, sizeof(key)));
	cJSON_AddStringToObject(it, "object_id", w->object_id);
	snprintf(href, sizeof(href), "/audit?object_type=%s&object_id=%s",
	    w->object_type, w->object_id);
	/* a type or id the filter would refuse gets no link */
	if (trail_type_ok(w->object_type) && strspn(w->object_id,
	    "0123456789") == strlen(w->object_id))
		cJSON_AddStringToObject(it, "object_href", href);
	cJSON_AddStringToObject(it, "org_code", w->org_code);
	cJSON_AddStringToObject(it, "org_name", strcmp(r->lang, "en") == 0 &&
	    *w->org_name_en != '\0' ? w->org_name_en : w->org_name_zh);
	cJSON_AddStringToObject(it, "request_id", w->request_id);
	d = *w->details != '\0' ? cJSON_Parse(w->details) : NULL;
	changes = trail_changes(d);
	list = cJSON_AddArrayToObject(it, "changes");
	cJSON_ArrayForEach(c, changes) {
		field = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c,
		    "field"));
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "field", field);
		if (cJSON_HasObjectItem(c, "before")) {
			value_text(r, field, cJSON_GetObjectItemCaseSensitive(c,
			    "before"), text, sizeof(text));
			cJSON_AddStringToObject(x, "before", text);
		}
		if (cJSON_HasObjectItem(c, "after")) {
			value_text(r, field, cJSON_GetObjectItemCaseSensitive(c,
			    "after"), text, sizeof(text));
			cJSON_AddStringToObject(x, "after", text);
		}
		cJSON_AddItemToArray(list, x);
	}
	cJSON_Delete(changes);
	cJSON_Delete(d);
	cJSON_AddItemToArray(p->items, it);
	p->last_us = w->at_us;
	p->last_id = w->id;
	return 0;
}

/* The form's values as they were sent, and its kinds of object. */
static void
form_values(struct req *r, cJSON *ctx, const struct trail_query *q)
{
	cJSON	*types, *it;
	char	 key[64];
	int	 i;

	cJSON_AddStringToObject(ctx, "object_type", q->type ? q->type : "");
	cJSON_AddStringToObject(ctx, "object_id", q->object ? q->object : "");
	cJSON_AddStringToObject(ctx, "actor", q->actor ? q->actor : "");
	cJSON_AddStringToObject(ctx, "from", q->from ? q->from : "");
	cJSON_AddStringToObject(ctx, "to", q->to ? q->to : "");
	types = cJSON_AddArrayToObject(ctx, "types");
	for (i = 0; trail_types[i] != NULL; i++) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "code", trail_types[i]);
		cJSON_AddStringToObject(it, "label", label(r, "trail_type_",
		    trail_types[i], key, sizeof(key)));
		if (q->type != NULL && strcmp(q->type, trail_types[i]) == 0)
			cJSON_AddBoolToObject(it, "selected", 1);
		cJSON_AddItemToArray(types, it);
	}
}

/* GET /audit?object_type=&object_id=&actor=&from=&to=&after=&limit= */
int
trail_page_get(struct req *r)
{
	struct trail_query	 q;
	struct trail_filter	 t;
	struct page		 p;
	cJSON			*ctx;
	char			 query[256], cur[TRAIL_CURSOR_MAX + 1];
	int			 st, more;

	trail_query_of(r, &q);
	trail_filter_check(&q, 1, &t, &r->err);
	ctx = cJSON_CreateObject();
	form_values(r, ctx, &q);
	if (fault_fields(&r->err)) {
		fault_set(&r->err, 422, "validation_failed", "check the query");
		return http_form_page(r, 422, "trail", ctx, NULL,
		    http_i18n(r, "trail_title"));
	}
	p.r = r;
	p.items = cJSON_AddArrayToObject(ctx, "items");
	p.last_us = p.last_id = 0;
	if ((st = trail_read(http_db(r), &r->who, &t, page_row, &p, &more,
	    &r->err)) != 200) {
		cJSON_Delete(ctx);
		return http_refused(r, st);
	}
	query_text(&t, query, sizeof(query));
	cJSON_AddStringToObject(ctx, "query", query);
	cJSON_AddNumberToObject(ctx, "limit", t.limit);
	if (more) {
		trail_cursor(p.last_us, p.last_id, cur, sizeof(cur));
		cJSON_AddStringToObject(ctx, "next_cursor", cur);
	}
	if (*t.type != '\0' || *t.actor != '\0' || *t.from != '\0' ||
	    *t.to != '\0')
		cJSON_AddBoolToObject(ctx, "filtered", 1);
	if (t.after_id > 0)
		cJSON_AddBoolToObject(ctx, "paged", 1);
	return http_form_page(r, 200, "trail", ctx, NULL,
	    http_i18n(r, "trail_title"));
}
