/*
 * media_db.c: the attachments of an object as its page and the API show
 * them.  Rows are written by the attachments feature (its upload); this
 * library only reads them, so that the pages of complaints, service jobs
 * and returns list theirs without knowing that feature.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../http/http.h"
#include "media.h"

static const char sql_list[] =
    "SELECT " MEDIA_COLS " FROM attachments a "
    "WHERE a.object_kind = ? AND a.object_number = ? AND a.deleted_at IS NULL "
    "ORDER BY a.id LIMIT 10";

/* The row of MEDIA_COLS; page: the pages' links, else the API's. */
cJSON *
media_row_json(struct db_stmt *s, int page)
{
	cJSON		*j = cJSON_CreateObject(), *o;
	enum media_type	 t = MEDIA_NONE;
	char		 u[80];
	int64_t		 id = db_col_int(s, 0);

	if (j == NULL)
		return NULL;
	media_type_parse(db_col_text(s, 4, NULL), &t);
	cJSON_AddNumberToObject(j, "id", (double)id);
	o = cJSON_AddObjectToObject(j, "object");
	cJSON_AddStringToObject(o, "kind", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(o, "number", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "name", db_col_text(s, 3, NULL));
	cJSON_AddStringToObject(j, "media_type", media_type_name(t));
	cJSON_AddNumberToObject(j, "size", (double)db_col_int(s, 5));
	if (db_col_null(s, 6)) {
		cJSON_AddNullToObject(j, "width");
		cJSON_AddNullToObject(j, "height");
	} else {
		cJSON_AddNumberToObject(j, "width", (double)db_col_int(s, 6));
		cJSON_AddNumberToObject(j, "height", (double)db_col_int(s, 7));
	}
	cJSON_AddStringToObject(j, "sha256", db_col_text(s, 8, NULL));
	cJSON_AddStringToObject(j, "created_at", db_col_text(s, 9, NULL));
	o = cJSON_AddObjectToObject(j, "uploaded_by");
	cJSON_AddNumberToObject(o, "id", (double)db_col_int(s, 10));
	snprintf(u, sizeof(u), "%s/attachments/%lld", page ? "" : "/api/v1",
	    (long long)id);
	cJSON_AddStringToObject(j, "url", u);
	if (media_is_image(t)) {
		snprintf(u, sizeof(u), "%s/attachments/%lld/thumb", page ? "" :
		    "/api/v1", (long long)id);
		cJSON_AddStringToObject(j, "thumb_url", u);
	} else
		cJSON_AddNullToObject(j, "thumb_url");
	return j;
}

/* The attachments of kind's object number, oldest first: 0 or -1. */
int
media_list(struct db *db, const char *kind, const char *number, cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*it;
	int		 rc;

	if ((*out = cJSON_CreateArray()) == NULL)
		return -1;
	if ((s = db_prepare(db, sql_list)) == NULL ||
	    db_bind_text(s, 0, kind) == -1 || db_bind_text(s, 1, number) == -1) {
		db_stmt_release(s);
		return -1;
	}
	while ((rc = db_step(s)) == DB_ROW)
		if ((it = media_row_json(s, 1)) != NULL)
			cJSON_AddItemToArray(*out, it);
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/* The refusals an upload form is sent back with (?attach_error=). */
static const char *const codes[] = {
	"too_large", "unsupported_media_type", "bad_file", "attachment_limit",
	"no_file", "bad_form", "idempotency_key_reused",
};

/*
 * ctx.att for a page's attachments panel (templates/partials/
 * attachments.html): the list, and the upload form posting to action
 * when can_upload and there is room; a refusal sent back is shown.
 */
void
media_panel(struct req *r, struct db *db, cJSON *ctx, const char *kind,
    const char *number, const char *action, int can_upload)
{
	cJSON		*att, *list = NULL, *it;
	const char	*e = http_query(r, "attach_error"), *t;
	char		 key[64];
	double		 size;
	size_t		 i;
	int		 n = 0;

	if (number == NULL || (att = cJSON_AddObjectToObject(ctx, "att")) ==
	    NULL)
		return;
	if (media_list(db, kind, number, &list) == -1)
		cJSON_AddBoolToObject(att, "unavailable", 1);
	cJSON_ArrayForEach(it, list) {
		n++;
		t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it,
		    "media_type"));
		if (t != NULL && strncmp(t, "image/", 6) == 0)
			cJSON_AddBoolToObject(it, "is_image", 1);
		size = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it,
		    "size"));
		if (size < 1048576)
			snprintf(key, sizeof(key), "%.0f KB", size < 1024 ? 1 :
			    size / 1024.0);
		else
			snprintf(key, sizeof(key), "%.1f MB", size / 1048576.0);
		cJSON_AddStringToObject(it, "size_label", key);
		/* its uploader may take it away (attachments_http.c) */
		if (r->authed && (int64_t)cJSON_GetNumberValue(
		    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
		    it, "uploaded_by"), "id")) == r->who.user_id)
			cJSON_AddBoolToObject(it, "can_delete", 1);
	}
	cJSON_AddItemToObject(att, "items", list != NULL ? list :
	    cJSON_CreateArray());
	if (can_upload && n < MEDIA_PER_OBJECT) {
		cJSON_AddBoolToObject(att, "can_upload", 1);
		cJSON_AddStringToObject(att, "action", action);
	}
	/*
	 * The upload's 413 says payload_too_large; any other refusal (a form
	 * without its key: invalid) is the form's: never sent back unsaid.
	 */
	if (e != NULL && strcmp(e, "payload_too_large") == 0)
		e = "too_large";
	for (i = 0; e != NULL && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(e, codes[i]) == 0)
			break;
	if (e != NULL) {
		snprintf(key, sizeof(key), "attachments_err_%s",
		    i < sizeof(codes) / sizeof(codes[0]) ? codes[i] : "bad_form");
		cJSON_AddStringToObject(att, "error", http_i18n(r, key));
	}
	if (http_query(r, "attached") != NULL)
		cJSON_AddStringToObject(att, "notice", http_i18n(r,
		    "attachments_done"));
	else if (http_query(r, "detached") != NULL)
		cJSON_AddStringToObject(att, "notice", http_i18n(r,
		    "attachments_deleted"));
}

/*
 * The page of kind's object number (as the caller sees it: a provider's
 * agent its own page of a job) into p: 0, or -1 for an unknown kind.
 */
int
media_page_of(const char *kind, int provider, const char *number, char *p,
    size_t size)
{
	const char	*base;

	if (strcmp(kind, "complaint") == 0)
		base = "/complaints/";
	else if (strcmp(kind, "service_job") == 0)
		base = provider ? "/provider/jobs/" : "/service/";
	else if (strcmp(kind, "return") == 0)
		base = "/returns/";
	else
		return -1;
	snprintf(p, size, "%s%s", base, number);
	return 0;
}
