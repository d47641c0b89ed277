/*
 * orders_return_pages.c: returns (RMA) on pages
 *   the order page: its returns, and for the dealer's buyers the form
 *	that asks to return what was delivered and not yet asked back
 *   /returns: the returns the reader may see, newest first, by status
 *   /returns/{number}: one with its lines, and the forms of whoever may
 *	move it: approve, refuse (region), receive (region), withdraw
 *	(the dealer's buyers)
 * Each form calls the operation the API calls (orders_return_request(),
 * orders_return_move()).
 */
#include <stdio.h>
#include <string.h>

#include "../media/media.h"
#include "../core/util.h"
#include "../http/http.h"
#include "orders.h"

/* A form's field; NULL when empty, as when not sent. */
static const char *
formval(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* j.status in the reader's words as j.status_label, j.amount in yuan. */
static void
words(struct req *r, cJSON *j)
{
	const char	*st = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, "status"));
	char		 key[48];

	snprintf(key, sizeof(key), "orders_rma_status_%s",
	    st != NULL ? st : "");
	cJSON_AddStringToObject(j, "status_label", http_i18n(r, key));
	orders_page_money(j, "amount", "amount_text");
}

/* A number of j's member name, 0 if none (an old line has no "returned"). */
static int64_t
num(const cJSON *j, const char *name)
{
	return (int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(j, name));
}

/* The return form: a quantity for each line with something to return. */
static void
return_form(struct req *r, cJSON *ctx, const cJSON *o)
{
	const cJSON	*it;
	cJSON		*f, *lines, *l;
	char		 name[32];
	int64_t		 left, no;
	const char	*v;

	f = cJSON_CreateObject();
	lines = cJSON_AddArrayToObject(f, "lines");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "lines")) {
		if ((left = num(it, "shipped") - num(it, "returned")) <= 0)
			continue;
		no = num(it, "line");
		l = cJSON_CreateObject();
		cJSON_AddNumberToObject(l, "line", (double)no);
		cJSON_AddStringToObject(l, "product", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "product")));
		cJSON_AddStringToObject(l, "options_text", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "options_text")));
		cJSON_AddNumberToObject(l, "left", (double)left);
		snprintf(name, sizeof(name), "line_%lld", (long long)no);
		v = http_formval(r, name);
		cJSON_AddStringToObject(l, "value", v != NULL ? v : "");
		cJSON_AddItemToArray(lines, l);
	}
	if (cJSON_GetArraySize(lines) == 0) {
		cJSON_Delete(f);
		return;
	}
	v = http_formval(r, "reason");
	cJSON_AddStringToObject(f, "reason", v != NULL ? v : "");
	cJSON_AddItemToObject(ctx, "return_form", f);
	/* shown again after a refusal: the same key, so a retry is one */
	if (orders_form_key(r) != NULL && !cJSON_HasObjectItem(ctx, "idem"))
		cJSON_AddStringToObject(ctx, "idem", orders_form_key(r));
}

/*
 * The order page's part: its returns in the reader's words, and the form
 * to the dealer's (or its chain's) buyers once the order has gone out.
 */
void
orders_return_panel(struct req *r, cJSON *ctx, const cJSON *o,
    enum order_status now)
{
	cJSON	*it;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "returns"))
		words(r, it);
	if (ORG_IS_CUSTOMER(r->who.kind) && (r->who.roles & RETURN_TAKERS) &&
	    orders_can_return(now))
		return_form(r, ctx, o);
}

/*
 * The order page's return form posted: a return of the lines given a
 * quantity (field errors as lines[i] of those, in the lines' order);
 * made, to its page (303), else the refusal's status.
 */
int
orders_return_order_post(struct req *r, struct db *db, const char *number)
{
	struct ship_line	 lines[ORDER_LINES_MAX];
	struct orders_return_in	 in;
	char			 hash[65], made[RETURN_NUMBER_MAX + 1];
	char			 loc[64];
	int			 st;

	memset(&in, 0, sizeof(in));
	in.n = orders_form_lines(r, lines);
	in.lines = lines;
	in.reason = formval(r, "reason");
	in.key = orders_form_key(r);
	util_sha256_hex(hash, r->body, r->body_len);
	in.hash = hash;
	st = orders_return_request(db, &r->who, number, &in, made,
	    sizeof(made), &r->err);
	if (st != 200 && st != 201)
		return st;
	snprintf(loc, sizeof(loc), "/returns/%s?asked=1", made);
	return http_redirect(r, 303, loc);
}

static const char *const statuses[] = { "requested", "approved", "refused",
	"received", "cancelled" };

/* GET /returns?status=&after= */
int
orders_returns_page_get(struct req *r)
{
	struct orders_returns_query	 q;
	struct http_paging		 pg;
	const char			*st = http_query(r, "status");
	cJSON				*j, *ctx, *it, *opts, *o;
	char				 key[48], qs[40];
	size_t				 i;
	int				 rc;

	http_paging(r, &pg);
	memset(&q, 0, sizeof(q));
	q.status = st != NULL && *st != '\0' ? st : NULL;
	q.after = pg.after;
	q.limit = pg.limit;
	if ((rc = orders_returns_read(http_db(r), &r->who, &q, r->lang,
	    &r->err, &j)) != 200)
		return rc;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items"))
		words(r, it);
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "returns", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	opts = cJSON_AddArrayToObject(ctx, "statuses");
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "value", statuses[i]);
		snprintf(key, sizeof(key), "orders_rma_status_%s", statuses[i]);
		cJSON_AddStringToObject(o, "label", http_i18n(r, key));
		if (q.status != NULL && strcmp(q.status, statuses[i]) == 0) {
			cJSON_AddBoolToObject(o, "selected", 1);
			snprintf(qs, sizeof(qs), "&status=%s", statuses[i]);
			cJSON_AddStringToObject(ctx, "filter_qs", qs);
		}
		cJSON_AddItemToArray(opts, o);
	}
	return http_form_page(r, 200, "returns", ctx, NULL,
	    http_i18n(r, "orders_rma_title"));
}

/* The return page with the forms its reader may use. */
static int
return_page(struct req *r, int status, const char *notice)
{
	const char	*number = http_param(r, "number");
	const char	*st;
	cJSON		*ret, *ctx, *it;
	char		 act[80];
	int		 rc, customer = ORG_IS_CUSTOMER(r->who.kind);

	if ((rc = orders_return_read(http_db(r), &r->who, number, r->lang,
	    &r->err, &ret)) != 200)
		return rc;
	words(r, ret);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ret, "lines"))
		orders_page_money(it, "amount", "amount_text");
	ctx = cJSON_CreateObject();
	st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ret,
	    "status"));
	if (st != NULL && strcmp(st, "requested") == 0) {
		if (!customer && (r->who.roles & RETURN_DECIDERS))
			cJSON_AddBoolToObject(ctx, "can_decide", 1);
		if (customer && (r->who.roles & RETURN_TAKERS))
			cJSON_AddBoolToObject(ctx, "can_cancel", 1);
	}
	if (st != NULL && strcmp(st, "approved") == 0 && !customer &&
	    (r->who.roles & RETURN_RECEIVERS))
		cJSON_AddBoolToObject(ctx, "can_receive", 1);
	cJSON_AddItemToObject(ctx, "ret", ret);
	snprintf(act, sizeof(act), "/returns/%s/attachments", number);
	media_panel(r, http_db(r), ctx, "return", number, act,
	    (r->who.roles & (RETURN_TAKERS | RETURN_DECIDERS |
	    RETURN_RECEIVERS)) != 0);
	return http_form_page(r, status, "return", ctx, notice, number);
}

/* GET /returns/{number} */
int
orders_return_page_get(struct req *r)
{
	return return_page(r, 200, http_query(r, "asked") ?
	    "orders_return_done" : http_query(r, "done") ? "orders_rma_done" :
	    NULL);
}

/* POST /returns/{number}: action approve, refuse, receive or cancel. */
int
orders_return_page_post(struct req *r)
{
	struct orders_return_act	 a;
	const char			*number = http_param(r, "number");
	const char			*v = http_formval(r, "version");
	char				 loc[64];
	int				 st;

	memset(&a, 0, sizeof(a));
	if (orders_return_act_parse(http_formval(r, "action"), &a.act) == -1)
		return http_error(r, 422, "validation_failed",
		    "approve, refuse, receive or cancel");
	a.reason = formval(r, "reason");
	if (v == NULL)
		a.version = ORDERS_VERSION_ANY;
	else if (util_parse_int(v, 1, INT32_MAX, &a.version) == -1)
		a.version = 0;
	st = orders_return_move(http_db(r), &r->who, number, &a, &r->err);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/returns/%s?done=1",
		    number != NULL ? number : "");
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return return_page(r, st, NULL);
	return st;
}
