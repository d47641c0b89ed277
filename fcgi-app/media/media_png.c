/*
 * media_png.c: a PNG decoded whole, a row at a time, from its file
 *
 * libpng reads the file through stdio, is told the largest image it may
 * meet before any row is allocated (png_set_user_limits), and hands the
 * rows over one by one: a non-interlaced image costs one row.  An
 * interlaced one is read pass by pass, each pass a smaller image; the
 * first (an eighth a side) makes the thumbnail, the others are decoded
 * and checked only.  png_read_end() reads the chunks after the pixels to
 * the IEND, so a file cut short anywhere is refused; so is anything after
 * the IEND (a PNG with a page appended, a polyglot).
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <png.h>

#include "media.h"

struct job {
	png_structp		 png;
	png_infop		 info;
	FILE			*f;
	struct media_thumb	 t;
	unsigned char		*row;
	char			 msg[100];
};

static void
on_error(png_structp png, png_const_charp msg)
{
	struct job	*j = png_get_error_ptr(png);

	snprintf(j->msg, sizeof(j->msg), "%s", msg);
	png_longjmp(png, 1);
}

static void
on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static int
decode(struct job *j, struct media_info *in)
{
	png_uint_32	 w, h, y, rows, cols;
	struct stat	 st;
	long		 pos;
	int		 depth, ctype, il, pass, passes;

	if (setjmp(png_jmpbuf(j->png))) {
		snprintf(in->why, sizeof(in->why), "the PNG does not decode: %s",
		    j->msg);
		return 1;
	}
	png_set_user_limits(j->png, MEDIA_MAX_SIDE, MEDIA_MAX_SIDE);
	png_set_chunk_malloc_max(j->png, 4 * 1024 * 1024);
	png_set_chunk_cache_max(j->png, 256);
	png_init_io(j->png, j->f);
	png_read_info(j->png, j->info);
	png_get_IHDR(j->png, j->info, &w, &h, &depth, &ctype, &il, NULL, NULL);
	if (media_dims_ok((int)w, (int)h, in) != 0)
		return 1;
	/* whatever it is, RGB of 8 bits */
	png_set_expand(j->png);
	png_set_strip_16(j->png);
	png_set_gray_to_rgb(j->png);
	png_set_strip_alpha(j->png);
	passes = il == PNG_INTERLACE_ADAM7 ? PNG_INTERLACE_ADAM7_PASSES : 1;
	png_read_update_info(j->png, j->info);
	if (png_get_rowbytes(j->png, j->info) < (size_t)w * 3 ||
	    (j->row = malloc(png_get_rowbytes(j->png, j->info))) == NULL)
		return -1;
	for (pass = 0; pass < passes; pass++) {
		rows = passes == 1 ? h : PNG_PASS_ROWS(h, pass);
		cols = passes == 1 ? w : PNG_PASS_COLS(w, pass);
		if (rows == 0 || cols == 0)
			continue;	/* libpng skips an empty pass too */
		if (pass == 0 && media_thumb_open(&j->t, (int)cols, (int)rows)
		    == -1)
			return -1;
		for (y = 0; y < rows; y++) {
			png_read_row(j->png, j->row, NULL);
			if (pass == 0)
				media_thumb_row(&j->t, j->row);
		}
	}
	png_read_end(j->png, NULL);
	/* nothing after the IEND: a PNG with a page behind it is no PNG */
	if (fstat(fileno(j->f), &st) == -1 || (pos = ftell(j->f)) < 0)
		return -1;
	if ((off_t)pos != st.st_size) {
		snprintf(in->why, sizeof(in->why), "the PNG has %lld bytes "
		    "after its end", (long long)(st.st_size - pos));
		return 1;
	}
	return media_thumb_jpeg(&j->t, in);
}

int
media_png_check(int fd, struct media_info *in)
{
	struct job	*j;
	int		 rc = -1;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	if ((j->f = media_fdopen(fd)) == NULL) {
		free(j);
		return -1;
	}
	if ((j->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j,
	    on_error, on_warning)) != NULL &&
	    (j->info = png_create_info_struct(j->png)) != NULL)
		rc = decode(j, in);
	png_destroy_read_struct(j->png != NULL ? &j->png : NULL,
	    j->info != NULL ? &j->info : NULL, NULL);
	media_thumb_close(&j->t);
	free(j->row);
	fclose(j->f);
	free(j);
	return rc;
}
