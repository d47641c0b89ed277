/*
 * sign.c: "t=<unix time>,v1=<hex HMAC-SHA256 of '<t>.<body>' under the
 * secret>", the signature of webhooks and SMS gateway calls, so that a
 * receiver can check the body and refuse an old replay
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "sign.h"
#include "util.h"

void
sign_header(const char *secret, int64_t t, const char *body, char *out,
    size_t sz)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 mac[crypto_auth_hmacsha256_BYTES];
	char				 ts[24], hex[2 * sizeof(mac) + 1];

	snprintf(ts, sizeof(ts), "%lld.", (long long)t);
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret,
	    strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts,
	    strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body,
	    strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	util_hex(hex, mac, sizeof(mac));
	snprintf(out, sz, "t=%lld,v1=%s", (long long)t, hex);
	sodium_memzero(&st, sizeof(st));
}
