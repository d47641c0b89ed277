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
parse_options(struct fault *fl, char *text, const cJSON *schema,
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
			fault_field(fl, f, "name=value;name=value");
			return;
		}
		*eq = '\0';
		k = csv_trim(item);
		v = csv_trim(eq + 1);
		snprintf(f, sizeof(f), "%s.options.%.32s", pfx, k);
		if (*k == '\0' || strlen(k) > 32 ||
		    cJSON_HasObjectItem(opts, k)) {
			fault_field(fl, f, "each option once, by name");
			continue;
		}
		type = schema != NULL ? option_type(schema, k) : NULL;
		if (type != NULL && strcmp(type, "number") == 0) {
			if (!whole(v, &n)) {
				fault_field(fl, f, "a whole number");
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
csv_lines(struct fault *fl, struct db *db, const char *text, size_t len,
    cJSON **lines, int **nums)
{
	struct csv_row	 rows[ORDER_LINES_MAX + 1];
	const char	*why;
	char		 pfx[32], f[48];
	int		 n, i, line;

	*lines = cJSON_CreateArray();
	*nums = NULL;
	if ((n = csv_parse(text, len, rows, ORDER_LINES_MAX + 1, &line,
	    &why)) == -1) {
		snprintf(f, sizeof(f), "rows[%d]", line);
		fault_field(fl, line > 0 ? f : "csv", why);
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
			fault_field(fl, pfx, "model, quantity, options");
			continue;
		}
		(*nums)[cJSON_GetArraySize(*lines)] = rows[i].line;
		if (orders_draft_row(fl, db, pfx, rows[i].fields[0],
		    rows[i].fields[1], rows[i].nfields == 3 ? rows[i].fields[2] :
		    NULL, *lines) == -1) {
			csv_rows_free(rows, n);
			return -1;
		}
	}
	csv_rows_free(rows, n);
	if (cJSON_GetArraySize(*lines) == 0 && !fault_fields(fl))
		fault_field(fl, "csv", "no rows: model,quantity,options");
	return 0;
}

/*
 * One typed row (a CSV's, the quick order's) as a line {product,
 * quantity, options} appended to lines; its problems into fl named by
 * pfx (rows[3].quantity).  The texts are trimmed in place; opts (NULL:
 * none) is "name=value;name=value" typed by the product's schema.  0, or
 * -1 on a database error.
 */
int
orders_draft_row(struct fault *fl, struct db *db, const char *pfx,
    char *code, char *qty, char *opts, cJSON *lines)
{
	struct product	 p;
	cJSON		*l, *o;
	char		 f[48];
	long long	 q;
	int		 rc, have;

	l = cJSON_CreateObject();
	code = csv_trim(code);
	cJSON_AddStringToObject(l, "product", code);
	if (whole(csv_trim(qty), &q))
		cJSON_AddNumberToObject(l, "quantity", (double)q);
	else {
		snprintf(f, sizeof(f), "%s.quantity", pfx);
		fault_field(fl, f, "a whole number from 1 to 100000");
	}
	if ((rc = catalogue_product(db, code, &p)) == -1) {
		cJSON_Delete(l);
		return -1;
	}
	have = rc == 0;
	o = cJSON_AddObjectToObject(l, "options");
	if (opts != NULL)
		parse_options(fl, opts, have ? p.schema : NULL, pfx, o);
	if (have)
		catalogue_product_free(&p);
	cJSON_AddItemToArray(lines, l);
	return 0;
}

/*
 * Check every row of the CSV text, then add them all to user's draft, or
 * none (idem as for orders_draft_add): 201 added, 200 added before under
 * the key, else the refusal (422 naming every row's problems).
 */
int
orders_draft_csv_add(struct db *db, int64_t user, const char *text,
    size_t len, const struct orders_idem *idem, struct fault *f)
{
	cJSON	*lines;
	int	*nums, st;

	/* every row is checked, so one answer names every problem */
	if (csv_lines(f, db, text, len, &lines, &nums) == -1)
		st = 500;
	else if (cJSON_GetArraySize(lines) > 0)
		st = orders_draft_add(db, user, lines, "rows", nums, idem, f);
	else
		st = fault_set(f, 422, "validation_failed", "check the "
		    "lines; nothing was added");
	cJSON_Delete(lines);
	free(nums);
	return st;
}

int
orders_draft_csv_post(struct req *r)
{
	const char		*ct = http_env(r, "CONTENT_TYPE");
	struct orders_idem	 idem;
	struct db		*db;
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (ct == NULL || strncasecmp(ct, "text/csv", 8) != 0)
		return http_error(r, 415, "unsupported_media_type",
		    "send text/csv: model,quantity,options");
	memset(&idem, 0, sizeof(idem));
	if (orders_draft_add_key(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"),
	    &idem.key) == -1)
		return http_error(r, 422, "validation_failed", "check the key");
	idem.body = r->body;
	idem.len = r->body_len;
	st = orders_draft_csv_add(db, r->who.user_id, r->body != NULL ?
	    r->body : "", r->body_len, &idem, &r->err);
	return orders_draft_answer(r, st, 200);
}
