/* notify_test.c: kinds, channels, backoff and the e-mail's shape */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../test.h"
#include "../views/views.h"
#include "notify.h"

START_TEST(test_notify_channels)
{
	unsigned	 ch;
	char		 s[32];

	ck_assert_int_eq(notify_channels_parse("portal,email", &ch), 0);
	ck_assert_uint_eq(ch, NOTIFY_PORTAL | NOTIFY_EMAIL);
	ck_assert_int_eq(notify_channels_parse("", &ch), 0);
	ck_assert_uint_eq(ch, 0);
	ck_assert_int_eq(notify_channels_parse("email,fax", &ch), -1);
	notify_channels_text(NOTIFY_EMAIL | NOTIFY_SMS, s, sizeof(s));
	ck_assert_str_eq(s, "email,sms");
	notify_channels_text(0, s, sizeof(s));
	ck_assert_str_eq(s, "");
	ck_assert_ptr_nonnull(notify_kind_find("order.shipped"));
	ck_assert_ptr_null(notify_kind_find("order.submitted"));
	ck_assert_ptr_null(notify_kind_find(NULL));
}
END_TEST

START_TEST(test_notify_backoff)
{
	ck_assert_int_eq(notify_backoff(30, 1), 30);
	ck_assert_int_eq(notify_backoff(30, 2), 60);
	ck_assert_int_eq(notify_backoff(30, 4), 240);
	ck_assert_int_eq(notify_backoff(30, 40), 3600);
	ck_assert_int_eq(notify_backoff(0, 1), 1);
}
END_TEST

START_TEST(test_notify_mail)
{
	struct notify_message	 m;
	struct buf		 b;
	char			 err[256];
	const char		*s;

	ck_assert_msg(views_init("templates", err, sizeof(err)) == 0, "%s",
	    err);
	memset(&m, 0, sizeof(m));
	m.outbox_id = 7;
	m.event_id = 3;
	m.to = "d0001.buyer@dealernet.example";
	m.lang = "en";
	m.kind = "order.shipped";
	m.object_type = "order";
	m.object_ref = "SO-2026-000042";
	m.params = "{\"carrier\":\"A&B <Freight>\",\"waybill\":\"W-1\\r\\nX-Evil: 1\"}";
	buf_init(&b);
	ck_assert_int_eq(notify_mail_compose(&m, &b), 0);
	s = buf_cstr(&b);
	ck_assert_ptr_nonnull(strstr(s, "To: d0001.buyer@dealernet.example\r\n"));
	/* the subject is an encoded word, whatever it holds */
	ck_assert_ptr_nonnull(strstr(s, "\r\nSubject: =?UTF-8?B?"));
	ck_assert_ptr_nonnull(strstr(s, "Message-ID: <notify-3.7@dealernet>"));
	ck_assert_ptr_nonnull(strstr(s, "List-Unsubscribe: <"));
	/* the text part as it is, the HTML part escaped */
	ck_assert_ptr_nonnull(strstr(s,
	    "Order SO-2026-000042 has shipped with A&B <Freight>, waybill W-1  X-Evil: 1"));
	ck_assert_ptr_nonnull(strstr(s, "A&amp;B &lt;Freight&gt;"));
	ck_assert_ptr_nonnull(strstr(s, "/orders/SO-2026-000042"));
	/* the parts end with the boundary the header names */
	{
		const char	*bd = strstr(s, "boundary=\"");
		char		 end[64];

		ck_assert_ptr_nonnull(bd);
		snprintf(end, sizeof(end), "--%.35s--\r\n", bd + 10);
		ck_assert_ptr_nonnull(strstr(s, end));
	}
	/* a typed line break does not reach the mail */
	ck_assert_ptr_null(strstr(s, "W-1\r\nX-Evil"));
	buf_free(&b);
	views_free();
}
END_TEST

Suite *
notify_suite(void)
{
	Suite	*s = suite_create("notify");
	TCase	*tc = tcase_create("notify");

	tcase_add_test(tc, test_notify_channels);
	tcase_add_test(tc, test_notify_backoff);
	tcase_add_test(tc, test_notify_mail);
	suite_add_tcase(s, tc);
	return s;
}
