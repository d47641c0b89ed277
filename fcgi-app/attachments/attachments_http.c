/*
 * attachments_http.c: an upload, read from the body a piece at a time
 *
 * The upload routes are ROUTE_STREAM: the dispatcher has authenticated
 * the caller and read nothing.  The body is a multipart/form-data form
 * (a page's, or an API client's) with a part "file" and small fields
 * (_csrf, idem), or under /api the file itself with its media type and
 * a filename (X-Filename or ?filename=).  The file goes straight to a
 * temporary file of the store, hashed as it comes (media_store.c): the
 * process holds one 64 KiB piece, whatever the size.  Past 10 MiB the
 * rest is not written (server.c's finish() reads it to its end) and the
 * answer is 413.  Then the content is checked (media_sniff.c), the object
 * asked of its own feature, and the row kept (attachments_db.c).  The
 * upload as read stays on the request, so that a rerun after a lost
 * deadlock keeps it without the body, which is gone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../auth/auth.h"
#include "../core/buf.h"
#include "../core/log.h"
#include "../db/db.h"
#include "../http/dispatch.h"
#include "../http/http.h"
#include "../http/multipart.h"
#include "../media/media.h"
#include "attachments.h"

#define FIELD_MAX	256	/* bytes of a text field kept */

struct upload {
	struct media_upload	 up;
	struct media_info	 info;
	int			 status;	/* of reading and checking */
	char			 why[200];
	char			 csrf[FIELD_MAX + 1];
	char			 idem[FIELD_MAX + 1];
	char			 name[MEDIA_NAME_MAX * 4 + 1];
	int			 files, in_file;
	int			 no_file;	/* 422 for want of one */
	int			 checked;	/* check() has run */
	char			 field[MP_NAME_MAX + 1];
	struct buf		 text;
};

static void
upload_free(void *p)
{
	struct upload	*u = p;

	media_upload_discard(&u->up);
	media_info_free(&u->info);
	buf_free(&u->text);
	free(u);
}

static int
file_open(struct upload *u, const char *filename)
{
	if (u->files++ > 0)
		return 400;		/* one file an upload */
	attachments_name(filename, u->name, sizeof(u->name));
	return media_upload_open(&u->up) == 0 ? 0 : 500;
}

static int
file_data(struct upload *u, const char *p, size_t n)
{
	switch (media_upload_write(&u->up, p, n)) {
	case 0:
		return 0;
	case 1:
		return 413;
	default:
		return 500;
	}
}

static int
on_begin(void *ctx, const struct mp_part *p)
{
	struct upload	*u = ctx;

	if (p->is_file) {
		if (strcmp(p->name, "file") != 0)
			return 400;
		u->in_file = 1;
		return file_open(u, p->filename);
	}
	u->in_file = 0;
	snprintf(u->field, sizeof(u->field), "%s", p->name);
	buf_reset(&u->text);
	return 0;
}

static int
on_data(void *ctx, const char *p, size_t n)
{
	struct upload	*u = ctx;

	if (u->in_file)
		return file_data(u, p, n);
	if (u->text.len + n > FIELD_MAX)
		return 400;
	return buf_add(&u->text, p, n) == 0 ? 0 : 500;
}

static int
on_end(void *ctx)
{
	struct upload	*u = ctx;

	if (u->in_file) {
		u->in_file = 0;
		return 0;
	}
	if (strcmp(u->field, CSRF_FIELD) == 0)
		snprintf(u->csrf, sizeof(u->csrf), "%s", buf_cstr(&u->text));
	else if (strcmp(u->field, "idem") == 0 && u->idem[0] == '\0')
		snprintf(u->idem, sizeof(u->idem), "%s", buf_cstr(&u->text));
	return 0;
}

/* The body into u: 0, or the status that refuses it (u->why says). */
static int
read_body(struct req *r, struct upload *u)
{
	static const struct mp_sink	 sink0 = { NULL, on_begin, on_data,
	    on_end };
	const char		*ct = http_env(r, "CONTENT_TYPE");
	const char		*cl = http_env(r, "CONTENT_LENGTH"), *v;
	struct mp_sink		 sink = sink0;
	struct multipart	 mp;
	char			*buf = NULL;
	int			 n, st = 0, multi = 0;

	memset(&mp, 0, sizeof(mp));
	sink.ctx = u;
	if ((v = http_env(r, "HTTP_IDEMPOTENCY_KEY")) != NULL)
		snprintf(u->idem, sizeof(u->idem), "%s", v);
	if (http_media_is(ct, "multipart/form-data")) {
		/*
		 * Read even when too long: its small fields (the CSRF token)
		 * come before the file, which the sink stops at 10 MiB.
		 */
		if (multipart_open(&mp, ct, &sink) == -1)
			return 400;
		multi = 1;
	} else if (r->is_api && (http_media_is(ct, "image/jpeg") ||
	    http_media_is(ct, "image/png") || http_media_is(ct, "image/webp") ||
	    http_media_is(ct, "application/pdf") ||
	    http_media_is(ct, "application/octet-stream"))) {
		/* a file far past the limit is refused before a byte is kept */
		if (cl != NULL && strtoll(cl, NULL, 10) > MEDIA_MAX_BYTES)
			return 413;
		/* X-Filename is percent-encoded UTF-8 (a header is ASCII) */
		if ((v = http_env(r, "HTTP_X_FILENAME")) != NULL &&
		    strlen(v) <= 3 * MP_FILENAME_MAX &&
		    form_decode(v, strlen(v), 0, &u->text) == 0)
			v = buf_cstr(&u->text);
		else if (v == NULL)
			v = http_query(r, "filename");
		if ((st = file_open(u, v)) != 0)
			return st;
	} else
		return 415;
	if ((buf = malloc(MP_PIECE)) == NULL)
		st = 500;
	while (st == 0 && (n = r->io->read(r->io->ctx, buf, MP_PIECE)) > 0)
		st = multi ? multipart_feed(&mp, buf, (size_t)n) :
		    file_data(u, buf, (size_t)n);
	if (st == 0 && multi && multipart_finish(&mp) == -1)
		st = 400;
	if (st == -1)
		st = 400;
	free(buf);
	multipart_close(&mp);
	return st;
}

/* The file's content checked: 0, or the status that refuses it. */
static int
check(struct upload *u)
{
	if (u->files == 0 || u->up.size == 0) {
		snprintf(u->why, sizeof(u->why), "choose a file to attach");
		u->no_file = 1;
		return 422;
	}
	if (media_upload_finish(&u->up) == -1)
		return 500;
	switch (media_check(u->up.path, &u->info)) {
	case 0:
		return 0;
	case 1:
		snprintf(u->why, sizeof(u->why), "%s", u->info.why);
		return u->info.type == MEDIA_NONE ? 415 : 422;
	default:
		return 500;
	}
}

/*
 * Read the upload once; a rerun finds it on the request.  Its content is
 * checked (decoded) only once the form's token has passed: upload().
 */
static struct upload *
take(struct req *r)
{
	struct upload	*u;

	if (r->stash != NULL)
		return r->stash;
	if ((u = calloc(1, sizeof(*u))) == NULL)
		return NULL;
	u->up.fd = -1;
	buf_init(&u->text);
	r->stash = u;
	r->stash_free = upload_free;
	u->status = read_body(r, u);
	return u;
}

/* A refusal of the upload itself, in the JSON shape. */
static int
refuse(struct req *r, const struct upload *u)
{
	switch (u->status) {
	case 413:
		http_error(r, 413, "payload_too_large", "a file may have at "
		    "most %d bytes (10 MiB)", MEDIA_MAX_BYTES);
		http_field_error(r, "file", "at most 10 MiB");
		return 413;
	case 415:
		http_error(r, 415, "unsupported_media_type", "%s", u->why[0] ?
		    u->why : "send multipart/form-data, or the file with its "
		    "type (image/jpeg, image/png, image/webp, application/pdf)");
		if (u->why[0])
			http_field_error(r, "file", u->why);
		return 415;
	case 422:
		http_error(r, 422, u->no_file ? "no_file" : "bad_file", "%s",
		    u->why);
		http_field_error(r, "file", u->why);
		return 422;
	case 400:
		return http_error(r, 400, "bad_form", "the form data is "
		    "malformed or has more than one file");
	default:
		return http_error(r, 500, "internal", "the upload failed");
	}
}

static int
upload(struct req *r, enum attachments_kind k, const char *page)
{
	const struct attachments_object	*o = &attachments_objects[k];
	struct attachments_new		 in;
	struct upload			*u;
	struct db			*db = NULL;
	cJSON				*j;
	char				 loc[160];
	int64_t				 id = 0;
	int				 st, stored;

	if ((u = take(r)) == NULL)
		return http_error(r, 500, "internal", "out of memory");
	/* a form's token first: nothing from a forged form is looked at */
	if ((st = http_csrf_body(r, u->csrf[0] ? u->csrf : NULL)) != 0)
		return st;
	if (u->status == 0 && !u->checked) {
		u->checked = 1;
		u->status = check(u);
	}
	if (u->status == 0) {
		http_idem_check(r, u->idem);
		if (fault_fields(&r->err))
			st = http_error(r, 422, "invalid", "the upload needs an "
			    "Idempotency-Key");
	} else
		st = refuse(r, u);
	if (st == 0) {
		if ((db = http_db(r)) == NULL)
			return 503;
		if ((st = o->reach(db, &r->who, http_param(r, "number"),
		    &r->err)) == 200) {
			memset(&in, 0, sizeof(in));
			in.kind = k;
			in.number = http_param(r, "number");
			in.name = u->name;
			in.idem = u->idem;
			in.up = &u->up;
			in.info = &u->info;
			st = attachments_store(db, &r->who, &in, &r->err, &id);
		}
	}
	if (page != NULL && (st == 200 || st == 201)) {
		snprintf(loc, sizeof(loc), "%s%s?attached=1#attachments", page,
		    http_param(r, "number"));
		return http_redirect(r, 303, loc);
	}
	if (page != NULL && st >= 400 && st < 500 && st != 403 && st != 404) {
		snprintf(loc, sizeof(loc), "%s%s?attach_error=%s#attachments",
		    page, http_param(r, "number"), r->err.code != NULL ?
		    r->err.code : "bad_form");
		fault_clear(&r->err);
		return http_redirect(r, 303, loc);
	}
	if (st != 200 && st != 201)
		return st;
	stored = st;		/* 201 kept, 200 kept before with the key */
	if ((st = attachments_read(db, id, &j)) != 200)
		return st;
	return http_json(r, stored, j);
}

int
attachments_complaint_post(struct req *r)
{
	return upload(r, ATTACH_COMPLAINT, NULL);
}

int
attachments_job_post(struct req *r)
{
	return upload(r, ATTACH_JOB, NULL);
}

int
attachments_return_post(struct req *r)
{
	return upload(r, ATTACH_RETURN, NULL);
}

int
attachments_complaint_page_post(struct req *r)
{
	return upload(r, ATTACH_COMPLAINT, "/complaints/");
}

int
attachments_job_page_post(struct req *r)
{
	return upload(r, ATTACH_JOB, "/service/");
}

int
attachments_provider_page_post(struct req *r)
{
	return upload(r, ATTACH_JOB, "/provider/jobs/");
}

int
attachments_return_page_post(struct req *r)
{
	return upload(r, ATTACH_RETURN, "/returns/");
}
