/*
 * media_jpeg.c: a JPEG decoded whole, scaled, from its file
 *
 * libjpeg-turbo reads the file through stdio (4 KiB at a time) and
 * decodes at 1/1 to 1/8 scale, the smallest that still gives the
 * thumbnail its size, so a 50-megapixel photo costs one row of about
 * 1,500 pixels.  Its memory is capped (MEDIA_JPEG_MEMORY).  A progressive
 * JPEG keeps every coefficient whatever the scale (3 bytes a pixel at
 * 4:2:0, a 12-megapixel phone photo 37 MB): those decode one at a time
 * in the process (a mutex), under MEDIA_JPEG_PROGRESSIVE_MEMORY, so ten
 * of them uploaded at once cost one decode's memory, not ten; past that
 * cap (16 megapixels at 4:2:0) one is refused.  A warning
 * (a premature end, a corrupt segment) refuses the file as an error does.
 * Bytes after the EOI are let be: phones append their own data there
 * (a motion photo's video), and a JPEG is served as image/jpeg with
 * nosniff and a sandbox, so they are never read as anything else.
 * The decode's time is bounded too: a progressive JPEG may repeat a scan
 * that costs a few bytes (an end-of-band run over the whole image) and
 * is walked over every block, so a 10 MiB file of 400,000 of them would
 * hold a thread for minutes; past MEDIA_JPEG_SCANS scans it is refused
 * (the progress monitor counts them, as djpeg's -maxscans does), and
 * the first warning stops the decode rather than its end.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jpeglib.h>
#include <jerror.h>

#include "media.h"

struct err {
	struct jpeg_error_mgr	 mgr;
	jmp_buf			 jb;
	int			 warnings;
	int			 scans;		/* too many: refused */
};

static void
on_error(j_common_ptr c)
{
	struct err	*e = (struct err *)c->err;

	longjmp(e->jb, 1);
}

static void
on_message(j_common_ptr c, int level)
{
	struct err	*e = (struct err *)c->err;

	if (level < 0) {	/* a warning: corrupt or cut short */
		e->warnings++;
		longjmp(e->jb, 1);
	}
}

/* Called as the scans are read: past MEDIA_JPEG_SCANS, stop. */
static void
on_progress(j_common_ptr c)
{
	struct err	*e = (struct err *)c->err;

	if (c->is_decompressor && ((j_decompress_ptr)c)->input_scan_number >
	    MEDIA_JPEG_SCANS) {
		e->scans = 1;
		longjmp(e->jb, 1);
	}
}

/* Everything the decode changes lives here, out of setjmp()'s frame. */
struct job {
	struct jpeg_decompress_struct	 c;
	struct err			 e;
	struct jpeg_progress_mgr	 progress;
	struct media_thumb		 t;
	FILE				*f;
	int				 made;
	int				 locked;	/* holds big */
};

/* one progressive decode at a time: its coefficients are the memory */
static pthread_mutex_t	big = PTHREAD_MUTEX_INITIALIZER;

static int	start(struct job *, struct media_info *);

static int
decode(struct job *j, struct media_info *in)
{
	struct jpeg_decompress_struct	*c = &j->c;

	if (setjmp(j->e.jb)) {
		char	 msg[JMSG_LENGTH_MAX];

		if (j->e.scans) {
			snprintf(in->why, sizeof(in->why), "the JPEG has more "
			    "than %d scans", MEDIA_JPEG_SCANS);
			return 1;
		}
		if (j->e.warnings > 0) {
			snprintf(in->why, sizeof(in->why), "the JPEG is corrupt "
			    "or cut short");
			return 1;
		}
		if (c->err->msg_code == JERR_OUT_OF_MEMORY ||
		    c->err->msg_code == JERR_NO_BACKING_STORE) {
			snprintf(in->why, sizeof(in->why), "a progressive JPEG "
			    "this large cannot be checked; save it as a "
			    "baseline JPEG");
			return 1;
		}
		(*c->err->format_message)((j_common_ptr)c, msg);
		snprintf(in->why, sizeof(in->why), "the JPEG does not decode: "
		    "%.100s", msg);
		return 1;
	}
	c->err = jpeg_std_error(&j->e.mgr);
	j->e.mgr.error_exit = on_error;
	j->e.mgr.emit_message = on_message;
	jpeg_create_decompress(c);
	j->made = 1;
	c->mem->max_memory_to_use = MEDIA_JPEG_MEMORY;
	j->progress.progress_monitor = on_progress;
	c->progress = &j->progress;
	jpeg_stdio_src(c, j->f);
	jpeg_read_header(c, TRUE);
	if (media_dims_ok((int)c->image_width, (int)c->image_height, in) != 0)
		return 1;
	if (jpeg_has_multiple_scans(c)) {
		if (pthread_mutex_lock(&big) != 0)
			return -1;
		j->locked = 1;
		c->mem->max_memory_to_use = MEDIA_JPEG_PROGRESSIVE_MEMORY;
	}
	return start(j, in);
}

/* after the header: the smallest scale that still fills the thumbnail */
static int
start(struct job *j, struct media_info *in)
{
	struct jpeg_decompress_struct	*c = &j->c;
	JSAMPARRAY			 row;
	unsigned			 side, denom = 1;

	side = c->image_width > c->image_height ? c->image_width :
	    c->image_height;
	while (denom < 8 && side / (denom * 2) >= MEDIA_THUMB_SIDE)
		denom *= 2;
	c->scale_num = 1;
	c->scale_denom = denom;
	c->out_color_space = JCS_RGB;
	jpeg_start_decompress(c);
	if (media_thumb_open(&j->t, (int)c->output_width,
	    (int)c->output_height) == -1)
		return -1;
	row = (*c->mem->alloc_sarray)((j_common_ptr)c, JPOOL_IMAGE,
	    c->output_width * (JDIMENSION)c->output_components, 1);
	while (c->output_scanline < c->output_height) {
		jpeg_read_scanlines(c, row, 1);
		media_thumb_row(&j->t, row[0]);
	}
	jpeg_finish_decompress(c);
	if (j->e.warnings > 0) {
		snprintf(in->why, sizeof(in->why), "the JPEG is corrupt or cut "
		    "short");
		return 1;
	}
	return media_thumb_jpeg(&j->t, in);
}

int
media_jpeg_check(int fd, struct media_info *in)
{
	struct job	*j;
	int		 rc;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return -1;
	if ((j->f = media_fdopen(fd)) == NULL) {
		free(j);
		return -1;
	}
	rc = decode(j, in);
	media_thumb_close(&j->t);
	if (j->made)
		jpeg_destroy_decompress(&j->c);
	if (j->locked)
		pthread_mutex_unlock(&big);
	fclose(j->f);
	free(j);
	return rc;
}
