/*
 * accounts_orgs_http.c: the admin's organisations and account-manager
 * assignments, as JSON (the operations are accounts_orgs_db.c's)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "accounts_orgs.h"
#include "accounts_users.h"

/* Answer the organisation id with status, or the refusal. */
static int
org_answer(struct req *r, int status, struct db *db, int64_t id)
{
	cJSON	*o;
	int	 st;

	if ((st = accounts_orgs_read(db, id, &o, &r->err)) != 200)
		return http_refused(r, st);
	return http_json(r, status, o);
}

int
accounts_orgs_get_one(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return org_answer(r, 200, db, http_param_id(r, "id"));
}

/* An id filter of the query: 0 if not given, -1 if bad. */
static int64_t
query_id(struct req *r, const char *name, const char *what)
{
	const char	*q = http_query(r, name);
	int64_t		 v;

	if (q == NULL || *q == '\0')
		return 0;
	if (util_parse_int(q, 1, INT64_C(1) << 52, &v) == -1) {
		http_field_error(r, name, what);
		return -1;
	}
	return v;
}

/*
 * ?kind=&region=&chain=&after=&limit= into a page of organisations (the
 * list page reads the same query): 200 and *out, or the status of a
 * refusal.
 */
int
accounts_orgs_list_read(struct req *r, cJSON **out)
{
	struct accounts_org_filter	 fl;
	struct http_paging		 pg;
	struct db			*db;
	enum org_kind			 k;
	int				 st;

	*out = NULL;
	fl.kind = http_query(r, "kind");
	if (fl.kind == NULL)
		fl.kind = "";		/* "": the filter form's "all" */
	if (*fl.kind != '\0' && org_kind_parse(fl.kind, &k) == -1)
		http_field_error(r, "kind", "hq, region, dealer, provider or "
		    "chain");
	fl.region = query_id(r, "region", "a region id");
	fl.chain = query_id(r, "chain", "a chain id");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if (accounts_orgs_list(db, &fl, pg.after, pg.limit, out) == -1)
		return 500;
	return 200;
}

/* GET /api/v1/orgs?kind=&region=&after=&limit= */
int
accounts_orgs_list_get(struct req *r)
{
	cJSON	*j;
	int	 st;

	if ((st = accounts_orgs_list_read(r, &j)) != 200)
		return st;
	return http_json(r, 200, j);
}

/*
 * The body's "chain": an id, null (0: none), absent (none given); a bad
 * one is a field error here.
 */
static int64_t
chain_of(struct req *r, int64_t absent)
{
	const cJSON	*c = cJSON_GetObjectItemCaseSensitive(r->json, "chain");
	int64_t		 v;

	if (c == NULL)
		return absent;
	if (cJSON_IsNull(c))
		return 0;
	if (json_get_int(r->json, "chain", 1, INT64_C(1) << 52, &v) != 0) {
		http_field_error(r, "chain", "a chain id, or null");
		return 0;
	}
	return v;
}

/*
 * POST /api/v1/orgs {kind, code, name_zh, name_en, region, chain,
 * dealer_kind, ...}
 */
int
accounts_orgs_create_post(struct req *r)
{
	struct accounts_org_new	 o;
	struct db		*db;
	int64_t			 id;
	int			 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	o.kind = accounts_json_text(r, "kind");
	o.code = accounts_json_text(r, "code");
	o.name_zh = accounts_json_text(r, "name_zh");
	o.name_en = accounts_json_text(r, "name_en");
	o.city = accounts_json_text(r, "city");
	o.dealer_kind = accounts_json_text(r, "dealer_kind");
	o.tier = accounts_json_text(r, "tier");
	if (json_get_int(r->json, "region", 1, INT64_C(1) << 52,
	    &o.region) != 0)
		o.region = 0;
	o.chain = chain_of(r, 0);
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_orgs_create(db, &r->who, &o, &id, &r->err)) != 201)
		return http_refused(r, st);
	return org_answer(r, 201, db, id);
}

/*
 * PATCH /api/v1/orgs/{id} {name_zh, name_en, city, tier, active, chain,
 * version}
 */
int
accounts_orgs_patch(struct req *r)
{
	struct accounts_org_change	 c;
	const cJSON			*act;
	struct db			*db;
	int64_t				 id = http_param_id(r, "id");
	int				 st;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	c.name_zh = accounts_json_text(r, "name_zh");
	c.name_en = accounts_json_text(r, "name_en");
	c.city = accounts_json_text(r, "city");
	c.tier = accounts_json_text(r, "tier");
	act = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	if (act != NULL && !cJSON_IsBool(act))
		http_field_error(r, "active", "true or false");
	c.active = act != NULL ? cJSON_IsTrue(act) : -1;
	c.chain = chain_of(r, -1);
	c.version = -1;
	if (json_get_int(r->json, "version", 1, INT32_MAX, &c.version) == -1)
		c.version = 0;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_orgs_update(db, &r->who, id, &c, &r->err)) != 200)
		return http_refused(r, st);
	return org_answer(r, 200, db, id);
}

/* What a user is assigned (fn: its dealers, its chains), as an answer. */
static int
ids_answer(struct req *r, struct db *db,
    int (*fn)(struct db *, int64_t, cJSON **), int64_t user)
{
	cJSON	*j;

	if (fn(db, user, &j) == -1)
		return 500;
	return http_json(r, 200, j);
}

int
accounts_orgs_assignments_get(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return ids_answer(r, db, accounts_orgs_assigned,
	    http_param_id(r, "id"));
}

/*
 * The body's list name of at most ACCOUNTS_ORGS_ASSIGN_MAX ids into ids:
 * how many, or -1 (the field error said).  Anything but a whole number
 * goes down as 0, refused by the operation.
 */
static int
ids_of(struct req *r, const char *name, int64_t *ids)
{
	const cJSON	*list, *it;
	int		 n = 0;

	list = cJSON_GetObjectItemCaseSensitive(r->json, name);
	if (!cJSON_IsArray(list) ||
	    cJSON_GetArraySize(list) > ACCOUNTS_ORGS_ASSIGN_MAX) {
		http_field_error(r, name, "a list of at most 200 ids");
		return -1;
	}
	cJSON_ArrayForEach(it, list)
		ids[n++] = cJSON_IsNumber(it) && it->valuedouble >= 1 &&
		    it->valuedouble < 9007199254740992.0 &&
		    it->valuedouble == (double)(int64_t)it->valuedouble ?
		    (int64_t)it->valuedouble : 0;
	return n;
}

/* PUT /api/v1/users/{id}/dealers {"dealers":[id, ...]}: replaces all. */
int
accounts_orgs_assignments_put(struct req *r)
{
	int64_t		 dealers[ACCOUNTS_ORGS_ASSIGN_MAX];
	int64_t		 manager = http_param_id(r, "id");
	struct db	*db;
	int		 n, st;

	if ((n = ids_of(r, "dealers", dealers)) == -1)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_orgs_assign(db, &r->who, manager, dealers, n,
	    &r->err)) != 200)
		return http_refused(r, st);
	return ids_answer(r, db, accounts_orgs_assigned, manager);
}

/* GET /api/v1/users/{id}/chains */
int
accounts_orgs_chains_get(struct req *r)
{
	struct db	*db;

	if ((db = http_db(r)) == NULL)
		return 503;
	return ids_answer(r, db, accounts_orgs_chains_assigned,
	    http_param_id(r, "id"));
}

/* PUT /api/v1/users/{id}/chains {"chains":[id, ...]}: replaces all. */
int
accounts_orgs_chains_put(struct req *r)
{
	int64_t		 chains[ACCOUNTS_ORGS_ASSIGN_MAX];
	int64_t		 user = http_param_id(r, "id");
	struct db	*db;
	int		 n, st;

	if ((n = ids_of(r, "chains", chains)) == -1)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = accounts_orgs_assign_key_account(db, &r->who, user, chains,
	    n, &r->err)) != 200)
		return http_refused(r, st);
	return ids_answer(r, db, accounts_orgs_chains_assigned, user);
}
