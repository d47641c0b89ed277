/*
 * webhooks_http.c: /api/v1/webhooks for admins (every dealer's events)
 * and dealer admins (their own dealer's): subscribe, read, change, turn
 * off, read the delivery log, send a delivery again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../core/buf.h"
#include "../http/http.h"
#include "webhooks.h"

static void
who_of(const struct req *r, struct webhooks_who *w)
{
	w->user = r->who.user_id;
	w->org = r->who.org_id;
	w->all = (r->who.roles & ROLE_ADMIN) != 0;
}

static cJSON *
sub_json(const struct webhooks_sub *w)
{
	cJSON		*j = cJSON_CreateObject(), *k;
	const char	*p, *e;
	char		 kind[48];

	cJSON_AddNumberToObject(j, "id", (double)w->id);
	cJSON_AddStringToObject(j, "url", w->url);
	k = cJSON_AddArrayToObject(j, "kinds");
	for (p = w->kinds; *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		snprintf(kind, sizeof(kind), "%.*s", (int)(e - p), p);
		cJSON_AddItemToArray(k, cJSON_CreateString(kind));
	}
	cJSON_AddStringToObject(j, "scope", w->org_id == 0 ? "all" : "own");
	cJSON_AddBoolToObject(j, "active", w->active);
	cJSON_AddNumberToObject(j, "version", (double)w->version);
	cJSON_AddStringToObject(j, "created_at", w->created_at);
	return j;
}

/*
 * The kinds of a JSON body, an array of event types, as the comma list
 * the table keeps; absent: NULL (as it is).  0, or -1 with a field error.
 */
static int
kinds_of(struct req *r, struct buf *b, const char **out)
{
	const cJSON	*k = cJSON_GetObjectItemCaseSensitive(r->json, "kinds"),
			*it;

	*out = NULL;
	if (k == NULL)
		return 0;
	if (!cJSON_IsArray(k) || cJSON_GetArraySize(k) > 20)
		goto bad;
	cJSON_ArrayForEach(it, k) {
		if (!cJSON_IsString(it) || strlen(it->valuestring) > 40)
			goto bad;
		buf_printf(b, "%s%s", b->len ? "," : "", it->valuestring);
	}
	*out = buf_cstr(b);
	if (b->len == 0)
		*out = "";
	return 0;
bad:
	http_field_error(r, "kinds", "an array of at most 20 event types; "
	    "empty for all");
	return -1;
}

/* POST /api/v1/webhooks {url, kinds} with an Idempotency-Key */
int
webhooks_create_post(struct req *r)
{
	struct webhooks_who	 w;
	struct webhooks_sub	 s;
	struct db		*db;
	struct buf		 b;
	const char		*url = NULL, *kinds, *idem;
	cJSON			*j;
	int			 st;

	idem = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	http_idem_check(r, idem);
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	buf_init(&b);
	if (json_get_string(r->json, "url", WEBHOOKS_URL_MAX, &url) != 0)
		http_field_error(r, "url", "an http:// or https:// URL of at "
		    "most 500 characters");
	kinds_of(r, &b, &kinds);
	if (r->err.fields != NULL) {
		buf_free(&b);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL) {
		buf_free(&b);
		return 503;
	}
	who_of(r, &w);
	st = webhooks_create(db, &w, url, kinds != NULL ? kinds : "", idem, &s,
	    &r->err);
	buf_free(&b);
	if (st != 200 && st != 201)
		return http_refused(r, st);
	j = sub_json(&s);
	cJSON_AddStringToObject(j, "secret", s.secret);
	sodium_memzero(s.secret, sizeof(s.secret));
	return http_json(r, st, j);
}

/* GET /api/v1/webhooks?after=&limit= */
int
webhooks_list_get(struct req *r)
{
	struct webhooks_who	 w;
	struct webhooks_sub	*v;
	struct http_paging	 p;
	struct db		*db;
	cJSON			*j, *items;
	size_t			 n, i;
	int64_t			 next;
	int			 st;

	if ((st = http_list_begin(r, &p, &db)) != 0)
		return st;
	who_of(r, &w);
	if (webhooks_list(db, &w, p.after, p.limit, &v, &n, &next) == -1) {
		free(v);
		return 500;
	}
	j = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(items, sub_json(&v[i]));
	free(v);
	p.more = next != 0;
	p.last = next;
	http_paging_cursor(j, &p);
	return http_json(r, 200, j);
}

/* GET /api/v1/webhooks/{id} */
int
webhooks_get_one(struct req *r)
{
	struct webhooks_who	 w;
	struct webhooks_sub	 s;
	struct db		*db;
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	who_of(r, &w);
	if ((st = webhooks_read(db, &w, http_param_id(r, "id"), &s,
	    &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, 200, sub_json(&s));
}

/* PATCH /api/v1/webhooks/{id} {url?, kinds?, active?, version} */
int
webhooks_patch(struct req *r)
{
	struct webhooks_who	 w;
	struct webhooks_sub	 s;
	struct db		*db;
	struct buf		 b;
	const char		*url = NULL, *kinds = NULL;
	const cJSON		*a;
	int64_t			 version = 0;
	int			 st, active = -1;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	buf_init(&b);
	if (cJSON_HasObjectItem(r->json, "url") && json_get_string(r->json,
	    "url", WEBHOOKS_URL_MAX, &url) != 0)
		http_field_error(r, "url", "an http:// or https:// URL of at "
		    "most 500 characters");
	kinds_of(r, &b, &kinds);
	if ((a = cJSON_GetObjectItemCaseSensitive(r->json, "active")) != NULL) {
		if (!cJSON_IsBool(a))
			http_field_error(r, "active", "true or false");
		active = cJSON_IsTrue(a);
	}
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) != 0)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL) {
		buf_free(&b);
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if ((db = http_db(r)) == NULL) {
		buf_free(&b);
		return 503;
	}
	who_of(r, &w);
	st = webhooks_update(db, &w, http_param_id(r, "id"), version, url,
	    kinds, active, &s, &r->err);
	buf_free(&b);
	if (st != 200)
		return http_refused(r, st);
	return http_json(r, 200, sub_json(&s));
}

/* GET /api/v1/webhooks/{id}/deliveries?after=&limit=: newest first */
int
webhooks_deliveries_get(struct req *r)
{
	struct webhooks_who	 w;
	struct webhooks_delivery *v;
	struct http_paging	 p;
	struct db		*db;
	cJSON			*j, *items, *d;
	char			 id[24];
	size_t			 n, i;
	int64_t			 next;
	int			 st;

	if ((st = http_list_begin(r, &p, &db)) != 0)
		return st;
	who_of(r, &w);
	if ((st = webhooks_deliveries(db, &w, http_param_id(r, "id"), p.after,
	    p.limit, &v, &n, &next, &r->err)) != 200) {
		free(v);
		return http_refused(r, st);
	}
	j = cJSON_CreateObject();
	items = cJSON_AddArrayToObject(j, "items");
	for (i = 0; i < n; i++) {
		d = cJSON_CreateObject();
		cJSON_AddNumberToObject(d, "id", (double)v[i].id);
		snprintf(id, sizeof(id), "%lld", (long long)v[i].event_id);
		cJSON_AddStringToObject(d, "event_id", id);
		cJSON_AddStringToObject(d, "event_type", v[i].event_type);
		cJSON_AddStringToObject(d, "state", v[i].state);
		cJSON_AddNumberToObject(d, "attempts", (double)v[i].attempts);
		if (v[i].last_status != 0)
			cJSON_AddNumberToObject(d, "last_status",
			    v[i].last_status);
		else
			cJSON_AddNullToObject(d, "last_status");
		cJSON_AddStringToObject(d, "last_error", v[i].last_error);
		cJSON_AddStringToObject(d, "created_at", v[i].created_at);
		if (v[i].delivered_at[0] != '\0')
			cJSON_AddStringToObject(d, "delivered_at",
			    v[i].delivered_at);
		else
			cJSON_AddNullToObject(d, "delivered_at");
		cJSON_AddItemToArray(items, d);
	}
	free(v);
	p.more = next != 0;
	p.last = next;
	http_paging_cursor(j, &p);
	return http_json(r, 200, j);
}

/* POST /api/v1/webhooks/{id}/deliveries/{delivery}/redeliver */
int
webhooks_redeliver_post(struct req *r)
{
	struct webhooks_who	 w;
	struct db		*db;
	cJSON			*j;
	int			 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	who_of(r, &w);
	if ((st = webhooks_redeliver(db, &w, http_param_id(r, "id"),
	    http_param_id(r, "delivery"), &r->err)) != 200)
		return http_refused(r, st);
	j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "state", "pending");
	return http_json(r, 200, j);
}
