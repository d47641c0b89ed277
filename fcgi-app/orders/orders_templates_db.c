/*
 * orders_templates_db.c: order templates (issue #23)
 *
 * A template is the caller's draft kept under a name by its organisation
 * (a dealer's buyers share theirs, a chain's its own): the lines as the
 * draft held them.  Starting an order from one adds its lines to the
 * caller's draft through orders_draft_add(), so each is checked against
 * the catalogue as it is now, all or none.  A template is made once per
 * Idempotency-Key (a retry answers it again); a name is its
 * organisation's once (409); a delete is conditional on the version.
 */
#include <stdio.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

#define TEMPLATE_NAME_MAX	100	/* bytes */
#define TEMPLATES_MAX		200	/* an organisation's (the list's size) */

static const char sql_insert[] =
	"INSERT INTO order_templates (org_id, name, lines_json, line_count, "
	"created_by, idem_key, request_hash) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_by_key[] =
	"SELECT id, request_hash FROM order_templates WHERE created_by = ? "
	"AND idem_key = ?";
static const char sql_one[] =
	"SELECT t.id, t.name, t.line_count, t.version, "
	"DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%sZ'), u.display_name, "
	"t.lines_json FROM order_templates t JOIN users u ON u.id = "
	"t.created_by WHERE t.id = ? AND t.org_id = ?";
static const char sql_list[] =
	"SELECT t.id, t.name, t.line_count, t.version, "
	"DATE_FORMAT(t.created_at, '%Y-%m-%dT%H:%i:%sZ'), u.display_name, "
	"t.lines_json FROM order_templates t JOIN users u ON u.id = "
	"t.created_by WHERE t.org_id = ? ORDER BY t.name LIMIT 200";
static const char sql_count[] =
	"SELECT COUNT(*) FROM order_templates WHERE org_id = ?";
static const char sql_delete[] =
	"DELETE FROM order_templates WHERE id = ? AND org_id = ? AND "
	"(? < 0 OR version = ?)";

/* A template's row as the API shows it. */
static cJSON *
template_json(struct db_stmt *s)
{
	cJSON	*j = cJSON_CreateObject(), *l;

	json_put_num(j, "id", (double)db_col_int(s, 0));
	json_put_str(j, "name", db_col_text(s, 1, NULL));
	json_put_num(j, "line_count", (double)db_col_int(s, 2));
	json_put_num(j, "version", (double)db_col_int(s, 3));
	json_put_str(j, "created_at", db_col_text(s, 4, NULL));
	json_put_str(j, "created_by", db_col_text(s, 5, NULL));
	if ((l = cJSON_Parse(db_col_text(s, 6, NULL))) == NULL)
		l = cJSON_CreateArray();
	cJSON_AddItemToObject(j, "lines", l);
	return j;
}

/* The template id of who's organisation: 200 and *out, 404, 500. */
int
orders_template_read(struct db *db, const struct principal *who, int64_t id,
    struct fault *f, cJSON **out)
{
	struct db_stmt	*s;
	int		 r;

	*out = NULL;
	if (db == NULL)
		return 503;
	if ((s = db_preparef(db, sql_one, "ii", id, who->org_id)) == NULL ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (r == DB_ROW)
		*out = template_json(s);
	db_stmt_release(s);
	return *out != NULL ? 200 : fault_set(f, 404, "not_found",
	    "no such template");
}

/* who's organisation's templates by name: {"items": [...]}.  200, 500. */
int
orders_templates_list(struct db *db, const struct principal *who,
    cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*items;
	int		 r;

	*out = NULL;
	if (db == NULL)
		return 503;
	if ((s = db_preparef(db, sql_list, "i", who->org_id)) == NULL)
		return 500;
	*out = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(*out, "items");
	while ((r = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(items, template_json(s));
	db_stmt_release(s);
	if (r == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}

/* The draft's lines as a template keeps them: [{product, quantity, options}]. */
static cJSON *
draft_lines(struct db *db, int64_t user, int *n)
{
	cJSON		*d, *kept, *it, *l;
	int64_t		 upto;

	*n = 0;
	if ((d = orders_draft_load(db, user, "zh", 0, '\0', &upto, NULL,
	    1)) == NULL)
		return NULL;
	kept = cJSON_CreateArray();
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "lines")) {
		l = cJSON_CreateObject();
		cJSON_AddItemToObject(l, "product", cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(it, "product"), 1));
		cJSON_AddItemToObject(l, "quantity", cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(it, "quantity"), 1));
		cJSON_AddItemToObject(l, "options", cJSON_Duplicate(
		    cJSON_GetObjectItemCaseSensitive(it, "options"), 1));
		cJSON_AddItemToArray(kept, l);
		(*n)++;
	}
	cJSON_Delete(d);
	return kept;
}

/*
 * A retry of key's request (hash) by user: 1 with *id when it made a
 * template, 2 when the key was used for another request, 0, -1.
 */
static int
made_before(struct db *db, int64_t user, const char *key, const char *hash,
    int64_t *id)
{
	struct db_stmt	*s;
	int		 r;

	if ((s = db_preparef(db, sql_by_key, "it", user, key)) == NULL ||
	    (r = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (r == DB_ROW) {
		*id = db_col_int(s, 0);
		r = strcmp(db_col_text(s, 1, NULL), hash) == 0 ? 1 : 2;
	} else
		r = 0;
	db_stmt_release(s);
	return r;
}

/*
 * Keep who's draft as the template name (idem's key required): 201 with
 * *id made, 200 with *id made before by this key, else the refusal (409
 * the name is taken or the key was used otherwise, 422).
 */
int
orders_template_save(struct db *db, const struct principal *who,
    const char *name, const struct orders_idem *idem, int64_t *id,
    struct fault *f)
{
	char		 hash[UTIL_SHA256_HEX], *text = NULL;
	struct db_stmt	*s;
	cJSON		*lines = NULL;
	int		 n, rc, st = 500, count;

	if (!http_idem_ok(idem->key))
		fault_field(f, "Idempotency-Key", "required: 1 to 100 of "
		    "A-Z a-z 0-9 - _ . :");
	if (name == NULL || util_blank(name) ||
	    strlen(name) > TEMPLATE_NAME_MAX)
		fault_field(f, "name", "1 to 100 characters");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db == NULL)
		return 503;
	util_sha256_hex(hash, idem->body, idem->len);
	/* the draft is held while it is read and kept */
	if (orders_draft_lock(db, who->user_id, &count) == -1)
		return 500;
	if ((rc = made_before(db, who->user_id, idem->key, hash, id)) != 0) {
		db_rollback(db);
		return rc == 1 ? 200 : rc == 2 ? fault_set(f, 409,
		    "idempotency_conflict", "this Idempotency-Key was used for "
		    "another request") : 500;
	}
	if ((s = db_preparef(db, sql_count, "i", who->org_id)) == NULL ||
	    db_step(s) != DB_ROW) {
		db_stmt_release(s);
		goto fail;
	}
	count = (int)db_col_int(s, 0);
	db_stmt_release(s);
	if (count >= TEMPLATES_MAX) {
		db_rollback(db);
		fault_field(f, "name", "an organisation keeps at most 200 "
		    "templates: delete one first");
		return fault_set(f, 422, "validation_failed",
		    "too many templates");
	}
	if ((lines = draft_lines(db, who->user_id, &n)) == NULL)
		goto fail;
	if (n == 0) {
		db_rollback(db);
		cJSON_Delete(lines);
		fault_field(f, "draft", "the draft has no lines to keep");
		return fault_set(f, 422, "validation_failed",
		    "the draft is empty");
	}
	if ((text = cJSON_PrintUnformatted(lines)) == NULL)
		goto fail;
	if (db_execv(db, sql_insert, (uint64_t *)id, "itsiits", who->org_id,
	    name, text, (int64_t)n, who->user_id, idem->key, hash) != 1) {
		if (!db_is_duplicate(db))
			goto fail;
		db_rollback(db);
		/* the key's row, committed meanwhile, or the name's */
		if ((rc = made_before(db, who->user_id, idem->key, hash,
		    id)) == 1)
			st = 200;
		else if (rc == 0) {
			fault_field(f, "name", "taken by another template");
			st = fault_set(f, 409, "conflict", "a template of "
			    "that name exists");
		} else if (rc == 2)
			st = fault_set(f, 409, "idempotency_conflict", "this "
			    "Idempotency-Key was used for another request");
		goto out;
	}
	if (db_commit(db) == -1)
		goto fail;
	st = 201;
	goto out;
fail:
	db_rollback(db);
out:
	cJSON_free(text);
	cJSON_Delete(lines);
	return st;
}

/*
 * Start an order from template id: its lines into who's draft, each
 * checked as now (all or none; idem as for orders_draft_add): 201, 200
 * (added before under the key), or the refusal (404, 422).
 */
int
orders_template_use(struct db *db, const struct principal *who, int64_t id,
    const struct orders_idem *idem, struct fault *f)
{
	int	 nums[ORDER_LINES_MAX], i;
	cJSON	*t;
	int	 st;

	if ((st = orders_template_read(db, who, id, f, &t)) != 200)
		return st;
	for (i = 0; i < ORDER_LINES_MAX; i++)
		nums[i] = i;		/* problems named lines[i] */
	st = orders_draft_add(db, who->user_id,
	    cJSON_GetObjectItemCaseSensitive(t, "lines"), "lines", nums, idem,
	    f);
	cJSON_Delete(t);
	return st;
}

/* Delete template id at version (-1: any): 200, 404, 409, 500. */
int
orders_template_delete(struct db *db, const struct principal *who,
    int64_t id, int64_t version, struct fault *f)
{
	cJSON	*t;
	int	 st, n;

	if (db == NULL)
		return 503;
	if ((n = db_execv(db, sql_delete, NULL, "iiii", id, who->org_id,
	    version, version)) == -1)
		return 500;
	if (n == 1)
		return 200;
	if ((st = orders_template_read(db, who, id, f, &t)) != 200)
		return st;
	cJSON_Delete(t);
	return fault_set(f, 409, "conflict", "the template was changed "
	    "meanwhile; reload");
}
