/* webhooks_test.c: the signature, the inward-address guard, the input */
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "../core/sign.h"
#include "../test.h"
#include "webhooks.h"

START_TEST(test_webhooks_sign)
{
	char	 sig[128];

	/* HMAC-SHA256("whsec_k", "1700000000.{}"), as openssl dgst says */
	sign_header("whsec_k", 1700000000, "{}", sig, sizeof(sig));
	ck_assert_str_eq(sig, "t=1700000000,v1="
	    "8b20524faff2b12e1089e404a8cf60fbe577e5320e899ebff7329ebbcb9ada22");
}
END_TEST

static int
inward4(const char *ip)
{
	struct sockaddr_in	 a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	inet_pton(AF_INET, ip, &a.sin_addr);
	return webhooks_inward((struct sockaddr *)&a);
}

static int
inward6(const char *ip)
{
	struct sockaddr_in6	 a;

	memset(&a, 0, sizeof(a));
	a.sin6_family = AF_INET6;
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return webhooks_inward((struct sockaddr *)&a);
}

START_TEST(test_webhooks_inward)
{
	ck_assert_int_eq(inward4("127.0.0.1"), 1);
	ck_assert_int_eq(inward4("10.1.2.3"), 1);
	ck_assert_int_eq(inward4("172.16.0.1"), 1);
	ck_assert_int_eq(inward4("172.31.255.1"), 1);
	ck_assert_int_eq(inward4("192.168.1.1"), 1);
	ck_assert_int_eq(inward4("169.254.169.254"), 1);
	ck_assert_int_eq(inward4("100.64.0.1"), 1);
	ck_assert_int_eq(inward4("0.0.0.0"), 1);
	ck_assert_int_eq(inward4("198.18.0.1"), 1);
	ck_assert_int_eq(inward4("198.19.255.1"), 1);
	ck_assert_int_eq(inward4("192.0.0.8"), 1);
	ck_assert_int_eq(inward4("224.0.0.1"), 1);
	ck_assert_int_eq(inward4("255.255.255.255"), 1);
	ck_assert_int_eq(inward4("198.20.0.1"), 0);
	ck_assert_int_eq(inward4("172.32.0.1"), 0);
	ck_assert_int_eq(inward4("8.8.8.8"), 0);
	ck_assert_int_eq(inward4("203.0.113.5"), 0);
	ck_assert_int_eq(inward6("::1"), 1);
	ck_assert_int_eq(inward6("fe80::1"), 1);
	ck_assert_int_eq(inward6("fd00::1"), 1);
	ck_assert_int_eq(inward6("::ffff:127.0.0.1"), 1);
	ck_assert_int_eq(inward6("2002:a00:1::1"), 1);
	ck_assert_int_eq(inward6("64:ff9b::a00:1"), 1);
	ck_assert_int_eq(inward6("fec0::1"), 1);
	ck_assert_int_eq(inward6("ff02::1"), 1);
	ck_assert_int_eq(inward6("2001:db8::1"), 0);
}
END_TEST

START_TEST(test_webhooks_input)
{
	ck_assert_int_eq(webhooks_url_ok("https://erp.example.com/hook"), 1);
	ck_assert_int_eq(webhooks_url_ok("http://10.0.0.1:8080/x"), 1);
	ck_assert_int_eq(webhooks_url_ok("ftp://x/y"), 0);
	ck_assert_int_eq(webhooks_url_ok("https://"), 0);
	ck_assert_int_eq(webhooks_url_ok("https://a b"), 0);
	ck_assert_int_eq(webhooks_url_ok("https://a\r\nb"), 0);
	ck_assert_int_eq(webhooks_url_ok(NULL), 0);
	ck_assert_int_eq(webhooks_kinds_ok(""), 1);
	ck_assert_int_eq(webhooks_kinds_ok("order.shipped,complaint.filed"), 1);
	ck_assert_int_eq(webhooks_kinds_ok("shipped"), 0);
	ck_assert_int_eq(webhooks_kinds_ok("order."), 0);
	ck_assert_int_eq(webhooks_kinds_ok(".x"), 0);
	ck_assert_int_eq(webhooks_kinds_ok("order.shipped,"), 0);
	ck_assert_int_eq(webhooks_kinds_ok("Order.Shipped"), 0);
}
END_TEST

Suite *
webhooks_suite(void)
{
	Suite	*s = suite_create("webhooks");
	TCase	*tc = tcase_create("webhooks");

	tcase_add_test(tc, test_webhooks_sign);
	tcase_add_test(tc, test_webhooks_inward);
	tcase_add_test(tc, test_webhooks_input);
	suite_add_tcase(s, tc);
	return s;
}
