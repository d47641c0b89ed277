/*
 * media_webp.c: a WebP decoded whole, scaled to its thumbnail
 *
 * libwebp's incremental decoder takes the file a chunk at a time and
 * writes only the scaled picture.  A lossy picture is decoded a few rows
 * at a time; a lossless one (or one with alpha) is decoded whole at 4
 * bytes a pixel, so it is held to MEDIA_MAX_WEBP_FULL pixels.  The
 * incremental decoder keeps the compressed bytes it was given (at most
 * the upload's 10 MiB).  An animation is refused, and so is anything
 * after the RIFF's own length.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <webp/decode.h>

#include "media.h"

static int
decode(int fd, int64_t size, unsigned char *buf, struct media_info *in)
{
	WebPDecoderConfig	 cf;
	WebPIDecoder		*id = NULL;
	struct media_thumb	 t;
	VP8StatusCode		 st = VP8_STATUS_NOT_ENOUGH_DATA;
	ssize_t			 n;
	off_t			 at = 0;
	int			 y, rc = 1;

	memset(&t, 0, sizeof(t));
	if (!WebPInitDecoderConfig(&cf))
		return -1;
	if ((n = pread(fd, buf, MEDIA_CHUNK, 0)) < 0)
		return -1;
	/* the RIFF's own length is the file's: nothing after it */
	if (n < 12 || (int64_t)(buf[4] | buf[5] << 8 | buf[6] << 16 |
	    (uint32_t)buf[7] << 24) + 8 != size) {
		snprintf(in->why, sizeof(in->why), "the WebP's length is not "
		    "its file's");
		return 1;
	}
	if (WebPGetFeatures(buf, (size_t)n, &cf.input) != VP8_STATUS_OK) {
		snprintf(in->why, sizeof(in->why), "the WebP's header does not "
		    "decode");
		return 1;
	}
	if (media_dims_ok(cf.input.width, cf.input.height, in) != 0)
		return 1;
	if (cf.input.has_animation) {
		snprintf(in->why, sizeof(in->why), "an animated WebP is not "
		    "accepted");
		return 1;
	}
	if ((cf.input.format == 2 || cf.input.has_alpha) &&
	    (int64_t)cf.input.width * cf.input.height > MEDIA_MAX_WEBP_FULL) {
		snprintf(in->why, sizeof(in->why), "a lossless or transparent "
		    "WebP may have at most %d megapixels",
		    MEDIA_MAX_WEBP_FULL / 1000000);
		return 1;
	}
	/* the sampler works out the thumbnail's size; 1:1 rows then */
	if (media_thumb_open(&t, cf.input.width, cf.input.height) == -1)
		return -1;
	cf.options.use_scaling = 1;
	cf.options.scaled_width = t.tw;
	cf.options.scaled_height = t.th;
	cf.output.colorspace = MODE_RGB;
	if ((id = WebPIDecode(NULL, 0, &cf)) == NULL) {
		rc = -1;
		goto out;
	}
	while ((n = pread(fd, buf, MEDIA_CHUNK, at)) > 0) {
		at += n;
		st = WebPIAppend(id, buf, (size_t)n);
		if (st != VP8_STATUS_OK && st != VP8_STATUS_SUSPENDED)
			break;
	}
	if (n < 0) {
		rc = -1;
		goto out;
	}
	if (st != VP8_STATUS_OK) {
		snprintf(in->why, sizeof(in->why), "the WebP is %s",
		    st == VP8_STATUS_SUSPENDED ? "cut short" : "corrupt");
		goto out;
	}
	media_thumb_close(&t);
	if (media_thumb_open(&t, cf.output.width, cf.output.height) == -1) {
		rc = -1;
		goto out;
	}
	for (y = 0; y < cf.output.height; y++)
		media_thumb_row(&t, cf.output.u.RGBA.rgba +
		    (size_t)y * (size_t)cf.output.u.RGBA.stride);
	rc = media_thumb_jpeg(&t, in);
out:
	if (id != NULL)
		WebPIDelete(id);
	WebPFreeDecBuffer(&cf.output);
	media_thumb_close(&t);
	return rc;
}

int
media_webp_check(int fd, struct media_info *in)
{
	unsigned char	*buf;
	struct stat	 st;
	int		 rc;

	if (fstat(fd, &st) == -1 || (buf = malloc(MEDIA_CHUNK)) == NULL)
		return -1;
	rc = decode(fd, (int64_t)st.st_size, buf, in);
	free(buf);
	return rc;
}
