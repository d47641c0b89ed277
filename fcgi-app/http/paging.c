/*
 * paging.c: keyset pagination: ?after=<cursor>&limit=N in, and
 * {"items":[...],"next_cursor":"..."|null} out.  A cursor is the id of the
 * last item of the page before.
 */
#include <stdio.h>
#include <stdlib.h>

#include "http.h"

/* Read after and limit (default 50, at most HTTP_PAGE_MAX); field errors. */
void
http_paging(struct req *r, struct http_paging *pg)
{
	const char	*q;
	char		*end;

	pg->after = 0;
	pg->limit = 50;
	pg->last = 0;
	pg->more = 0;
	if ((q = http_query(r, "after")) != NULL &&
	    ((pg->after = strtoll(q, &end, 10)) <= 0 || *end != '\0'))
		http_field_error(r, "after", "a cursor from next_cursor");
	if ((q = http_query(r, "limit")) != NULL &&
	    ((pg->limit = (int)strtol(q, &end, 10)) < 1 ||
	    pg->limit > HTTP_PAGE_MAX || *end != '\0'))
		http_field_error(r, "limit", "1 to 100");
}

/* Add next_cursor to j: the last id shown if there was more, else null. */
void
http_paging_cursor(cJSON *j, const struct http_paging *pg)
{
	char	 cur[24];

	if (pg->more) {
		snprintf(cur, sizeof(cur), "%lld", (long long)pg->last);
		cJSON_AddStringToObject(j, "next_cursor", cur);
	} else
		cJSON_AddNullToObject(j, "next_cursor");
}
