/*
 * providers_http.c: the service network's providers as JSON
 *
 *   GET   /api/v1/providers?region=&city=&category=&active=&after=&limit=
 *   POST  /api/v1/providers                      Idempotency-Key
 *   GET   /api/v1/providers/{id}                 (its own agents too)
 *   PATCH /api/v1/providers/{id}                 {..., version}
 *   GET   /api/v1/providers/{id}/agents
 *   POST  /api/v1/providers/{id}/agents          Idempotency-Key
 *   PATCH /api/v1/providers/{id}/agents/{user}   {display_name, disabled,
 *                                                version}
 *   GET   /api/v1/service-cities
 *
 * The operations are providers_ops.c's; who reaches what is theirs too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "providers.h"

static const char *
text(struct req *r, const char *key)
{
	const char	*s;

	if (json_get_string(r->json, key, SIZE_MAX, &s) == -1)
		http_field_error(r, key, "a string");
	return s;
}

/* {lat, lng} in degrees into microdegrees: 1, 0 absent, -1 bad. */
static int
location_of(const cJSON *l, int64_t *lat, int64_t *lng)
{
	const cJSON	*a, *b;

	if (l == NULL || cJSON_IsNull(l))
		return 0;
	a = cJSON_GetObjectItemCaseSensitive(l, "lat");
	b = cJSON_GetObjectItemCaseSensitive(l, "lng");
	if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b) ||
	    !(a->valuedouble >= -90 && a->valuedouble <= 90) ||
	    !(b->valuedouble >= -180 && b->valuedouble <= 180))
		return -1;
	*lat = (int64_t)(a->valuedouble * 1e6 + (a->valuedouble < 0 ? -0.5 :
	    0.5));
	*lng = (int64_t)(b->valuedouble * 1e6 + (b->valuedouble < 0 ? -0.5 :
	    0.5));
	return 1;
}

/* ["mon", ...] into bits: -1 absent, -2 bad. */
static int
days_of(const cJSON *d)
{
	const cJSON	*it;
	int		 bits = 0, i;

	if (d == NULL)
		return -1;
	if (!cJSON_IsArray(d))
		return -2;
	cJSON_ArrayForEach(it, d) {
		for (i = 0; i < 7 && (!cJSON_IsString(it) ||
		    strcmp(it->valuestring, providers_days[i]) != 0); i++)
			;
		if (i == 7)
			return -2;
		bits |= 1 << i;
	}
	return bits;
}

/* [{city, category}, ...] into p->areas: the count, -1 absent, -2 bad. */
static int
areas_of(const cJSON *a, struct providers_input *p)
{
	const cJSON	*it, *c, *k;
	int		 n = 0;

	if (a == NULL)
		return -1;
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > PROVIDERS_AREAS_MAX)
		return -2;
	cJSON_ArrayForEach(it, a) {
		c = cJSON_GetObjectItemCaseSensitive(it, "city");
		k = cJSON_GetObjectItemCaseSensitive(it, "category");
		if (!cJSON_IsString(c) || !cJSON_IsString(k))
			return -2;
		p->areas[n].city = c->valuestring;
		p->areas[n++].category = k->valuestring;
	}
	return n;
}

/* The body's profile into p; type errors become field errors on r. */
static void
input_of(struct req *r, struct providers_input *p)
{
	const cJSON	*v;

	providers_input_init(p);
	p->code = text(r, "code");
	p->name_zh = text(r, "name_zh");
	p->name_en = text(r, "name_en");
	if (json_get_int(r->json, "region", 1, INT64_C(1) << 52,
	    &p->region) == -1)
		http_field_error(r, "region", "a region's id");
	p->city = text(r, "city");
	p->address = text(r, "address");
	p->phone = text(r, "phone");
	p->located = location_of(cJSON_GetObjectItemCaseSensitive(r->json,
	    "location"), &p->lat_e6, &p->lng_e6);
	switch (json_get_int(r->json, "capacity", 1, 1000, &p->capacity)) {
	case 1:
		p->capacity = -1;
		break;
	case -1:
		p->capacity = 0;
		break;
	}
	p->days = days_of(cJSON_GetObjectItemCaseSensitive(r->json, "days"));
	p->opens = text(r, "opens");
	p->closes = text(r, "closes");
	p->nareas = areas_of(cJSON_GetObjectItemCaseSensitive(r->json,
	    "areas"), p);
	if ((v = cJSON_GetObjectItemCaseSensitive(r->json, "active")) !=
	    NULL) {
		if (!cJSON_IsBool(v))
			http_field_error(r, "active", "true or false");
		p->active = cJSON_IsTrue(v);
	}
	if (json_get_int(r->json, "version", 1, INT32_MAX, &p->version) == -1)
		p->version = 0;
}

/* Answer with provider id as who reads it. */
static int
provider_answer(struct req *r, int status, struct db *db, int64_t id)
{
	cJSON	*j;
	int	 st;

	if ((st = providers_get(db, &r->who, id, &j, &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, status, j);
}

/*
 * ?region=&city=&category=&active=&after=&limit= into a page of the
 * providers in the caller's reach (the list page reads the same): 200
 * and *out, or a refusal's status.
 */
int
providers_list_read(struct req *r, cJSON **out)
{
	struct providers_filter	 f;
	struct http_paging	 pg;
	struct db		*db;
	const char		*q;
	int			 st;

	*out = NULL;
	memset(&f, 0, sizeof(f));
	if (providers_reach(&r->who, &f.region) == -1)
		return http_error(r, 404, "not_found", "no such resource");
	if ((q = http_query(r, "region")) != NULL && *q != '\0' &&
	    (f.in_region = atoll(q)) <= 0)
		http_field_error(r, "region", "a region's id");
	f.city = (q = http_query(r, "city")) != NULL ? q : "";
	f.category = (q = http_query(r, "category")) != NULL ? q : "";
	f.active = -1;
	if ((q = http_query(r, "active")) != NULL && *q != '\0') {
		f.active = strcmp(q, "true") == 0 || strcmp(q, "1") == 0;
		if (!f.active && strcmp(q, "false") != 0 && strcmp(q, "0") != 0)
			http_field_error(r, "active", "true or false");
	}
	if (strlen(f.city) > 100 || strlen(f.category) > 32)
		http_field_error(r, "city", "at most 100 characters");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if (providers_list(db, &f, pg.after, pg.limit, out) == -1)
		return 500;
	return 200;
}

int
providers_list_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = providers_list_read(r, &j)) != 200)
		return st;
	return http_json(r, 200, j);
}

int
providers_create_post(struct req *r)
{
	struct providers_input	 p;
	const char		*key = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	struct db		*db;
	int64_t			 id;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	http_idem_check(r, key);
	input_of(r, &p);
	if ((db = http_db(r)) == NULL)
		return 503;
	st = providers_create(db, &r->who, &p, key, &id, &r->err);
	if (st != 201 && st != 200)
		return http_refused(r, st);
	return provider_answer(r, st, db, id);
}

int
providers_get_one(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return provider_answer(r, 200, db, http_param_id(r, "id"));
}

int
providers_patch(struct req *r)
{
	struct providers_input	 p;
	struct db		*db;
	int64_t			 id = http_param_id(r, "id");
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	input_of(r, &p);
	p.code = NULL;		/* a provider's code stays */
	p.region = 0;		/* as its region does */
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = providers_update(db, &r->who, id, &p, &r->err)) != 200)
		return http_refused(r, st);
	return provider_answer(r, 200, db, id);
}

/* The provider of the path if the caller administers it: 0, or a status. */
static int
administered(struct req *r, struct db *db, int64_t id)
{
	int64_t	 reach;
	cJSON	*j;
	int	 st;

	if (providers_reach(&r->who, &reach) == -1)
		return http_error(r, 404, "not_found", "no such provider");
	if ((st = providers_read(db, id, reach, &j)) == 404)
		return http_error(r, 404, "not_found", "no such provider");
	cJSON_Delete(j);
	return st == 200 ? 0 : st;
}

int
providers_agents_get(struct req *r)
{
	struct http_paging	 pg;
	struct db		*db;
	int64_t			 id = http_param_id(r, "id");
	cJSON			*j;
	int			 st;

	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if ((st = administered(r, db, id)) != 0)
		return st;
	if (providers_agents_list(db, id, pg.after, pg.limit, &j) == -1)
		return 500;
	return http_json(r, 200, j);
}

int
providers_agents_post(struct req *r)
{
	struct providers_agent_new	 a;
	const char			*key;
	struct db			*db;
	int64_t				 prov = http_param_id(r, "id"), id;
	cJSON				*j;
	int				 st, made;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	key = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	http_idem_check(r, key);
	a.login = text(r, "login");
	a.name = text(r, "display_name");
	a.password = text(r, "password");
	a.email = text(r, "email");
	a.mobile = text(r, "mobile");
	if ((db = http_db(r)) == NULL)
		return 503;
	made = providers_agent_create(db, &r->who, prov, &a, key, &id,
	    &r->err);
	if (made != 201 && made != 200)
		return http_refused(r, made);
	if ((st = providers_agents_read(db, prov, id, &j)) != 200)
		return st == 404 ? http_error(r, 404, "not_found",
		    "no such agent") : st;
	return http_json(r, made, j);
}

int
providers_agent_patch(struct req *r)
{
	const cJSON	*v;
	const char	*name;
	struct db	*db;
	int64_t		 prov = http_param_id(r, "id"),
			 id = http_param_id(r, "user"), version = 0;
	cJSON		*j;
	int		 st, disabled = -1;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	name = text(r, "display_name");
	if ((v = cJSON_GetObjectItemCaseSensitive(r->json, "disabled")) !=
	    NULL) {
		if (!cJSON_IsBool(v))
			http_field_error(r, "disabled", "true or false");
		disabled = cJSON_IsTrue(v);
	}
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) != 0)
		version = 0;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = providers_agent_change(db, &r->who, prov, id, name,
	    disabled, version, &r->err)) != 200)
		return http_refused(r, st);
	if ((st = providers_agents_read(db, prov, id, &j)) != 200)
		return st;
	return http_json(r, 200, j);
}

/* GET /api/v1/service-cities: where each city is, for the forms. */
int
providers_cities_get(struct req *r)
{
	struct db	*db;
	cJSON		*j, *items;

	if ((db = http_db(r)) == NULL)
		return 503;
	if (providers_cities(db, &items) == -1)
		return 500;
	j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "items", items);
	return http_json(r, 200, j);
}
