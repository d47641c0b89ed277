/* multipart_test.c: unit tests of multipart.c, fed in pieces of every size */
#include <string.h>

#include "../core/buf.h"
#include "../test.h"
#include "http.h"
#include "multipart.h"

struct got {
	struct buf	 log;		/* "[name|filename|ctype]data;" */
	int		 stop_at;	/* data bytes after which to stop; 0 none */
	size_t		 bytes;
};

static int
t_begin(void *ctx, const struct mp_part *p)
{
	struct got	*g = ctx;

	buf_printf(&g->log, "[%s|%s|%s]", p->name, p->is_file ? p->filename :
	    "-", p->ctype);
	return 0;
}

static int
t_data(void *ctx, const char *s, size_t n)
{
	struct got	*g = ctx;

	g->bytes += n;
	if (g->stop_at && g->bytes > (size_t)g->stop_at)
		return 413;
	return buf_add(&g->log, s, n) == 0 ? 0 : 500;
}

static int
t_end(void *ctx)
{
	struct got	*g = ctx;

	return buf_adds(&g->log, ";");
}

/* The body fed in pieces of step bytes: the multipart_feed() result. */
static int
run(const char *ct, const char *body, size_t n, size_t step, struct got *g,
    int *finished)
{
	struct mp_sink		 s = { g, t_begin, t_data, t_end };
	struct multipart	 m;
	size_t			 off, k;
	int			 rc = 0;

	buf_init(&g->log);
	g->bytes = 0;
	if (multipart_open(&m, ct, &s) == -1)
		return -2;
	for (off = 0; off < n && rc == 0; off += k) {
		k = n - off < step ? n - off : step;
		rc = multipart_feed(&m, body + off, k);
	}
	*finished = multipart_finish(&m) == 0;
	multipart_close(&m);
	return rc;
}

static const char body[] =
    "preamble\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
    "tok\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a b.png\"\r\n"
    "Content-Type: image/png\r\n\r\n"
    "\x89PNG\r\n--XY\r\n--XyY\r\n\r\n"
    "\r\n--XyZ\r\n"
    "Content-Disposition: form-data; name=\"empty\"\r\n\r\n"
    "\r\n--XyZ--\r\nepilogue";

START_TEST(test_multipart_pieces)
{
	static const char	 want[] = "[_csrf|-|]tok;"
	    "[file|a b.png|image/png]\x89PNG\r\n--XY\r\n--XyY\r\n\r\n;"
	    "[empty|-|];";
	struct got		 g = { 0 };
	size_t			 step;
	int			 fin;

	/* every cut of the body, from one byte a piece to all at once */
	for (step = 1; step <= sizeof(body); step++) {
		ck_assert_int_eq(run("multipart/form-data; boundary=XyZ", body,
		    sizeof(body) - 1, step, &g, &fin), 0);
		ck_assert_int_eq(fin, 1);
		ck_assert_str_eq(buf_cstr(&g.log), want);
		buf_free(&g.log);
	}
}
END_TEST

START_TEST(test_multipart_big_part)
{
	struct got	 g = { 0 };
	struct buf	 b;
	size_t		 i;
	int		 fin;

	/* a part of three pieces and more, with near-delimiters inside */
	buf_init(&b);
	buf_adds(&b, "--q\r\nContent-Disposition: form-data; name=\"f\"; "
	    "filename=\"x\"\r\n\r\n");
	for (i = 0; i < 3 * MP_PIECE / 4; i++)
		buf_adds(&b, i % 7 == 0 ? "\r\n--" : "abcd");
	buf_adds(&b, "\r\n--q--");
	ck_assert_int_eq(run("multipart/form-data; boundary=q", b.data, b.len,
	    MP_PIECE + 3, &g, &fin), 0);
	ck_assert_int_eq(fin, 1);
	ck_assert_uint_eq(g.bytes, b.len - strlen("--q\r\nContent-Disposition: "
	    "form-data; name=\"f\"; filename=\"x\"\r\n\r\n") - 7);
	buf_free(&g.log);
	/* the sink's "too large" stops it and comes back */
	g.stop_at = 1000;
	ck_assert_int_eq(run("multipart/form-data; boundary=q", b.data, b.len,
	    4096, &g, &fin), 413);
	ck_assert_int_eq(fin, 0);
	buf_free(&g.log);
	buf_free(&b);
}
END_TEST

START_TEST(test_multipart_refused)
{
	static const char *const bad[] = {
		/* no name */
		"--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--",
		/* no headers at all */
		"--b\r\n\r\nx\r\n--b--",
		/* junk after the delimiter */
		"--bx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
		"x\r\n--b--",
		/* a control byte in a filename */
		"--b\r\nContent-Disposition: form-data; name=\"a\"; "
		"filename=\"a\x01\"\r\n\r\nx\r\n--b--",
		/* not form-data */
		"--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n"
		"x\r\n--b--",
	};
	struct got	 g = { 0 };
	struct buf	 b;
	size_t		 i;
	int		 fin;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(run("multipart/form-data; boundary=b", bad[i],
		    strlen(bad[i]), 5, &g, &fin), -1);
		ck_assert_int_eq(fin, 0);
		buf_free(&g.log);
	}
	/* no boundary */
	ck_assert_int_eq(run("multipart/form-data", "x", 1, 1, &g, &fin), -2);
	/* unterminated: fed fine, never finished */
	ck_assert_int_eq(run("multipart/form-data; boundary=b", "--b\r\n"
	    "Content-Disposition: form-data; name=\"a\"\r\n\r\nxyz", 50, 3, &g,
	    &fin), 0);
	ck_assert_int_eq(fin, 0);
	buf_free(&g.log);
	/* headers past MP_HEADER_MAX */
	buf_init(&b);
	buf_adds(&b, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n");
	for (i = 0; i < MP_HEADER_MAX; i++)
		buf_adds(&b, "X");
	buf_adds(&b, "\r\n\r\nx\r\n--b--");
	ck_assert_int_eq(run("multipart/form-data; boundary=b", b.data, b.len,
	    100, &g, &fin), -1);
	buf_free(&g.log);
	/* more than MP_PARTS_MAX parts */
	buf_reset(&b);
	for (i = 0; i <= MP_PARTS_MAX; i++)
		buf_adds(&b, "--b\r\nContent-Disposition: form-data; "
		    "name=\"a\"\r\n\r\nx\r\n");
	buf_adds(&b, "--b--");
	ck_assert_int_eq(run("multipart/form-data; boundary=b", b.data, b.len,
	    64, &g, &fin), -1);
	buf_free(&g.log);
	buf_free(&b);
}
END_TEST

Suite *
multipart_suite(void)
{
	Suite	*s = suite_create("multipart");
	TCase	*tc = tcase_create("stream");

	tcase_add_test(tc, test_multipart_pieces);
	tcase_add_test(tc, test_multipart_big_part);
	tcase_add_test(tc, test_multipart_refused);
	suite_add_tcase(s, tc);
	return s;
}
