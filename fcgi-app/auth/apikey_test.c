/* apikey_test.c: unit tests of apikey.c (no database) */
#include <string.h>

#include <sodium.h>

#include "../test.h"
#include "apikey.h"

START_TEST(test_new_keys_are_well_formed_and_differ)
{
	char	 a[APIKEY_LEN + 1], b[APIKEY_LEN + 1];
	char	 pa[APIKEY_PREFIX + 1], pb[APIKEY_PREFIX + 1];

	ck_assert_int_eq(sodium_init() >= 0, 1);
	ck_assert_int_eq(apikey_new(a, sizeof(a), pa, sizeof(pa)), 0);
	ck_assert_int_eq(apikey_new(b, sizeof(b), pb, sizeof(pb)), 0);
	ck_assert_uint_eq(strlen(a), APIKEY_LEN);
	ck_assert(apikey_well_formed(a));
	ck_assert(strncmp(a, "dnk_", 4) == 0);
	ck_assert(strncmp(a + 4, pa, APIKEY_PREFIX) == 0);
	ck_assert_str_ne(a, b);
	/* too small a buffer makes no key */
	ck_assert_int_eq(apikey_new(a, APIKEY_LEN, pa, sizeof(pa)), -1);
}
END_TEST

START_TEST(test_malformed_keys)
{
	char	 k[APIKEY_LEN + 1], p[APIKEY_PREFIX + 1], bad[APIKEY_LEN + 2];

	ck_assert_int_eq(apikey_new(k, sizeof(k), p, sizeof(p)), 0);
	ck_assert(!apikey_well_formed(NULL));
	ck_assert(!apikey_well_formed(""));
	ck_assert(!apikey_well_formed("dnk_short"));
	memcpy(bad, k, sizeof(k));
	bad[0] = 'x';				/* not dnk_ */
	ck_assert(!apikey_well_formed(bad));
	memcpy(bad, k, sizeof(k));
	bad[4 + APIKEY_PREFIX] = '-';		/* not the separator */
	ck_assert(!apikey_well_formed(bad));
	memcpy(bad, k, sizeof(k));
	bad[APIKEY_LEN - 1] = 'G';		/* not hex */
	ck_assert(!apikey_well_formed(bad));
	memcpy(bad, k, sizeof(k));
	bad[APIKEY_LEN] = 'a';			/* one too long */
	bad[APIKEY_LEN + 1] = '\0';
	ck_assert(!apikey_well_formed(bad));
}
END_TEST

START_TEST(test_hash_is_sha256_hex)
{
	char	 h[65];

	/* SHA-256("abc"), FIPS 180-2 */
	apikey_hash_hex("abc", h, sizeof(h));
	ck_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(test_capabilities)
{
	unsigned	 m;

	ck_assert_str_eq(apikey_cap_name(CAP_READ), "read");
	ck_assert_str_eq(apikey_cap_name(CAP_SELLTHROUGH_WRITE),
	    "sellthrough:write");
	ck_assert_ptr_null(apikey_cap_name(CAP_READ | CAP_FEED_READ));
	ck_assert_int_eq(apikey_caps_parse_list("read,feed:read", &m), 0);
	ck_assert_uint_eq(m, CAP_READ | CAP_FEED_READ);
	ck_assert_int_eq(apikey_caps_parse_list("read,root", &m), -1);
	ck_assert_int_eq(apikey_caps_parse_list("", &m), -1);
	ck_assert_int_eq(apikey_cap_parse("ledger:post", &m), 0);
	ck_assert_uint_eq(m, CAP_LEDGER_POST);
}
END_TEST

START_TEST(test_caps_a_user_cannot_use)
{
	unsigned	 t[CAP__COUNT] = { 0 }, none[CAP__COUNT] = { 0 };

	/* unset (all zero): nothing is refused */
	ck_assert_uint_eq(apikey_caps_unusable(CAP__ALL, ROLE_DEALER_BUYER),
	    0);
	t[0] = ROLE__ALL;				/* read */
	t[1] = ROLE_ERP | ROLE_ADMIN;			/* feed:read */
	t[4] = ROLE_ERP;				/* stock:write */
	apikey_set_cap_roles(t);
	ck_assert_uint_eq(apikey_caps_unusable(CAP_READ | CAP_FEED_READ |
	    CAP_STOCK_WRITE, ROLE_DEALER_BUYER), CAP_FEED_READ |
	    CAP_STOCK_WRITE);
	ck_assert_uint_eq(apikey_caps_unusable(CAP_READ | CAP_FEED_READ |
	    CAP_STOCK_WRITE, ROLE_ERP), 0);
	ck_assert_uint_eq(apikey_caps_unusable(CAP_FEED_READ, ROLE_ADMIN), 0);
	apikey_set_cap_roles(none);
}
END_TEST

Suite *
apikey_suite(void)
{
	Suite	*s = suite_create("apikey");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_new_keys_are_well_formed_and_differ);
	tcase_add_test(tc, test_malformed_keys);
	tcase_add_test(tc, test_hash_is_sha256_hex);
	tcase_add_test(tc, test_capabilities);
	tcase_add_test(tc, test_caps_a_user_cannot_use);
	suite_add_tcase(s, tc);
	return s;
}
