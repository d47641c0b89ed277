/*
 * search_pages.c: the page /search?q=&page=, which the header's search
 * box (layout.html, a GET form) opens: each result typed (order,
 * complaint, model) with a link to its page; through search_read() as
 * the API.  No query: the form alone; a bad one: the form with its
 * message (400).
 */
#include <stdio.h>
#include <string.h>

#include "../core/fault.h"
#include "../http/http.h"
#include "search.h"

/* A result's words for the page: its kind, status and match, in words. */
static void
labels(struct req *r, cJSON *it)
{
	const char	*kind, *status, *match, *t;
	char		 key[64];

	kind = cJSON_GetStringValue(cJSON_GetObjectItem(it, "kind"));
	status = cJSON_GetStringValue(cJSON_GetObjectItem(it, "status"));
	match = cJSON_GetStringValue(cJSON_GetObjectItem(it, "match"));
	snprintf(key, sizeof(key), "search_kind_%s", kind ? kind : "");
	cJSON_AddStringToObject(it, "kind_label", http_i18n(r, key));
	snprintf(key, sizeof(key), "search_match_%s", match ? match : "");
	cJSON_AddStringToObject(it, "match_label", http_i18n(r, key));
	if (status != NULL) {
		snprintf(key, sizeof(key), "%s%s", kind != NULL &&
		    strcmp(kind, "order") == 0 ? "orders_status_" :
		    "complaints_", status);
		t = http_i18n(r, key);
		cJSON_AddStringToObject(it, "status_label",
		    strcmp(t, key) == 0 ? status : t);
	}
}

/* GET /search?q=&page= */
int
search_page_get(struct req *r)
{
	const char	*q = http_query(r, "q");
	cJSON		*ctx, *j = NULL, *it, *res, *next;
	char		 qv[SEARCH_QUERY_MAX * 12 + 1];
	int		 st, page, bad_page;

	ctx = cJSON_CreateObject();
	cJSON_AddStringToObject(ctx, "search_q", q != NULL ? q : "");
	if (q == NULL)		/* the form, nothing asked yet */
		return http_form_page(r, 200, "search", ctx, NULL,
		    http_i18n(r, "search_title"));
	st = search_read(http_db(r), &r->who, q, http_query(r, "page"),
	    r->lang, &r->err, &j);
	if (st == 400) {	/* said in the page's language */
		bad_page = cJSON_HasObjectItem(r->err.fields, "page");
		cJSON_AddStringToObject(ctx, "problem", http_i18n(r, bad_page ?
		    "search_bad_page" : "search_bad_query"));
		fault_clear(&r->err);
		return http_form_page(r, 400, "search", ctx, NULL,
		    http_i18n(r, "search_title"));
	}
	if (st != 200) {
		cJSON_Delete(ctx);
		return http_refused(r, st);
	}
	res = cJSON_DetachItemFromObject(j, "results");
	cJSON_ArrayForEach(it, res)
		labels(r, it);
	cJSON_AddItemToObject(ctx, "results", res);
	cJSON_AddBoolToObject(ctx, "searched", 1);
	page = (int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "page"));
	cJSON_AddNumberToObject(ctx, "start", (page - 1) * SEARCH_PAGE_SIZE +
	    1);
	search_url_part(cJSON_GetStringValue(cJSON_GetObjectItem(j, "query")), qv,
	    sizeof(qv));
	cJSON_AddStringToObject(ctx, "q_url", qv);
	next = cJSON_GetObjectItem(j, "next_page");
	if (cJSON_IsNumber(next))
		cJSON_AddNumberToObject(ctx, "next_page", next->valuedouble);
	if (page > 1)
		cJSON_AddNumberToObject(ctx, "prev_page", page - 1);
	cJSON_Delete(j);
	return http_form_page(r, 200, "search", ctx, NULL,
	    http_i18n(r, "search_title"));
}
