/*
 * pages_http.c: the order pages: the list, and an order with its lines
 * and its timeline drawn as steps; a cancel button where allowed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../catalogue/pricing.h"
#include "../http/http.h"
#include "orders.h"

/* j[to] = j[from] (fen) as yuan text with two decimals. */
void
orders_page_money(cJSON *j, const char *from, const char *to)
{
	char	 s[48];

	pricing_money((int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(j, from)), s, sizeof(s));
	cJSON_AddStringToObject(j, to, s);
}

/* The status in the reader's words, beside the code. */
static void
status_label(struct req *r, cJSON *j)
{
	const char	*st = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, "status"));
	char		 key[40];

	snprintf(key, sizeof(key), "st_%s", st != NULL ? st : "");
	cJSON_AddStringToObject(j, "status_label", http_i18n(r, key));
}

int
orders_page_get(struct req *r)
{
	cJSON	*ctx, *j, *it;
	int	 st;

	if ((st = orders_list_get(r)) != 200)
		return st;
	if ((j = cJSON_Parse(buf_cstr(&r->out))) == NULL)
		return 500;
	buf_reset(&r->out);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "items")) {
		orders_page_money(it, "total", "total_text");
		status_label(r, it);
	}
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "orders", cJSON_DetachItemFromObject(j,
	    "items"));
	cJSON_AddItemToObject(ctx, "next_cursor", cJSON_DetachItemFromObject(j,
	    "next_cursor"));
	cJSON_Delete(j);
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "ord_title"));
	return http_page(r, 200, "orders", ctx);
}

/* "容量（升） 200; 颜色 champagne" for a line's chosen options. */
void
orders_page_options(struct req *r, cJSON *line)
{
	const cJSON	*v;
	struct buf	 b;
	char		 key[48], num[32];

	buf_init(&b);
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(line,
	    "options")) {
		snprintf(key, sizeof(key), "opt_%s", v->string);
		buf_printf(&b, "%s%s ", b.len ? "; " : "", http_i18n(r, key));
		if (cJSON_IsString(v))
			buf_adds(&b, v->valuestring);
		else if (cJSON_IsNumber(v)) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)v->valuedouble);
			buf_adds(&b, num);
		}
	}
	cJSON_AddStringToObject(line, "options_text", buf_cstr(&b));
	buf_free(&b);
}

/* The steps of the normal path, done, current or to come. */
static cJSON *
steps(struct req *r, const cJSON *order)
{
	static const enum order_status path[] = { ORDER_SUBMITTED,
	    ORDER_APPROVED, ORDER_SCHEDULED, ORDER_IN_PRODUCTION,
	    ORDER_SHIPPED, ORDER_DELIVERED, ORDER_CLOSED };
	enum order_status	 now = ORDER_SUBMITTED;
	cJSON			*list = cJSON_CreateArray(), *s;
	size_t			 i, at = 0;
	char			 key[40];

	order_status_parse(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(order, "status")), &now);
	for (i = 0; i < sizeof(path) / sizeof(path[0]); i++)
		if (path[i] == now)
			at = i;
	for (i = 0; i < sizeof(path) / sizeof(path[0]); i++) {
		s = cJSON_CreateObject();
		snprintf(key, sizeof(key), "st_%s", order_status_name(path[i]));
		cJSON_AddStringToObject(s, "label", http_i18n(r, key));
		cJSON_AddBoolToObject(s, i < at ? "done" : i == at ? "current" :
		    "todo", 1);
		cJSON_AddItemToArray(list, s);
	}
	return list;
}

/* The tracking form: the moves the status machine allows from now. */
static void
track_form(struct req *r, cJSON *ctx, enum order_status now)
{
	const char	*picked = http_formval(r, "status");
	cJSON		*next = cJSON_CreateArray(), *o;
	char		 key[40];
	int		 s;

	for (s = 0; s < ORDER__MAX; s++) {
		if (!order_is_tracking((enum order_status)s) ||
		    !order_can_move(now, (enum order_status)s))
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "value",
		    order_status_name((enum order_status)s));
		snprintf(key, sizeof(key), "st_%s",
		    order_status_name((enum order_status)s));
		cJSON_AddStringToObject(o, "label", http_i18n(r, key));
		if (picked != NULL && strcmp(picked, order_status_name(
		    (enum order_status)s)) == 0)
			cJSON_AddBoolToObject(o, "selected", 1);
		cJSON_AddItemToArray(next, o);
	}
	if (cJSON_GetArraySize(next) == 0) {
		cJSON_Delete(next);
		return;
	}
	cJSON_AddItemToObject(ctx, "track", next);
	cJSON_AddStringToObject(ctx, "carrier", http_formval(r, "carrier") ?
	    http_formval(r, "carrier") : "");
	cJSON_AddStringToObject(ctx, "waybill", http_formval(r, "waybill") ?
	    http_formval(r, "waybill") : "");
}

static int
order_page(struct req *r, int status, const char *notice)
{
	enum order_status	 now = ORDER_SUBMITTED;
	cJSON			*ctx, *o, *it;
	int			 st, dealer = r->who.kind == ORG_DEALER;

	if ((st = orders_get_one(r)) != 200)
		return st;
	if ((o = cJSON_Parse(buf_cstr(&r->out))) == NULL)
		return 500;
	buf_reset(&r->out);
	orders_page_money(o, "total", "total_text");
	status_label(r, o);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "lines")) {
		orders_page_money(it, "unit_price", "unit_text");
		orders_page_money(it, "discount", "discount_text");
		orders_page_money(it, "line_total", "total_text");
		orders_page_options(r, it);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "timeline"))
		status_label(r, it);
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "steps", steps(r, o));
	order_status_parse(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, "status")), &now);
	if ((r->who.roles & ORDER_CANCELLERS) && order_can_cancel(now, dealer))
		cJSON_AddBoolToObject(ctx, "can_cancel", 1);
	if (r->who.roles & ORDER_TAKERS)
		cJSON_AddBoolToObject(ctx, "can_reorder", 1);
	if (!dealer && (r->who.roles & ORDER_TRACKERS))
		track_form(r, ctx, now);
	if (now == ORDER_CANCELLED || now == ORDER_REJECTED)
		cJSON_AddBoolToObject(ctx, "stopped", 1);
	cJSON_AddItemToObject(ctx, "order", o);
	return http_form_page(r, status, "order", ctx, notice,
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
	    "number")));
}

int
orders_order_page_get(struct req *r)
{
	return order_page(r, 200, http_query(r, "saved") ? "ord_cancelled" :
	    http_query(r, "placed") ? "ord_placed" :
	    http_query(r, "moved") ? "ord_moved" : NULL);
}

/* "Order these lines again": the order's lines into the caller's draft. */
static int
reorder_to_draft(struct req *r)
{
	struct db	*db;
	cJSON		*o, *lines;
	int		 st, rc;

	if (!(r->who.roles & ORDER_TAKERS))
		return http_error(r, 403, "forbidden", "you do not order");
	if ((st = orders_get_one(r)) != 200)
		return st;
	if ((o = cJSON_Parse(buf_cstr(&r->out))) == NULL)
		return 500;
	buf_reset(&r->out);
	lines = orders_lines_again(o);
	cJSON_Delete(o);
	rc = (db = http_db(r)) == NULL ? -1 : draft_add(r, db, lines, "lines",
	    NULL, form_key(r));
	cJSON_Delete(lines);
	if (rc == -1 || rc == 3)
		return rc == -1 ? 500 : draft_add_answer(r, rc, 0);
	if (rc == 1)
		return order_page(r, 422, NULL);
	return http_redirect(r, 303, "/draft?done=added");
}

/* The cancel button and the tracking form, through the API's handlers. */
int
orders_order_page_post(struct req *r)
{
	const char	*a = http_formval(r, "action");
	char		 loc[64];
	int		 st, track = a != NULL && strcmp(a, "event") == 0;

	if (a != NULL && strcmp(a, "reorder") == 0)
		return reorder_to_draft(r);
	cJSON_Delete(r->json);
	r->json = cJSON_CreateObject();
	http_form_field(r, r->json, "note");
	if (track) {
		http_form_field(r, r->json, "status");
		if (http_formval(r, "carrier") != NULL &&
		    *http_formval(r, "carrier") != '\0')
			http_form_field(r, r->json, "carrier");
		if (http_formval(r, "waybill") != NULL &&
		    *http_formval(r, "waybill") != '\0')
			http_form_field(r, r->json, "waybill");
		if (http_formval(r, "version") != NULL)
			cJSON_AddNumberToObject(r->json, "version",
			    atof(http_formval(r, "version")));
	}
	if ((st = track ? orders_events_post(r) : orders_cancel_post(r)) ==
	    200) {
		snprintf(loc, sizeof(loc), "/orders/%s?%s=1",
		    http_param(r, "number"), track ? "moved" : "saved");
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return order_page(r, st, NULL);
	return st;
}
