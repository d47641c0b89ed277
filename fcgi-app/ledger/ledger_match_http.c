/*
 * ledger_match_http.c: payments matched to invoices, and what is still open
 *   POST /api/v1/dealers/{id}/allocations {"payment","invoice","amount"}
 *	  + Idempotency-Key
 *   GET  /api/v1/dealers/{id}/open-items
 * Only an original payment (amount < 0) and an original invoice (amount
 * > 0) are matched, never beyond what is open on either; what is open is
 * held by a row per entry that the allocation writes (ledger_match_db.c), and a
 * reversal of either releases the allocation.  Idempotent by key as orders
 * are: the same key and body answer the allocation made (200, the same
 * body), another body 409.  Open invoices are aged by their posting date:
 * 0-30, 31-60, 61-90, over 90 days.
 */
#include <string.h>

#include <sodium.h>

#include "../core/util.h"
#include "../http/http.h"
#include "ledger.h"

/* The request an allocation's key stands for: its body, hashed, in hex. */
void
ledger_allocation_hash(const char *body, size_t len, char *hex)
{
	crypto_hash_sha256_state hs;
	unsigned char		 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&hs);
	crypto_hash_sha256_update(&hs, (const unsigned char *)"allocation",
	    10);
	crypto_hash_sha256_update(&hs, (const unsigned char *)body, len);
	crypto_hash_sha256_final(&hs, h);
	util_hex(hex, h, sizeof(h));
}

/* An allocation as the API shows it. */
cJSON *
ledger_alloc_json(const struct ledger_alloc *a)
{
	cJSON	*j = cJSON_CreateObject();

	cJSON_AddNumberToObject(j, "id", (double)a->id);
	cJSON_AddNumberToObject(j, "payment", (double)a->payment);
	cJSON_AddNumberToObject(j, "invoice", (double)a->invoice);
	cJSON_AddNumberToObject(j, "amount", (double)a->amount);
	cJSON_AddNumberToObject(j, "payment_open", (double)a->payment_open);
	cJSON_AddNumberToObject(j, "invoice_open", (double)a->invoice_open);
	return j;
}

/* POST /api/v1/dealers/{id}/allocations */
int
ledger_allocate_post(struct req *r)
{
	struct ledger_alloc	 a;
	struct db		*db;
	char			 hash[65];
	int			 st;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	memset(&a, 0, sizeof(a));
	a.key = http_env(r, "HTTP_IDEMPOTENCY_KEY");
	http_idem_check(r, a.key);
	/* a wrong type is a missing value to the operation's checks */
	json_get_int(r->json, "payment", 1, INT64_C(9007199254740991),
	    &a.payment);
	json_get_int(r->json, "invoice", 1, INT64_C(9007199254740991),
	    &a.invoice);
	json_get_int(r->json, "amount", 1, LEDGER_MAX, &a.amount);
	ledger_allocation_hash(r->body, r->body_len, hash);
	a.hash = hash;
	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_allocate(db, &r->who, http_param_id(r, "id"), &a,
	    &r->err)) != 200 && st != 201)
		return http_refused(r, st);
	return http_json(r, st, ledger_alloc_json(&a));
}

static cJSON *
items_json(const struct ledger_open_item *v, size_t n)
{
	cJSON	*list = cJSON_CreateArray(), *it;
	size_t	 i;

	for (i = 0; i < n; i++) {
		it = cJSON_CreateObject();
		cJSON_AddNumberToObject(it, "id", (double)v[i].id);
		cJSON_AddStringToObject(it, "reference", v[i].reference);
		cJSON_AddStringToObject(it, "posted_on", v[i].posted_on);
		cJSON_AddNumberToObject(it, "amount", (double)v[i].amount);
		cJSON_AddNumberToObject(it, "open", (double)v[i].open);
		cJSON_AddNumberToObject(it, "age_days", (double)v[i].age_days);
		cJSON_AddStringToObject(it, "bucket",
		    ledger_buckets[v[i].bucket]);
		cJSON_AddItemToArray(list, it);
	}
	return list;
}

/* What is open as the API shows it. */
cJSON *
ledger_open_items_json(const struct ledger_open_items *o)
{
	cJSON	*j = cJSON_CreateObject(), *a;
	int	 k;

	cJSON_AddItemToObject(j, "invoices", items_json(o->invoices,
	    o->ninvoices));
	cJSON_AddItemToObject(j, "payments", items_json(o->payments,
	    o->npayments));
	a = cJSON_AddObjectToObject(j, "ageing");
	for (k = 0; k < LEDGER_BUCKETS; k++)
		cJSON_AddNumberToObject(a, ledger_buckets[k],
		    (double)o->ageing[k]);
	return j;
}

/* GET /api/v1/dealers/{id}/open-items */
int
ledger_open_items_get(struct req *r)
{
	struct ledger_open_items o;
	struct db	*db;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = ledger_open_items_read(db, &r->who, http_param_id(r, "id"),
	    &r->err, &o)) != 200)
		return http_refused(r, st);
	st = http_json(r, 200, ledger_open_items_json(&o));
	ledger_open_items_free(&o);
	return st;
}
