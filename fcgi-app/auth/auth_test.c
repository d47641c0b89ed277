/* auth_test.c: unit tests of roles, tokens, passwords and CSRF */
#include <stdlib.h>
#include <string.h>

#include <sys/mman.h>

#include <jwt.h>
#include <sodium.h>

#include "../test.h"
#include "auth.h"

static const char	 secret[] = "unit-test-secret-unit-test-secret-0123";
static const int64_t	 now = 1800000000;

static void
setup(void)
{
	ck_assert_int_eq(sodium_init() >= 0, 1);
	ck_assert_int_eq(token_init(secret, strlen(secret), "dealernet",
	    "dealernet-api"), 0);
	csrf_set_secret(secret, strlen(secret));
}

static void
teardown(void)
{
	token_free();
}

static struct principal
buyer(void)
{
	struct principal	 p;

	memset(&p, 0, sizeof(p));
	p.user_id = 12;
	p.org_id = 3;
	p.kind = ORG_DEALER;
	p.region_id = 2;
	p.roles = ROLE_DEALER_BUYER;
	p.token_version = 4;
	return p;
}

/* A token signed by libjwt with any algorithm and these claims. */
static char *
forge(jwt_alg_t alg, const char *claims)
{
	jwt_t	*j;
	char	*t;

	ck_assert_int_eq(jwt_new(&j), 0);
	ck_assert_int_eq(jwt_add_grants_json(j, claims), 0);
	ck_assert_int_eq(jwt_set_alg(j, alg, alg == JWT_ALG_NONE ? NULL :
	    (const unsigned char *)secret, alg == JWT_ALG_NONE ? 0 :
	    (int)strlen(secret)), 0);
	t = jwt_encode_str(j);
	jwt_free(j);
	return t;
}

#define CLAIMS(extra) "{\"sub\":\"12\",\"org\":3,\"okind\":\"dealer\"," \
	"\"region\":2,\"roles\":[\"dealer_buyer\"],\"tv\":4," \
	"\"iss\":\"dealernet\",\"aud\":\"dealernet-api\",\"jti\":\"x\"" extra "}"

START_TEST(test_issue_verify)
{
	struct principal	 p = buyer(), q;
	char			*t = token_issue(&p, now);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(token_verify(t, now + 10, &q), 0);
	ck_assert_int_eq(q.user_id, 12);
	ck_assert_int_eq(q.org_id, 3);
	ck_assert_int_eq(q.kind, ORG_DEALER);
	ck_assert_int_eq(q.region_id, 2);
	ck_assert_uint_eq(q.roles, ROLE_DEALER_BUYER);
	ck_assert_int_eq(q.token_version, 4);
	ck_assert_int_eq(q.exp, now + TOKEN_TTL);
	/* expired past the leeway; fine within it */
	ck_assert_int_eq(token_verify(t, now + TOKEN_TTL + TOKEN_LEEWAY, &q),
	    -1);
	ck_assert_int_eq(token_verify(t, now + TOKEN_TTL + 1, &q), 0);
	ck_assert_int_eq(q.session_id, 0);	/* none given, none carried */
	free(t);
	p.session_id = 77;
	t = token_issue(&p, now);
	ck_assert_int_eq(token_verify(t, now, &q), 0);
	ck_assert_int_eq(q.session_id, 77);
	free(t);
	/* a sid that is not a positive integer makes the token no good */
	t = forge(JWT_ALG_HS256, CLAIMS(",\"iat\":1800000000,"
	    "\"exp\":1800000900,\"sid\":\"77\""));
	ck_assert_int_eq(token_verify(t, now, &q), -1);
	free(t);
	t = forge(JWT_ALG_HS256, CLAIMS(",\"iat\":1800000000,"
	    "\"exp\":1800000900,\"sid\":0"));
	ck_assert_int_eq(token_verify(t, now, &q), -1);
	free(t);
}
END_TEST

/*
 * A token that passed is remembered by its exact bytes (token.c), and a
 * remembered one answers as the full check would: a byte changed, a time
 * out of bounds either way, or a new key refuse it.
 */
START_TEST(test_token_remembered)
{
	struct principal	 p = buyer(), q;
	char			*t = token_issue(&p, now), *u;
	size_t			 n;
	long			 hits;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(token_verify(t, now, &q), 0);
	hits = token_remembered();
	memset(&q, 0, sizeof(q));
	ck_assert_int_eq(token_verify(t, now, &q), 0);
	ck_assert_int_eq(token_remembered(), hits + 1);
	ck_assert_int_eq(q.user_id, 12);
	ck_assert_uint_eq(q.roles, ROLE_DEALER_BUYER);
	ck_assert_int_eq(q.exp, now + TOKEN_TTL);
	u = strdup(t);
	n = strlen(u);
	u[n - 2] = u[n - 2] == 'A' ? 'B' : 'A';	/* the signature */
	ck_assert_int_eq(token_verify(u, now, &q), -1);
	ck_assert_int_eq(q.user_id, 0);
	u[n - 2] = t[n - 2];
	u[n - 1] = '\0';				/* shorter */
	ck_assert_int_eq(token_verify(u, now, &q), -1);
	free(u);
	ck_assert_int_eq(token_verify(t, now + TOKEN_TTL + TOKEN_LEEWAY, &q),
	    -1);
	ck_assert_int_eq(token_verify(t, now - TOKEN_LEEWAY - 1, &q), -1);
	ck_assert_int_eq(token_verify(t, now, &q), 0);
	ck_assert_int_eq(token_init("another secret of thirty-two bytes or more",
	    42, "dealernet", "dealernet-api"), 0);
	ck_assert_int_eq(token_verify(t, now, &q), -1);
	free(t);
}
END_TEST

START_TEST(test_forged_algorithms)
{
	struct principal	 q;
	char			*t;

	t = forge(JWT_ALG_HS256, CLAIMS(",\"iat\":1800000000,"
	    "\"exp\":1800000900"));
	ck_assert_int_eq(token_verify(t, now, &q), 0);	/* control */
	free(t);
	t = forge(JWT_ALG_HS384, CLAIMS(",\"iat\":1800000000,"
	    "\"exp\":1800000900"));
	ck_assert_int_eq(token_verify(t, now, &q), -1);
	free(t);
	t = forge(JWT_ALG_HS512, CLAIMS(",\"iat\":1800000000,"
	    "\"exp\":1800000900"));
	ck_assert_int_eq(token_verify(t, now, &q), -1);
	free(t);
	t = forge(JWT_ALG_NONE, CLAIMS(",\"iat\":1800000000,"
	    "\"exp\":1800000900"));
	ck_assert_int_eq(token_verify(t, now, &q), -1);
	free(t);
}
END_TEST

START_TEST(test_claim_types)
{
	static const char *const bad[] = {
		CLAIMS(",\"iat\":1800000000,\"exp\":\"1800000900\""),
		CLAIMS(",\"iat\":1800000000,\"exp\":1800000900.5"),
		CLAIMS(",\"iat\":1800000000"),
		CLAIMS(",\"iat\":1800009000,\"exp\":1800010900"),
		CLAIMS(",\"iat\":1800000000,\"exp\":1800000900,"
		    "\"nbf\":1800009000"),
		"{\"org\":3,\"okind\":\"dealer\",\"region\":2,\"roles\":"
		    "[\"dealer_buyer\"],\"tv\":4,\"iss\":\"dealernet\",\"aud\":"
		    "\"dealernet-api\",\"jti\":\"x\",\"iat\":1800000000,"
		    "\"exp\":1800000900}",
	};
	struct principal	 q;
	size_t			 i;
	char			*t;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = forge(JWT_ALG_HS256, bad[i]);
		ck_assert_msg(token_verify(t, now, &q) == -1, "case %zu", i);
		free(t);
	}
}
END_TEST

START_TEST(test_garbage)
{
	struct principal	 q;

	ck_assert_int_eq(token_verify("", now, &q), -1);
	ck_assert_int_eq(token_verify("a.b", now, &q), -1);
	ck_assert_int_eq(token_verify("a.b.c.d", now, &q), -1);
	ck_assert_int_eq(token_verify("e30.e30.", now, &q), -1);
	ck_assert_int_eq(token_verify("eyJhbGciOiJIUzI1NiJ9.e30.x y", now, &q),
	    -1);
	ck_assert_int_eq(token_verify(NULL, now, &q), -1);
}
END_TEST

START_TEST(test_roles)
{
	unsigned	 bit;
	const char	*names[ROLE__COUNT];

	ck_assert_int_eq(role_parse("region_approver", &bit), 0);
	ck_assert_uint_eq(bit, ROLE_REGION_APPROVER);
	ck_assert_int_eq(role_parse("root", &bit), -1);
	ck_assert_int_eq(roles_to_names(ROLE_ADMIN | ROLE_ERP, names, 10), 2);
	ck_assert_str_eq(names[0], "admin");
	ck_assert(roles_allowed_for(ORG_DEALER) & ROLE_DEALER_ADMIN);
	ck_assert(!(roles_allowed_for(ORG_DEALER) & ROLE_ADMIN));
	ck_assert(!(roles_allowed_for(ORG_HQ) & ROLE_ACCOUNT_MANAGER));
	ck_assert(roles_allowed_for(ORG_REGION) & ROLE_FINANCE_CLERK);
	ck_assert(roles_allowed_for(ORG_HQ) & ROLE_FINANCE_CLERK);
}
END_TEST

START_TEST(test_csrf)
{
	char	 seed[33], other[33], tok[65];

	ck_assert_int_eq(csrf_new_seed(seed, sizeof(seed)), 0);
	ck_assert_int_eq(csrf_new_seed(other, sizeof(other)), 0);
	ck_assert_int_eq(csrf_token(seed, 12, tok, sizeof(tok)), 0);
	ck_assert(csrf_check(seed, 12, tok));
	ck_assert(!csrf_check(seed, 0, tok));	/* another user, or none */
	ck_assert(!csrf_check(seed, 13, tok));
	ck_assert(!csrf_check(other, 12, tok));
	ck_assert(!csrf_check(seed, 12, NULL));
	ck_assert(!csrf_check(seed, 12, ""));
	tok[0] = tok[0] == 'a' ? 'b' : 'a';
	ck_assert(!csrf_check(seed, 12, tok));
}
END_TEST

START_TEST(test_password_rules)
{
	ck_assert(!password_acceptable("short"));
	ck_assert(password_acceptable("ten-chars!"));
	ck_assert(password_acceptable("十个字符的中文密码啊啊"));
	ck_assert(!password_acceptable("\xc0\xaf-not-utf8-at-all"));
}
END_TEST

/*
 * A hash's 64 MiB mapping is advised onto huge pages (password_memory.c),
 * the hash still verifies, and a big mapping outside hashing is left as
 * it was asked for.
 */
START_TEST(test_password_memory)
{
	char	 h[crypto_pwhash_STRBYTES];
	long	 before;
	void	*p;

	ck_assert_int_eq(password_init(2), 0);
	before = password_memory_advised();
	ck_assert_int_eq(password_hash("ten-chars!", h, sizeof(h)), 0);
	ck_assert_int_eq(password_memory_advised(), before + 1);
	ck_assert_int_eq(password_check(h, "ten-chars!"), PASSWORD_OK);
	ck_assert_int_eq(password_check(h, "ten-chars?"), PASSWORD_WRONG);
	ck_assert_int_eq(password_memory_advised(), before + 3);
	p = mmap(NULL, 64UL << 20, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert(p != MAP_FAILED);
	ck_assert_int_eq(password_memory_advised(), before + 3);
	munmap(p, 64UL << 20);
}
END_TEST

/* IPv6 clients count per /64; mapped IPv4 as IPv4; junk as one key. */
START_TEST(test_throttle_addr)
{
	char	 k[THROTTLE_ADDR_MAX], k2[THROTTLE_ADDR_MAX];

	throttle_addr_key("127.0.0.21", k, sizeof(k));
	ck_assert_str_eq(k, "a:127.0.0.21");
	throttle_addr_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd", k, sizeof(k));
	ck_assert_str_eq(k, "a:2001:db8:1:2::/64");
	throttle_addr_key("2001:0db8:0001:0002:0:0:0:1", k2, sizeof(k2));
	ck_assert_str_eq(k, k2);
	throttle_addr_key("2001:db8:1:3::1", k2, sizeof(k2));
	ck_assert_str_ne(k, k2);
	throttle_addr_key("::ffff:10.1.2.3", k, sizeof(k));
	ck_assert_str_eq(k, "a:10.1.2.3");
	throttle_addr_key("::1", k, sizeof(k));
	ck_assert_str_eq(k, "a:::/64");
	throttle_addr_key("not an address", k, sizeof(k));
	ck_assert_str_eq(k, "a:unknown");
	throttle_addr_key(NULL, k, sizeof(k));
	ck_assert_str_eq(k, "a:unknown");
}
END_TEST

/* Logins are [a-z0-9._-]; a name key is keyed and 32 bytes for any bytes. */
START_TEST(test_throttle_names)
{
	unsigned char	 a[THROTTLE_KEY_LEN], b[THROTTLE_KEY_LEN];

	ck_assert_int_eq(throttle_login_ok("d0001.buyer"), 1);
	ck_assert_int_eq(throttle_login_ok("a-b_c.9"), 1);
	ck_assert_int_eq(throttle_login_ok(""), 0);
	ck_assert_int_eq(throttle_login_ok("D0001.buyer"), 0);
	ck_assert_int_eq(throttle_login_ok("\xe7\x8e\x8b\xe5\xb0\x8f"), 0);
	ck_assert_int_eq(throttle_login_ok("a b"), 0);
	throttle_init(secret, strlen(secret));
	ck_assert_int_eq(throttle_name_key("\xe7\x8e\x8b", a), 0);
	ck_assert_int_eq(throttle_name_key("d0001.buyer", b), 0);
	ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
	ck_assert_int_eq(throttle_name_key("d0001.buyer", a), 0);
	ck_assert_int_eq(memcmp(a, b, sizeof(a)), 0);
	throttle_init("another-secret-another-secret-0123456", 37);
	ck_assert_int_eq(throttle_name_key("d0001.buyer", a), 0);
	ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
}
END_TEST

/* A refusal is remembered until it ends, at most 10 s, or is forgotten. */
START_TEST(test_throttle_remember)
{
	ck_assert_int_eq(throttle_refused("a:10.9.9.9", 100.0), 0);
	throttle_remember("a:10.9.9.9", 600, 100.0);
	ck_assert_int_eq(throttle_refused("a:10.9.9.9", 100.5), 600);
	ck_assert_int_eq(throttle_refused("a:10.9.9.8", 100.5), 0);
	ck_assert_int_eq(throttle_refused("a:10.9.9.9", 110.5), 0);	/* ask again */
	throttle_remember("n:ab", 3, 200.0);
	ck_assert_int_eq(throttle_refused("n:ab", 201.0), 2);
	ck_assert_int_eq(throttle_refused("n:ab", 203.0), 0);
	throttle_remember("n:ab", 30, 300.0);
	throttle_forget("n:ab");
	ck_assert_int_eq(throttle_refused("n:ab", 300.5), 0);
}
END_TEST

Suite *
auth_suite(void)
{
	Suite	*s = suite_create("auth");
	TCase	*tc = tcase_create("auth");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_issue_verify);
	tcase_add_test(tc, test_token_remembered);
	tcase_add_test(tc, test_forged_algorithms);
	tcase_add_test(tc, test_claim_types);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_roles);
	tcase_add_test(tc, test_csrf);
	tcase_add_test(tc, test_password_rules);
	tcase_add_test(tc, test_password_memory);
	tcase_add_test(tc, test_throttle_addr);
	tcase_add_test(tc, test_throttle_names);
	tcase_add_test(tc, test_throttle_remember);
	suite_add_tcase(s, tc);
	return s;
}
