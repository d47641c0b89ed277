/*
 * attachments_serve.c: an attachment's file, its thumbnail, and an
 * object's list, to whoever reaches the object (its own feature says;
 * anyone else 404, as for the object itself).
 *
 * What is served is what the upload's check found, under headers that
 * keep a browser from reading it as anything else: the media type found,
 * nosniff, a CSP of its own that sandboxes it (no script, no plugin, no
 * same origin; nginx adds no other on these paths), and Content-
 * Disposition: inline only for an image, a download for a PDF.  The ETag
 * is the content's SHA-256; the cache is the browser's own (private).
 * The file goes out a piece at a time (http/stream.c): a 10 MiB file
 * costs one 64 KiB buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../auth/auth.h"
#include "../core/buf.h"
#include "../core/log.h"
#include "../db/db.h"
#include "../http/http.h"
#include "../media/media.h"
#include "attachments.h"

#define SANDBOX_CSP	"sandbox; default-src 'none'"

/* The attachment of the path's {id}, if who reaches its object: 200. */
static int
find(struct req *r, struct db **dbp, cJSON **a, enum attachments_kind *kp)
{
	const struct attachments_object	*o = NULL;
	const char			*kind, *number;
	int64_t				 id = http_param_id(r, "id");
	size_t				 i;
	int				 st;

	*a = NULL;
	if (id <= 0)
		return http_error(r, 404, "not_found", "no such attachment");
	if ((*dbp = http_db(r)) == NULL)
		return 503;
	if ((st = attachments_read(*dbp, id, a)) != 200)
		return st == 404 ? http_error(r, 404, "not_found",
		    "no such attachment") : st;
	kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(*a, "object"), "kind"));
	number = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(*a, "object"), "number"));
	for (i = 0; kind != NULL && i < ATTACH__MAX; i++)
		if (strcmp(attachments_objects[i].kind, kind) == 0) {
			o = &attachments_objects[i];
			*kp = (enum attachments_kind)i;
		}
	if (o == NULL || number == NULL)
		st = 500;
	else if ((st = o->reach(*dbp, &r->who, number, &r->err)) == 404) {
		fault_clear(&r->err);
		st = http_error(r, 404, "not_found", "no such attachment");
	}
	if (st != 200) {
		cJSON_Delete(*a);
		*a = NULL;
	}
	return st;
}

static const char *
str(const cJSON *a, const char *k)
{
	const char	*s = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(a, k));

	return s != NULL ? s : "";
}

static const cJSON *
str_obj(const cJSON *a)
{
	return cJSON_GetObjectItemCaseSensitive(a, "object");
}

/*
 * The extension a file of media type mt is saved with, if name lacks it
 * ("" when it has it): a PDF named "invoice.html" (its content an HTML
 * page after "%PDF-") must not be saved, and then opened, as a page.
 */
static const char *
extension(const char *mt, const char *name)
{
	static const struct { const char *mt, *ext, *also; } ext[] = {
		{ "image/jpeg", ".jpg", ".jpeg" }, { "image/png", ".png", NULL },
		{ "image/webp", ".webp", NULL },
		{ "application/pdf", ".pdf", NULL },
	};
	size_t	 i, n = strlen(name);

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		if (strcmp(mt, ext[i].mt) != 0)
			continue;
		if ((n >= strlen(ext[i].ext) && strcasecmp(name + n -
		    strlen(ext[i].ext), ext[i].ext) == 0) ||
		    (ext[i].also != NULL && n >= strlen(ext[i].also) &&
		    strcasecmp(name + n - strlen(ext[i].also), ext[i].also) == 0))
			return "";
		return ext[i].ext;
	}
	return ".bin";
}

/* RFC 5987's filename*=UTF-8''... of name and ext into b. */
static void
disposition(struct buf *b, const char *how, const char *name,
    const char *ext)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*p;

	buf_printf(b, "%s; filename*=UTF-8''", how);
	for (p = (const unsigned char *)name; *p != '\0'; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_addc(b, (char)*p);
		else
			buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	buf_adds(b, ext);
}

/*
 * Every answer of these paths, a refusal's page too (nginx adds the
 * site's CSP to none of them): nosniff and the sandbox.
 */
static void
guard(struct req *r)
{
	http_header(r, "X-Content-Type-Options", "nosniff");
	http_header(r, "Content-Security-Policy", SANDBOX_CSP);
}

/*
 * The headers every served byte carries; 1 if the browser's copy is
 * current (If-None-Match: the ETag).
 */
static int
headers(struct req *r, const cJSON *a, int inline_ok, const char *suffix)
{
	const char	*inm = http_env(r, "HTTP_IF_NONE_MATCH");
	struct buf	 b;
	char		 etag[80];

	snprintf(etag, sizeof(etag), "\"%.64s%s\"", str(a, "sha256"), suffix);
	http_header(r, "Cache-Control", "private, max-age=300");
	http_header(r, "ETag", etag);
	buf_init(&b);
	/* the file saved by the type found (a thumbnail: as before) */
	disposition(&b, inline_ok ? "inline" : "attachment", str(a, "name"),
	    suffix[0] == '\0' ? extension(str(a, "media_type"),
	    str(a, "name")) : "");
	http_header(r, "Content-Disposition", buf_cstr(&b));
	buf_free(&b);
	return inm != NULL && strstr(inm, etag) != NULL;
}

/* GET /api/v1/attachments/{id}, /attachments/{id} */
int
attachments_file_get(struct req *r)
{
	enum attachments_kind	 k;
	struct db	*db;
	cJSON		*a;
	const char	*mt;
	char		*buf = NULL;
	int64_t		 size;
	ssize_t		 n;
	int		 st, fd = -1;

	guard(r);
	if ((st = find(r, &db, &a, &k)) != 200)
		return st;
	mt = str(a, "media_type");
	if (headers(r, a, strncmp(mt, "image/", 6) == 0, "")) {
		cJSON_Delete(a);
		return 304;
	}
	if ((fd = media_store_open(str(a, "sha256"), &size)) == -1 ||
	    (buf = malloc(MEDIA_CHUNK)) == NULL) {
		log_error("attachment %s: its file %s cannot be read",
		    str(a, "url"), str(a, "sha256"));
		st = http_error(r, 500, "internal", "the file is not there");
		goto out;
	}
	/* the type as the check found it, never as the upload said */
	if (media_type_parse(mt, &(enum media_type){ 0 }) == -1)
		mt = "application/octet-stream";
	if (http_stream_begin(r, 200, mt) == -1)
		goto out;
	st = 200;
	while ((n = read(fd, buf, MEDIA_CHUNK)) > 0)
		if (buf_add(&r->out, buf, (size_t)n) == -1 ||
		    http_stream_flush(r) == -1)
			break;
	if (n != 0)
		st = 500;	/* the answer is cut off: not whole */
out:
	if (fd != -1)
		close(fd);
	free(buf);
	cJSON_Delete(a);
	return st == 200 && r->streamed == 0 ? 500 : st;
}

/* GET /api/v1/attachments/{id}/thumb, /attachments/{id}/thumb */
int
attachments_thumb_get(struct req *r)
{
	enum attachments_kind	 k;
	struct db	*db;
	cJSON		*a;
	char		*jpeg = NULL;
	size_t		 len = 0;
	int		 st;

	guard(r);
	if ((st = find(r, &db, &a, &k)) != 200)
		return st;
	if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "thumb_url"))) {
		cJSON_Delete(a);
		return http_error(r, 404, "not_found", "a PDF has no thumbnail");
	}
	if (headers(r, a, 1, "-t")) {
		cJSON_Delete(a);
		return 304;
	}
	if ((st = attachments_thumb(db, str(a, "sha256"), &jpeg, &len)) == 200)
		st = http_text(r, 200, "image/jpeg", jpeg, len);
	else if (st == 404)
		st = http_error(r, 404, "not_found", "no thumbnail");
	free(jpeg);
	cJSON_Delete(a);
	return st;
}

/* Its uploader takes it away: the API's 204, a page's way back. */
static int
take_away(struct req *r, int page)
{
	enum attachments_kind	 k;
	struct db		*db;
	cJSON			*a;
	char			 loc[160];
	int			 st;

	if ((st = find(r, &db, &a, &k)) != 200)
		return st;
	st = attachments_delete(db, &r->who, k, str(str_obj(a), "number"),
	    (int64_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(a,
	    "id")), &r->err);
	if (st == 200 && page && media_page_of(str(str_obj(a), "kind"),
	    r->who.kind == ORG_PROVIDER, str(str_obj(a), "number"), loc,
	    sizeof(loc) - 30) == 0) {
		strcat(loc, "?detached=1#attachments");
		st = http_redirect(r, 303, loc);
	} else if (st == 200) {
		buf_reset(&r->out);
		st = 204;
	}
	cJSON_Delete(a);
	return st;
}

/* DELETE /api/v1/attachments/{id} */
int
attachments_delete_req(struct req *r)
{
	return take_away(r, 0);
}

/* POST /attachments/{id}/delete (a page's form) */
int
attachments_delete_page_post(struct req *r)
{
	return take_away(r, 1);
}

static int
list(struct req *r, enum attachments_kind k)
{
	const struct attachments_object	*o = &attachments_objects[k];
	const char			*number = http_param(r, "number");
	struct db			*db;
	cJSON				*j, *items = NULL, *it;
	char				 u[80];
	int				 st;

	if ((db = http_db(r)) == NULL)
		return 503;
	if ((st = o->reach(db, &r->who, number, &r->err)) != 200)
		return st;
	if (media_list(db, o->kind, number, &items) == -1) {
		cJSON_Delete(items);
		return 500;
	}
	/* the API's links, not the pages' */
	cJSON_ArrayForEach(it, items) {
		snprintf(u, sizeof(u), "/api/v1%s", str(it, "url"));
		cJSON_ReplaceItemInObjectCaseSensitive(it, "url",
		    cJSON_CreateString(u));
		if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(it,
		    "thumb_url"))) {
			snprintf(u, sizeof(u), "/api/v1%s", str(it,
			    "thumb_url"));
			cJSON_ReplaceItemInObjectCaseSensitive(it, "thumb_url",
			    cJSON_CreateString(u));
		}
	}
	j = cJSON_CreateObject();
	cJSON_AddItemToObject(j, "items", items);
	cJSON_AddNumberToObject(j, "limit", MEDIA_PER_OBJECT);
	return http_json(r, 200, j);
}

int
attachments_complaint_list_get(struct req *r)
{
	return list(r, ATTACH_COMPLAINT);
}

int
attachments_job_list_get(struct req *r)
{
	return list(r, ATTACH_JOB);
}

int
attachments_return_list_get(struct req *r)
{
	return list(r, ATTACH_RETURN);
}
