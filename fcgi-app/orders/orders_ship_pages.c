/*
 * orders_ship_pages.c: the order page's shipments: each with its lines
 * and its invoice, for everyone who reads the order; and for the staff
 * who track it, while it is in production, the form that ships some or
 * all of what is left (orders_ship(), as the API's door calls it)
 */
#include <stdio.h>
#include <string.h>

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

/* The form's value of name, kept for the form shown again ("" none). */
static void
keep(struct req *r, cJSON *j, const char *name)
{
	const char	*v = http_formval(r, name);

	cJSON_AddStringToObject(j, name, v != NULL ? v : "");
}

/* The shipping form: a quantity for each line with something left. */
static void
ship_form(struct req *r, cJSON *ctx, const cJSON *o)
{
	const cJSON	*it;
	cJSON		*f, *lines, *l;
	char		 name[32], today[11];
	int64_t		 q, done, no;
	const char	*v;

	f = cJSON_AddObjectToObject(ctx, "ship");
	lines = cJSON_AddArrayToObject(f, "lines");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "lines")) {
		q = (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "quantity"));
		done = (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "shipped"));
		no = (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(it, "line"));
		if (q - done <= 0)
			continue;
		l = cJSON_CreateObject();
		cJSON_AddNumberToObject(l, "line", (double)no);
		cJSON_AddStringToObject(l, "product", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "product")));
		cJSON_AddStringToObject(l, "options_text", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "options_text")));
		cJSON_AddNumberToObject(l, "left", (double)(q - done));
		snprintf(name, sizeof(name), "line_%lld", (long long)no);
		v = http_formval(r, name);
		cJSON_AddStringToObject(l, "value", v != NULL ? v : "");
		cJSON_AddItemToArray(lines, l);
	}
	keep(r, f, "carrier");
	keep(r, f, "waybill");
	keep(r, f, "note");
	orders_china_today(today, sizeof(today));
	v = http_formval(r, "shipped_on");
	cJSON_AddStringToObject(f, "shipped_on", v != NULL ? v : today);
	/* shown again after a refusal: the same key, so a retry is one */
	if (orders_form_key(r) != NULL && !cJSON_HasObjectItem(ctx, "idem"))
		cJSON_AddStringToObject(ctx, "idem", orders_form_key(r));
}

/*
 * The order page's part: the shipments' money in words, and the form to
 * whoever tracks the order while it is in production.
 */
void
orders_ship_panel(struct req *r, cJSON *ctx, const cJSON *o,
    enum order_status now)
{
	cJSON	*it, *l;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o,
	    "shipments")) {
		orders_page_money(it, "amount", "amount_text");
		cJSON_ArrayForEach(l, cJSON_GetObjectItemCaseSensitive(it,
		    "lines"))
			orders_page_money(l, "amount", "amount_text");
	}
	if (r->who.kind != ORG_DEALER && (r->who.roles & ORDER_TRACKERS) &&
	    now == ORDER_IN_PRODUCTION)
		ship_form(r, ctx, o);
}

/*
 * A form's fields line_1 .. line_100 given a quantity, as lines into l
 * (a shipment's or a return's): their count.  One not a number is -1 for
 * the operation to name; 0 is left out.
 */
int
orders_form_lines(struct req *r, struct ship_line *l)
{
	char		 name[24];
	const char	*v;
	int64_t		 q;
	int		 no, n = 0;

	for (no = 1; no <= ORDER_LINES_MAX; no++) {
		snprintf(name, sizeof(name), "line_%d", no);
		if ((v = formval(r, name)) == NULL)
			continue;
		if (util_parse_int(v, 0, ORDER_QUANTITY_MAX, &q) == -1)
			q = -1;		/* the operation names it */
		if (q == 0)
			continue;
		l[n].line = no;
		l[n++].quantity = q;
	}
	return n;
}

/*
 * The shipping form's post: a shipment of the lines given a quantity
 * (field errors as lines[i] of those, in the lines' order).
 */
int
orders_ship_page_post(struct req *r, struct db *db, const char *number)
{
	struct ship_line		 lines[ORDER_LINES_MAX];
	struct orders_shipment_in	 in;
	char				 hash[65], made[48];
	const char			*v;
	int64_t				 version;

	memset(&in, 0, sizeof(in));
	in.n = orders_form_lines(r, lines);
	in.lines = lines;
	in.carrier = formval(r, "carrier");
	in.waybill = formval(r, "waybill");
	in.shipped_on = formval(r, "shipped_on");
	in.note = formval(r, "note");
	if ((v = http_formval(r, "version")) == NULL)
		in.version = ORDERS_VERSION_ANY;
	else
		in.version = util_parse_int(v, 1, INT32_MAX, &version) == 0 ?
		    version : 0;
	in.key = orders_form_key(r);
	util_sha256_hex(hash, r->body, r->body_len);
	in.hash = hash;
	return orders_ship(db, &r->who, number, &in, made, sizeof(made),
	    &r->err);
}
