/*
 * orders_draft_http.c: the draft's operations and its API: show it, add,
 * change and remove lines, and submit it as an order
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

/*
 * who's draft, priced for dealer (the text of its id; NULL or "": who's
 * own tier): 200 with *out (orders_draft_load's JSON), or the refusal
 * (404 for a dealer who does not reach).
 */
int
orders_draft_read(struct db *db, const struct principal *who,
    const char *dealer, const char *lang, struct fault *f, cJSON **out)
{
	int64_t		 id = 0, upto;
	char		 tier, *end;
	int		 rc;

	*out = NULL;
	if (dealer != NULL && *dealer != '\0' && (*dealer < '1' ||
	    *dealer > '9' || (id = strtoll(dealer, &end, 10)) <= 0 ||
	    *end != '\0'))
		return fault_set(f, 404, "not_found", "no such dealer");
	if (db == NULL)
		return 503;
	if ((rc = catalogue_tier(db, who, id, &tier)) != 0)
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such dealer") : 500;
	if ((*out = orders_draft_load(db, who->user_id, lang, 1, tier, &upto,
	    NULL, 0)) == NULL)
		return 500;
	return 200;
}

/*
 * The answer to a draft operation that returned st: the caller's draft,
 * priced for ?dealer= (staff) or its own, with status as.
 */
int
orders_draft_answer(struct req *r, int st, int as)
{
	cJSON	*j;

	if (st != 200 && st != 201)
		return http_refused(r, st);
	if ((st = orders_draft_read(http_db(r), &r->who, http_query(r,
	    "dealer"), r->lang, &r->err, &j)) != 200)
		return http_refused(r, st);
	return http_json(r, as, j);
}

int
orders_draft_get(struct req *r)
{
	return orders_draft_answer(r, 200, 200);
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

int
orders_draft_lines_post(struct req *r)
{
	struct orders_idem	 idem;
	struct db		*db;
	cJSON			*one;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&idem, 0, sizeof(idem));
	if (orders_draft_add_key(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"),
	    &idem.key) == -1)
		return http_error(r, 422, "validation_failed", "check the key");
	if ((db = http_db(r)) == NULL)
		return 503;
	idem.body = r->body;
	idem.len = r->body_len;
	one = cJSON_CreateArray();
	cJSON_AddItemReferenceToArray(one, r->json);
	st = orders_draft_add(db, r->who.user_id, one, "line", NULL, &idem,
	    &r->err);
	cJSON_Delete(one);
	return orders_draft_answer(r, st, st);
}

/* user's own line id, as {product, quantity, options}; 404 else. */
static int
load_line(struct db *db, int64_t user, int64_t id, struct fault *f,
    cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*o;
	int		 rc;

	*out = NULL;
	if ((s = db_prepare(db, stmts[STMT_ONE])) == NULL ||
	    db_bind_int(s, 0, id) == -1 || db_bind_int(s, 1, user) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return fault_set(f, 404, "not_found", "no such draft line");
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

/*
 * Change who's draft line id as changes ({quantity, options}, either)
 * say, checked like a new line: 200, or the refusal.
 */
int
orders_draft_line_change(struct db *db, const struct principal *who,
    int64_t id, const cJSON *changes, struct fault *f)
{
	struct draft_line	 l;
	struct db_stmt		*s;
	const cJSON		*v;
	cJSON			*line;
	int			 st, ok;

	memset(&l, 0, sizeof(l));
	if (db == NULL)
		return 503;
	if (id <= 0)
		return fault_set(f, 404, "not_found", "no such draft line");
	if ((st = load_line(db, who->user_id, id, f, &line)) != 0)
		return st;
	cJSON_ArrayForEach(v, changes) {
		if (strcmp(v->string, "quantity") != 0 &&
		    strcmp(v->string, "options") != 0) {
			fault_field(f, v->string, "only quantity and "
			    "options change");
			continue;
		}
		cJSON_ReplaceItemInObjectCaseSensitive(line, v->string,
		    cJSON_Duplicate(v, 1));
	}
	if (!fault_fields(f) &&
	    orders_draft_line_check(db, f, line, "line", &l) == -1) {
		cJSON_Delete(line);
		return 500;
	}
	cJSON_Delete(line);
	if (fault_fields(f)) {
		orders_draft_line_free(&l);
		return fault_set(f, 422, "validation_failed",
		    "check the line");
	}
	ok = (s = db_prepare(db, stmts[STMT_SET])) != NULL &&
	    db_bind_int(s, 0, l.product_id) == 0 &&
	    db_bind_int(s, 1, l.quantity) == 0 &&
	    db_bind_text(s, 2, l.options) == 0 && db_bind_int(s, 3, id) == 0 &&
	    db_bind_int(s, 4, who->user_id) == 0 && db_exec(s) == 0;
	db_stmt_release(s);
	orders_draft_line_free(&l);
	return ok ? 200 : 500;
}

/* Remove who's draft line id: 200, or the refusal (404). */
int
orders_draft_line_remove(struct db *db, const struct principal *who,
    int64_t id, struct fault *f)
{
	struct db_stmt	*s;
	int		 ok, gone;

	if (db == NULL)
		return 503;
	ok = (s = db_prepare(db, stmts[STMT_DEL])) != NULL &&
	    db_bind_int(s, 0, id) == 0 &&
	    db_bind_int(s, 1, who->user_id) == 0 && db_exec(s) == 0;
	gone = ok && db_affected(s) == 1;
	db_stmt_release(s);
	if (!ok)
		return 500;
	return gone ? 200 : fault_set(f, 404, "not_found",
	    "no such draft line");
}

int
orders_draft_line_patch(struct req *r)
{
	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	return orders_draft_answer(r, orders_draft_line_change(http_db(r),
	    &r->who, http_param_id(r, "id"), r->json, &r->err), 200);
}

int
orders_draft_line_delete(struct req *r)
{
	return orders_draft_answer(r, orders_draft_line_remove(http_db(r),
	    &r->who, http_param_id(r, "id"), &r->err), 200);
}

/*
 * The draft becomes an order: its lines go to orders_place() with in's
 * fields, keyed by the key over "draft" and the request's body; the
 * order empties exactly these lines in its transaction, so a second
 * submission of the same draft finds nothing left and answers 409.
 * 201 (or 200, a retry) with *out, or the refusal.
 */
int
orders_draft_submit(struct db *db, const struct principal *who,
    const struct orders_order_in *in, const struct orders_idem *idem,
    const char *lang, struct fault *f, cJSON **out)
{
	struct orders_order_in	 o = *in;
	struct orders_idem	 k = *idem;
	struct order_source	 src;
	const cJSON		*it;
	cJSON			*d, *lines;
	int			 st;

	*out = NULL;
	if (db == NULL)
		return 503;
	memset(&src, 0, sizeof(src));
	if ((d = orders_draft_load(db, who->user_id, lang, 0, '\0',
	    &src.draft_upto, &src.print, 0)) == NULL)
		return 500;
	src.draft_user = who->user_id;
	lines = cJSON_CreateArray();
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(d, "lines")) {
		cJSON_AddItemToArray(lines, cJSON_Duplicate(it, 1));
		cJSON_DeleteItemFromObject(cJSON_GetArrayItem(lines,
		    cJSON_GetArraySize(lines) - 1), "id");
	}
	cJSON_Delete(d);
	o.lines = lines;
	k.tag = "draft\n";
	st = orders_place(db, who, &o, &k, &src, lang, f, out);
	cJSON_Delete(lines);
	return st;
}

int
orders_draft_submit_post(struct req *r)
{
	struct orders_order_in	 in;
	struct orders_idem	 idem;
	cJSON			*j;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (cJSON_HasObjectItem(r->json, "lines")) {
		http_field_error(r, "lines", "not here: the draft's lines are "
		    "submitted");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	orders_order_in_json(r, &in, &idem);
	if ((st = orders_draft_submit(http_db(r), &r->who, &in, &idem,
	    r->lang, &r->err, &j)) != 200 && st != 201)
		return http_refused(r, st);
	return http_json(r, st, j);
}
