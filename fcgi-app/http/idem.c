/*
 * idem.c: the Idempotency-Key that every creating POST is keyed by
 *
 * Orders, drafts, complaints, allocations and API keys take the same
 * key (the header, or a form's hidden "idem"), so its shape is checked
 * once here.
 */
#include <string.h>

#include "http.h"

/* 1 if k is 1 to HTTP_IDEM_MAX of A-Z a-z 0-9 - _ . : */
int
http_idem_ok(const char *k)
{
	size_t	 n = k != NULL ? strlen(k) : 0;

	return n >= 1 && n <= HTTP_IDEM_MAX && strspn(k, "ABCDEFGHIJKLMNOPQRST"
	    "UVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:") == n;
}

/* A required key: a field error on r unless k is one. */
void
http_idem_check(struct req *r, const char *k)
{
	if (!http_idem_ok(k))
		http_field_error(r, "Idempotency-Key", "required: 1 to 100 of "
		    "A-Z a-z 0-9 - _ . :");
}
