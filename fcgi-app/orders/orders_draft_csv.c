/*
 * orders_draft_csv.c: bulk entry: a CSV of lines into the draft
 *
 *   POST /api/v1/draft/csv (text/csv)
 *
 * Each row is model, quantity, options as "name=value;name=value"; a
 * first row naming the columns is skipped.  Every row is checked before
 * any is added, and each problem is named by the row's line in the file:
 * rows[3].options.colour.  All rows go in, or none.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../catalogue/catalogue.h"
#include "../core/csv.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

static int
is_header(const struct csv_row *row)
{
	const char	*f = row->nfields > 0 ? row->fields[0] : "";

	return strcasecmp(f, "model") == 0 || strcasecmp(f, "product") == 0 ||
	    strcmp(f, "型号") == 0;
}

/* The schema's type of option name: "number", "enum", "text" or NULL. */
static const char *
option_type(const cJSON *schema, const char *name)
{
	const cJSON	*o;
	const char	*n;

	cJSON_ArrayForEach(o, schema)
		if ((n = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		    o, "name"))) != NULL && strcmp(n, name) == 0)
			return cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(o, "type"));
	return NULL;
}

static int
whole(const char *s, long long *v)
{
	char	*end;

	if (*s == '\0' || strlen(s) > 12)
		return 0;
	*v = strtoll(s, &end, 10);
	return *end == '\0';
}

/* "a=1;b=x" into opts, typed by the schema; field errors under pfx. */
static void
parse_options(struct req *r, char *text, const cJSON *schema,
    const char *pfx, cJSON *opts)
{
	char		*item, *save = NULL, *eq, *k, *v, f[80];
	const char	*type;
	long long	 n;

	for (item = strtok_r(text, ";", &save); item != NULL;
	    item = strtok_r(NULL, ";", &save)) {
		if (*csv_trim(item) == '\0')
			continue;
		if ((eq = strchr(item, '=')) == NULL) {
			snprintf(f, sizeof(f), "%s.options", pfx);
			http_field_error(r, f, "name=value;name=value");
			return;
		}
		*eq = '\0';
		k = csv_trim(item);
		v = csv_trim(eq + 1);
		snprintf(f, sizeof(f), "%s.options.%.32s", pfx, k);
		if (*k == '\0' || strlen(k) > 32 ||
		    cJSON_HasObjectItem(opts, k)) {
			http_field_error(r, f, "each option once, by name");
			continue;
		}
		type = schema != NULL ? option_type(schema, k) : NULL;
		if (type != NULL && strcmp(type, "number") == 0) {
			if (!whole(v, &n)) {
				http_field_error(r, f, "a whole number");
				continue;
			}
			cJSON_AddNumberToObject(opts, k, (double)n);
		} else
			cJSON_AddStringToObject(opts, k, v);
	}
}

/*
 * Read CSV text into *lines ([{product, quantity, options}]) and *nums
 * (each line's row in the file); row problems are field errors.
 * 0, or -1 on a database error.  The caller frees both.
 */
static int
csv_lines(struct req *r, struct db *db, const char *text, size_t len,
    cJSON **lines, int **nums)
{
	struct csv_row	 rows[ORDER_LINES_MAX + 1];
	struct product	 p;
	const char	*why;
	char		 pfx[32], f[48], *code;
	cJSON		*l, *opts;
	long long	 q;
	int		 n, i, line, rc, have;

	*lines = cJSON_CreateArray();
	*nums = NULL;
	if ((n = csv_parse(text, len, rows, ORDER_LINES_MAX + 1, &line,
	    &why)) == -1) {
		snprintf(f, sizeof(f), "rows[%d]", line);
		http_field_error(r, line > 0 ? f : "csv", why);
		return 0;
	}
	if ((*nums = calloc((size_t)n + 1, sizeof(**nums))) == NULL) {
		csv_rows_free(rows, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (i == 0 && is_header(&rows[0]))
			continue;
		snprintf(pfx, sizeof(pfx), "rows[%d]", rows[i].line);
		if (rows[i].nfields < 2 || rows[i].nfields > 3) {
			http_field_error(r, pfx, "model, quantity, options");
			continue;
		}
		l = cJSON_CreateObject();
		code = csv_trim(rows[i].fields[0]);
		cJSON_AddStringToObject(l, "product", code);
		if (whole(csv_trim(rows[i].fields[1]), &q))
			cJSON_AddNumberToObject(l, "quantity", (double)q);
		else {
			snprintf(f, sizeof(f), "%s.quantity", pfx);
			http_field_error(r, f, "a whole number from 1 to "
			    "100000");
		}
		if ((rc = catalogue_product(db, code, &p)) == -1) {
			cJSON_Delete(l);
			csv_rows_free(rows, n);
			return -1;
		}
		have = rc == 0;
		opts = cJSON_AddObjectToObject(l, "options");
		if (rows[i].nfields == 3)
			parse_options(r, rows[i].fields[2], have ? p.schema :
			    NULL, pfx, opts);
		if (have)
			catalogue_product_free(&p);
		(*nums)[cJSON_GetArraySize(*lines)] = rows[i].line;
		cJSON_AddItemToArray(*lines, l);
	}
	csv_rows_free(rows, n);
	if (cJSON_GetArraySize(*lines) == 0 && r->err.fields == NULL)
		http_field_error(r, "csv", "no rows: model,quantity,options");
	return 0;
}

/*
 * Check every row of the CSV text, then add them all to the caller's
 * draft, or none: 0 added, 1 refused (field errors set), -1 error.
 */
int
orders_draft_csv_add(struct req *r, struct db *db, const char *text, size_t len,
    const char *key)
{
	cJSON	*lines;
	int	*nums, rc;

	/* every row is checked, so one answer names every problem */
	if ((rc = csv_lines(r, db, text, len, &lines, &nums)) == 0 &&
	    cJSON_GetArraySize(lines) > 0)
		rc = orders_draft_add(r, db, lines, "rows", nums, key);
	cJSON_Delete(lines);
	free(nums);
	return rc == 0 && r->err.fields != NULL ? 1 : rc;
}

int
orders_draft_csv_post(struct req *r)
{
	const char	*ct = http_env(r, "CONTENT_TYPE"), *key;
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (ct == NULL || strncasecmp(ct, "text/csv", 8) != 0)
		return http_error(r, 415, "unsupported_media_type",
		    "send text/csv: model,quantity,options");
	if (orders_draft_add_key(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"), &key)
	    == -1)
		return http_error(r, 422, "validation_failed", "check the key");
	return orders_draft_add_answer(r, orders_draft_csv_add(r, db, r->body !=
	    NULL ?
	    r->body : "", r->body_len, key), 200);
}
