/*
 * media_sniff.c: what a file is, by its first bytes, and whether it is
 * whole: an image decoded to its last row (media_jpeg.c, media_png.c,
 * media_webp.c), a PDF with its header and its end-of-file marker.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media.h"

static const char *const names[MEDIA__MAX] = {
	[MEDIA_NONE] = "application/octet-stream",
	[MEDIA_JPEG] = "image/jpeg",
	[MEDIA_PNG] = "image/png",
	[MEDIA_WEBP] = "image/webp",
	[MEDIA_PDF] = "application/pdf",
};

enum media_type
media_sniff(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return MEDIA_JPEG;
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return MEDIA_PNG;
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4)
	    == 0)
		return MEDIA_WEBP;
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return MEDIA_PDF;
	return MEDIA_NONE;
}

const char *
media_type_name(enum media_type t)
{
	return t < MEDIA__MAX ? names[t] : names[MEDIA_NONE];
}

int
media_type_parse(const char *s, enum media_type *t)
{
	int	 i;

	for (i = MEDIA_JPEG; s != NULL && i < MEDIA__MAX; i++)
		if (strcmp(s, names[i]) == 0) {
			*t = (enum media_type)i;
			return 0;
		}
	return -1;
}

int
media_is_image(enum media_type t)
{
	return t == MEDIA_JPEG || t == MEDIA_PNG || t == MEDIA_WEBP;
}

/* A stdio stream of its own over the file fd (a dup: fclose leaves fd). */
FILE *
media_fdopen(int fd)
{
	FILE	*f;
	int	 d;

	if ((d = dup(fd)) == -1)
		return NULL;
	if ((f = fdopen(d, "rb")) == NULL)
		close(d);
	return f;
}

/* Bounded before a pixel is allocated: 0, or 1 with the reason. */
int
media_dims_ok(int w, int h, struct media_info *in)
{
	if (w < 1 || h < 1) {
		snprintf(in->why, sizeof(in->why), "the image has no pixels");
		return 1;
	}
	if (w > MEDIA_MAX_SIDE || h > MEDIA_MAX_SIDE ||
	    (int64_t)w * h > MEDIA_MAX_PIXELS) {
		snprintf(in->why, sizeof(in->why), "the image is %d x %d pixels; "
		    "at most %d a side and %d megapixels", w, h, MEDIA_MAX_SIDE,
		    MEDIA_MAX_PIXELS / 1000000);
		return 1;
	}
	in->width = w;
	in->height = h;
	return 0;
}

/*
 * A PDF: "%PDF-" first and "%%EOF" in its last 1024 bytes (readers
 * accept trailing junk of about that much).  Not rendered here: it is
 * served as a download only, never inline.
 */
int
media_pdf_check(int fd, int64_t size, struct media_info *in)
{
	char	 tail[1025];
	off_t	 at = size > 1024 ? (off_t)(size - 1024) : 0;
	ssize_t	 n;

	if ((n = pread(fd, tail, sizeof(tail) - 1, at)) < 0)
		return -1;
	tail[n] = '\0';
	if (memmem(tail, (size_t)n, "%%EOF", 5) == NULL) {
		snprintf(in->why, sizeof(in->why), "the PDF is cut short: it "
		    "has no %%%%EOF at its end");
		return 1;
	}
	return 0;
}

int
media_check(const char *path, struct media_info *in)
{
	unsigned char	 head[16];
	struct stat	 st;
	ssize_t		 n;
	int		 fd, rc = -1;

	memset(in, 0, sizeof(*in));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || (n = pread(fd, head, sizeof(head), 0)) < 0)
		goto out;
	in->type = media_sniff(head, (size_t)n);
	switch (in->type) {
	case MEDIA_JPEG:
		rc = media_jpeg_check(fd, in);
		break;
	case MEDIA_PNG:
		rc = media_png_check(fd, in);
		break;
	case MEDIA_WEBP:
		rc = media_webp_check(fd, in);
		break;
	case MEDIA_PDF:
		rc = media_pdf_check(fd, st.st_size, in);
		break;
	default:
		snprintf(in->why, sizeof(in->why), "the file is not a JPEG, "
		    "PNG, WebP or PDF (by its content)");
		rc = 1;
		break;
	}
out:
	close(fd);
	if (rc != 0) {
		free(in->thumb);
		in->thumb = NULL;
		in->thumb_len = 0;
	}
	return rc;
}

void
media_info_free(struct media_info *in)
{
	if (in == NULL)
		return;
	free(in->thumb);
	in->thumb = NULL;
}
