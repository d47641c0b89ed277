/*
 * paging.c: keyset pagination: ?after=<cursor>&limit=N in, and
 * {"items":[...],"next_cursor":"..."|null} out.  A cursor is the id of the
 * last item of the page before.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
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
	/* 0 is the start, as a feed with nothing in it hands out */
	if ((q = http_query(r, "after")) != NULL && (*q < '0' || *q > '9' ||
	    (pg->after = strtoll(q, &end, 10)) < 0 || *end != '\0'))
		http_field_error(r, "after", "a cursor from next_cursor");
	http_limit(r, &pg->limit);
}

/*
 * The start of a list handler: ?after= and ?limit= into pg, a 422 if any
 * field (the caller's own checks too) is wrong, then the database.  0 to
 * go on, or the status to return.
 */
int
http_list_begin(struct req *r, struct http_paging *pg, struct db **db)
{
	http_paging(r, pg);
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the query");
	if ((*db = http_db(r)) == NULL)
		return 503;
	return 0;
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

/*
 * Answer a page from a statement whose column 0 is the item's id and
 * that was bound with LIMIT limit + 1: each row becomes an item through
 * row(), then next_cursor.  Releases s.
 */
int
http_paging_answer(struct req *r, struct db_stmt *s, struct http_paging *pg,
    cJSON *(*row)(struct db_stmt *, void *), void *ctx)
{
	cJSON	*j = cJSON_CreateObject();

	if (http_keyset_items(s, pg->limit, j, row, ctx, http_cursor_id) ==
	    -1) {
		cJSON_Delete(j);
		return 500;
	}
	return http_json(r, 200, j);
}

/*
 * Answer with the one row of a bound statement (executed here) through
 * row(), or 404 with what, or 500.  Releases s.
 */
int
http_row_answer(struct req *r, struct db_stmt *s, int status,
    cJSON *(*row)(struct db_stmt *, void *), void *ctx, const char *what)
{
	cJSON	*j = NULL;
	int	 rc;

	if ((rc = db_step(s)) == DB_ROW)
		j = row(s, ctx);
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	return j != NULL ? http_json(r, status, j) :
	    http_error(r, 404, "not_found", "no such %s", what);
}

/*
 * A keyset cursor of one or two parts ("id", or "key.id" for lists that
 * sort by something before the id): a[0..parts-1] get them.  0, or -1
 * if it is not that many non-negative integers.
 */
int
http_cursor_parts(const char *s, int parts, int64_t *a)
{
	long long	 x, y;
	char		 end;

	if (s == NULL || strlen(s) > 48 || strspn(s, "0123456789.") !=
	    strlen(s))
		return -1;
	if (parts == 2 ? sscanf(s, "%lld.%lld%c", &x, &y, &end) != 2 :
	    sscanf(s, "%lld%c", &x, &end) != 1)
		return -1;
	a[0] = x;
	if (parts == 2)
		a[1] = y;
	return 0;
}

/* ?limit= (default 50, 1 to HTTP_PAGE_MAX) into *limit, or a field error. */
void
http_limit(struct req *r, int *limit)
{
	const char	*q = http_query(r, "limit");
	char		*end;

	*limit = 50;
	if (q != NULL && ((*limit = (int)strtol(q, &end, 10)) < 1 ||
	    *limit > HTTP_PAGE_MAX || *end != '\0'))
		http_field_error(r, "limit", "1 to 100");
}

/*
 * Step s (bound with LIMIT limit + 1) into j: "items", each row through
 * row(s, ctx), and "next_cursor", which cursor(s, ctx, ...) writes for
 * the last row shown when another row follows (null when none does).
 * For lists whose cursor is more than an id ("total.id").  0, or -1 on a
 * database error.  Releases s.
 */
int
http_keyset_items(struct db_stmt *s, int limit, cJSON *j,
    cJSON *(*row)(struct db_stmt *, void *), void *ctx,
    void (*cursor)(struct db_stmt *, void *, char *, size_t))
{
	cJSON	*items = cJSON_AddArrayToObject(j, "items");
	char	 cur[64] = "";
	int	 rc, n = 0;

	while ((rc = db_step(s)) == DB_ROW && n++ < limit) {
		cJSON_AddItemToArray(items, row(s, ctx));
		cursor(s, ctx, cur, sizeof(cur));
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return -1;
	if (rc == DB_ROW)
		cJSON_AddStringToObject(j, "next_cursor", cur);
	else
		cJSON_AddNullToObject(j, "next_cursor");
	return 0;
}

/* The usual cursor for http_keyset_items: the row's id, its column 0. */
void
http_cursor_id(struct db_stmt *s, void *ctx, char *out, size_t size)
{
	(void)ctx;
	snprintf(out, size, "%lld", (long long)db_col_int(s, 0));
}

/* Column col of s as j's text key, or null when the column is NULL. */
void
http_col_text(cJSON *j, const char *key, struct db_stmt *s, int col)
{
	if (db_col_null(s, col))
		cJSON_AddNullToObject(j, key);
	else
		cJSON_AddStringToObject(j, key, db_col_text(s, col, NULL));
}
