/*
 * orders_pages.c: the order pages: the list, and an order with its lines
 * and its timeline drawn as steps; a cancel button where allowed
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit.h"
#include "../core/money.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../views/esc.h"
#include "../catalogue/catalogue_labels.h"
#include "orders.h"

/* j[to] = j[from] (fen) as yuan text with two decimals. */
void
orders_page_money(cJSON *j, const char *from, const char *to)
{
	char	 s[48];

	money_format((int64_t)cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(j, from)), s, sizeof(s));
	cJSON_AddStringToObject(j, to, s);
}

/*
 * A priced line's source in the reader's words, as "source_text", when
 * not the list price: a promotion, or a contract price (with its row).
 */
void
orders_page_source(struct req *r, cJSON *line)
{
	const char	*s = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(line,
			    "price_source"));

	if (s != NULL && strcmp(s, "promotion") == 0)
		cJSON_AddStringToObject(line, "source_text", http_i18n(r,
		    "orders_price_promotion"));
	else if (s != NULL && strcmp(s, "contract") == 0)
		cJSON_AddStringToObject(line, "source_text", http_i18n(r,
		    "orders_price_contract"));
}

/* A positive id in s, else 0. */
int64_t
orders_page_id(const char *s)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s < '1' || *s > '9')
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 && v < (INT64_C(1) << 52) ? v : 0;
}

/* The status in the reader's words, beside the code. */
static void
status_label(struct req *r, cJSON *j)
{
	const char	*st = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(j, "status"));
	char		 key[40];

	snprintf(key, sizeof(key), "orders_status_%s", st != NULL ? st : "");
	cJSON_AddStringToObject(j, "status_label", http_i18n(r, key));
}

/*
 * The query's filters, kept for the form and, URL-encoded, for the next
 * page's link (filter_qs: "&name=value..." for the names that are set)
 * and the CSV export's (csv_qs: "?name=value...", or "").
 */
static void
filters(struct req *r, cJSON *ctx, const char *const *names)
{
	struct buf	 qs;
	const char	*v;

	buf_init(&qs);
	for (; *names != NULL; names++) {
		v = http_query(r, *names);
		cJSON_AddStringToObject(ctx, *names, v != NULL ? v : "");
		if (v == NULL || *v == '\0')
			continue;
		buf_printf(&qs, "&%s=", *names);
		esc_url(&qs, v, strlen(v));
	}
	cJSON_AddStringToObject(ctx, "filter_qs", buf_cstr(&qs));
	if (qs.len > 0)
		qs.data[0] = '?';
	cJSON_AddStringToObject(ctx, "csv_qs", buf_cstr(&qs));
	buf_free(&qs);
}

/*
 * The statuses keep() allows (NULL: all), in the reader's words, for a
 * select; picked is selected.
 */
static cJSON *
status_options(struct req *r, const char *picked,
    int (*keep)(enum order_status, enum order_status), enum order_status now)
{
	cJSON		*list = cJSON_CreateArray(), *o;
	const char	*name;
	char		 key[40];
	int		 s;

	for (s = 0; s < ORDER__MAX; s++) {
		if (keep != NULL && !keep(now, (enum order_status)s))
			continue;
		name = orders_status_name((enum order_status)s);
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "value", name);
		snprintf(key, sizeof(key), "orders_status_%s", name);
		cJSON_AddStringToObject(o, "label", http_i18n(r, key));
		if (picked != NULL && strcmp(picked, name) == 0)
			cJSON_AddBoolToObject(o, "selected", 1);
		cJSON_AddItemToArray(list, o);
	}
	return list;
}

/*
 * A list page from what find() read for the query: its items (money and
 * status in the reader's words), next_cursor, and the query's filters
 * (names).  NULL with *st set when find() refused.
 */
static cJSON *
list_page(struct req *r, int (*find)(struct req *, cJSON **),
    const char *const *names, int *st)
{
	cJSON	*ctx, *j, *it;

	/* a filter that does not read: the page again, with the errors */
	if ((*st = find(r, &j)) == 422) {
		ctx = cJSON_CreateObject();
		cJSON_AddArrayToObject(ctx, "orders");
		filters(r, ctx, names);
		http_errors_to(r, ctx);
		return ctx;
	}
	if (*st != 200)
		return NULL;
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
	filters(r, ctx, names);
	return ctx;
}

int
orders_page_get(struct req *r)
{
	static const char *const names[] = { "status", "dealer", "from", "to",
	    "po", NULL };
	struct db	*db;
	cJSON		*ctx;
	int		 st;

	if ((ctx = list_page(r, orders_list_find, names, &st)) == NULL)
		return st;
	cJSON_AddItemToObject(ctx, "statuses", status_options(r,
	    http_query(r, "status"), NULL, ORDER_SUBMITTED));
	/* a region's dealers fit a select; HQ's thousands do not */
	if (r->who.kind == ORG_REGION && (db = http_db(r)) != NULL)
		cJSON_AddItemToObject(ctx, "dealers", http_page_dealers(r, db,
		    orders_page_id(http_query(r, "dealer")), 0));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "orders_title"));
	return http_page(r, st, "orders", ctx);
}

/* The delivery list: due and late orders. */
int
orders_deliveries_page_get(struct req *r)
{
	static const char *const names[] = { "from", "to", "late", NULL };
	const char	*late = http_query(r, "late");
	cJSON		*ctx;
	int		 st;

	if ((ctx = list_page(r, orders_deliveries_find, names, &st)) == NULL)
		return st;
	if (late != NULL && strcmp(late, "true") == 0)
		cJSON_AddBoolToObject(ctx, "late_only", 1);
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "orders_deliveries_title"));
	return http_page(r, st, "deliveries", ctx);
}

/*
 * "容量（升） 200; 颜色 香槟金" for a line's chosen options: each value by
 * its label in the reader's language from the product's schema as it is
 * now (catalogue_labels.c), or by its code when the schema no longer has
 * it or has no label for it.  The line keeps the codes (the API's).
 */
void
orders_page_options(struct req *r, cJSON *line)
{
	const cJSON	*v;
	struct product	 p;
	struct db	*db = http_db(r);
	struct buf	 b;
	const char	*code, *name;
	char		 key[48], num[32];
	int		 have = 0;

	code = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(line,
	    "product"));
	if (db != NULL && code != NULL &&
	    catalogue_product_cached(db, code, &p) == 0)
		have = 1;
	buf_init(&b);
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(line,
	    "options")) {
		snprintf(key, sizeof(key), "catalogue_option_%s", v->string);
		name = have ? catalogue_option_label(p.schema, v->string,
		    r->lang) : NULL;
		buf_printf(&b, "%s%s ", b.len ? "; " : "", name != NULL ? name :
		    http_i18n(r, key));
		if (cJSON_IsString(v))
			buf_adds(&b, have ? catalogue_value_label(p.schema,
			    v->string, v->valuestring, r->lang) :
			    v->valuestring);
		else if (cJSON_IsNumber(v)) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)v->valuedouble);
			buf_adds(&b, num);
		}
	}
	cJSON_AddStringToObject(line, "options_text", buf_cstr(&b));
	buf_free(&b);
	if (have)
		catalogue_product_free(&p);
}

/* The steps of the normal path, done, current or to come. */
static cJSON *
steps(struct req *r, const cJSON *order)
{
	static const enum order_status path[] = { ORDER_SUBMITTED,
	    ORDER_APPROVED, ORDER_SCHEDULED, ORDER_IN_PRODUCTION,
	    ORDER_SHIPPED, ORDER_DELIVERED, ORDER_CLOSED };
	enum order_status	 now = ORDER_SUBMITTED, first = ORDER_SUBMITTED;
	cJSON			*list = cJSON_CreateArray(), *s;
	size_t			 i, at = 0;
	int			 held;
	char			 key[40];

	orders_status_parse(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(order, "status")), &now);
	orders_status_parse(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(order, "timeline"), 0),
	    "status")), &first);
	/* the dealer's own step first, for an order that waited for it */
	held = now == ORDER_AWAITING_RELEASE || now == ORDER_SENT_BACK;
	if (held || first == ORDER_AWAITING_RELEASE) {
		s = cJSON_CreateObject();
		snprintf(key, sizeof(key), "orders_status_%s",
		    orders_status_name(now == ORDER_SENT_BACK ?
		    ORDER_SENT_BACK : ORDER_AWAITING_RELEASE));
		cJSON_AddStringToObject(s, "label", http_i18n(r, key));
		cJSON_AddBoolToObject(s, held ? "current" : "done", 1);
		cJSON_AddItemToArray(list, s);
	}
	for (i = 0; i < sizeof(path) / sizeof(path[0]); i++)
		if (path[i] == now)
			at = i;
	for (i = 0; i < sizeof(path) / sizeof(path[0]); i++) {
		s = cJSON_CreateObject();
		snprintf(key, sizeof(key), "orders_status_%s",
		    orders_status_name(path[i]));
		cJSON_AddStringToObject(s, "label", http_i18n(r, key));
		cJSON_AddBoolToObject(s, held || i > at ? "todo" : i == at ?
		    "current" : "done", 1);
		cJSON_AddItemToArray(list, s);
	}
	return list;
}

/* A move the tracking form offers: a tracking status the machine allows. */
static int
trackable(enum order_status from, enum order_status to)
{
	return orders_is_tracking(to) && orders_can_move(from, to);
}

/* The tracking form: the moves the status machine allows from now. */
static void
track_form(struct req *r, cJSON *ctx, enum order_status now)
{
	cJSON		*next;

	next = status_options(r, http_formval(r, "status"), trackable, now);
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

/* The last decision on the order (its timeline entry), for everyone. */
static void
decision(const cJSON *o, cJSON *ctx)
{
	const cJSON	*it, *last = NULL;
	const char	*st;

	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o,
	    "timeline")) {
		st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "status"));
		if (st != NULL && (strcmp(st, "approved") == 0 ||
		    strcmp(st, "rejected") == 0 || strcmp(st, "escalated") == 0))
			last = it;
	}
	if (last != NULL)
		cJSON_AddItemToObject(ctx, "decision",
		    cJSON_Duplicate(last, 1));
}

static int
order_page(struct req *r, int status, const char *notice)
{
	enum order_status	 now = ORDER_SUBMITTED;
	struct db		*db;
	cJSON			*ctx, *o, *it;
	int64_t			 id;
	int			 st, dealer = ORG_IS_CUSTOMER(r->who.kind);

	if ((st = orders_read(http_db(r), &r->who, http_param(r, "number"),
	    r->lang, &r->err, &o)) != 200)
		return st;
	orders_page_money(o, "total", "total_text");
	status_label(r, o);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "lines")) {
		orders_page_money(it, "unit_price", "unit_text");
		orders_page_money(it, "discount", "discount_text");
		orders_page_money(it, "line_total", "total_text");
		orders_page_source(r, it);
		orders_page_options(r, it);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(o, "timeline"))
		status_label(r, it);
	ctx = cJSON_CreateObject();
	cJSON_AddItemToObject(ctx, "steps", steps(r, o));
	orders_status_parse(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, "status")), &now);
	if ((r->who.roles & ORDER_CANCELLERS) && orders_can_cancel(now, dealer))
		cJSON_AddBoolToObject(ctx, "can_cancel", 1);
	if (r->who.roles & ORDER_TAKERS)
		cJSON_AddBoolToObject(ctx, "can_reorder", 1);
	if ((r->who.roles & ROLE_DEALER_APPROVER) && dealer &&
	    now == ORDER_AWAITING_RELEASE)
		cJSON_AddBoolToObject(ctx, "can_release", 1);
	if (dealer && (r->who.roles & (ROLE_DEALER_BUYER | ROLE_DEALER_FINANCE)))
		cJSON_AddBoolToObject(ctx, "can_complain", 1);
	if (!dealer && (r->who.roles & ORDER_TRACKERS))
		track_form(r, ctx, now);
	orders_ship_panel(r, ctx, o, now);
	orders_return_panel(r, ctx, o, now);
	if (now == ORDER_CANCELLED || now == ORDER_REJECTED)
		cJSON_AddBoolToObject(ctx, "stopped", 1);
	decision(o, ctx);
	if (!dealer && (db = http_db(r)) != NULL)
		orders_approval.panel(r, db, o, ctx);
	cJSON_AddItemToObject(ctx, "order", o);
	/* an order's trail is staff's (an override's reason), by its id */
	if (audit_reader_staff(&r->who) && (db = http_db(r)) != NULL &&
	    (id = orders_id_by_number(db, http_param(r, "number"))) > 0)
		cJSON_AddNumberToObject(ctx, "audit_order", (double)id);
	/* placed above the dealer's own limit: say who releases it */
	if (notice != NULL && strcmp(notice, "orders_placed") == 0 &&
	    now == ORDER_AWAITING_RELEASE)
		notice = "orders_placed_awaiting";
	return http_form_page(r, status, "order", ctx, notice,
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o,
	    "number")));
}

int
orders_order_page_get(struct req *r)
{
	return order_page(r, 200, http_query(r, "saved") ? "orders_cancelled" :
	    http_query(r, "placed") ? "orders_placed" :
	    http_query(r, "decided") ? "approvals_decided" :
	    http_query(r, "moved") ? "orders_moved" :
	    http_query(r, "shipped") ? "orders_ship_done" : NULL);
}

/* "Order these lines again": the order's lines into the caller's draft. */
static int
reorder_to_draft(struct req *r)
{
	struct orders_idem	 idem;
	cJSON			*o, *lines;
	int			 st;

	if (!(r->who.roles & ORDER_TAKERS))
		return http_error(r, 403, "forbidden", "you do not order");
	if ((st = orders_read(http_db(r), &r->who, http_param(r, "number"),
	    r->lang, &r->err, &o)) != 200)
		return st;
	lines = orders_lines_again(o);
	cJSON_Delete(o);
	memset(&idem, 0, sizeof(idem));
	idem.key = orders_form_key(r);
	idem.body = r->body;
	idem.len = r->body_len;
	st = orders_draft_add(http_db(r), r->who.user_id, lines, "lines",
	    NULL, &idem, &r->err);
	cJSON_Delete(lines);
	if (st == 422)
		return order_page(r, 422, NULL);
	if (st != 200 && st != 201)
		return st;
	return http_redirect(r, 303, "/draft?done=added");
}

/* A form's field; NULL when empty, as when not sent. */
static const char *
formval(struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* A form's version: ORDERS_VERSION_ANY when not sent, 0 when not one. */
static int64_t
form_version(struct req *r)
{
	const char	*v = http_formval(r, "version");
	int64_t		 n;

	if (v == NULL)
		return ORDERS_VERSION_ANY;
	return util_parse_int(v, 1, INT32_MAX, &n) == 0 ? n : 0;
}

/* A decision from the order page's forms. */
static int
decide(struct req *r, struct db *db, const char *a, const char *number)
{
	if (strcmp(a, "approve") == 0)
		return orders_approval.approve(db, &r->who, number,
		    form_version(r), formval(r, "promised_date"),
		    formval(r, "override_reason"), &r->err);
	return (strcmp(a, "reject") == 0 ? orders_approval.reject :
	    orders_approval.escalate)(db, &r->who, number, form_version(r),
	    formval(r, "reason"), &r->err);
}

/* The tracking form's event. */
static int
track(struct req *r, struct db *db, const char *number)
{
	struct orders_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.status = formval(r, "status");
	ev.note = formval(r, "note");
	ev.carrier = formval(r, "carrier");
	ev.waybill = formval(r, "waybill");
	ev.version = form_version(r);
	return orders_track(db, &r->who, number, &ev, &r->err);
}

/* The cancel button, the tracking form and the decisions. */
int
orders_order_page_post(struct req *r)
{
	const char	*a = http_formval(r, "action");
	const char	*number = http_param(r, "number");
	struct db	*db;
	char		 loc[64];
	int		 st, tracked = a != NULL && strcmp(a, "event") == 0;
	int		 shipped = a != NULL && strcmp(a, "ship") == 0;
	int		 decided = a != NULL && (strcmp(a, "approve") == 0 ||
	    strcmp(a, "reject") == 0 || strcmp(a, "escalate") == 0);
	int		 released = a != NULL && (strcmp(a, "release") == 0 ||
	    strcmp(a, "send_back") == 0);
	struct orders_release_in in;

	if (a != NULL && strcmp(a, "reorder") == 0)
		return reorder_to_draft(r);
	if ((db = http_db(r)) == NULL)
		return 503;
	if (a != NULL && strcmp(a, "return") == 0) {
		st = orders_return_order_post(r, db, number);
		return st == 409 || st == 422 ? order_page(r, st, NULL) : st;
	}
	if (decided)
		st = decide(r, db, a, number);
	else if (released) {
		memset(&in, 0, sizeof(in));
		in.send_back = strcmp(a, "send_back") == 0;
		in.note = formval(r, "note");
		in.version = ORDERS_VERSION_ANY;
		if (util_parse_int(http_formval(r, "version"), 1, INT32_MAX,
		    &in.version) == -1)
			in.version = 0;
		st = orders_release(db, &r->who, number, &in, &r->err);
	} else if (tracked)
		st = track(r, db, number);
	else if (shipped)
		st = orders_ship_page_post(r, db, number);
	else
		st = orders_cancel(db, &r->who, number, ORDERS_VERSION_ANY,
		    formval(r, "note"), &r->err);
	if (st == 200 || (shipped && st == 201)) {
		snprintf(loc, sizeof(loc), "/orders/%s?%s=1",
		    number, decided || released ? "decided" : tracked ?
		    "moved" : shipped ? "shipped" : "saved");
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return order_page(r, st, NULL);
	return st;
}
