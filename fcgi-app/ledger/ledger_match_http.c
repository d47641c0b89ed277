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

/* POST /api/v1/dealers/{id}/allocations */
int
ledger_allocate_post(struct req *r)
{
	struct ledger_alloc	 a;
	struct db		*db;
	char			 hash[65];
	cJSON			*j;
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
	st = ledger_allocate(db, &r->who, http_param_id(r, "id"), &a, &r->err,
	    &j);
	return ledger_answer(r, st, j);
}

/* GET /api/v1/dealers/{id}/open-items */
int
ledger_open_items_get(struct req *r)
{
	struct db	*db;
	cJSON		*j;
	int		 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	st = ledger_open_items_read(db, &r->who, http_param_id(r, "id"),
	    &r->err, &j);
	return ledger_answer(r, st, j);
}
