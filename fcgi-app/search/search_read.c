/*
 * search_read.c: the search as both doors ask it: check the query, read
 * the page within the caller's scope, answer it as the read model
 * {query, page, page_size, results: [{kind, id, number, title, snippet,
 * url, dealer, status, at, match}], next_page}
 */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/fault.h"
#include "search.h"

static const char *const kind_paths[SEARCH__KINDS] = { "/orders/",
	"/complaints/", "/catalogue/" };

/* One result as the API shows it; NULL on an error. */
static cJSON *
hit_json(struct db *db, const struct search_hit *h, const char *lang)
{
	cJSON	*j = cJSON_CreateObject(), *d;
	char	 seg[sizeof(h->number) * 3 + 1], url[sizeof(seg) + 16];
	char	 name[ORG_NAME_MAX];
	int	 en = lang != NULL && strcmp(lang, "en") == 0;

	cJSON_AddStringToObject(j, "kind", search_kind_name(h->kind));
	cJSON_AddNumberToObject(j, "id", (double)h->id);
	cJSON_AddStringToObject(j, "number", h->number);
	cJSON_AddStringToObject(j, "title", h->kind == SEARCH_PRODUCT && en &&
	    h->text != NULL && *h->text != '\0' ? h->text :
	    h->title != NULL ? h->title : "");
	cJSON_AddStringToObject(j, "snippet", h->kind == SEARCH_PRODUCT ?
	    h->number : h->snippet != NULL ? h->snippet : "");
	search_url_part(h->number, seg, sizeof(seg));
	snprintf(url, sizeof(url), "%s%s", kind_paths[h->kind], seg);
	cJSON_AddStringToObject(j, "url", url);
	if (h->dealer > 0) {
		if (org_name(db, h->dealer, lang, name, sizeof(name)) == -1) {
			cJSON_Delete(j);
			return NULL;
		}
		d = cJSON_AddObjectToObject(j, "dealer");
		cJSON_AddNumberToObject(d, "id", (double)h->dealer);
		cJSON_AddStringToObject(d, "name", name);
	} else
		cJSON_AddNullToObject(j, "dealer");
	if (h->status[0] != '\0')
		cJSON_AddStringToObject(j, "status", h->status);
	else
		cJSON_AddNullToObject(j, "status");
	if (h->at[0] != '\0')
		cJSON_AddStringToObject(j, "at", h->at);
	else
		cJSON_AddNullToObject(j, "at");
	cJSON_AddStringToObject(j, "match", h->match);
	return j;
}

/*
 * Search for q (page: NULL for the first) as who: 200 with the read
 * model into *out, 400 with the field's message in f, 500, 503.
 */
int
search_read(struct db *db, const struct principal *who, const char *q,
    const char *page, const char *lang, struct fault *f, cJSON **out)
{
	struct search_query	 sq;
	struct search_hits	 hs;
	cJSON			*j, *list, *it;
	size_t			 i;
	int			 st;

	*out = NULL;
	if ((st = search_query_check(q, page, &sq, f)) != 0)
		return st;
	if (db == NULL)
		return 503;
	if (search_run(db, who, &sq, &hs) == -1)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "query", sq.text);
	cJSON_AddNumberToObject(j, "page", sq.page);
	cJSON_AddNumberToObject(j, "page_size", SEARCH_PAGE_SIZE);
	list = cJSON_AddArrayToObject(j, "results");
	for (i = 0; i < hs.n; i++) {
		if ((it = hit_json(db, &hs.h[i], lang)) == NULL) {
			search_hits_free(&hs);
			cJSON_Delete(j);
			return 500;
		}
		cJSON_AddItemToArray(list, it);
	}
	if (hs.more && sq.page < SEARCH_PAGES_MAX)
		cJSON_AddNumberToObject(j, "next_page", sq.page + 1);
	else
		cJSON_AddNullToObject(j, "next_page");
	search_hits_free(&hs);
	*out = j;
	return 200;
}
