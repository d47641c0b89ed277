/*
 * orders_draft_http.c: the draft's API: show it, add, change and remove lines,
 * and submit it as an order
 *
 *   GET    /api/v1/draft[?dealer=]	the draft, priced (for that dealer)
 *   POST   /api/v1/draft/lines		{product, quantity, options}
 *   PATCH  /api/v1/draft/lines/{id}	{quantity, options}
 *   DELETE /api/v1/draft/lines/{id}
 *   POST   /api/v1/draft/submit	{requested_date, ship_to, note,
 *					 dealer} + Idempotency-Key
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../catalogue/catalogue.h"
#include "../db/db.h"
#include "../http/http.h"
#include "orders.h"

enum stmt { STMT_ONE, STMT_SET, STMT_DEL, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT p.code, d.quantity, d.options FROM draft_lines d JOIN "
	"products p ON p.id = d.product_id WHERE d.id = ? AND d.user_id = ?",
	"UPDATE draft_lines SET product_id = ?, quantity = ?, options = ? "
	"WHERE id = ? AND user_id = ?",
	"DELETE FROM draft_lines WHERE id = ? AND user_id = ?",
};

/* Answer with the caller's draft, priced for ?dealer= (staff) or its own. */
int
orders_draft_answer(struct req *r, int status)
{
	const char	*d = http_query(r, "dealer");
	struct db	*db;
	int64_t		 dealer = 0, upto;
	char		 tier, *end;
	cJSON		*j;
	int		 rc;

	if (d != NULL && *d != '\0' && (*d < '1' || *d > '9' ||
	    (dealer = strtoll(d, &end, 10)) <= 0 || *end != '\0'))
		return http_error(r, 404, "not_found", "no such dealer");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = catalogue_tier(db, &r->who, dealer, &tier)) != 0)
		return rc == 1 ? http_error(r, 404, "not_found",
		    "no such dealer") : 500;
	if ((j = orders_draft_load(r, db, 1, tier, &upto, NULL, 0)) == NULL)
		return 500;
	return http_json(r, status, j);
}

int
orders_draft_get(struct req *r)
{
	return orders_draft_answer(r, 200);
}

/*
 * The optional Idempotency-Key of an add: *key NULL when absent; -1 (a
 * field error) when malformed.
 */
int
orders_draft_add_key(struct req *r, const char *k, const char **key)
{
	*key = k != NULL && *k != '\0' ? k : NULL;
	if (*key != NULL && !http_idem_ok(*key)) {
		http_field_error(r, "Idempotency-Key", "1 to 100 of A-Z a-z "
		    "0-9 - _ . :");
		return -1;
	}
	return 0;
}

/* The answer to an add that orders_draft_add() returned rc for. */
int
orders_draft_add_answer(struct req *r, int rc, int added)
{
	switch (rc) {
	case 0:
		return orders_draft_answer(r, added);
	case 1:
		return http_error(r, 422, "validation_failed", "check the "
		    "lines; nothing was added");
	case 2:				/* a retry: added the first time */
		return orders_draft_answer(r, 200);
	case 3:
		return http_error(r, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used for another request");
	default:
		return 500;
	}
}

int
orders_draft_lines_post(struct req *r)
{
	const char	*key;
	struct db	*db;
	cJSON		*one;
	int		 rc;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (orders_draft_add_key(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"), &key)
	    == -1)
		return http_error(r, 422, "validation_failed", "check the key");
	if ((db = http_db(r)) == NULL)
		return 503;
	one = cJSON_CreateArray();
	cJSON_AddItemReferenceToArray(one, r->json);
	rc = orders_draft_add(r, db, one, "line", NULL, key);
	cJSON_Delete(one);
	return orders_draft_add_answer(r, rc, 201);
}

/* The caller's own line {id}, as {product, quantity, options}; 404 else. */
static int
load_line(struct req *r, struct db *db, int64_t id, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*o;
	int		 rc;

	*out = NULL;
	if ((s = db_prepare(db, stmts[STMT_ONE])) == NULL ||
	    db_bind_int(s, 0, id) == -1 ||
	    db_bind_int(s, 1, r->who.user_id) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return http_error(r, 404, "not_found", "no such draft line");
	}
	*out = cJSON_CreateObject();
	cJSON_AddStringToObject(*out, "product", db_col_text(s, 0, NULL));
	cJSON_AddNumberToObject(*out, "quantity", (double)db_col_int(s, 1));
	if ((o = cJSON_Parse(db_col_text(s, 2, NULL))) == NULL)
		o = cJSON_CreateObject();
	cJSON_AddItemToObject(*out, "options", o);
	db_stmt_release(s);
	return 0;
}

int
orders_draft_line_patch(struct req *r)
{
	struct draft_line	 l;
	struct db_stmt		*s;
	struct db		*db;
	const cJSON		*v;
	int64_t			 id = http_param_id(r, "id");
	cJSON			*line;
	int			 st, ok;

	memset(&l, 0, sizeof(l));
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if ((db = http_db(r)) == NULL)
		return 503;
	if (id <= 0)
		return http_error(r, 404, "not_found", "no such draft line");
	if ((st = load_line(r, db, id, &line)) != 0)
		return st;
	cJSON_ArrayForEach(v, r->json) {
		if (strcmp(v->string, "quantity") != 0 &&
		    strcmp(v->string, "options") != 0) {
			http_field_error(r, v->string, "only quantity and "
			    "options change");
			continue;
		}
		cJSON_ReplaceItemInObjectCaseSensitive(line, v->string,
		    cJSON_Duplicate(v, 1));
	}
	if (r->err.fields == NULL &&
	    (st = orders_draft_line_check(r, db, line, "line", &l)) == -1) {
		cJSON_Delete(line);
		return 500;
	}
	cJSON_Delete(line);
	if (r->err.fields != NULL) {
		orders_draft_line_free(&l);
		return http_error(r, 422, "validation_failed",
		    "check the line");
	}
	ok = (s = db_prepare(db, stmts[STMT_SET])) != NULL &&
	    db_bind_int(s, 0, l.product_id) == 0 &&
	    db_bind_int(s, 1, l.quantity) == 0 &&
	    db_bind_text(s, 2, l.options) == 0 && db_bind_int(s, 3, id) == 0 &&
	    db_bind_int(s, 4, r->who.user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	orders_draft_line_free(&l);
	return ok ? orders_draft_answer(r, 200) : 500;
}

int
orders_draft_line_delete(struct req *r)
{
	struct db_stmt	*s;
	struct db	*db;
	int64_t		 id = http_param_id(r, "id");
	int		 ok, gone;

	if ((db = http_db(r)) == NULL)
		return 503;
	ok = (s = db_prepare(db, stmts[STMT_DEL])) != NULL &&
	    db_bind_int(s, 0, id) == 0 &&
	    db_bind_int(s, 1, r->who.user_id) == 0 && db_exec(s) == 0;
	gone = ok && db_affected(s) == 1;
	db_stmt_release(s);
	if (!ok)
		return 500;
	if (!gone)
		return http_error(r, 404, "not_found", "no such draft line");
	return orders_draft_answer(r, 200);
}

/*
 * The draft becomes an order: its lines go to orders_place() with the
 * posted fields, keyed by the Idempotency-Key over "draft" and the body;
 * the order empties exactly these lines in its transaction, so a second
 * submission of the same draft finds nothing left and answers 409.
 */
int
orders_draft_submit(struct req *r, const char *key)
{
	struct order_source	 src;
	struct db		*db;
	const cJSON		*it;
	cJSON			*d, *body, *lines;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (cJSON_HasObjectItem(r->json, "lines")) {
		http_field_error(r, "lines", "not here: the draft's lines are "
		    "submitted");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	memset(&src, 0, sizeof(src));
	if ((d = orders_draft_load(r, db, 0, '\0', &src.draft_upto, &src.print,
	    0)) == NULL)
		return 500;
	src.draft_user = r->who.user_id;
	body = cJSON_Duplicate(r->json, 1);
	lines = cJSON_AddArrayToObject(body, "lines");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "lines")) {
		cJSON_AddItemToArray(lines, cJSON_Duplicate(it, 1));
		cJSON_DeleteItemFromObject(cJSON_GetArrayItem(lines,
		    cJSON_GetArraySize(lines) - 1), "id");
	}
	cJSON_Delete(d);
	cJSON_Delete(r->json);
	r->json = body;
	return orders_place(r, key, "draft\n", &src);
}

int
orders_draft_submit_post(struct req *r)
{
	return orders_draft_submit(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"));
}
