/*
 * throttle.c: the keys sign-in failures are counted under
 *
 * A login name is counted under a keyed hash of it (HMAC-SHA256 with a
 * key derived from the app's secret), never as typed: the table of
 * failures then holds no list of names people tried, and any bytes at
 * all hash to a key of the same shape, so an odd name cannot make the
 * count fail where a plain one would not.  An address is counted as
 * itself for IPv4 and per /64 for IPv6, since one IPv6 host commonly
 * holds a whole /64 and could step through it.
 */
#include <arpa/inet.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth.h"

static unsigned char	 name_key[crypto_auth_hmacsha256_KEYBYTES];
static int		 have_key;

/* Derive the name key from the signing secret, apart from other keys. */
void
throttle_init(const char *secret, size_t len)
{
	crypto_auth_hmacsha256_state	 st;
	static const char		 what[] = "login-name-key";

	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)what,
	    sizeof(what) - 1);
	crypto_auth_hmacsha256_final(&st, name_key);
	have_key = 1;
}

/* The key a login name's failures are counted under; -1 without a key. */
int
throttle_name_key(const char *login, unsigned char *out)
{
	if (!have_key)
		return -1;
	crypto_auth_hmacsha256(out, (const unsigned char *)login,
	    strlen(login), name_key);
	return 0;
}

/*
 * A login as we issue them: 1 to LOGIN_CHARS_MAX of [a-z0-9._-].  Any
 * other is refused before it is looked up, as if it were wrong.
 */
int
throttle_login_ok(const char *login)
{
	size_t	 n = strlen(login);

	return n >= 1 && n <= LOGIN_CHARS_MAX &&
	    strspn(login, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/*
 * The address key of a client: "a:" and the IPv4 address, or the /64 of
 * an IPv6 one ("a:2001:db8:1:2::/64"); an IPv4-mapped IPv6 address counts
 * as its IPv4 address.  Anything unparseable is "a:unknown".
 */
void
throttle_addr_key(const char *remote, char *out, size_t size)
{
	unsigned char	 a6[16];
	struct in_addr	 a4;
	char		 txt[INET6_ADDRSTRLEN];
	static const unsigned char mapped[12] =
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (remote != NULL && inet_pton(AF_INET, remote, &a4) == 1 &&
	    inet_ntop(AF_INET, &a4, txt, sizeof(txt)) != NULL) {
		snprintf(out, size, "a:%s", txt);
		return;
	}
	if (remote == NULL || inet_pton(AF_INET6, remote, a6) != 1) {
		snprintf(out, size, "a:unknown");
		return;
	}
	if (memcmp(a6, mapped, sizeof(mapped)) == 0) {
		memcpy(&a4, a6 + 12, 4);
		if (inet_ntop(AF_INET, &a4, txt, sizeof(txt)) != NULL) {
			snprintf(out, size, "a:%s", txt);
			return;
		}
	}
	memset(a6 + 8, 0, 8);
	if (inet_ntop(AF_INET6, a6, txt, sizeof(txt)) == NULL)
		snprintf(out, size, "a:unknown");
	else
		snprintf(out, size, "a:%s/64", txt);
}

/*
 * Refusals remembered in memory, per process: an address or a name found
 * over its limit is refused again at once, without the database, for at
 * most REMEMBER_MAX seconds (then the database is asked again, so a lock
 * lifted elsewhere, by an administrator on another node, holds at most
 * that long).  Under a flood from one address every attempt would
 * otherwise be a durable write to one row.  One slot per hash: a
 * collision only sends an attempt to the database.
 */
#define SLOTS		1024
#define REMEMBER_MAX	10

struct refusal {
	char	 key[THROTTLE_REMEMBER_KEY];
	double	 until;		/* the refusal's end */
	double	 recheck;	/* when to ask the database again */
};

static struct refusal	 refusals[SLOTS];
static pthread_mutex_t	 refusals_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
slot_of(const char *key)
{
	uint32_t	 h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h % SLOTS;
}

/* Seconds left of a refusal remembered for key at now, or 0. */
int
throttle_refused(const char *key, double now)
{
	struct refusal	*r = &refusals[slot_of(key)];
	int		 left = 0;

	pthread_mutex_lock(&refusals_lock);
	if (now < r->recheck && now < r->until && strcmp(r->key, key) == 0)
		left = (int)ceil(r->until - now);
	pthread_mutex_unlock(&refusals_lock);
	return left;
}

/* Remember that key is refused for seconds from now. */
void
throttle_remember(const char *key, int seconds, double now)
{
	struct refusal	*r = &refusals[slot_of(key)];

	pthread_mutex_lock(&refusals_lock);
	snprintf(r->key, sizeof(r->key), "%s", key);
	r->until = now + seconds;
	r->recheck = now + (seconds < REMEMBER_MAX ? seconds : REMEMBER_MAX);
	pthread_mutex_unlock(&refusals_lock);
}

/* Forget a refusal of key (an administrator lifted it here). */
void
throttle_forget(const char *key)
{
	struct refusal	*r = &refusals[slot_of(key)];

	pthread_mutex_lock(&refusals_lock);
	if (strcmp(r->key, key) == 0)
		r->until = r->recheck = 0;
	pthread_mutex_unlock(&refusals_lock);
}
