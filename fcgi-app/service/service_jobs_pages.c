/*
 * service_jobs_pages.c: service jobs in the portal, for dealers and staff
 *   /service		the jobs in reach, newest first (?status=)
 *   /service/new		the form to file one (?complaint= pre-fills it)
 *   /service/{number}	the job: state, provider, visit, parts, timeline;
 *			staff see the customer's phone and address and
 *			may dispatch it now; the dealer or staff cancel
 * Phone-first: the list is the tables' card layout under 600 px.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../media/media.h"
#include "../http/http.h"
#include "service_jobs.h"
#include "service_work.h"

static const char *const lines[] = { "fridge", "washer",
	"air_conditioner", "tv", "water_heater", NULL };
static const char *const statuses[] = { "waiting", "offered", "accepted",
	"scheduled", "in_progress", "waiting_parts", "finished", "closed",
	"cancelled", NULL };

static int
filer(const struct req *r)
{
	return r->who.kind == ORG_DEALER && (r->who.roles & SERVICE_FILERS);
}

static int
dispatcher(const struct req *r)
{
	return (r->who.kind == ORG_HQ || r->who.kind == ORG_REGION) &&
	    (r->who.roles & SERVICE_DISPATCHERS);
}

/* j[key] ("waiting") in words as j[key_label], from prefix_waiting. */
static void
label(struct req *r, cJSON *j, const char *key, const char *prefix)
{
	const char	*v = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(j, key));
	char		 k[80], out[48];

	if (v == NULL)
		return;
	snprintf(k, sizeof(k), "%s_%s", prefix, v);
	snprintf(out, sizeof(out), "%s_label", key);
	cJSON_AddStringToObject(j, out, http_i18n(r, k));
}

static void
labels(struct req *r, cJSON *j)
{
	label(r, j, "status", "service_status");
	label(r, j, "kind", "service_kind");
	label(r, j, "category", "service_line");
}

/* GET /service?status=&after= */
int
service_jobs_page_get(struct req *r)
{
	struct service_jobs_query	 q;
	struct db			*db;
	const char			*st = http_query(r, "status");
	cJSON				*ctx, *it, *f;
	char				 k[48];
	int				 rc, i;

	q.status = st != NULL && *st != '\0' ? st : NULL;
	q.after = http_query(r, "after");
	http_limit(r, &q.limit);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((rc = service_jobs_list_read(db, &r->who, r->lang, &q, &r->err,
	    &ctx)) != 200)
		return rc;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(ctx, "items"))
		labels(r, it);
	/* the filter: every state, the one shown marked */
	f = cJSON_AddArrayToObject(ctx, "filters");
	for (i = 0; statuses[i] != NULL; i++) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "status", statuses[i]);
		snprintf(k, sizeof(k), "service_status_%s", statuses[i]);
		cJSON_AddStringToObject(it, "label", http_i18n(r, k));
		if (q.status != NULL && strcmp(q.status, statuses[i]) == 0)
			cJSON_AddBoolToObject(it, "current", 1);
		cJSON_AddItemToArray(f, it);
	}
	if (filer(r))
		cJSON_AddBoolToObject(ctx, "can_file", 1);
	if (r->who.kind != ORG_DEALER)
		cJSON_AddBoolToObject(ctx, "staff", 1);
	cJSON_AddStringToObject(ctx, "status", q.status != NULL ? q.status :
	    "");
	cJSON_AddStringToObject(ctx, "title", http_i18n(r, "service_title"));
	return http_page(r, 200, "service_jobs", ctx);
}

/* A form's field, or NULL if it came empty. */
static const char *
formval(const struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

static int
new_page(struct req *r, int status, cJSON *pre)
{
	static const char *const fields[] = { "kind", "category", "name",
	    "phone", "address", "city", "lat", "lng", "model", "serial",
	    "fault", "complaint", NULL };
	cJSON		*ctx = cJSON_CreateObject(), *v, *opts, *o;
	const char	*x;
	char		 k[48];
	int		 i;

	v = cJSON_AddObjectToObject(ctx, "v");
	for (i = 0; fields[i] != NULL; i++) {
		x = http_formval(r, fields[i]);
		if (x == NULL && pre != NULL)
			x = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(pre, fields[i]));
		cJSON_AddStringToObject(v, fields[i], x != NULL ? x : "");
	}
	x = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "kind"));
	snprintf(k, sizeof(k), "kind_%s", x != NULL && *x ? x : "repair");
	cJSON_AddBoolToObject(ctx, k, 1);
	opts = cJSON_AddArrayToObject(ctx, "lines");
	x = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v,
	    "category"));
	for (i = 0; lines[i] != NULL; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "code", lines[i]);
		snprintf(k, sizeof(k), "service_line_%s", lines[i]);
		cJSON_AddStringToObject(o, "label", http_i18n(r, k));
		if (x != NULL && strcmp(x, lines[i]) == 0)
			cJSON_AddBoolToObject(o, "selected", 1);
		cJSON_AddItemToArray(opts, o);
	}
	cJSON_Delete(pre);
	return http_form_page(r, status, "service_job_new", ctx, NULL,
	    http_i18n(r, "service_new"));
}

/* GET /service/new?complaint= */
int
service_jobs_new_page_get(struct req *r)
{
	struct db	*db;
	cJSON		*pre = NULL;

	if (!filer(r))
		return http_error(r, 403, "forbidden", "dealers file service "
		    "jobs");
	if (http_query(r, "complaint") != NULL) {
		if ((db = http_db(r)) == NULL)
			return 503;
		if (service_jobs_complaint_read(db, &r->who, http_query(r,
		    "complaint"), &pre) == -1)
			return 500;
	}
	return new_page(r, 200, pre);
}

/* a coordinate typed in the form: 0 none, 1 read, -1 not a number */
static int
coord(const struct req *r, const char *name, double *out)
{
	const char	*v = formval(r, name);
	char		*end;

	if (v == NULL)
		return 0;
	*out = strtod(v, &end);
	return end != v && *end == '\0' && isfinite(*out) ? 1 : -1;
}

/* POST /service/new */
int
service_jobs_new_page_post(struct req *r)
{
	const char			*key = http_formval(r, "idem");
	struct service_jobs_filing	 in;
	struct db			*db;
	char				 loc[64], number[32];
	int				 a, b, st;

	memset(&in, 0, sizeof(in));
	in.kind = formval(r, "kind");
	in.category = formval(r, "category");
	in.name = formval(r, "name");
	in.phone = formval(r, "phone");
	in.address = formval(r, "address");
	in.city = formval(r, "city");
	in.model = formval(r, "model");
	in.serial = formval(r, "serial");
	in.fault = formval(r, "fault");
	in.complaint = formval(r, "complaint");
	a = coord(r, "lat", &in.lat);
	b = coord(r, "lng", &in.lng);
	if (a == -1 || b == -1 || a != b) {
		in.bad = 1;
		in.bad_field = "customer.location";
	}
	in.located = a == 1 && b == 1;
	http_idem_check(r, key);
	if ((db = http_db(r)) == NULL)
		return 503;
	st = service_jobs_file(db, &r->who, &in, key, r->body, r->body_len,
	    &r->err, number, sizeof(number));
	if (st == 200 || st == 201) {
		snprintf(loc, sizeof(loc), "/service/%s?filed=1", number);
		return http_redirect(r, 303, loc);
	}
	if (st == 422 || st == 409)
		return new_page(r, st, NULL);
	return st;
}

static int
one_page(struct req *r, int status, const char *notice)
{
	struct db	*db;
	cJSON		*ctx, *j, *it;
	const char	*s;
	char		 act[80];
	int		 found, open;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((j = service_jobs_load(db, http_param(r, "number"), &r->who,
	    r->lang, &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such service job");
	labels(r, j);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "timeline"))
		label(r, it, "type", "service_ev");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "offers"))
		label(r, it, "outcome", "service_offer");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "parts"))
		label(r, it, "status", "service_part");
	ctx = cJSON_CreateObject();
	s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "status"));
	open = s != NULL && strcmp(s, "finished") != 0 && strcmp(s,
	    "closed") != 0 && strcmp(s, "cancelled") != 0;
	if (dispatcher(r) && s != NULL && strcmp(s, "waiting") == 0)
		cJSON_AddBoolToObject(ctx, "can_dispatch", 1);
	if ((filer(r) || dispatcher(r)) && open)
		cJSON_AddBoolToObject(ctx, "can_cancel", 1);
	cJSON_AddItemToObject(ctx, "j", j);
	snprintf(act, sizeof(act), "/service/%s/attachments",
	    http_param(r, "number"));
	media_panel(r, db, ctx, "service_job", http_param(r, "number"), act,
	    (r->who.roles & (SERVICE_FILERS | SERVICE_DISPATCHERS)) != 0);
	return http_form_page(r, status, "service_job", ctx, notice,
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j,
	    "number")));
}

/* GET /service/{number} */
int
service_jobs_one_page_get(struct req *r)
{
	return one_page(r, 200, http_query(r, "filed") ? "service_notice_filed" :
	    http_query(r, "done") ? "service_notice_done" : NULL);
}

/* POST /service/{number}: action = dispatch|cancel */
int
service_jobs_one_page_post(struct req *r)
{
	const char	*a = http_formval(r, "action"), *number;
	struct db	*db;
	char		 loc[64];
	int		 st;

	number = http_param(r, "number");
	if (a == NULL || (strcmp(a, "dispatch") != 0 && strcmp(a,
	    "cancel") != 0))
		return http_error(r, 400, "bad_request", "no such action");
	if ((db = http_db(r)) == NULL)
		return 503;
	if (strcmp(a, "dispatch") == 0)
		st = dispatcher(r) ? service_dispatch_now(db, &r->who, number,
		    &r->err) : http_error(r, 404, "not_found",
		    "no such service job");
	else
		st = service_jobs_cancel(db, &r->who, number,
		    service_work_form_version(r), formval(r, "reason"), &r->err);
	if (st == 200) {
		snprintf(loc, sizeof(loc), "/service/%s?done=1", number);
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return one_page(r, st, NULL);
	return st;
}
