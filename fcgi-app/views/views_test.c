/* views_test.c: unit tests of language choice and page rendering */
#include <string.h>

#include "../test.h"
#include "views.h"

START_TEST(test_lang_pick)
{
	ck_assert_int_eq(views_lang_pick(NULL, NULL), LANG_ZH);
	ck_assert_int_eq(views_lang_pick(NULL, "en-US,en;q=0.9"), LANG_EN);
	ck_assert_int_eq(views_lang_pick(NULL, "zh-CN,zh;q=0.9,en;q=0.8"),
	    LANG_ZH);
	ck_assert_int_eq(views_lang_pick(NULL, "fr-FR, en;q=0.5, zh;q=0.4"),
	    LANG_EN);
	ck_assert_int_eq(views_lang_pick(NULL, "de, fr"), LANG_ZH);
	ck_assert_int_eq(views_lang_pick(NULL, "english"), LANG_ZH);
	ck_assert_int_eq(views_lang_pick("en", "zh-CN"), LANG_EN);
	ck_assert_int_eq(views_lang_pick("zh-CN", "en"), LANG_ZH);
	ck_assert_int_eq(views_lang_pick("xx", "en"), LANG_EN);
}
END_TEST

/* The real templates/ of the repository, rendered in both languages. */
START_TEST(test_render_real_templates)
{
	struct buf	 out;
	char		 err[256];
	cJSON		*ctx;

	ck_assert_msg(views_init("templates", err, sizeof(err)) == 0, "%s",
	    err);
	buf_init(&out);
	ctx = cJSON_CreateObject();
	ck_assert_int_eq(views_render("home", LANG_EN, "/a&b", ctx, &out), 0);
	ck_assert(strstr(buf_cstr(&out), "<html lang=\"en\">") != NULL);
	ck_assert(strstr(buf_cstr(&out), "Welcome to Dealernet") != NULL);
	ck_assert(strstr(buf_cstr(&out), "next=%2Fa%26b") != NULL);
	cJSON_Delete(ctx);
	buf_reset(&out);
	ctx = cJSON_CreateObject();
	ck_assert_int_eq(views_render("home", LANG_ZH, "/", ctx, &out), 0);
	ck_assert(strstr(buf_cstr(&out), "<html lang=\"zh-CN\">") != NULL);
	ck_assert(strstr(buf_cstr(&out), "欢迎使用经销商网络") != NULL);
	cJSON_Delete(ctx);
	ck_assert_str_eq(views_text(LANG_EN, "error_404"), "Page not found");
	ck_assert_str_eq(views_text(LANG_EN, "no_such_key"), "no_such_key");
	buf_free(&out);
	views_free();
}
END_TEST

Suite *
views_suite(void)
{
	Suite	*s = suite_create("views");
	TCase	*tc = tcase_create("views");

	tcase_add_test(tc, test_lang_pick);
	tcase_add_test(tc, test_render_real_templates);
	suite_add_tcase(s, tc);
	return s;
}
