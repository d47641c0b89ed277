/*
 * media_thumb.c: a thumbnail made while an image is decoded
 *
 * Rows of RGB come in top to bottom and are averaged into boxes of the
 * thumbnail (at most MEDIA_THUMB_SIDE on the long side): the sampler
 * holds one row of sums and the thumbnail itself, never the image.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>

#include "media.h"

int
media_thumb_open(struct media_thumb *t, int sw, int sh)
{
	memset(t, 0, sizeof(*t));
	if (sw < 1 || sh < 1)
		return -1;
	t->sw = sw;
	t->sh = sh;
	if (sw <= MEDIA_THUMB_SIDE && sh <= MEDIA_THUMB_SIDE) {
		t->tw = sw;
		t->th = sh;
	} else if (sw >= sh) {
		t->tw = MEDIA_THUMB_SIDE;
		t->th = (int)((int64_t)sh * MEDIA_THUMB_SIDE / sw);
	} else {
		t->th = MEDIA_THUMB_SIDE;
		t->tw = (int)((int64_t)sw * MEDIA_THUMB_SIDE / sh);
	}
	if (t->tw < 1)
		t->tw = 1;
	if (t->th < 1)
		t->th = 1;
	t->acc = calloc((size_t)t->tw * 3, sizeof(*t->acc));
	t->cnt = calloc((size_t)t->tw, sizeof(*t->cnt));
	t->pix = calloc((size_t)t->tw * t->th, 3);
	if (t->acc == NULL || t->cnt == NULL || t->pix == NULL) {
		media_thumb_close(t);
		return -1;
	}
	return 0;
}

static void
flush(struct media_thumb *t)
{
	unsigned char	*o = t->pix + (size_t)t->ty * t->tw * 3;
	int		 x, c;

	for (x = 0; x < t->tw; x++) {
		for (c = 0; c < 3 && t->cnt[x] > 0; c++)
			o[x * 3 + c] = (unsigned char)(t->acc[x * 3 + c] /
			    t->cnt[x]);
		t->acc[x * 3] = t->acc[x * 3 + 1] = t->acc[x * 3 + 2] = 0;
		t->cnt[x] = 0;
	}
}

/* The next source row, sw pixels of RGB. */
void
media_thumb_row(struct media_thumb *t, const unsigned char *rgb)
{
	int	 ty, x, tx;

	if (t->pix == NULL || t->y >= t->sh)
		return;
	ty = (int)((int64_t)t->y * t->th / t->sh);
	if (ty != t->ty) {
		flush(t);
		t->ty = ty;
	}
	for (x = 0; x < t->sw; x++) {
		tx = (int)((int64_t)x * t->tw / t->sw);
		t->acc[tx * 3] += rgb[x * 3];
		t->acc[tx * 3 + 1] += rgb[x * 3 + 1];
		t->acc[tx * 3 + 2] += rgb[x * 3 + 2];
		t->cnt[tx]++;
	}
	if (++t->y == t->sh)
		flush(t);
}

struct enc {
	struct jpeg_compress_struct	 c;
	struct jpeg_error_mgr		 e;
	jmp_buf				 jb;
	unsigned long			 n;
};

static void
enc_error(j_common_ptr c)
{
	/* the jmp_buf follows the error manager the struct starts with */
	struct enc	*x = (struct enc *)(void *)((char *)c->err -
			    offsetof(struct enc, e));

	longjmp(x->jb, 1);
}

static int
encode(struct enc *x, struct media_thumb *t, unsigned char **out)
{
	JSAMPROW	 row;

	if (setjmp(x->jb))
		return -1;	/* only memory runs out, from memory to memory */
	x->c.err = jpeg_std_error(&x->e);
	x->e.error_exit = enc_error;
	jpeg_create_compress(&x->c);
	jpeg_mem_dest(&x->c, out, &x->n);
	x->c.image_width = (JDIMENSION)t->tw;
	x->c.image_height = (JDIMENSION)t->th;
	x->c.input_components = 3;
	x->c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&x->c);
	jpeg_set_quality(&x->c, 80, TRUE);
	jpeg_start_compress(&x->c, TRUE);
	while (x->c.next_scanline < x->c.image_height) {
		row = t->pix + (size_t)x->c.next_scanline * t->tw * 3;
		jpeg_write_scanlines(&x->c, &row, 1);
	}
	jpeg_finish_compress(&x->c);
	return 0;
}

/* The thumbnail as a JPEG of quality 80 into in (media_info_free()). */
int
media_thumb_jpeg(struct media_thumb *t, struct media_info *in)
{
	unsigned char	**out = &in->thumb;
	struct enc	*x;
	int		 rc;

	*out = NULL;
	if (t->pix == NULL || (x = calloc(1, sizeof(*x))) == NULL)
		return -1;
	rc = encode(x, t, out);
	jpeg_destroy_compress(&x->c);
	in->thumb_len = x->n;
	in->thumb_w = t->tw;
	in->thumb_h = t->th;
	free(x);
	if (rc == -1) {
		free(*out);
		*out = NULL;
	}
	return *out != NULL ? rc : -1;
}

void
media_thumb_close(struct media_thumb *t)
{
	free(t->acc);
	free(t->cnt);
	free(t->pix);
	t->acc = t->cnt = NULL;
	t->pix = NULL;
}
