/*
 * addresses_http.c: the API's doors to the address book
 *   GET    /api/v1/addresses?dealer=		the book (dealer: for staff
 *						and chains)
 *   POST   /api/v1/addresses			{dealer, name, contact, phone,
 *						address, is_default} (a key)
 *   GET    /api/v1/addresses/{id}
 *   PATCH  /api/v1/addresses/{id}		{version, name, contact, phone,
 *						address, is_default}
 *   DELETE /api/v1/addresses/{id}?version=	deactivates it
 */
#include <string.h>

#include "../core/util.h"
#include "../http/http.h"
#include "addresses.h"

/* A JSON body's address into in; fields of the wrong type are refused. */
static void
address_in_json(struct req *r, struct address_in *in)
{
	static const char *const f[] = { "name", "contact", "phone",
	    "address" };
	const char	**to[] = { &in->name, &in->contact, &in->phone,
	    &in->address };
	const cJSON	*d;
	size_t		 i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < NELEM(f); i++)
		if (json_get_string(r->json, f[i], (size_t)-1, to[i]) == -1)
			http_field_error(r, f[i], "text");
	if (json_get_int(r->json, "dealer", 1, INT64_C(1) << 52,
	    &in->dealer) == -1)
		http_field_error(r, "dealer", "the dealer's id");
	d = cJSON_GetObjectItemCaseSensitive(r->json, "is_default");
	in->is_default = d == NULL || cJSON_IsNull(d) ? -1 :
	    cJSON_IsBool(d) ? cJSON_IsTrue(d) : 2;
	if (json_get_int(r->json, "version", 1, INT32_MAX,
	    &in->version) == -1)
		in->version = 0;
}

/* An operation's status and, for 200/201, its address (or book) *j. */
static int
answer(struct req *r, int st, cJSON **j)
{
	if (st != 200 && st != 201)
		return http_refused(r, st);
	return http_json(r, st, *j);
}

/* ?dealer=: 0 when absent, -1 when not an id */
static int64_t
query_dealer(struct req *r)
{
	const char	*q = http_query(r, "dealer");
	int64_t		 d;

	if (q == NULL)
		return 0;
	return util_parse_int(q, 1, INT64_C(1) << 52, &d) == 0 ? d : -1;
}

int
addresses_list_get(struct req *r)
{
	cJSON	*j = NULL;

	return answer(r, addresses_list(http_db(r), &r->who, query_dealer(r),
	    &r->err, &j), &j);
}

int
addresses_create_post(struct req *r)
{
	struct address_in	 in;
	cJSON			*j = NULL;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	address_in_json(r, &in);
	in.key = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	if (in.is_default < 0)
		in.is_default = 0;
	return answer(r, addresses_create(http_db(r), &r->who, &in, &r->err,
	    &j), &j);
}

int
addresses_one_get(struct req *r)
{
	cJSON	*j = NULL;

	return answer(r, addresses_get(http_db(r), &r->who,
	    http_param_id(r, "id"), &r->err, &j), &j);
}

int
addresses_one_patch(struct req *r)
{
	struct address_in	 in;
	cJSON			*j = NULL;

	if (!cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	address_in_json(r, &in);
	return answer(r, addresses_change(http_db(r), &r->who,
	    http_param_id(r, "id"), &in, &r->err, &j), &j);
}

int
addresses_one_delete(struct req *r)
{
	const char	*v = http_query(r, "version");
	int64_t		 version = 0;
	cJSON		*j = NULL;

	if (v != NULL && util_parse_int(v, 1, INT32_MAX, &version) == -1)
		version = 0;
	return answer(r, addresses_remove(http_db(r), &r->who,
	    http_param_id(r, "id"), version, &r->err, &j), &j);
}
