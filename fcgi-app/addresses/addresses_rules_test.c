/* addresses_rules_test.c: what an address may hold, and a creation's hash */
#include <string.h>

#include "../core/util.h"
#include "../test.h"
#include "addresses.h"

static struct address_in
good(void)
{
	struct address_in	 in;

	memset(&in, 0, sizeof(in));
	in.name = "北区仓库";
	in.contact = "李雷";
	in.phone = "+86 10-5555 0101";
	in.address = "北京市朝阳区建国路 1 号";
	in.is_default = 0;
	return in;
}

static int
refused(const struct address_in *in, int create, const char *field)
{
	struct fault	 f;
	int		 yes;

	memset(&f, 0, sizeof(f));
	yes = addresses_check(in, create, &f) == -1 &&
	    cJSON_GetObjectItemCaseSensitive(f.fields, field) != NULL;
	fault_clear(&f);
	return yes;
}

START_TEST(test_check)
{
	struct address_in	 in = good();
	struct fault		 f;
	char			 name[402];

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(addresses_check(&in, 1, &f), 0);
	/* a change sends what it changes, and the version */
	memset(&in, 0, sizeof(in));
	in.is_default = -1;
	in.version = 3;
	ck_assert_int_eq(addresses_check(&in, 0, &f), 0);
	ck_assert(refused(&in, 1, "name"));
	in.version = 0;
	ck_assert(refused(&in, 0, "version"));
	in = good();
	in.phone = "call me";
	ck_assert(refused(&in, 1, "phone"));
	in.phone = "+- ";
	ck_assert(refused(&in, 1, "phone"));
	in.phone = "123456789012345678901234567890123";
	ck_assert(refused(&in, 1, "phone"));
	in = good();
	in.name = " \xe3\x80\x80";	/* blank, U+3000 too */
	ck_assert(refused(&in, 1, "name"));
	in.name = "a\tb";
	ck_assert(refused(&in, 1, "name"));
	in.name = "\xff\xfe";
	ck_assert(refused(&in, 1, "name"));
	/* 100 characters of Chinese fit, 101 do not */
	memset(name, 0, sizeof(name));
	for (size_t i = 0; i < 100; i++)
		memcpy(name + i * 3, "\xe4\xb8\xad", 3);
	in.name = name;
	ck_assert_int_eq(addresses_check(&in, 1, &f), 0);
	memcpy(name + 300, "a", 2);
	ck_assert(refused(&in, 1, "name"));
	in = good();
	in.is_default = 2;	/* sent, not a boolean */
	ck_assert(refused(&in, 1, "is_default"));
}
END_TEST

START_TEST(test_hash)
{
	struct address_in	 a = good(), b = good();
	char			 ha[UTIL_SHA256_HEX], hb[UTIL_SHA256_HEX];

	addresses_hash(&a, 5, ha);
	addresses_hash(&b, 5, hb);
	ck_assert_str_eq(ha, hb);
	addresses_hash(&b, 6, hb);
	ck_assert_str_ne(ha, hb);	/* another dealer */
	b.is_default = 1;
	addresses_hash(&b, 5, hb);
	ck_assert_str_ne(ha, hb);
	/* the fields' bounds count: "ab"+"c" is not "a"+"bc" */
	a.name = "ab";
	a.contact = "c";
	b = a;
	b.name = "a";
	b.contact = "bc";
	addresses_hash(&a, 5, ha);
	addresses_hash(&b, 5, hb);
	ck_assert_str_ne(ha, hb);
}
END_TEST

Suite *
addresses_rules_suite(void)
{
	Suite	*s = suite_create("addresses_rules");
	TCase	*tc = tcase_create("rules");

	tcase_add_test(tc, test_check);
	tcase_add_test(tc, test_hash);
	suite_add_tcase(s, tc);
	return s;
}
