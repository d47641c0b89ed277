/*
 * media.h: files users attach, checked by their content
 *
 * A library below the features: what a file is (its magic bytes, never
 * its name or declared type), whether it is whole (an image is decoded to
 * its last row, so a polyglot or a truncated file does not pass), its
 * thumbnail, and where its bytes are kept (content-addressed files).
 */
#ifndef MEDIA_MEDIA_H
#define MEDIA_MEDIA_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <sodium.h>

enum media_type { MEDIA_NONE, MEDIA_JPEG, MEDIA_PNG, MEDIA_WEBP, MEDIA_PDF,
	MEDIA__MAX };

#define MEDIA_MAX_BYTES		(10 * 1024 * 1024)	/* a file */
#define MEDIA_MAX_SIDE		12000		/* pixels a side */
#define MEDIA_MAX_PIXELS	50000000	/* pixels in all */
/* a WebP decoded whole (lossless or with alpha): 4 bytes a pixel */
#define MEDIA_MAX_WEBP_FULL	4000000
#define MEDIA_THUMB_SIDE	320		/* the thumbnail's long side */
#define MEDIA_JPEG_MEMORY	(24L * 1024 * 1024)	/* libjpeg's cap */
/* a progressive JPEG's cap: one such decode at a time in a process */
#define MEDIA_JPEG_PROGRESSIVE_MEMORY	(48L * 1024 * 1024)
#define MEDIA_JPEG_SCANS	100		/* a progressive JPEG's */
#define MEDIA_CHUNK		65536		/* bytes read at a time */

struct media_info {
	enum media_type	 type;
	int		 width, height;		/* 0 for a PDF */
	unsigned char	*thumb;			/* a JPEG; NULL for a PDF */
	size_t		 thumb_len;
	int		 thumb_w, thumb_h;
	char		 why[160];		/* a refusal's reason */
};

/* media_sniff.c */
enum media_type	 media_sniff(const unsigned char *, size_t);
const char	*media_type_name(enum media_type);
int		 media_type_parse(const char *, enum media_type *);
int		 media_is_image(enum media_type);
/* 0 whole and valid, 1 refused (info->why), -1 an I/O or memory error */
int		 media_check(const char *, struct media_info *);
void		 media_info_free(struct media_info *);
int		 media_pdf_check(int, int64_t, struct media_info *);
int		 media_dims_ok(int, int, struct media_info *);
FILE		*media_fdopen(int);

/* media_thumb.c: rows in, a small JPEG out */
struct media_thumb {
	int		 sw, sh, tw, th;
	int		 y, ty;
	uint32_t	*acc;		/* one target row's sums, tw x 3 */
	uint32_t	*cnt;		/* and counts, tw */
	unsigned char	*pix;		/* tw x th x 3 */
};
int	media_thumb_open(struct media_thumb *, int, int);
void	media_thumb_row(struct media_thumb *, const unsigned char *);
int	media_thumb_jpeg(struct media_thumb *, struct media_info *);
void	media_thumb_close(struct media_thumb *);

/* media_jpeg.c, media_png.c, media_webp.c: 0, 1 refused, -1 error */
int	media_jpeg_check(int, struct media_info *);
int	media_png_check(int, struct media_info *);
int	media_webp_check(int, struct media_info *);

/*
 * media_store.c: content-addressed files, <dir>/ab/cd/<sha256 hex>.  An
 * upload is written to a temporary file in <dir>/tmp, hashed as it is
 * written, then linked into place (once: the same bytes are kept once).
 */
#define MEDIA_SHA_HEX	64
struct media_upload {
	int		 fd;
	char		 path[512];		/* the temporary file */
	int64_t		 size;
	int		 too_big;
	crypto_hash_sha256_state state;
	char		 sha[MEDIA_SHA_HEX + 1];
};
void	media_store_init(const char *);
const char *media_store_dir(void);
int	media_upload_open(struct media_upload *);
int	media_upload_write(struct media_upload *, const void *, size_t);
int	media_upload_finish(struct media_upload *);
int	media_upload_place(const struct media_upload *);
void	media_upload_discard(struct media_upload *);
int	media_store_path(const char *, char *, size_t);
int	media_store_open(const char *, int64_t *);
int	media_store_sweep(int (*)(void *, const char *), void *, int64_t,
	    int *);


/*
 * media_db.c: the rows that name attachments, read for a page or an
 * answer (the attachments feature writes them).  kind is the object's
 * kind as stored ("complaint", "service_job", "return").
 */
struct db;
struct req;
#define MEDIA_PER_OBJECT	10
#define MEDIA_NAME_MAX		200	/* characters of a file's name */
#define MEDIA_COLS	"a.id, a.object_kind, a.object_number, a.name, " \
	"a.media_type, a.size, a.width, a.height, a.sha256, " \
	"DATE_FORMAT(a.created_at, '%Y-%m-%dT%H:%i:%sZ'), a.uploaded_by"
struct db_stmt;
cJSON	*media_row_json(struct db_stmt *, int);
int	media_list(struct db *, const char *, const char *, cJSON **);
void	media_panel(struct req *, struct db *, cJSON *, const char *,
	    const char *, const char *, int);
int	media_page_of(const char *, int, const char *, char *, size_t);

#endif
