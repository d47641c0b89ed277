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

/*
 * who's draft, priced for dealer (the text of its id; NULL or "": who's
 * own dealer): 200 with *out (orders_draft_load's JSON) and, if priced
 * is not NULL, the dealer it is priced for in *priced (0: none), or the
 * refusal (404 for a dealer who does not reach).
 */
int
orders_draft_read(struct db *db, const struct principal *who,
    const char *dealer, const char *lang, struct fault *f, cJSON **out,
    int64_t *priced)
{
	struct buyer	 b;
	int64_t		 id = 0, upto;
	char		*end;
	int		 rc;

	*out = NULL;
	if (dealer != NULL && *dealer != '\0' && (*dealer < '1' ||
	    *dealer > '9' || (id = strtoll(dealer, &end, 10)) <= 0 ||
	    *end != '\0'))
		return fault_set(f, 404, "not_found", "no such dealer");
	if (db == NULL)
		return 503;
	if ((rc = catalogue_buyer(db, who, id, &b)) != 0)
		return rc == 1 ? fault_set(f, 404, "not_found",
		    "no such dealer") : 500;
	if ((*out = orders_draft_load(db, who->user_id, lang, 1, &b, &upto,
	    NULL, 0)) == NULL)
		return 500;
	if (priced != NULL)
		*priced = b.dealer;
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
	    "dealer"), r->lang, &r->err, &j, NULL)) != 200)
		return http_refused(r, st);
	return http_json(r, as, j);
}

/* GET /api/v1/draft[?dealer=]: with what submitting it would meet */
int
orders_draft_get(struct req *r)
{
	int64_t	 dealer;
	cJSON	*j;
	int	 st;

	if ((st = orders_draft_read(http_db(r), &r->who, http_query(r,
	    "dealer"), r->lang, &r->err, &j, &dealer)) != 200)
		return http_refused(r, st);
	orders_draft_credit(http_db(r), &r->who, dealer, r->lang, j);
	return http_json(r, 200, j);
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
	cJSON			*one, *many;
	int			 nums[ORDER_LINES_MAX], i, st;

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
	/* many at once (a quick order): {"lines": [...]}, all or none */
	many = cJSON_GetObjectItemCaseSensitive(r->json, "lines");
	if (many != NULL) {
		if (!cJSON_IsArray(many))
			return http_error(r, 422, "validation_failed",
			    "lines: a list of {product, quantity, options}");
		for (i = 0; i < ORDER_LINES_MAX; i++)
			nums[i] = i;
		st = orders_draft_add(db, r->who.user_id, many, "lines", nums,
		    &idem, &r->err);
		return orders_draft_answer(r, st, st);
	}
	one = cJSON_CreateArray();
	cJSON_AddItemReferenceToArray(one, r->json);
	st = orders_draft_add(db, r->who.user_id, one, "line", NULL, &idem,
	    &r->err);
	cJSON_Delete(one);
	return orders_draft_answer(r, st, st);
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
	if ((d = orders_draft_load(db, who->user_id, lang, 0, NULL,
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
