/* catalogue_labels_test.c: option values' labels, checked and picked */
#include <stdio.h>
#include <string.h>

#include "../test.h"
#include "catalogue_labels.h"

static char	 errs[2048];

static void
collect(void *ctx, const char *field, const char *msg)
{
	(void)ctx;
	snprintf(errs + strlen(errs), sizeof(errs) - strlen(errs), "%s: %s|",
	    field, msg);
}

static int
check(const char *json)
{
	cJSON	*s = cJSON_Parse(json);
	int	 rc;

	ck_assert_ptr_nonnull(s);
	errs[0] = '\0';
	ck_assert_int_eq(catalogue_pricing_schema_check(s, NULL, NULL), 0);
	rc = catalogue_labels_check(s, collect, NULL);
	cJSON_Delete(s);
	return rc;
}

#define OPT(vals) "[{\"name\":\"n\",\"type\":\"number\",\"min\":1," \
	"\"max\":2,\"step\":1,\"price_per_unit\":0},{\"name\":\"colour\"," \
	"\"type\":\"enum\",\"values\":[" vals "]}]"

START_TEST(test_every_value_labelled_in_both)
{
	ck_assert_int_eq(check(OPT("{\"value\":\"white\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"白色\",\"en\":\"White\"}}")), 0);
	ck_assert_str_eq(errs, "");
	/* none, one missing, an empty one, another locale, not an object */
	ck_assert_int_eq(check(OPT("{\"value\":\"white\",\"price_delta\":0},"
	    "{\"value\":\"red\",\"price_delta\":0,\"labels\":{\"en\":\"Red\"}}"
	    ",{\"value\":\"x\",\"price_delta\":0,\"labels\":{\"zh-CN\":\"\","
	    "\"en\":\"X\",\"fr\":\"X\"}},{\"value\":\"y\",\"price_delta\":0,"
	    "\"labels\":\"Y\"}")), -1);
	ck_assert_ptr_nonnull(strstr(errs, "options[1].values[0].labels: "));
	ck_assert_ptr_nonnull(strstr(errs,
	    "options[1].values[1].labels.zh-CN: "));
	ck_assert_ptr_null(strstr(errs, "options[1].values[1].labels.en: "));
	ck_assert_ptr_nonnull(strstr(errs,
	    "options[1].values[2].labels.zh-CN: "));
	ck_assert_ptr_nonnull(strstr(errs,
	    "options[1].values[2].labels.fr: only zh-CN and en"));
	ck_assert_ptr_nonnull(strstr(errs, "options[1].values[3].labels: "));
}
END_TEST

START_TEST(test_bounds)
{
	char	 buf[1024], l40[200] = "", l41[256] = "";
	int	 i;

	for (i = 0; i < 40; i++)
		strcat(l40, "白");
	snprintf(l41, sizeof(l41), "%sx", l40);
	snprintf(buf, sizeof(buf), OPT("{\"value\":\"w\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"%s\",\"en\":\"W\"}}"), l40);
	ck_assert_int_eq(check(buf), 0);
	snprintf(buf, sizeof(buf), OPT("{\"value\":\"w\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"%s\",\"en\":\"W\"}}"), l41);
	ck_assert_int_eq(check(buf), -1);
	/* control characters, a number */
	ck_assert_int_eq(check(OPT("{\"value\":\"w\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"a\\nb\",\"en\":7}}")), -1);
	ck_assert_ptr_nonnull(strstr(errs, "labels.zh-CN"));
	ck_assert_ptr_nonnull(strstr(errs, "labels.en"));
	/* a C1 control, the bidi override that turns "White" round, an
	 * isolate; a non-breaking space (U+00A0) and a CJK label pass */
	ck_assert_int_eq(check(OPT("{\"value\":\"w\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"a\\u0085b\",\"en\":\"W\"}}")), -1);
	ck_assert_int_eq(check(OPT("{\"value\":\"w\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"白\",\"en\":\"\\u202eetihW\"}}")), -1);
	ck_assert_ptr_nonnull(strstr(errs, "labels.en"));
	ck_assert_int_eq(check(OPT("{\"value\":\"w\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"\\u2066白\\u2069\",\"en\":\"W\"}}")), -1);
	ck_assert_int_eq(check(OPT("{\"value\":\"w\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"白色\",\"en\":\"Pure\\u00a0White\"}}")), 0);
	/* an option's own labels, when given, in both */
	ck_assert_int_eq(check("[{\"name\":\"t\",\"type\":\"text\","
	    "\"max_length\":5,\"price\":0,\"labels\":{\"en\":\"Logo\"}}]"), -1);
	ck_assert_ptr_nonnull(strstr(errs, "options[0].labels.zh-CN"));
}
END_TEST

START_TEST(test_pick_and_fall_back)
{
	cJSON	*s = cJSON_Parse(OPT("{\"value\":\"white\",\"price_delta\":0,"
	    "\"labels\":{\"zh-CN\":\"白色\",\"en\":\"White\"}},{\"value\":"
	    "\"red\",\"price_delta\":0}"));

	ck_assert_str_eq(catalogue_value_label(s, "colour", "white", "zh-CN"),
	    "白色");
	ck_assert_str_eq(catalogue_value_label(s, "colour", "white", "en"),
	    "White");
	/* stored before labels, gone from the schema, another option */
	ck_assert_str_eq(catalogue_value_label(s, "colour", "red", "en"),
	    "red");
	ck_assert_str_eq(catalogue_value_label(s, "colour", "blue", "en"),
	    "blue");
	ck_assert_str_eq(catalogue_value_label(s, "n", "white", "en"),
	    "white");
	ck_assert_str_eq(catalogue_value_label(NULL, "colour", "white", "en"),
	    "white");
	ck_assert_ptr_null(catalogue_label_pick(NULL, "en"));
	cJSON_Delete(s);
	/* an option's own name: its label when given, else NULL (i18n) */
	s = cJSON_Parse("[{\"name\":\"t\",\"type\":\"text\",\"max_length\""
	    ":5,\"price\":0,\"labels\":{\"zh-CN\":\"刻字\",\"en\":\"Engraving\""
	    "}},{\"name\":\"u\",\"type\":\"text\",\"max_length\":5,\"price\""
	    ":0}]");
	ck_assert_str_eq(catalogue_option_label(s, "t", "zh-CN"), "刻字");
	ck_assert_str_eq(catalogue_option_label(s, "t", "en"), "Engraving");
	ck_assert_ptr_null(catalogue_option_label(s, "u", "en"));
	ck_assert_ptr_null(catalogue_option_label(s, "v", "en"));
	cJSON_Delete(s);
}
END_TEST

Suite *
catalogue_labels_suite(void)
{
	Suite	*s = suite_create("catalogue_labels");
	TCase	*tc = tcase_create("labels");

	tcase_add_test(tc, test_every_value_labelled_in_both);
	tcase_add_test(tc, test_bounds);
	tcase_add_test(tc, test_pick_and_fall_back);
	suite_add_tcase(s, tc);
	return s;
}
