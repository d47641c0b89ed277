/*
 * service_work_pages.c: the provider's pages, phone first, no JavaScript
 *   /provider/jobs		my jobs by status; an offer is accepted or
 *				declined right there
 *   /provider/jobs/{number}	the job: where, what, the fault; the customer
 *				once the job is ours; the form for each next
 *				step, the parts asked for, the timeline
 * The forms post to the job's page (action=...), which runs the same
 * operations as the API (service_work_db.c, service_parts_db.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../media/media.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "service_work.h"

#define PART_ROWS	3	/* part lines on the form */

/* key (UTC, "...Z") as China's time in key_china: "2026-12-05 10:30". */
void
service_work_when(cJSON *o, const char *key)
{
	const char	*v = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, key));
	struct tm	 tm;
	time_t		 t;
	char		 out[32], name[48];

	memset(&tm, 0, sizeof(tm));
	if (v == NULL || strptime(v, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return;
	t = timegm(&tm) + 8 * 3600;
	gmtime_r(&t, &tm);
	strftime(out, sizeof(out), "%Y-%m-%d %H:%M", &tm);
	snprintf(name, sizeof(name), "%s_china", key);
	cJSON_AddStringToObject(o, name, out);
}

/* o[key]'s value v as the reader's words: prefix + v into key_label */
void
service_work_label(struct req *r, cJSON *o, const char *key,
    const char *prefix)
{
	const char	*v = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, key));
	char		 k[80], name[48];

	if (v == NULL)
		return;
	snprintf(k, sizeof(k), "%s%s", prefix, strncmp(v, "service.", 8) ==
	    0 ? v + 8 : v);
	snprintf(name, sizeof(name), "%s_label", key);
	cJSON_AddStringToObject(o, name, http_i18n(r, k));
}

static int
agent(const struct req *r)
{
	return r->who.kind == ORG_PROVIDER &&
	    (r->who.roles & ROLE_PROVIDER_AGENT);
}

/* GET /provider/jobs: by status, the ones to act on first */
int
service_work_jobs_page_get(struct req *r)
{
	static const char *const groups[] = { "offered", "accepted",
	    "scheduled", "in_progress", "waiting_parts", "finished", NULL };
	struct db	*db;
	cJSON		*ctx, *mine, *list, *g, *items, *it, *next;
	const char	*st;
	int		 i, n;

	if (!agent(r))
		return http_error(r, 404, "not_found", "no such page");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((mine = service_work_mine(db, &r->who, r->lang)) == NULL)
		return 500;
	ctx = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(ctx, "groups");
	for (i = 0; groups[i] != NULL; i++) {
		g = cJSON_CreateObject();
		cJSON_AddStringToObject(g, "status", groups[i]);
		service_work_label(r, g, "status", "service_work_group_");
		items = cJSON_AddArrayToObject(g, "items");
		if (i == 0)
			cJSON_AddBoolToObject(g, "offers", 1);
		n = 0;
		for (it = cJSON_GetObjectItemCaseSensitive(mine,
		    "items")->child; it != NULL; it = next) {
			next = it->next;
			st = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(it, "status"));
			if (st == NULL || strcmp(st, groups[i]) != 0)
				continue;
			service_work_label(r, it, "kind", "service_work_kind_");
			service_work_when(it, "offer_due");
			cJSON_AddItemToArray(items, cJSON_DetachItemViaPointer(
			    cJSON_GetObjectItemCaseSensitive(mine, "items"),
			    it));
			n++;
		}
		cJSON_AddNumberToObject(g, "count", n);
		cJSON_AddItemToArray(list, g);
	}
	cJSON_Delete(mine);
	if (http_query(r, "declined") != NULL)
		cJSON_AddStringToObject(ctx, "notice", http_i18n(r,
		    "service_work_declined_notice"));
	cJSON_AddStringToObject(ctx, "title", http_i18n(r,
	    "service_work_jobs_title"));
	return http_page(r, 200, "provider_jobs", ctx);
}

/* what the job's state lets its provider do next */
static void
next_steps(cJSON *ctx, const char *status)
{
	static const struct {
		const char	*status, *flags;
	} steps[] = {
		{ "offered", "can_accept can_decline" },
		{ "accepted", "can_schedule can_start can_parts" },
		{ "scheduled", "can_schedule can_start can_parts" },
		{ "in_progress", "can_parts can_finish" },
		{ "waiting_parts", "can_schedule can_parts" },
	};
	char	 flag[24];
	const char *p;
	size_t	 i, n;

	for (i = 0; status != NULL && i < sizeof(steps) / sizeof(steps[0]);
	    i++) {
		if (strcmp(steps[i].status, status) != 0)
			continue;
		for (p = steps[i].flags; *p != '\0'; p += n + (p[n] == ' ')) {
			n = strcspn(p, " ");
			snprintf(flag, sizeof(flag), "%.*s", (int)n, p);
			cJSON_AddBoolToObject(ctx, flag, 1);
		}
	}
}

static int
job_page(struct req *r, int status, const char *notice)
{
	struct db	*db;
	cJSON		*ctx, *j, *it, *rows;
	char		 act[80];
	int		 found, i;

	if (!agent(r))
		return http_error(r, 404, "not_found", "no such page");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((j = service_work_load(db, &r->who, http_param(r, "number"),
	    r->lang, &found)) == NULL)
		return found ? 500 : http_error(r, 404, "not_found",
		    "no such service job");
	service_work_label(r, j, "status", "service_work_status_");
	service_work_label(r, j, "kind", "service_work_kind_");
	service_work_when(j, "offer_due");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, "parts")) {
		service_work_label(r, it, "status", "service_work_part_");
		service_work_when(it, "due_at");
	}
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j,
	    "timeline")) {
		service_work_label(r, it, "type", "service_work_ev_");
		service_work_when(it, "at");
	}
	ctx = cJSON_CreateObject();
	next_steps(ctx, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    j, "status")));
	rows = cJSON_AddArrayToObject(ctx, "part_rows");
	for (i = 0; i < PART_ROWS; i++) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "i", i);
		cJSON_AddNumberToObject(it, "n", i + 1);
		cJSON_AddItemToArray(rows, it);
	}
	cJSON_AddItemToObject(ctx, "j", j);
	snprintf(act, sizeof(act), "/provider/jobs/%s/attachments",
	    http_param(r, "number"));
	media_panel(r, db, ctx, "service_job", http_param(r, "number"), act, 1);
	return http_form_page(r, status, "provider_job", ctx, notice,
	    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j,
	    "number")));
}

/* GET /provider/jobs/{number} */
int
service_work_job_page_get(struct req *r)
{
	return job_page(r, 200, http_query(r, "done") != NULL ?
	    "service_work_done_notice" : NULL);
}

/* A form's field, or NULL if it came empty. */
static const char *
formval(const struct req *r, const char *name)
{
	const char	*v = http_formval(r, name);

	return v != NULL && *v != '\0' ? v : NULL;
}

int64_t
service_work_form_version(const struct req *r)
{
	const char	*v = http_formval(r, "version");
	char		*end;
	long long	 n;

	if (v == NULL)
		return -1;
	n = strtoll(v, &end, 10);
	return end == v || *end != '\0' || n < 1 || n > INT32_MAX ? 0 : n;
}

/* the form's part lines: those with a number or a quantity */
static void
form_parts(const struct req *r, struct service_work_act *a)
{
	const char	*no, *q;
	char		 name[24], *end;
	long long	 n;
	int		 i;

	for (i = 0; i < PART_ROWS; i++) {
		snprintf(name, sizeof(name), "part_no_%d", i);
		no = formval(r, name);
		snprintf(name, sizeof(name), "quantity_%d", i);
		q = formval(r, name);
		if (no == NULL && q == NULL)
			continue;
		n = q != NULL ? strtoll(q, &end, 10) : 0;
		a->items[a->nitems].part_no = no;
		a->items[a->nitems].quantity = q != NULL && *end == '\0' &&
		    n >= 1 && n <= 999 ? n : 0;
		a->nitems++;
	}
}

/* POST /provider/jobs/{number}: action = accept|decline|schedule|start|
 * parts|finish */
int
service_work_job_page_post(struct req *r)
{
	static const struct {
		const char	*action;
		service_work_op	*op;
	} acts[] = {
		{ "accept", service_work_accept },
		{ "decline", service_work_decline },
		{ "schedule", service_work_schedule },
		{ "start", service_work_start },
		{ "parts", service_parts_request },
		{ "finish", service_work_finish },
	};
	const char		*action = http_formval(r, "action");
	struct service_work_act	 a;
	struct db		*db;
	char			 loc[80];
	size_t			 i;
	int			 st;

	for (i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (action != NULL && strcmp(action, acts[i].action) == 0)
			break;
	if (i == sizeof(acts) / sizeof(acts[0]))
		return http_error(r, 400, "bad_request", "no such action");
	memset(&a, 0, sizeof(a));
	a.number = http_param(r, "number");
	a.version = service_work_form_version(r);
	a.reason = formval(r, "reason");
	a.date = formval(r, "date");
	a.from = formval(r, "from");
	a.to = formval(r, "to");
	a.work_done = formval(r, "work_done");
	a.parts_used = formval(r, "parts_used");
	if (acts[i].op == service_parts_request) {
		form_parts(r, &a);
		a.idem_key = http_formval(r, "idem");
		util_sha256_hex(a.request_hash, r->body, r->body_len);
	}
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = acts[i].op(db, &r->who, &a, &r->err)) == 200) {
		if (acts[i].op == service_work_decline)
			return http_redirect(r, 303,
			    "/provider/jobs?declined=1");
		snprintf(loc, sizeof(loc), "/provider/jobs/%s?done=1",
		    a.number);
		return http_redirect(r, 303, loc);
	}
	if (st == 409 || st == 422)
		return job_page(r, st, NULL);
	return st;
}
