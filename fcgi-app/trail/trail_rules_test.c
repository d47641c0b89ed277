/* trail_rules_test.c: the audit trail's filter, cursor and changes */
#include <string.h>

#include "../core/fault.h"
#include "../test.h"
#include "trail.h"

static int
has_field(const struct fault *f, const char *name)
{
	return f->fields != NULL && cJSON_HasObjectItem(f->fields, name);
}

START_TEST(test_types)
{
	ck_assert_int_eq(trail_type_ok("user"), 1);
	ck_assert_int_eq(trail_type_ok("ledger_entry"), 1);
	ck_assert_int_eq(trail_type_ok("dealer"), 0);
	ck_assert_int_eq(trail_type_ok("users"), 0);
	ck_assert_int_eq(trail_type_ok(""), 0);
	ck_assert_int_eq(trail_type_ok(NULL), 0);
}
END_TEST

START_TEST(test_filter_good)
{
	struct trail_query	 q = { "org", "42", "hq.finance", "2026-12-01",
	    "2026-12-05", "1796482165419338.195", "20" };
	struct trail_filter	 t;
	struct fault		 f = { 0 };

	trail_filter_check(&q, 1, &t, &f);
	ck_assert_int_eq(fault_fields(&f), 0);
	ck_assert_str_eq(t.type, "org");
	ck_assert_int_eq(t.object, 42);
	ck_assert_str_eq(t.actor, "hq.finance");
	/* China's days: from its midnight (16:00 UTC the day before) to the
	 * midnight after the last day */
	ck_assert_str_eq(t.from_utc, "2026-11-30 16:00:00.000000");
	ck_assert_str_eq(t.to_utc, "2026-12-05 16:00:00.000000");
	ck_assert_int_eq(t.after_us, INT64_C(1796482165419338));
	ck_assert_int_eq(t.after_id, 195);
	ck_assert_int_eq(t.limit, 20);
	fault_clear(&f);
}
END_TEST

START_TEST(test_filter_empty)
{
	struct trail_query	 q = { NULL, "", NULL, "", NULL, NULL, NULL };
	struct trail_filter	 t;
	struct fault		 f = { 0 };

	trail_filter_check(&q, 1, &t, &f);
	ck_assert_int_eq(fault_fields(&f), 0);
	ck_assert_str_eq(t.type, "");
	ck_assert_int_eq(t.object, 0);
	ck_assert_int_eq(t.after_id, 0);
	ck_assert_int_eq(t.limit, 50);
	ck_assert_str_eq(t.from_utc, "1999-12-31 16:00:00.000000");
	ck_assert_str_eq(t.to_utc, "2100-12-31 16:00:00.000000");
}
END_TEST

START_TEST(test_filter_bad)
{
	static const struct {
		struct trail_query	 q;
		const char		*field;
	} bad[] = {
		{ { "dealer", "1", NULL, NULL, NULL, NULL, NULL },
		    "object_type" },
		{ { "user", NULL, NULL, NULL, NULL, NULL, NULL },
		    "object_id" },
		{ { NULL, "5", NULL, NULL, NULL, NULL, NULL },
		    "object_type" },
		{ { "user", "0", NULL, NULL, NULL, NULL, NULL },
		    "object_id" },
		{ { "user", "-3", NULL, NULL, NULL, NULL, NULL },
		    "object_id" },
		{ { "user", "99999999999999999999", NULL, NULL, NULL, NULL,
		    NULL }, "object_id" },
		{ { NULL, NULL, "Admin", NULL, NULL, NULL, NULL }, "actor" },
		{ { NULL, NULL, "a' OR 1=1", NULL, NULL, NULL, NULL },
		    "actor" },
		{ { NULL, NULL, NULL, "2026-02-30", NULL, NULL, NULL },
		    "from" },
		{ { NULL, NULL, NULL, "2026-12-01x", NULL, NULL, NULL },
		    "from" },
		{ { NULL, NULL, NULL, NULL, "12/01/2026", NULL, NULL }, "to" },
		{ { NULL, NULL, NULL, "2026-12-05", "2026-12-01", NULL,
		    NULL }, "to" },
		{ { NULL, NULL, NULL, NULL, NULL, "195", NULL }, "after" },
		{ { NULL, NULL, NULL, NULL, NULL, "1.2.3", NULL }, "after" },
		{ { NULL, NULL, NULL, NULL, NULL, ".5", NULL }, "after" },
		{ { NULL, NULL, NULL, NULL, NULL, "5.", NULL }, "after" },
		{ { NULL, NULL, NULL, NULL, NULL, "5.0", NULL }, "after" },
		{ { NULL, NULL, NULL, NULL, NULL, "-5.1", NULL }, "after" },
		{ { NULL, NULL, NULL, NULL, NULL,
		    "99999999999999999999999.1", NULL }, "after" },
		{ { NULL, NULL, NULL, NULL, NULL, NULL, "0" }, "limit" },
		{ { NULL, NULL, NULL, NULL, NULL, NULL, "101" }, "limit" },
		{ { NULL, NULL, NULL, NULL, NULL, NULL, "ten" }, "limit" },
	};
	struct trail_filter	 t;
	struct fault		 f;
	size_t			 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&f, 0, sizeof(f));
		trail_filter_check(&bad[i].q, 1, &t, &f);
		ck_assert_msg(has_field(&f, bad[i].field), "case %zu: %s", i,
		    bad[i].field);
		fault_clear(&f);
	}
}
END_TEST

/* an export takes no page size: the caller bounds it */
START_TEST(test_filter_unlimited)
{
	struct trail_query	 q = { NULL, NULL, NULL, NULL, NULL, NULL,
	    "ten" };
	struct trail_filter	 t;
	struct fault		 f = { 0 };

	trail_filter_check(&q, 0, &t, &f);
	ck_assert_int_eq(fault_fields(&f), 0);
}
END_TEST

START_TEST(test_times)
{
	char	 s[32];

	trail_us_text(0, s, sizeof(s));
	ck_assert_str_eq(s, "1970-01-01 00:00:00.000000");
	trail_us_text(INT64_C(1796482165419338), s, sizeof(s));
	ck_assert_str_eq(s, "2026-12-05 14:49:25.419338");
	trail_cursor(INT64_C(1796482165419338), 195, s, sizeof(s));
	ck_assert_str_eq(s, "1796482165419338.195");
}
END_TEST

START_TEST(test_changes)
{
	cJSON	*d = cJSON_Parse("{\"credit_limit_before\":1,"
		    "\"credit_limit\":2,\"reason\":\"x\",\"gone_before\":3}");
	cJSON	*c = trail_changes(d), *e;

	ck_assert_int_eq(cJSON_GetArraySize(c), 3);
	e = cJSON_GetArrayItem(c, 0);
	ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(e,
	    "field")), "credit_limit");
	ck_assert_int_eq((int)cJSON_GetObjectItem(e, "before")->valuedouble,
	    1);
	ck_assert_int_eq((int)cJSON_GetObjectItem(e, "after")->valuedouble,
	    2);
	e = cJSON_GetArrayItem(c, 1);
	ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(e,
	    "field")), "reason");
	ck_assert_int_eq(cJSON_HasObjectItem(e, "before"), 0);
	e = cJSON_GetArrayItem(c, 2);
	ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(e,
	    "field")), "gone");
	ck_assert_int_eq(cJSON_HasObjectItem(e, "after"), 0);
	cJSON_Delete(c);
	cJSON_Delete(d);
	/* no details: no changes */
	c = trail_changes(NULL);
	ck_assert_int_eq(cJSON_GetArraySize(c), 0);
	cJSON_Delete(c);
	ck_assert_int_eq(trail_money_field("credit_limit"), 1);
	ck_assert_int_eq(trail_money_field("window_hours"), 0);
}
END_TEST

Suite *
trail_rules_suite(void)
{
	Suite	*s = suite_create("trail_rules");
	TCase	*tc = tcase_create("filter");

	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_filter_good);
	tcase_add_test(tc, test_filter_empty);
	tcase_add_test(tc, test_filter_bad);
	tcase_add_test(tc, test_filter_unlimited);
	tcase_add_test(tc, test_times);
	tcase_add_test(tc, test_changes);
	suite_add_tcase(s, tc);
	return s;
}
