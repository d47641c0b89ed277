/* when_test.c: times with their zone, dates in the reader's format */
#include <string.h>

#include "../test.h"
#include "tpl.h"
#include "when.h"

static char	 out[WHEN_MAX];

START_TEST(test_utc_moves_to_china_time)
{
	ck_assert_int_eq(views_when("2026-12-06T00:30:00Z", "zh-CN", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "2026年12月6日 08:30（北京时间）");
	ck_assert_int_eq(views_when("2026-12-06T00:30:00Z", "en", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "6 Dec 2026, 08:30 China time (UTC+8)");
	/* past midnight, the month's and the year's end, a leap day */
	views_when("2026-12-31T16:05:59Z", "en", out, sizeof(out));
	ck_assert_str_eq(out, "1 Jan 2027, 00:05 China time (UTC+8)");
	views_when("2028-02-28T20:00:00Z", "zh-CN", out, sizeof(out));
	ck_assert_str_eq(out, "2028年2月29日 04:00（北京时间）");
	views_when("2027-02-28T20:00:00Z", "zh-CN", out, sizeof(out));
	ck_assert_str_eq(out, "2027年3月1日 04:00（北京时间）");
}
END_TEST

START_TEST(test_china_wall_time_stays)
{
	ck_assert_int_eq(views_when("2026-12-06 08:30", "zh-CN", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "2026年12月6日 08:30（北京时间）");
	views_when("2026-03-09 23:59:00", "en", out, sizeof(out));
	ck_assert_str_eq(out, "9 Mar 2026, 23:59 China time (UTC+8)");
}
END_TEST

START_TEST(test_dates)
{
	ck_assert_int_eq(views_date("2026-12-06", "zh-CN", out, sizeof(out)),
	    0);
	ck_assert_str_eq(out, "2026年12月6日");
	views_date("2026-12-06", "en", out, sizeof(out));
	ck_assert_str_eq(out, "6 Dec 2026");
	/* a UTC time's China day */
	views_date("2026-12-06T17:00:00Z", "en", out, sizeof(out));
	ck_assert_str_eq(out, "7 Dec 2026");
	/* a date given where a time is expected stays a date: no zone */
	ck_assert_int_eq(views_when("2026-12-06", "en", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "6 Dec 2026");
}
END_TEST

START_TEST(test_anything_else_as_given)
{
	static const char *const bad[] = { "", "soon", "2026-13-01",
	    "2026-02-30", "2026-12-06T25:00:00Z", "2026-12-06T08:30:00+08:00",
	    "2026-12-6", "20261206" };
	size_t	 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(views_when(bad[i], "en", out, sizeof(out)),
		    -1);
		ck_assert_str_eq(out, bad[i]);
		ck_assert_int_eq(views_date(bad[i], "zh-CN", out,
		    sizeof(out)), -1);
	}
}
END_TEST

START_TEST(test_template_filters)
{
	struct tpl_set	 set = { NULL, 0 };
	struct buf	 b;
	char		 err[128];
	cJSON		*ctx = cJSON_Parse("{\"lang\":\"en\",\"xs\":[{\"at\":"
	    "\"2026-12-06T00:30:00Z\",\"day\":\"2026-12-06\"}],\"odd\":"
	    "\"<b>\"}");
	const char	*src = "{{#xs}}{{at|when}}/{{day|date}}{{/xs}}/"
	    "{{odd|when}}";

	buf_init(&b);
	ck_assert_int_eq(tpl_set_add(&set, "w", src, strlen(src), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(tpl_render(&set, "w", ctx, &b), 0);
	ck_assert_str_eq(buf_cstr(&b), "6 Dec 2026, 08:30 China time (UTC+8)"
	    "/6 Dec 2026/&lt;b&gt;");
	ck_assert_int_eq(tpl_set_add(&set, "x", "{{at|upper}}", 12, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(tpl_set_add(&set, "y", "{{#at|when}}{{/at|when}}", 24,
	    err, sizeof(err)), -1);
	buf_free(&b);
	tpl_set_free(&set);
	cJSON_Delete(ctx);
}
END_TEST

Suite *
when_suite(void)
{
	Suite	*s = suite_create("when");
	TCase	*tc = tcase_create("format");

	tcase_add_test(tc, test_utc_moves_to_china_time);
	tcase_add_test(tc, test_china_wall_time_stays);
	tcase_add_test(tc, test_dates);
	tcase_add_test(tc, test_anything_else_as_given);
	tcase_add_test(tc, test_template_filters);
	suite_add_tcase(s, tc);
	return s;
}
