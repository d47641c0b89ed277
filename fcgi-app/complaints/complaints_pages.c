/*
 * complaints_pages.c: complaints in the portal, through the API's handlers
 *   /complaints		the dealer's complaints, or staff's queue by due
 *   /complaints/new	the form to file one (?order= from an order page)
 *   /complaints/{number}	the complaint: clocks counting down, the thread,
 *			and what the reader may do next
 * The countdowns are text rendered here: no JavaScript.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../media/media.h"
#include "../auth/scope.h"
#include "../http/http.h"
#include "../views/chart.h"
#include "complaints.h"

/* "due in 23 h 5 min" or "overdue by 1 h 2 min" for minutes left. */
void
complaints_clock_text(struct req *r, long minutes, char *out, size_t size)
{
	long	 m = labs(minutes);

	snprintf(out, size, "%s %ld %s %ld %s", http_i18n(r, minutes < 0 ?
	    "complaints_overdue_by" : "complaints_due_in"), m / 60,
	    http_i18n(r, "complaints_h"), m % 60, http_i18n(r,
	    "complaints_min"));
}

static void
countdown(struct req *r, cJSON *j, const char *key, double minutes)
{
	char	 text[96];

	complaints_clock_text(r, (long)minutes, text, sizeof(text));
	cJSON_AddStringToObject(j, key, text);
	if (minutes < 0) {
		snprintf(text, sizeof(text), "%s_overdue", key);
		cJSON_AddBoolToObject(j, text, 1);
	}
}

/* Category, severity and status in the reader's words. */
static void
labels(struct req *r, cJSON *j)
{
	static const char *const keys[] = { "category", "severity", "status",
	    NULL };
	char	 k[64], out[64];
	int	 i;

	for (i = 0; keys[i] != NULL; i++) {
		snprintf(k, sizeof(k), "complaints_%s", cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(j, keys[i])));
		snprintf(out, sizeof(out), "%s_label", keys[i]);
		cJSON_AddStringToObject(j, out, http_i18n(r, k));
	}
}

static int
staff(const struct req *r)
{
	return !ORG_IS_CUSTOMER(r->who.kind) &&
	    (r->who.roles & COMPLAINT_HANDLERS);
}

static int
filer(const struct req *r)
{
	return r->who.kind == ORG_DEALER && (r->who.roles & COMPLAINT_FILERS);
}

/* GET /complaints?status=&after= (staff: by due, unresolved first) */
int
complaints_page_get(struct req *r)
{
	cJSON		*ctx, *it;
	const cJSON	*m;
	int		 st;

	if ((st = complaints_list(r, !ORG_IS_CUSTOMER(r->who.kind), &ctx)) != 200)
		return st;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx,
	    "items")) {
		labels(r, it);
		m = cJSON_GetObjectItemCaseSensitive(it, "next_due_in_minutes");
		if (cJSON_IsNumber(m))
			countdown(r, it, "clock", m->valuedouble);
	}
	if (filer(r))
		cJSON_AddBoolToObject(ctx, "can_file", 1);
	if (!ORG_IS_CUSTOMER(r->who.kind))
		cJSON_AddBoolToObject(ctx, "queue", 1);
	cJSON_AddStringToObject(ctx, "sort", http_query(r, "sort") != NULL ?
	    http_query(r, "sort") : !ORG_IS_CUSTOMER(r->who.kind) ? "due" :
	    "new");
	cJSON_AddStringToObject(ctx, "status", http_query(r, "status") != NULL ?
	    http_query(r, "status") : "");
	cJSON_AddStringToObject(ctx, "dealer", http_query(r, "dealer") != NULL ?
	    http_query(r, "dealer") : "");
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "complaints_title"));
	return http_page(r, 200, "complaints", ctx);
}

static int
new_page(struct req *r, int status)
{
	static const char *const fields[] = { "category", "severity",
	    "subject", "description", "order", NULL };
	cJSON	*ctx = cJSON_CreateObject(), *v = cJSON_AddObjectToObject(ctx,
	    "v");
	char	 k[48];
	int	 i;

	for (i = 0; fields[i] != NULL; i++)
		cJSON_AddStringToObject(v, fields[i], http_formval(r,
		    fields[i]) != NULL ? http_formval(r, fields[i]) :
		    http_query(r, fields[i]) != NULL ? http_query(r,
		    fields[i]) : "");
	/* the choices picked before */
	for (i = 0; i < 2; i++) {
		snprintf(k, sizeof(k), "%s_%s", fields[i], cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(v, fields[i])));
		cJSON_AddBoolToObject(ctx, k, 1);
	}
	return http_form_page(r, status, "complaint_new", ctx, NULL,
	    http_i18n(r, "complaints_new"));
}

/* GET /complaints/new?order= */
int
complaints_new_page_get(struct req *r)
{
	if (!filer(r))
		return http_error(r, 403, "forbidden", "dealers file "
		    "complaints");
	return new_page(r, 200);
}

/* A form's field, or NULL if it came empty (as the form sends "none"). */
static const char *
formval(const struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/* POST /complaints/new */
int
complaints_new_page_post(struct req *r)
{
	const char		*key = http_formval(r, "idem");
	struct complaints_filing in;
	struct db		*db;
	char			 loc[64], number[32];
	int			 st;

	memset(&in, 0, sizeof(in));
	in.category = formval(r, "category");
	in.severity = formval(r, "severity");
	in.subject = formval(r, "subject");
	in.description = formval(r, "description");
	in.order = formval(r, "order");
	http_idem_check(r, key);
	if ((db = http_db(r)) == NULL)
		return 503;
	st = complaints_file(db, &r->who, &in, key, r->body, r->body_len,
	    &r->err, number, sizeof(number));
	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/complaints/%s?filed=1", number);
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409)
		return new_page(r, st);
	return st;
}

static int
one_page(struct req *r, int status, const char *notice)
{
	struct scope	 sc;
	struct db	*db;
	cJSON		*ctx, *c, *it;
	const char	*s;
	char		 key[64];
	int		 found;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((c = complaints_load(db, http_param(r, "number"), &r->who,
	    r->lang, &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such complaint");
	labels(r, c);
	s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c,
	    "status"));
	if (s != NULL && strcmp(s, "resolved") != 0) {
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c,
		    "first_responded_at")))
			countdown(r, c, "first_clock", cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(c,
			    "first_response_in_minutes")));
		countdown(r, c, "resolution_clock", cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(c,
		    "resolution_in_minutes")));
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(c,
	    "messages")) {
		s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "kind"));
		if (s != NULL && strcmp(s, "event") == 0) {
			cJSON_AddBoolToObject(it, "is_event", 1);
			snprintf(key, sizeof(key), "complaints_ev_%s",
			    cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(it, "body")));
			cJSON_ReplaceItemInObjectCaseSensitive(it, "body",
			    cJSON_CreateString(http_i18n(r, key)));
		}
	}
	ctx = cJSON_CreateObject();
	s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c,
	    "status"));
	if (staff(r)) {
		cJSON_AddBoolToObject(ctx, "staff", 1);
		/* an account manager reads the region, handles its dealers */
		scope_write(&r->who, &sc);
		if (s != NULL && strcmp(s, "resolved") != 0 &&
		    scope_dealer_reach(db, &sc,
		    (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(c, "dealer"), "id"))) == 1)
			cJSON_AddBoolToObject(ctx, "can_handle", 1);
	}
	if (filer(r) && s != NULL && strcmp(s, "resolved") == 0) {
		/* a settled statement dispute stays settled */
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c,
		    "statement")))
			cJSON_AddBoolToObject(ctx, "can_reopen", 1);
		if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(c, "rating")))
			cJSON_AddBoolToObject(ctx, "can_rate", 1);
	}
	if (filer(r) || staff(r))
		cJSON_AddBoolToObject(ctx, "can_write", 1);
	/* a visit for one that needs it: a link to the service form */
	s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c,
	    "category"));
	if (r->who.kind == ORG_DEALER && (r->who.roles & (ROLE_DEALER_BUYER |
	    ROLE_DEALER_ADMIN)) && cJSON_IsNull(
	    cJSON_GetObjectItemCaseSensitive(c, "service_provider")) &&
	    s != NULL && (strcmp(s, "product_quality") == 0 || strcmp(s,
	    "installation_service") == 0 || strcmp(s, "delivery") == 0))
		cJSON_AddBoolToObject(ctx, "can_request_visit", 1);
	cJSON_AddItemToObject(ctx, "c", c);
	snprintf(key, sizeof(key), "/complaints/%s/attachments",
	    http_param(r, "number"));
	media_panel(r, db, ctx, "complaint", http_param(r, "number"), key,
	    filer(r) || staff(r));
	return http_form_page(r, status, "complaint", ctx, notice,
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c,
	    "number")));
}

/* GET /complaints/{number} */
int
complaints_one_page_get(struct req *r)
{
	return one_page(r, 200, http_query(r, "filed") ? "complaints_filed" :
	    http_query(r, "done") ? "complaints_done" : NULL);
}

/* A form's whole number, as the API reads it: 0 if it is not one. */
static int64_t
form_int(struct req *r, const char *name, int64_t none)
{
	const char	*v = http_formval(r, name);
	char		*end;
	long long	 n;

	if (v == NULL)
		return none;
	n = strtoll(v, &end, 10);
	return end == v || *end != '\0' || n < 1 || n > INT32_MAX ? 0 : n;
}

/* POST /complaints/{number}: action = message|take|escalate|resolve|reopen|rate */
int
complaints_one_page_post(struct req *r)
{
	static const struct {
		const char	*action;
		complaints_op	*op;
		const char	*field;
	} acts[] = {
		{ "message", complaints_message, "body" },
		{ "take", complaints_take, NULL },
		{ "assign", complaints_assign, "user" },
		{ "escalate", complaints_escalate, "reason" },
		{ "resolve", complaints_resolve, "note" },
		{ "reopen", complaints_reopen, "reason" },
		{ "rate", complaints_rate, "comment" },
	};
	const char		*a = http_formval(r, "action");
	struct complaints_act	 in;
	struct db		*db;
	char			 loc[64];
	size_t			 i;
	int			 st;

	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (a != NULL && strcmp(a, acts[i].action) == 0)
			break;
	if (i == sizeof(acts) / sizeof(acts[0]))
		return http_error(r, 400, "bad_request", "no such action");
	memset(&in, 0, sizeof(in));
	in.number = http_param(r, "number");
	/* an empty field is none, as a form sends it */
	if (acts[i].field != NULL)
		in.text = formval(r, acts[i].field);
	in.internal = http_formval(r, "internal") != NULL;
	in.rating = form_int(r, "rating", 0);
	in.version = form_int(r, "version", -1);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = acts[i].op(db, &r->who, &in, &r->err)) == 200) {
		snprintf(loc, sizeof(loc), "/complaints/%s?done=1", in.number);
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return one_page(r, st, NULL);
	return st;
}

/* A share (0..1) as "75 %" text into key. */
static void
percent(cJSON *it, const char *from, const char *key)
{
	char	 text[16];

	snprintf(text, sizeof(text), "%.0f %%", 100 * cJSON_GetNumberValue(
	    cJSON_GetObjectItemCaseSensitive(it, from)));
	cJSON_AddStringToObject(it, key, text);
}

/*
 * The rows side by side as bars of a share (views/chart.h): the first
 * CHART_POINTS_MAX rows of the table.
 */
static cJSON *
share_bars(struct req *r, const cJSON *rows, const char *id,
    const char *key, const char *title)
{
	struct chart	 c;
	const cJSON	*it, *v;

	chart_init(&c, id, http_i18n(r, title), CHART_PERCENT, http_lang(r));
	c.months = 0;
	cJSON_ArrayForEach(it, rows) {
		v = cJSON_GetObjectItemCaseSensitive(it, key);
		if (chart_add(&c, cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "name")),
		    cJSON_IsNumber(v) ? (int64_t)llrint(v->valuedouble *
		    1000.0) * 10 : CHART_NONE) == -1) {
			c.note = http_i18n(r, "complaints_figures_chart_first");
			break;
		}
	}
	return chart_bars(&c);
}

/*
 * GET /complaints/figures?from=&to=&by=: the table, and inline SVG bar
 * charts of the share answered within 24 hours and of the resolution
 * rate, side by side (no JavaScript).
 */
int
complaints_figures_page_get(struct req *r)
{
	const cJSON	*m, *rows;
	cJSON		*ctx, *it, *charts;
	char		 text[16];
	int		 st;

	if ((st = complaints_figures(r, &ctx)) != 200) {
		if (st != 422)
			return st;
		ctx = cJSON_CreateObject();
		http_errors_to(r, ctx);
		return http_page(r, st, "complaint_figures", ctx);
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx, "rows")) {
		percent(it, "share_within_24h", "share_text");
		percent(it, "resolution_rate", "resolution_text");
		percent(it, "reopen_rate", "reopen_text");
		m = cJSON_GetObjectItemCaseSensitive(it, "mean_rating");
		if (cJSON_IsNumber(m)) {
			snprintf(text, sizeof(text), "%.1f", m->valuedouble);
			cJSON_AddStringToObject(it, "rating_text", text);
		}
	}
	rows = cJSON_GetObjectItemCaseSensitive(ctx, "rows");
	charts = cJSON_AddArrayToObject(ctx, "charts");
	cJSON_AddItemToArray(charts, share_bars(r, rows, "cf-within",
	    "share_within_24h", "complaints_figures_share"));
	cJSON_AddItemToArray(charts, share_bars(r, rows, "cf-resolution",
	    "resolution_rate", "complaints_figures_resolution"));
	if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(ctx,
	    "by")), "dealer") == 0)
		cJSON_AddBoolToObject(ctx, "by_dealer", 1);
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "complaints_figures_title"));
	return http_page(r, 200, "complaint_figures", ctx);
}
