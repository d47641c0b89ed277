/*
 * media_test.c: unit tests of the media library on tiny files made here:
 * valid, cut short, a polyglot, a decompression bomb's dimensions, a
 * script in the metadata, interlaced; and the content-addressed store.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>

#include "../test.h"
#include "media.h"

static char	 dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/media-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static const char *
put(const char *name, const void *p, size_t n)
{
	static char	 path[128];
	FILE		*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	fclose(f);
	return path;
}

static unsigned char *
pixels(int w, int h)
{
	unsigned char	*p = malloc((size_t)w * h * 3);
	int		 i;

	for (i = 0; i < w * h * 3; i++)
		p[i] = (unsigned char)(i * 31 + i / 7);
	return p;
}

/* A PNG of w x h into *out (interlaced or not), with a tEXt chunk. */
static size_t
make_png(int w, int h, int interlace, const char *text, unsigned char **out)
{
	png_structp	 png;
	png_infop	 info;
	png_text	 t;
	unsigned char	*px = pixels(w, h);
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f = open_memstream(&buf, &len);
	int		 y;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
	    PNG_COLOR_TYPE_RGB, interlace ? PNG_INTERLACE_ADAM7 :
	    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	if (text != NULL) {
		memset(&t, 0, sizeof(t));
		t.compression = PNG_TEXT_COMPRESSION_NONE;
		t.key = (char *)"Comment";
		t.text = (char *)text;
		png_set_text(png, info, &t, 1);
	}
	png_write_info(png, info);
	png_set_interlace_handling(png);
	for (int pass = 0; pass < (interlace ? 7 : 1); pass++)
		for (y = 0; y < h; y++)
			png_write_row(png, px + (size_t)y * w * 3);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	free(px);
	*out = (unsigned char *)buf;
	return len;
}

/* A JPEG of w x h (quality 90) into *out. */
static size_t
make_jpeg_p(int w, int h, int progressive, unsigned char **out)
{
	struct jpeg_compress_struct	 c;
	struct jpeg_error_mgr		 e;
	unsigned char			*px = pixels(w, h);
	unsigned long			 n = 0;
	JSAMPROW			 row;

	*out = NULL;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, out, &n);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	jpeg_write_marker(&c, JPEG_COM, (const JOCTET *)"<script>alert(1)</script>",
	    25);
	while (c.next_scanline < c.image_height) {
		row = px + (size_t)c.next_scanline * w * 3;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(px);
	return n;
}

/* PNG's CRC-32, for a header edited here */
static uint32_t
crc32(uint32_t c, const unsigned char *p, size_t n)
{
	size_t	 i;
	int	 k;

	c = ~c;
	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return ~c;
}

static size_t
make_jpeg(int w, int h, unsigned char **out)
{
	return make_jpeg_p(w, h, 0, out);
}

static int
check(const char *path, struct media_info *in)
{
	int	 rc = media_check(path, in);

	return rc;
}

START_TEST(test_sniff)
{
	ck_assert_int_eq(media_sniff((const unsigned char *)"\xff\xd8\xff\xe0",
	    4), MEDIA_JPEG);
	ck_assert_int_eq(media_sniff((const unsigned char *)"\x89PNG\r\n\x1a\n",
	    8), MEDIA_PNG);
	ck_assert_int_eq(media_sniff((const unsigned char *)"RIFF1234WEBPVP8 ",
	    16), MEDIA_WEBP);
	ck_assert_int_eq(media_sniff((const unsigned char *)"%PDF-1.7", 8),
	    MEDIA_PDF);
	ck_assert_int_eq(media_sniff((const unsigned char *)"<html>", 6),
	    MEDIA_NONE);
	ck_assert_int_eq(media_sniff((const unsigned char *)"\x89PN", 3),
	    MEDIA_NONE);
}
END_TEST

START_TEST(test_png)
{
	struct media_info	 in;
	unsigned char		*p;
	size_t			 n;

	/* valid, with a script in its text: an image all the same */
	n = make_png(700, 300, 0, "<script>alert(1)</script>", &p);
	ck_assert_int_eq(check(put("a.png", p, n), &in), 0);
	ck_assert_int_eq(in.type, MEDIA_PNG);
	ck_assert_int_eq(in.width, 700);
	ck_assert_int_eq(in.height, 300);
	ck_assert_int_eq(in.thumb_w, 320);
	ck_assert_int_eq(in.thumb_h, 137);
	ck_assert_ptr_nonnull(in.thumb);
	ck_assert_int_eq(media_sniff(in.thumb, in.thumb_len), MEDIA_JPEG);
	media_info_free(&in);
	/* cut short anywhere: refused */
	ck_assert_int_eq(check(put("b.png", p, n / 2), &in), 1);
	ck_assert_ptr_nonnull(strstr(in.why, "PNG"));
	ck_assert_int_eq(check(put("c.png", p, n - 6), &in), 1);
	/* whole, with something after its IEND: refused */
	{
		unsigned char	*q = malloc(n + 7);

		memcpy(q, p, n);
		memcpy(q + n, "<html>", 7);
		ck_assert_int_eq(check(put("t.png", q, n + 7), &in), 1);
		ck_assert_ptr_nonnull(strstr(in.why, "after its end"));
		free(q);
	}
	/* a byte of the pixels changed: the CRC refuses it */
	p[n / 2] ^= 0x55;
	ck_assert_int_eq(check(put("d.png", p, n), &in), 1);
	free(p);
	/* interlaced: the first pass makes the thumbnail */
	n = make_png(100, 64, 1, NULL, &p);
	ck_assert_int_eq(check(put("e.png", p, n), &in), 0);
	ck_assert_int_eq(in.thumb_w, 13);
	ck_assert_int_eq(in.thumb_h, 8);
	media_info_free(&in);
	free(p);
}
END_TEST

START_TEST(test_png_bomb)
{
	struct media_info	 in;
	unsigned char		*p;
	size_t			 n;
	uint32_t		 crc;

	/* 10,000 x 10,000 claimed: 100 megapixels, refused from the header */
	n = make_png(8, 8, 0, NULL, &p);
	p[16] = 0; p[17] = 0; p[18] = 0x27; p[19] = 0x10;	/* width */
	p[20] = 0; p[21] = 0; p[22] = 0x27; p[23] = 0x10;	/* height */
	crc = (uint32_t)crc32(0, p + 12, 17);
	p[29] = (unsigned char)(crc >> 24); p[30] = (unsigned char)(crc >> 16);
	p[31] = (unsigned char)(crc >> 8); p[32] = (unsigned char)crc;
	ck_assert_int_eq(check(put("bomb.png", p, n), &in), 1);
	ck_assert_ptr_nonnull(strstr(in.why, "megapixels"));
	/* 13,000 a side: past the side limit */
	p[18] = 0x32; p[19] = 0xc8;
	p[22] = 0; p[23] = 0x08;
	crc = (uint32_t)crc32(0, p + 12, 17);
	p[29] = (unsigned char)(crc >> 24); p[30] = (unsigned char)(crc >> 16);
	p[31] = (unsigned char)(crc >> 8); p[32] = (unsigned char)crc;
	ck_assert_int_eq(check(put("wide.png", p, n), &in), 1);
	free(p);
}
END_TEST

START_TEST(test_jpeg)
{
	struct media_info	 in;
	unsigned char		*p;
	unsigned long		 n;

	n = make_jpeg(2000, 1000, &p);
	ck_assert_int_eq(check(put("a.jpg", p, n), &in), 0);
	ck_assert_int_eq(in.type, MEDIA_JPEG);
	ck_assert_int_eq(in.width, 2000);
	ck_assert_int_eq(in.height, 1000);
	/* scaled 1/4 to 500 x 250, then to the thumbnail's 320 */
	ck_assert_int_eq(in.thumb_w, 320);
	ck_assert_int_eq(in.thumb_h, 160);
	media_info_free(&in);
	ck_assert_int_eq(check(put("b.jpg", p, n / 2), &in), 1);
	ck_assert_ptr_nonnull(strstr(in.why, "JPEG"));
	free(p);
	/*
	 * progressive: every coefficient is kept, 3 bytes a pixel at 4:2:0;
	 * 2 and 12 megapixels (a phone's photo) pass, 20 are past the cap
	 */
	n = make_jpeg_p(1600, 1200, 1, &p);
	ck_assert_int_eq(check(put("p1.jpg", p, n), &in), 0);
	media_info_free(&in);
	free(p);
	n = make_jpeg_p(4032, 3024, 1, &p);
	ck_assert_int_eq(check(put("p12.jpg", p, n), &in), 0);
	ck_assert_int_eq(in.thumb_w, 320);
	media_info_free(&in);
	free(p);
	n = make_jpeg_p(5000, 4000, 1, &p);
	ck_assert_int_eq(check(put("p2.jpg", p, n), &in), 1);
	ck_assert_ptr_nonnull(strstr(in.why, "progressive"));
	free(p);
	n = make_jpeg(12001, 8, &p);
	ck_assert_int_eq(check(put("c.jpg", p, n), &in), 1);
	ck_assert_ptr_nonnull(strstr(in.why, "12001"));
	free(p);
}
END_TEST

START_TEST(test_webp)
{
	struct media_info	 in;
	unsigned char		*px = pixels(400, 200), *p = NULL;
	size_t			 n;

	n = WebPEncodeRGB(px, 400, 200, 400 * 3, 80, &p);
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(check(put("a.webp", p, n), &in), 0);
	ck_assert_int_eq(in.type, MEDIA_WEBP);
	ck_assert_int_eq(in.width, 400);
	ck_assert_int_eq(in.thumb_w, 320);
	ck_assert_int_eq(in.thumb_h, 160);
	media_info_free(&in);
	ck_assert_int_eq(check(put("b.webp", p, n / 2), &in), 1);
	{
		unsigned char	*q = malloc(n + 8);

		memcpy(q, p, n);
		memcpy(q + n, "<html>\n", 8);
		ck_assert_int_eq(check(put("t.webp", q, n + 8), &in), 1);
		free(q);
	}
	WebPFree(p);
	/* lossless too */
	n = WebPEncodeLosslessRGB(px, 400, 200, 400 * 3, &p);
	ck_assert_int_eq(check(put("c.webp", p, n), &in), 0);
	media_info_free(&in);
	WebPFree(p);
	free(px);
}
END_TEST

START_TEST(test_polyglot_pdf)
{
	static const char	 html[] = "<html><script>alert(1)</script></html>";
	static const char	 pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer "
	    "<<>>\n%%EOF\n";
	struct media_info	 in;
	unsigned char		*p, *q;
	size_t			 n;

	/* HTML named .png: its content says what it is */
	ck_assert_int_eq(check(put("x.png", html, sizeof(html) - 1), &in), 1);
	ck_assert_int_eq(in.type, MEDIA_NONE);
	/* a PNG's signature before HTML: it must decode, and does not */
	n = make_png(8, 8, 0, NULL, &p);
	ck_assert_uint_gt(n, 16);
	q = malloc(16 + sizeof(html));
	memcpy(q, p, 16);
	memcpy(q + 16, html, sizeof(html));
	ck_assert_int_eq(check(put("y.png", q, 16 + sizeof(html)), &in), 1);
	ck_assert_int_eq(in.type, MEDIA_PNG);
	free(q);
	free(p);
	ck_assert_int_eq(check(put("a.pdf", pdf, sizeof(pdf) - 1), &in), 0);
	ck_assert_int_eq(in.type, MEDIA_PDF);
	ck_assert_ptr_null(in.thumb);
	ck_assert_int_eq(check(put("b.pdf", pdf, 20), &in), 1);
	ck_assert_ptr_nonnull(strstr(in.why, "EOF"));
}
END_TEST

static int	 named;

static int
used(void *ctx, const char *sha)
{
	(void)ctx;
	(void)sha;
	return named;
}

START_TEST(test_store)
{
	struct media_upload	 u, v;
	struct timespec		 ts[2];
	char			 p[600], big[4096];
	int64_t			 size;
	int			 fd, removed, i;

	media_store_init(dir);
	ck_assert_int_eq(media_upload_open(&u), 0);
	ck_assert_int_eq(media_upload_write(&u, "hello", 5), 0);
	ck_assert_int_eq(media_upload_finish(&u), 0);
	/* sha256("hello") */
	ck_assert_str_eq(u.sha, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7"
	    "425e73043362938b9824");
	ck_assert_int_eq(media_upload_place(&u), 0);
	ck_assert_int_eq(media_upload_place(&u), 0);	/* again: fine */
	media_upload_discard(&u);
	ck_assert_int_ne(access(u.path, F_OK), 0);
	ck_assert_int_ge(fd = media_store_open(u.sha, &size), 0);
	ck_assert_int_eq(size, 5);
	close(fd);
	/* the same bytes again: the one file */
	ck_assert_int_eq(media_upload_open(&v), 0);
	ck_assert_int_eq(media_upload_write(&v, "hello", 5), 0);
	ck_assert_int_eq(media_upload_finish(&v), 0);
	ck_assert_int_eq(media_upload_place(&v), 0);
	media_upload_discard(&v);
	ck_assert_int_eq(media_store_path(u.sha, p, sizeof(p)), 0);
	ck_assert_ptr_nonnull(strstr(p, "/2c/f2/2cf24dba"));
	ck_assert_int_eq(media_store_path("../etc/passwd", p, sizeof(p)), -1);
	/* past 10 MiB: refused, nothing more written */
	ck_assert_int_eq(media_upload_open(&v), 0);
	memset(big, 'x', sizeof(big));
	for (i = 0; i < MEDIA_MAX_BYTES / (int)sizeof(big); i++)
		ck_assert_int_eq(media_upload_write(&v, big, sizeof(big)), 0);
	ck_assert_int_eq(media_upload_write(&v, "y", 1), 1);
	ck_assert_int_eq(v.size, MEDIA_MAX_BYTES);
	media_upload_discard(&v);
	/* the sweep: a named file stays, an old unnamed one goes */
	ck_assert_int_eq(media_store_path(u.sha, p, sizeof(p)), 0);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - 7200;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	ck_assert_int_eq(utimensat(AT_FDCWD, p, ts, 0), 0);
	named = 0;
	ck_assert_int_eq(media_store_sweep(used, NULL, time(NULL) - 10800,
	    &removed), 0);
	ck_assert_int_eq(removed, 0);		/* younger than the cutoff */
	named = 1;
	ck_assert_int_eq(media_store_sweep(used, NULL, time(NULL) - 3600,
	    &removed), 0);
	ck_assert_int_eq(removed, 0);
	ck_assert_int_eq(access(p, F_OK), 0);
	named = 0;
	ck_assert_int_eq(media_store_sweep(used, NULL, time(NULL) - 3600,
	    &removed), 0);
	ck_assert_int_eq(removed, 1);
	ck_assert_int_ne(access(p, F_OK), 0);
}
END_TEST

Suite *
media_suite(void)
{
	Suite	*s = suite_create("media");
	TCase	*tc = tcase_create("check");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_png);
	tcase_add_test(tc, test_png_bomb);
	tcase_add_test(tc, test_jpeg);
	tcase_add_test(tc, test_webp);
	tcase_add_test(tc, test_polyglot_pdf);
	tcase_add_test(tc, test_store);
	suite_add_tcase(s, tc);
	return s;
}
