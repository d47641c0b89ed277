/*
 * csrf.c: tokens for form posts
 *
 * A browser gets a random seed in an HttpOnly cookie; its forms carry
 * HMAC-SHA256(secret, seed ":" user id), the user being 0 before sign-in.
 * A forged post has neither the cookie (it is SameSite=Strict) nor the
 * token (it needs the server's secret); and a seed and token planted
 * before sign-in are worth nothing once a user is signed in.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../core/util.h"
#include "auth.h"

static unsigned char	 key[crypto_auth_hmacsha256_KEYBYTES];
static int		 have_key;

/* Derive the CSRF key from the signing secret, apart from token keys. */
void
csrf_set_secret(const char *secret, size_t len)
{
	crypto_auth_hmacsha256_state	 st;

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf", 4);
	crypto_auth_hmacsha256_final(&st, key);
	have_key = 1;
}

/* A new seed: 32 hex digits (out holds 33). */
int
csrf_new_seed(char *out, size_t size)
{
	return size < 33 ? -1 : util_random_hex(out, 33);
}

/* The token for a seed and user: 64 hex digits (out holds 65). */
int
csrf_token(const char *seed, int64_t user, char *out, size_t size)
{
	unsigned char	 mac[crypto_auth_hmacsha256_BYTES];
	char		 msg[64];
	int		 n;

	if (!have_key || seed == NULL || size < 2 * sizeof(mac) + 1 ||
	    strlen(seed) != 32)
		return -1;
	n = snprintf(msg, sizeof(msg), "%s:%lld", seed, (long long)user);
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (size_t)n,
	    key);
	util_hex(out, mac, sizeof(mac));
	return 0;
}

/* 1 if token is the one for seed and user (in constant time), else 0. */
int
csrf_check(const char *seed, int64_t user, const char *token)
{
	char	 want[65];

	if (token == NULL || strlen(token) != 64 ||
	    csrf_token(seed, user, want, sizeof(want)) == -1)
		return 0;
	return sodium_memcmp(want, token, 64) == 0;
}
