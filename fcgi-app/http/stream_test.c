/* stream_test.c: unit tests of stream.c and its dispatch (no database) */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/log.h"
#include "../test.h"
#include "dispatch.h"
#include "http.h"

/* What the web server got: the bytes, the flushes, the cut. */
struct sink {
	struct buf	 b;
	int		 flushes, aborts;
	int		 writes;	/* > 0: the writes that go, then none */
};

static int
sink_read(void *ctx, char *p, int n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return 0;
}

static int
sink_write(void *ctx, const char *p, int n)
{
	struct sink	*k = ctx;

	if (k->writes > 0 && --k->writes == 0)
		return -1;	/* the reader went away */
	return buf_add(&k->b, p, (size_t)n) == -1 ? -1 : n;
}

static int
sink_flush(void *ctx)
{
	((struct sink *)ctx)->flushes++;
	return 0;
}

static void
sink_abort(void *ctx)
{
	((struct sink *)ctx)->aborts++;
}

static int	 runs;		/* handler calls */

/* Three pieces, then 200. */
static int
three(struct req *r)
{
	int	 i;

	runs++;
	buf_adds(&r->out, "head\r\n");
	if (http_stream_begin(r, 200, "text/csv; charset=utf-8") == -1)
		return 500;
	for (i = 0; i < 3; i++) {
		buf_printf(&r->out, "row %d\r\n", i);
		if (http_stream_flush(r) == -1)
			return 500;
	}
	return 200;
}

/* One piece out, then a failure: the answer is cut off, not rerun. */
static int
fails(struct req *r)
{
	runs++;
	if (http_stream_begin(r, 200, "text/csv; charset=utf-8") == -1)
		return 500;
	buf_adds(&r->out, "row 0\r\n");
	http_stream_flush(r);
	buf_adds(&r->out, "half a pa");	/* never sent */
	return http_error(r, 500, "internal", "the database failed");
}

static int
whole(struct req *r)
{
	runs++;
	return http_text(r, 200, "text/plain", "whole\n", 6);
}

static const struct route table[] = {
	{ HTTP_GET, "/api/v1/three.csv",	three, 0, 0, 0 },
	{ HTTP_GET, "/api/v1/fails.csv",	fails, 0, 0, 0 },
	{ HTTP_GET, "/api/v1/whole",		whole, 0, 0, 0 },
};

/*
 * Dispatch method path into k, whose writes after the first writes - 1
 * fail if writes > 0; the body after the head, or NULL.
 */
static const char *
run_to(struct sink *k, const char *method, const char *path, int writes)
{
	char		 m[32], p[64];
	char		*env[] = { m, p, NULL };
	struct http_io	 io = { k, sink_read, sink_write, sink_flush,
	    sink_abort };
	const char	*body;

	snprintf(m, sizeof(m), "REQUEST_METHOD=%s", method);
	snprintf(p, sizeof(p), "DOCUMENT_URI=%s", path);
	memset(k, 0, sizeof(*k));
	buf_init(&k->b);
	k->writes = writes;
	runs = 0;
	log_set_level(LOG_ERROR);	/* no access lines in the output */
	http_dispatch(env, &io, NULL, table, sizeof(table) / sizeof(table[0]));
	log_set_level(LOG_INFO);
	body = strstr(buf_cstr(&k->b), "\r\n\r\n");
	return body != NULL ? body + 4 : NULL;
}

static const char *
run(struct sink *k, const char *method, const char *path)
{
	return run_to(k, method, path, 0);
}

START_TEST(test_stream_whole)
{
	struct sink	 k;
	const char	*body = run(&k, "GET", "/api/v1/three.csv");

	ck_assert_ptr_nonnull(body);
	ck_assert_int_eq(runs, 1);
	ck_assert_str_eq(body, "head\r\nrow 0\r\nrow 1\r\nrow 2\r\n");
	ck_assert_ptr_nonnull(strstr(k.b.data, "Status: 200 OK\r\n"));
	ck_assert_ptr_nonnull(strstr(k.b.data,
	    "Content-Type: text/csv; charset=utf-8\r\n"));
	/* the length is not known up front: nginx sends it chunked */
	ck_assert_ptr_null(strstr(k.b.data, "Content-Length"));
	ck_assert_int_ge(k.flushes, 3);
	ck_assert_int_eq(k.aborts, 0);
	buf_free(&k.b);
}
END_TEST

START_TEST(test_stream_cut)
{
	struct sink	 k;
	const char	*body = run(&k, "GET", "/api/v1/fails.csv");

	/* the 200 stays, the error is not appended, and the answer is cut */
	ck_assert_ptr_nonnull(body);
	ck_assert_int_eq(runs, 1);
	ck_assert_ptr_nonnull(strstr(k.b.data, "Status: 200 OK\r\n"));
	ck_assert_str_eq(body, "row 0\r\n");
	ck_assert_int_eq(k.aborts, 1);
	buf_free(&k.b);
}
END_TEST

/* The reader goes away after the head and a piece: no more is written. */
START_TEST(test_stream_gone)
{
	struct sink	 k;
	const char	*body = run_to(&k, "GET", "/api/v1/three.csv", 3);

	ck_assert_ptr_nonnull(body);
	ck_assert_int_eq(runs, 1);
	ck_assert_str_eq(body, "head\r\nrow 0\r\n");
	ck_assert_int_eq(k.aborts, 1);
	buf_free(&k.b);
}
END_TEST

START_TEST(test_stream_head)
{
	struct sink	 k;
	const char	*body = run(&k, "HEAD", "/api/v1/three.csv");

	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(body, "");
	ck_assert_int_eq(k.aborts, 0);
	buf_free(&k.b);
}
END_TEST

/* An answer that is not streamed keeps its Content-Length. */
START_TEST(test_not_streamed)
{
	struct sink	 k;
	const char	*body = run(&k, "GET", "/api/v1/whole");

	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(body, "whole\n");
	ck_assert_ptr_nonnull(strstr(k.b.data, "Content-Length: 6\r\n"));
	ck_assert_int_eq(k.flushes, 0);
	ck_assert_int_eq(k.aborts, 0);
	buf_free(&k.b);
}
END_TEST

Suite *
stream_suite(void)
{
	Suite	*s = suite_create("stream");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_stream_whole);
	tcase_add_test(tc, test_stream_cut);
	tcase_add_test(tc, test_stream_gone);
	tcase_add_test(tc, test_stream_head);
	tcase_add_test(tc, test_not_streamed);
	suite_add_tcase(s, tc);
	return s;
}
