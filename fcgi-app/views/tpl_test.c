/* tpl_test.c: unit tests of the template engine */
#include <string.h>

#include "../test.h"
#include "tpl.h"

static struct tpl_set	 set;
static struct buf	 out;

static const char *
render(const char *src, const char *json)
{
	char	 err[256];
	cJSON	*ctx = cJSON_Parse(json);

	ck_assert_ptr_nonnull(ctx);
	ck_assert_msg(tpl_set_add(&set, "t", src, strlen(src), err,
	    sizeof(err)) == 0, "%s", err);
	buf_reset(&out);
	ck_assert_int_eq(tpl_render(&set, "t", ctx, &out), 0);
	cJSON_Delete(ctx);
	return buf_cstr(&out);
}

static int
compiles(const char *src)
{
	char	 err[256];

	return tpl_set_add(&set, "c", src, strlen(src), err, sizeof(err));
}

static void
teardown(void)
{
	tpl_set_free(&set);
	buf_free(&out);
}

START_TEST(test_escapes_by_default)
{
	ck_assert_str_eq(render("<p>{{x}}</p>",
	    "{\"x\":\"<script>alert('x') & \\\"y\\\"</script>\"}"),
	    "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;"
	    "&lt;/script&gt;</p>");
	ck_assert_str_eq(render("<a title=\"{{x}}\">", "{\"x\":\"\\\" onx=1\"}"),
	    "<a title=\"&quot; onx=1\">");
}
END_TEST

START_TEST(test_raw_only_for_html_names)
{
	ck_assert_int_eq(compiles("{{{x}}}"), -1);
	ck_assert_int_eq(compiles("{{& user_text}}"), -1);
	ck_assert_str_eq(render("{{{html_body}}}", "{\"html_body\":\"<b>\"}"),
	    "<b>");
	ck_assert_str_eq(render("{{& a.html_x}}",
	    "{\"a\":{\"html_x\":\"<i>\"}}"), "<i>");
}
END_TEST

START_TEST(test_sections)
{
	ck_assert_str_eq(render("{{#items}}[{{name}}]{{/items}}",
	    "{\"items\":[{\"name\":\"a\"},{\"name\":\"b\"}]}"), "[a][b]");
	ck_assert_str_eq(render("{{#items}}x{{/items}}{{^items}}none{{/items}}",
	    "{\"items\":[]}"), "none");
	ck_assert_str_eq(render("{{#ok}}yes{{/ok}}{{^ok}}no{{/ok}}",
	    "{\"ok\":false}"), "no");
	ck_assert_str_eq(render("{{#user}}{{name}}/{{org}}{{/user}}",
	    "{\"org\":\"HQ\",\"user\":{\"name\":\"li\"}}"), "li/HQ");
	ck_assert_str_eq(render("{{#list}}{{.}},{{/list}}",
	    "{\"list\":[1,\"two\",3.5]}"), "1,two,3.5,");
	ck_assert_str_eq(render("{{#xs.0}}first: {{xs.0.n}}{{/xs.0}}"
	    "{{^ys.0}}none{{/ys.0}}", "{\"xs\":[{\"n\":7}],\"ys\":[]}"),
	    "first: 7none");
	ck_assert_str_eq(render("{{a.b.c}}|{{a.x.c}}",
	    "{\"a\":{\"b\":{\"c\":\"deep\"}}}"), "deep|");
	ck_assert_str_eq(render("{{#n}}n{{/n}}{{#s}}s{{/s}}",
	    "{\"n\":0,\"s\":\"\"}"), "");
	ck_assert_str_eq(render("{{! a comment }}x", "{}"), "x");
	ck_assert_str_eq(render("{{big}}", "{\"big\":123456789012}"),
	    "123456789012");
}
END_TEST

START_TEST(test_partials)
{
	char	 err[256];

	ck_assert_int_eq(tpl_set_add(&set, "p/item", "<{{name}}>", 10, err,
	    sizeof(err)), 0);
	ck_assert_str_eq(render("{{#xs}}{{>p/item}}{{/xs}}",
	    "{\"xs\":[{\"name\":\"a&b\"}]}"), "<a&amp;b>");
	/* a partial that includes itself is stopped, not looped forever */
	ck_assert_int_eq(tpl_set_add(&set, "loop", "{{>loop}}", 9, err,
	    sizeof(err)), 0);
	buf_reset(&out);
	ck_assert_int_eq(tpl_render(&set, "loop", NULL, &out), -1);
}
END_TEST

START_TEST(test_compile_errors)
{
	ck_assert_int_eq(compiles("{{#a}}x"), -1);
	ck_assert_int_eq(compiles("{{#a}}x{{/b}}"), -1);
	ck_assert_int_eq(compiles("x{{/a}}"), -1);
	ck_assert_int_eq(compiles("{{a"), -1);
	ck_assert_int_eq(compiles("{{a b}}"), -1);
	ck_assert_int_eq(compiles("{{..}}"), -1);
	ck_assert_int_eq(compiles("plain {text}"), 0);
}
END_TEST

/* Twenty nested loops over three items would run 3^20 times: stopped. */
START_TEST(test_runaway_render_stops)
{
	char	 src[512] = "", err[256];
	cJSON	*ctx = cJSON_Parse("{\"x\":[1,1,1]}");
	int	 i;

	for (i = 0; i < 20; i++)
		strcat(src, "{{#x}}");
	strcat(src, ".");
	for (i = 0; i < 20; i++)
		strcat(src, "{{/x}}");
	ck_assert_int_eq(tpl_set_add(&set, "r", src, strlen(src), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(tpl_render(&set, "r", ctx, &out), -1);
	cJSON_Delete(ctx);
}
END_TEST

Suite *
tpl_suite(void)
{
	Suite	*s = suite_create("tpl");
	TCase	*tc = tcase_create("render");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_escapes_by_default);
	tcase_add_test(tc, test_raw_only_for_html_names);
	tcase_add_test(tc, test_sections);
	tcase_add_test(tc, test_partials);
	tcase_add_test(tc, test_compile_errors);
	tcase_add_test(tc, test_runaway_render_stops);
	suite_add_tcase(s, tc);
	return s;
}
