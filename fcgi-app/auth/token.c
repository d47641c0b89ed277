/*
 * token.c: HS256 access tokens
 *
 * Signed and decoded with libjwt 1.10, which trusts the token's own
 * header for the algorithm and checks no claim at all.  So: the header
 * is read here first and must say exactly HS256; the key is never empty;
 * after decoding, the algorithm is checked again; and every claim is
 * read from the JSON with its type checked (a string "exp" or a float
 * must not pass as a number).
 *
 * A token that passed is remembered, by its exact bytes, with what it
 * said (tv_cache): the same token on the next request is answered by a
 * comparison and the time checks instead of libjwt's base64, its two
 * jansson parses and the cJSON parse of the claims (issue #22: 6 % of an
 * order read's CPU).  Time is checked again on every use, so a
 * remembered token answers exactly as a full check would; a new key
 * forgets everything.
 */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <jwt.h>
#include <sodium.h>

#include "../core/util.h"
#include "auth.h"

#define KEY_MIN	32

static unsigned char	*key;
static size_t		 keylen;
static char		 issuer[128], audience[128];

#define TV_SLOTS	4096		/* a power of two */

/* A token that passed, with its claims' times. */
struct tv_entry {
	char			*token;		/* NULL: empty */
	struct principal	 p;
	int64_t			 iat, nbf;
};

static struct tv_entry	 tv_cache[TV_SLOTS];
static pthread_mutex_t	 tv_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_long	 tv_hits;

static struct tv_entry *
tv_slot(const char *token)
{
	uint64_t	 h = 1469598103934665603ULL;	/* FNV-1a: a place */

	while (*token != '\0')
		h = (h ^ (unsigned char)*token++) * 1099511628211ULL;
	return &tv_cache[h & (TV_SLOTS - 1)];
}

static void
tv_forget(void)
{
	size_t	 i;

	pthread_mutex_lock(&tv_mu);
	for (i = 0; i < TV_SLOTS; i++) {
		free(tv_cache[i].token);
		tv_cache[i].token = NULL;
	}
	pthread_mutex_unlock(&tv_mu);
}

/* The same times as claims_ok. */
static int
times_ok(int64_t exp, int64_t iat, int64_t nbf, int64_t now)
{
	return exp + TOKEN_LEEWAY > now && iat <= now + TOKEN_LEEWAY &&
	    nbf <= now + TOKEN_LEEWAY;
}

/* 1 with *p if token passed before and its times still hold, else 0. */
static int
tv_get(const char *token, int64_t now, struct principal *p)
{
	struct tv_entry	*e = tv_slot(token);
	int		 hit = 0;

	pthread_mutex_lock(&tv_mu);
	if (e->token != NULL && strcmp(e->token, token) == 0 &&
	    times_ok(e->p.exp, e->iat, e->nbf, now)) {
		*p = e->p;
		hit = 1;
	}
	pthread_mutex_unlock(&tv_mu);
	if (hit)
		atomic_fetch_add(&tv_hits, 1);
	return hit;
}

/* Verifications answered from memory so far (the unit test's witness). */
long
token_remembered(void)
{
	return atomic_load(&tv_hits);
}

static void
tv_put(const char *token, const struct principal *p, int64_t iat,
    int64_t nbf)
{
	struct tv_entry	*e = tv_slot(token);
	char		*t = strdup(token);

	if (t == NULL)
		return;
	pthread_mutex_lock(&tv_mu);
	free(e->token);
	e->token = t;
	e->p = *p;
	e->iat = iat;
	e->nbf = nbf;
	pthread_mutex_unlock(&tv_mu);
}

int
token_init(const char *secret, size_t len, const char *iss, const char *aud)
{
	token_free();
	if (secret == NULL || len < KEY_MIN)
		return -1;
	if ((key = malloc(len)) == NULL)
		return -1;
	memcpy(key, secret, len);
	keylen = len;
	snprintf(issuer, sizeof(issuer), "%s", iss);
	snprintf(audience, sizeof(audience), "%s", aud);
	return 0;
}

void
token_free(void)
{
	if (key != NULL) {
		sodium_memzero(key, keylen);
		free(key);
	}
	tv_forget();
	key = NULL;
	keylen = 0;
}

/* A new signed token for p, valid TOKEN_TTL seconds from now; free(). */
char *
token_issue(const struct principal *p, int64_t now)
{
	const char	*names[ROLE__COUNT];
	cJSON		*claims = NULL, *roles;
	jwt_t		*jwt = NULL;
	char		 sub[32], jti[33], *json = NULL, *out = NULL;
	int		 n, i;

	if (key == NULL || keylen < KEY_MIN || jwt_new(&jwt) != 0)
		goto out;
	if (util_random_hex(jti, sizeof(jti)) == -1)
		goto out;
	snprintf(sub, sizeof(sub), "%lld", (long long)p->user_id);
	if ((claims = cJSON_CreateObject()) == NULL ||
	    (roles = cJSON_AddArrayToObject(claims, "roles")) == NULL)
		goto out;
	n = roles_to_names(p->roles, names, ROLE__COUNT);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(roles, cJSON_CreateString(names[i]));
	cJSON_AddStringToObject(claims, "okind", org_kind_name(p->kind));
	if ((json = cJSON_PrintUnformatted(claims)) == NULL)
		goto out;
	if (jwt_add_grant(jwt, "sub", sub) != 0 ||
	    jwt_add_grant(jwt, "iss", issuer) != 0 ||
	    jwt_add_grant(jwt, "aud", audience) != 0 ||
	    jwt_add_grant(jwt, "jti", jti) != 0 ||
	    jwt_add_grant_int(jwt, "org", (long)p->org_id) != 0 ||
	    jwt_add_grant_int(jwt, "region", (long)p->region_id) != 0 ||
	    jwt_add_grant_int(jwt, "tv", (long)p->token_version) != 0 ||
	    jwt_add_grant_int(jwt, "iat", (long)now) != 0 ||
	    jwt_add_grant_int(jwt, "exp", (long)(now + TOKEN_TTL)) != 0 ||
	    (p->session_id > 0 && jwt_add_grant_int(jwt, "sid",
	    (long)p->session_id) != 0) ||
	    jwt_add_grants_json(jwt, json) != 0)
		goto out;
	if (jwt_set_alg(jwt, JWT_ALG_HS256, key, (int)keylen) != 0)
		goto out;
	out = jwt_encode_str(jwt);
out:
	cJSON_free(json);
	cJSON_Delete(claims);
	jwt_free(jwt);
	return out;
}

/* The header must be {"alg":"HS256"} (a "typ" of "JWT" may come too). */
static int
header_ok(const char *token)
{
	unsigned char	 raw[512];
	const char	*dot = strchr(token, '.');
	const cJSON	*it;
	size_t		 n;
	cJSON		*h;
	int		 ok = 0;

	if (dot == NULL || sodium_base642bin(raw, sizeof(raw) - 1, token,
	    (size_t)(dot - token), NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return 0;
	raw[n] = '\0';
	if ((h = cJSON_ParseWithLengthOpts((char *)raw, n + 1, NULL, 1)) ==
	    NULL)
		return 0;
	if (!cJSON_IsObject(h))
		goto out;
	ok = 1;
	cJSON_ArrayForEach(it, h) {
		if (strcmp(it->string, "alg") == 0)
			ok &= cJSON_IsString(it) &&
			    strcmp(it->valuestring, "HS256") == 0;
		else if (strcmp(it->string, "typ") == 0)
			ok &= cJSON_IsString(it) &&
			    strcmp(it->valuestring, "JWT") == 0;
		else
			ok = 0;	/* crit, kid, jku ...: not ours */
	}
	ok &= cJSON_HasObjectItem(h, "alg");
out:
	cJSON_Delete(h);
	return ok;
}

/* An integer claim: a JSON number with no fraction, within range. */
static int
claim_int(const cJSON *c, const char *name, int64_t min, int64_t max,
    int64_t *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(c, name);
	double		 d;

	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d) || d < (double)min ||
	    d > (double)max)
		return -1;
	*out = (int64_t)d;
	return 0;
}

static const char *
claim_str(const cJSON *c, const char *name, size_t max)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(c, name);

	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    strlen(v->valuestring) > max)
		return NULL;
	return v->valuestring;
}

/* The claims checked into *p, with the times *iat and *nbf (0: none). */
static int
claims_ok(const cJSON *c, int64_t now, struct principal *p, int64_t *iat,
    int64_t *nbf)
{
	const cJSON	*roles, *r;
	const char	*s;
	char		*end;
	int64_t		 v;
	unsigned	 bit;
	long long	 id;

	if ((s = claim_str(c, "sub", 20)) == NULL)
		return 0;
	id = strtoll(s, &end, 10);
	if (*end != '\0' || id <= 0 || s[0] == '0')
		return 0;
	p->user_id = id;
	if ((s = claim_str(c, "iss", 127)) == NULL || strcmp(s, issuer) != 0 ||
	    (s = claim_str(c, "aud", 127)) == NULL || strcmp(s, audience) != 0)
		return 0;
	if ((s = claim_str(c, "jti", 32)) == NULL)
		return 0;
	snprintf(p->jti, sizeof(p->jti), "%s", s);
	*nbf = 0;
	if (claim_int(c, "exp", 0, INT32_MAX * 4LL, &p->exp) == -1 ||
	    claim_int(c, "iat", 0, INT32_MAX * 4LL, iat) == -1 ||
	    (cJSON_HasObjectItem(c, "nbf") &&
	    claim_int(c, "nbf", 0, INT32_MAX * 4LL, nbf) == -1) ||
	    !times_ok(p->exp, *iat, *nbf, now))
		return 0;
	if (claim_int(c, "org", 1, INT64_C(1) << 52, &p->org_id) == -1 ||
	    claim_int(c, "region", 0, INT64_C(1) << 52, &p->region_id) == -1 ||
	    claim_int(c, "tv", 1, INT32_MAX, &v) == -1)
		return 0;
	p->token_version = v;
	/* the session it was issued for; tokens of API clients may have none */
	if (cJSON_HasObjectItem(c, "sid") &&
	    claim_int(c, "sid", 1, INT64_C(1) << 52, &p->session_id) == -1)
		return 0;
	if (org_kind_parse(claim_str(c, "okind", 16), &p->kind) == -1)
		return 0;
	roles = cJSON_GetObjectItemCaseSensitive(c, "roles");
	if (!cJSON_IsArray(roles))
		return 0;
	p->roles = 0;
	cJSON_ArrayForEach(r, roles) {
		if (!cJSON_IsString(r) || role_parse(r->valuestring, &bit) == -1)
			return 0;
		p->roles |= bit;
	}
	/* a token can only carry roles its kind of organisation may hold */
	return p->roles != 0 && (p->roles & ~roles_allowed_for(p->kind)) == 0;
}

/*
 * 0 and *p filled if token is ours, unexpired and well-formed; -1 for
 * anything else, without saying which check failed.
 */
int
token_verify(const char *token, int64_t now, struct principal *p)
{
	jwt_t		*jwt = NULL;
	char		*json = NULL;
	cJSON		*claims = NULL;
	const char	*q;
	int64_t		 iat, nbf;
	int		 dots = 0, rc = -1;

	memset(p, 0, sizeof(*p));
	if (key == NULL || keylen < KEY_MIN || token == NULL ||
	    strlen(token) > TOKEN_MAX)
		return -1;
	if (tv_get(token, now, p))
		return 0;
	for (q = token; *q != '\0'; q++) {
		if (*q == '.')
			dots++;
		else if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') ||
		    (*q >= '0' && *q <= '9') || *q == '-' || *q == '_'))
			return -1;
	}
	if (dots != 2 || !header_ok(token))
		return -1;
	if (jwt_decode(&jwt, token, key, (int)keylen) != 0 || jwt == NULL ||
	    jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	if ((json = jwt_get_grants_json(jwt, NULL)) == NULL ||
	    (claims = cJSON_Parse(json)) == NULL || !cJSON_IsObject(claims))
		goto out;
	if (!claims_ok(claims, now, p, &iat, &nbf))
		goto out;
	tv_put(token, p, iat, nbf);
	rc = 0;
out:
	if (rc == -1)
		memset(p, 0, sizeof(*p));
	cJSON_Delete(claims);
	free(json);
	jwt_free(jwt);
	return rc;
}
