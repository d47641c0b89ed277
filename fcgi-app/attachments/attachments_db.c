/*
 * attachments_db.c: an attachment's row, written in one transaction with
 * the object's count (the ten-per-object guard), its thumbnail and its
 * audit entry; and the reads that serve it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../auth/scope.h"
#include "../core/fault.h"
#include "../core/log.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../media/media.h"
#include "attachments.h"

/*
 * The count on the object's own row, raised only below the limit: the
 * row every racing upload writes, so that one server's row lock and
 * Galera's certification both stop the eleventh.
 */
static const char *const sql_count[ATTACH__MAX] = {
	"UPDATE complaints SET attachments = attachments + 1 "
	"WHERE number = ? AND attachments < ?",
	"UPDATE service_jobs SET attachments = attachments + 1 "
	"WHERE number = ? AND attachments < ?",
	"UPDATE returns SET attachments = attachments + 1, "
	"updated_at = updated_at WHERE number = ? AND attachments < ?",
};
static const char *const sql_object[ATTACH__MAX] = {
	"SELECT id, dealer_id FROM complaints WHERE number = ?",
	"SELECT id, dealer_id FROM service_jobs WHERE number = ?",
	"SELECT id, dealer_id FROM returns WHERE number = ?",
};
static const char sql_replay[] =
    "SELECT id, object_kind, object_number, sha256 FROM attachments "
    "WHERE idem_unique = ?";
static const char sql_insert[] =
    "INSERT INTO attachments (object_kind, object_id, object_number, "
    "dealer_id, sha256, size, media_type, name, width, height, "
    "uploaded_by, org_id, idem_key) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_thumb_put[] =
    "INSERT INTO attachment_thumbs (sha256, width, height, jpeg) "
    "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE sha256 = sha256";
static const char sql_one[] =
    "SELECT " MEDIA_COLS " FROM attachments a "
    "WHERE a.id = ? AND a.deleted_at IS NULL";
static const char sql_delete[] =
    "UPDATE attachments SET deleted_at = UTC_TIMESTAMP(6), deleted_by = ? "
    "WHERE id = ? AND uploaded_by = ? AND deleted_at IS NULL";
static const char *const sql_uncount[ATTACH__MAX] = {
	"UPDATE complaints SET attachments = attachments - 1 "
	"WHERE number = ? AND attachments > 0",
	"UPDATE service_jobs SET attachments = attachments - 1 "
	"WHERE number = ? AND attachments > 0",
	"UPDATE returns SET attachments = attachments - 1, "
	"updated_at = updated_at WHERE number = ? AND attachments > 0",
};
static const char sql_thumb[] =
    "SELECT jpeg FROM attachment_thumbs WHERE sha256 = ?";
static const char sql_used[] =
    "SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1";

/*
 * The upload keyed so before: 200 the same file on the same object (its
 * id in *id), 409 another, 0 none, 500 a database error.
 */
static int
replay(struct db *db, const char *uk, const struct attachments_new *in,
    struct fault *f, int64_t *id)
{
	struct db_stmt	*s;
	int		 rc, same;

	if ((s = db_prepare(db, sql_replay)) == NULL ||
	    db_bind_text(s, 0, uk) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return 0;
	}
	*id = db_col_int(s, 0);
	same = strcmp(db_col_text(s, 1, NULL),
	    attachments_objects[in->kind].kind) == 0 &&
	    strcmp(db_col_text(s, 2, NULL), in->number) == 0 &&
	    strcmp(db_col_text(s, 3, NULL), in->up->sha) == 0;
	db_stmt_release(s);
	if (!same)
		return fault_set(f, 409, "idempotency_key_reused", "this "
		    "Idempotency-Key was used for another upload");
	return 200;
}

static int
row(struct db *db, const struct principal *who,
    const struct attachments_new *in, int64_t oid, int64_t dealer,
    int64_t *id)
{
	const struct media_info	*m = in->info;
	struct db_stmt		*s;
	int			 rc = -1;

	if ((s = db_prepare(db, sql_insert)) != NULL &&
	    db_bind_text(s, 0, attachments_objects[in->kind].kind) == 0 &&
	    db_bind_int(s, 1, oid) == 0 &&
	    db_bind_text(s, 2, in->number) == 0 &&
	    db_bind_int(s, 3, dealer) == 0 &&
	    db_bind_text(s, 4, in->up->sha) == 0 &&
	    db_bind_int(s, 5, in->up->size) == 0 &&
	    db_bind_text(s, 6, media_type_name(m->type)) == 0 &&
	    db_bind_text(s, 7, in->name) == 0 &&
	    (m->width > 0 ? db_bind_int(s, 8, m->width) :
	    db_bind_null(s, 8)) == 0 &&
	    (m->height > 0 ? db_bind_int(s, 9, m->height) :
	    db_bind_null(s, 9)) == 0 &&
	    db_bind_int(s, 10, who->user_id) == 0 &&
	    db_bind_int(s, 11, who->org_id) == 0 &&
	    db_bind_text(s, 12, in->idem) == 0 && db_exec(s) == 0) {
		*id = (int64_t)db_insert_id(s);
		rc = 0;
	}
	db_stmt_release(s);
	return rc;
}

static int
thumb_put(struct db *db, const struct attachments_new *in)
{
	const struct media_info	*m = in->info;
	struct db_stmt		*s;
	int			 rc = -1;

	if (m->thumb == NULL)
		return 0;
	if ((s = db_prepare(db, sql_thumb_put)) != NULL &&
	    db_bind_text(s, 0, in->up->sha) == 0 &&
	    db_bind_int(s, 1, m->thumb_w) == 0 &&
	    db_bind_int(s, 2, m->thumb_h) == 0 &&
	    db_bind_textn(s, 3, (const char *)m->thumb, m->thumb_len) == 0)
		rc = db_exec(s);
	db_stmt_release(s);
	return rc;
}

static int
audit(struct db *db, const struct principal *who,
    const struct attachments_new *in, int64_t id, int64_t dealer)
{
	cJSON	*d = cJSON_CreateObject();
	int	 rc;

	audit_text(d, "object_kind", NULL, attachments_objects[in->kind].kind);
	audit_text(d, "object_number", NULL, in->number);
	audit_text(d, "name", NULL, in->name);
	audit_text(d, "media_type", NULL, media_type_name(in->info->type));
	audit_text(d, "sha256", NULL, in->up->sha);
	audit_num(d, "size", -1, in->up->size);
	rc = audit_write(db, who, "attachment_upload", "attachment", id,
	    dealer, d);
	cJSON_Delete(d);
	return rc;
}

/*
 * Keep an upload that passed its checks: 201 (its id in *id), 200 the
 * same upload again by its key, or 404/409 in f, 500.  The object is in
 * reach (the caller asked its feature).  The file is linked into place
 * before the commit and once more after it (media_store.c).
 */
int
attachments_store(struct db *db, const struct principal *who,
    const struct attachments_new *in, struct fault *f, int64_t *id)
{
	struct db_stmt	*s = NULL;
	struct scope	 sc;
	char		 uk[128];
	int64_t		 oid = 0, dealer = 0;
	int		 st, rc;

	snprintf(uk, sizeof(uk), "%lld/%s", (long long)who->user_id, in->idem);
	if ((st = replay(db, uk, in, f, id)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 500;
	if ((s = db_prepare(db, sql_count[in->kind])) == NULL ||
	    db_bind_text(s, 0, in->number) == -1 ||
	    db_bind_int(s, 1, MEDIA_PER_OBJECT) == -1 || db_exec(s) == -1)
		goto fail;
	if (db_affected(s) == 0) {
		db_stmt_release(s);
		db_rollback(db);
		return fault_set(f, 409, "attachment_limit", "at most %d "
		    "attachments on one %s", MEDIA_PER_OBJECT,
		    attachments_objects[in->kind].kind);
	}
	db_stmt_release(s);
	if ((s = db_prepare(db, sql_object[in->kind])) == NULL ||
	    db_bind_text(s, 0, in->number) == -1 || (rc = db_step(s)) != DB_ROW)
		goto fail;
	oid = db_col_int(s, 0);
	dealer = db_col_int(s, 1);
	db_stmt_release(s);
	s = NULL;
	/*
	 * Attaching writes to the object: who writes in the dealer (an
	 * account manager only for its own dealers, as the thread's
	 * messages), not only reads it.  Only its write scope is narrower
	 * than its read (a provider's is its jobs, asked of their feature).
	 */
	scope_write(who, &sc);
	if (sc.manager_id != 0 &&
	    (rc = scope_dealer_reach(db, &sc, dealer)) != 1) {
		db_rollback(db);
		return rc == 0 ? fault_set(f, 404, "not_found", "no such %s",
		    attachments_objects[in->kind].kind) : 500;
	}
	if (row(db, who, in, oid, dealer, id) == -1) {
		if (db_is_duplicate(db)) {	/* the same key, just now */
			db_rollback(db);
			return (st = replay(db, uk, in, f, id)) == 0 ? 500 : st;
		}
		goto fail;
	}
	if (thumb_put(db, in) == -1 || audit(db, who, in, *id, dealer) == -1 ||
	    media_upload_place(in->up) == -1 || db_commit(db) == -1)
		goto fail;
	if (media_upload_place(in->up) == -1)
		log_error("attachment %lld: its file is not in place",
		    (long long)*id);
	return 201;
fail:
	db_stmt_release(s);
	db_rollback(db);
	return 500;
}

/*
 * Its uploader takes attachment id of kind's object number away: the row
 * and the file stay (a soft delete), unseen, audited, and the object has
 * a place again.  200, 403 (another's) or 404 in f, 500.
 */
int
attachments_delete(struct db *db, const struct principal *who,
    enum attachments_kind k, const char *number, int64_t id, struct fault *f)
{
	struct db_stmt	*s = NULL;
	cJSON		*d;
	int		 rc;

	if (db_begin(db) == -1)
		return 500;
	if ((s = db_prepare(db, sql_delete)) == NULL ||
	    db_bind_int(s, 0, who->user_id) == -1 || db_bind_int(s, 1, id) == -1 ||
	    db_bind_int(s, 2, who->user_id) == -1 || db_exec(s) == -1)
		goto fail;
	if (db_affected(s) == 0) {
		db_stmt_release(s);
		db_rollback(db);
		return fault_set(f, 403, "forbidden", "only its uploader takes "
		    "an attachment away");
	}
	db_stmt_release(s);
	if ((s = db_prepare(db, sql_uncount[k])) == NULL ||
	    db_bind_text(s, 0, number) == -1 || db_exec(s) == -1)
		goto fail;
	db_stmt_release(s);
	s = NULL;
	if ((s = db_prepare(db, sql_object[k])) == NULL ||
	    db_bind_text(s, 0, number) == -1 || (rc = db_step(s)) != DB_ROW)
		goto fail;
	d = cJSON_CreateObject();
	audit_text(d, "object_kind", NULL, attachments_objects[k].kind);
	audit_text(d, "object_number", NULL, number);
	rc = audit_write(db, who, "attachment_delete", "attachment", id,
	    db_col_int(s, 1), d);
	cJSON_Delete(d);
	db_stmt_release(s);
	s = NULL;
	if (rc == -1 || db_commit(db) == -1)
		goto fail;
	return 200;
fail:
	db_stmt_release(s);
	db_rollback(db);
	return 500;
}

/* The attachment id as JSON (the API's links) into *out: 200, 404, 500. */
int
attachments_read(struct db *db, int64_t id, cJSON **out)
{
	struct db_stmt	*s;
	int		 rc;

	*out = NULL;
	if ((s = db_prepare(db, sql_one)) == NULL || db_bind_int(s, 0, id) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW)
		*out = media_row_json(s, 0);
	db_stmt_release(s);
	return rc == DB_DONE ? 404 : *out != NULL ? 200 : 500;
}

/* The thumbnail of sha into *jpeg (util's memory: free()): 200, 404, 500. */
int
attachments_thumb(struct db *db, const char *sha, char **jpeg, size_t *len)
{
	struct db_stmt	*s;
	const char	*p;
	int		 rc;

	*jpeg = NULL;
	if ((s = db_prepare(db, sql_thumb)) == NULL ||
	    db_bind_text(s, 0, sha) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_ROW) {
		p = db_col_text(s, 0, len);
		if ((*jpeg = malloc(*len > 0 ? *len : 1)) != NULL)
			memcpy(*jpeg, p, *len);
	}
	db_stmt_release(s);
	return rc == DB_DONE ? 404 : *jpeg != NULL ? 200 : 500;
}

/* For the sweep: 1 a row names sha, 0 none, -1 the database failed. */
int
attachments_used(void *ctx, const char *sha)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_prepare(ctx, sql_used)) == NULL ||
	    db_bind_text(s, 0, sha) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

/*
 * A file's name as kept and shown: its last path part, control bytes and
 * quotes and slashes dropped, at most MEDIA_NAME_MAX characters of valid
 * UTF-8; "file" if nothing is left.
 */
void
attachments_name(const char *in, char *out, size_t size)
{
	const char	*p, *b = in != NULL ? in : "";
	size_t		 n = 0, chars = 0, k;

	for (p = b; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	for (p = b; *p != '\0' && n + 5 < size && chars < MEDIA_NAME_MAX;
	    p += k) {
		k = 1;
		/* a browser's escapes of '"', CR and LF in a form's filename */
		if (*p == '%' && (strncasecmp(p, "%22", 3) == 0 ||
		    strncasecmp(p, "%0d", 3) == 0 || strncasecmp(p, "%0a", 3) ==
		    0)) {
			k = 3;
			continue;
		}
		if ((unsigned char)*p >= 0x80)
			while (k < 4 && ((unsigned char)p[k] & 0xc0) == 0x80)
				k++;
		if (!util_utf8_valid(p, k)) {
			k = 1;
			continue;
		}
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '"' ||
		    *p == '<' || *p == '>')
			continue;
		memcpy(out + n, p, k);
		n += k;
		chars++;
	}
	out[n] = '\0';
	if (n == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		snprintf(out, size, "file");
}
