/*
 * news_db.c: news and announcements: what a reader may read, posting,
 * withdrawing and restoring.  A dealer reads what is for everyone, or for
 * its region, and for its tier; region staff what is for everyone or
 * their region; HQ all.  Both doors (the JSON API, the admin's page)
 * call these.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "news.h"

/* all ?, region ?, dealer ? ?, cursor, limit */
static const char sql_list[] =
	"SELECT n.id, n.title_zh, n.title_en, n.body_zh, n.body_en, n.tiers, "
	"n.active, n.version, DATE_FORMAT(n.published_at, "
	"'%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(n.published_at + INTERVAL 8 HOUR, "
	"'%Y-%m-%d'), (SELECT GROUP_CONCAT(r.code ORDER BY r.code) FROM "
	"news_regions x JOIN orgs r ON r.id = x.region_id WHERE x.news_id = "
	"n.id) FROM news n WHERE (n.active = 1 OR ? = 1) AND (? = 0 OR "
	"n.regional = 0 OR EXISTS (SELECT 1 FROM news_regions x WHERE "
	"x.news_id = n.id AND x.region_id = ?)) AND (? = 0 OR n.tiers = '' OR "
	"FIND_IN_SET((SELECT tier FROM orgs WHERE id = ?), n.tiers)) AND "
	"n.id < ? ORDER BY n.id DESC LIMIT ?";
static const char sql_insert[] =
	"INSERT INTO news (title_zh, title_en, body_zh, body_en, tiers, "
	"regional, author_user_id) VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_region[] =
	"INSERT INTO news_regions (news_id, region_id) SELECT ?, id FROM orgs "
	"WHERE code = ? AND kind = 'region'";
static const char sql_active[] =
	"UPDATE news SET active = ?, version = version + 1 WHERE id = ? AND "
	"(? < 0 OR version = ?)";

/* A row in the reader's language (ctx: "en" or "zh-CN"), and both. */
static cJSON *
news_json(struct db_stmt *s, void *ctx)
{
	int	 en = strcmp((const char *)ctx, "en") == 0;
	cJSON	*j = cJSON_CreateObject();
	/* a language left empty falls back to the other */
	const char *title = db_col_text(s, en ? 2 : 1, NULL);

	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "title", *title != '\0' ? title :
	    db_col_text(s, en ? 1 : 2, NULL));
	title = db_col_text(s, en ? 4 : 3, NULL);
	cJSON_AddStringToObject(j, "body", *title != '\0' ? title :
	    db_col_text(s, en ? 3 : 4, NULL));
	cJSON_AddStringToObject(j, "title_zh", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "title_en", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "tiers", db_col_text(s, 5, NULL));
	cJSON_AddBoolToObject(j, "active", db_col_int(s, 6) != 0);
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 7));
	cJSON_AddStringToObject(j, "published_at", db_col_text(s, 8, NULL));
	cJSON_AddStringToObject(j, "published_on", db_col_text(s, 9, NULL));
	cJSON_AddStringToObject(j, "regions", db_col_text(s, 10, NULL));
	return j;
}

/* The list statement bound for the reader, or NULL. */
static struct db_stmt *
bound(struct db *db, const struct principal *who, int everything,
    int64_t before, int limit)
{
	struct db_stmt	*s = db_prepare(db, sql_list);

	if (s == NULL || db_bind_int(s, 0, everything) == -1 ||
	    db_bind_int(s, 1, who->kind == ORG_HQ ? 0 : who->region_id) ==
	    -1 || db_bind_int(s, 2, who->region_id) == -1 ||
	    db_bind_int(s, 3, who->kind == ORG_DEALER) == -1 ||
	    db_bind_int(s, 4, who->org_id) == -1 ||
	    db_bind_int(s, 5, before) == -1 || db_bind_int(s, 6, limit) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	return s;
}

/* The n latest news for who in lang (the home page), or NULL. */
cJSON *
news_recent(struct db *db, const struct principal *who, const char *lang,
    int n)
{
	struct db_stmt	*s;
	cJSON		*list;
	int		 rc;

	if ((s = bound(db, who, 0, INT64_MAX, n)) == NULL)
		return NULL;
	list = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(list, news_json(s, (void *)lang));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

/*
 * What who reads (everything: the withdrawn too, the admin's), newest
 * first, before the id before: {"items", "next_cursor"}.  0, or -1.
 */
int
news_page(struct db *db, const struct principal *who, const char *lang,
    int everything, int64_t before, int limit, cJSON **out)
{
	struct db_stmt	*s;

	*out = NULL;
	if ((s = bound(db, who, everything, before, limit + 1)) == NULL)
		return -1;
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, limit, *out, news_json, (void *)lang,
	    http_cursor_id) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* "A,C" from a mask of tiers (bit 0 is A). */
void
news_tiers_text(int tiers, char *out, size_t size)
{
	size_t	 n = 0;
	int	 i;

	if (size == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < 4 && n + 2 < size; i++)
		if (tiers & (1 << i)) {
			if (n > 0)
				out[n++] = ',';
			out[n++] = (char)('A' + i);
			out[n] = '\0';
		}
}

static void
check_new(const struct news_new *w, struct fault *f)
{
	static const char *const names[] = { "title_zh", "title_en",
	    "body_zh", "body_en" };
	int	 i, k;

	for (i = 0; i < 4; i++)
		if (strlen(w->text[i]) > (i < 2 ? 200u : 4000u))
			fault_field(f, names[i], i < 2 ? "at most 200 "
			    "characters" : "at most 4000 characters");
	if (util_blank(w->text[0]) && util_blank(w->text[1]))
		fault_field(f, "title_zh", "a title in one language at least");
	if (util_blank(w->text[2]) && util_blank(w->text[3]))
		fault_field(f, "body_zh", "a text in one language at least");
	if (w->tiers < 0)
		fault_field(f, "tiers", "a list of A, B, C, D");
	if (w->nregions < 0 || w->nregions > NEWS_REGIONS_MAX) {
		fault_field(f, "regions", "a list of region codes");
		return;
	}
	for (i = 0; i < w->nregions; i++) {
		if (w->regions[i] == NULL || strlen(w->regions[i]) > 16) {
			fault_field(f, "regions", "a list of region codes");
			continue;
		}
		for (k = i + 1; k < w->nregions; k++)
			if (w->regions[k] != NULL && strcasecmp(w->regions[i],
			    w->regions[k]) == 0)
				fault_field(f, "regions", "each region once");
	}
}

/* The item and its regions, inside the transaction: 0, or -1. */
static int
store(struct db *db, const struct principal *who, const struct news_new *w,
    const char *tiers, int64_t *id, struct fault *f)
{
	struct db_stmt	*s;
	char		 field[32];
	int		 i, ok;

	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_text(s, 0, w->text[0]) == 0 &&
	    db_bind_text(s, 1, w->text[1]) == 0 &&
	    db_bind_text(s, 2, w->text[2]) == 0 &&
	    db_bind_text(s, 3, w->text[3]) == 0 &&
	    db_bind_text(s, 4, tiers) == 0 &&
	    db_bind_int(s, 5, w->nregions > 0) == 0 &&
	    db_bind_int(s, 6, who->user_id) == 0 && db_exec(s) == 0;
	*id = ok ? (int64_t)db_insert_id(s) : 0;
	db_stmt_release(s);
	for (i = 0; ok && i < w->nregions; i++) {
		s = db_prepare(db, sql_region);
		ok = s != NULL && db_bind_int(s, 0, *id) == 0 &&
		    db_bind_text(s, 1, w->regions[i]) == 0 && db_exec(s) == 0;
		if (ok && db_affected(s) != 1) {
			snprintf(field, sizeof(field), "regions[%d]", i);
			fault_field(f, field, "no such region");
		}
		db_stmt_release(s);
	}
	return ok ? 0 : -1;
}

/*
 * Post an item (who: the admin): 201 and *id; 422 (a field, or no such
 * region), 500, 503.  Field messages already in f make it a 422 too.
 */
int
news_create(struct db *db, const struct principal *who,
    const struct news_new *w, int64_t *id, struct fault *f)
{
	char	 tiers[16];
	cJSON	*d;
	int	 ok;

	check_new(w, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	news_tiers_text(w->tiers, tiers, sizeof(tiers));
	if (db_begin(db) == -1)
		return 503;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "title_zh", w->text[0]);
	cJSON_AddStringToObject(d, "title_en", w->text[1]);
	ok = store(db, who, w, tiers, id, f) == 0 && !fault_fields(f) &&
	    audit_write(db, who, "news.create", "news", *id, d) == 0 &&
	    db_commit(db) == 0;
	cJSON_Delete(d);
	if (ok)
		return 201;
	db_rollback(db);
	return fault_fields(f) ? fault_set(f, 422, "validation_failed",
	    "check the fields") : 500;
}

/*
 * Withdraw (active 0) or restore (1) item id if it is still at version
 * (-1: any; 0: a bad one): 200; 404, 409, 422, 500, 503.
 */
int
news_set_active(struct db *db, const struct principal *who, int64_t id,
    int active, int64_t version, struct fault *f)
{
	struct db_stmt	*s;
	cJSON		*d;
	int		 rc;

	if (active != 0 && active != 1)
		fault_field(f, "active", "true or false");
	if (version != -1 && (version < 1 || version > INT32_MAX))
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if (db_begin(db) == -1)
		return 503;
	s = db_prepare(db, sql_active);
	rc = s != NULL && db_bind_int(s, 0, active) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_bind_int(s, 2, version) == 0 &&
	    db_bind_int(s, 3, version) == 0 && db_exec(s) == 0 ?
	    (int)db_affected(s) : -1;
	db_stmt_release(s);
	d = cJSON_CreateObject();
	cJSON_AddBoolToObject(d, "active", active);
	if (rc == 1 && (audit_write(db, who, "news.active", "news", id,
	    d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 1)
		return 200;
	db_rollback(db);
	if (rc != 0)
		return 500;
	if (version < 0)
		return fault_set(f, 404, "not_found", "no such news");
	return fault_set(f, 409, "conflict",
	    "changed meanwhile, or no such news");
}
