/*
 * news_db.c: SQL of news and announcements: what a reader may read (a
 * dealer what is for everyone, or for its region, and for its tier;
 * region staff what is for everyone or their region; HQ all), storing an
 * item, withdrawing and restoring it (the operations: news_ops.c)
 */
#include <stdio.h>
#include <string.h>

#include "../auth/auth.h"
#include "../core/fault.h"
#include "../db/db.h"
#include "../notify/notify.h"
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
/* each dealer it is for hears of it: its region (if chosen), its tier */
static const char sql_notify[] =
	"INSERT INTO notify_events (kind, object_type, object_ref, dealer_id, "
	"params) SELECT 'news.published', 'news', n.id, d.id, JSON_OBJECT("
	"'title_zh', n.title_zh, 'title_en', n.title_en) FROM news n JOIN orgs "
	"d ON d.kind = 'dealer' AND d.active = 1 WHERE n.id = ? AND (n.tiers = "
	"'' OR FIND_IN_SET(d.tier, n.tiers)) AND (n.regional = 0 OR EXISTS ("
	"SELECT 1 FROM news_regions x WHERE x.news_id = n.id AND x.region_id = "
	"d.region_id))";
static const char sql_region[] =
	"INSERT INTO news_regions (news_id, region_id) SELECT ?, id FROM orgs "
	"WHERE code = ? AND kind = 'region'";
static const char sql_state[] =
	"SELECT active, version FROM news WHERE id = ?";
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
	    db_bind_int(s, 3, ORG_IS_CUSTOMER(who->kind)) == -1 ||
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

/*
 * The item (tiers as "A,C") and its regions, inside the caller's
 * transaction: 0 and *id, a region unknown a field message in f; -1.
 */
int
news_store(struct db *db, const struct principal *who, const struct news_new *w,
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
	/* one event a dealer, in this transaction (notify.h's outbox) */
	if (ok && !fault_fields(f) && notify_settings.enabled)
		ok = db_execv(db, sql_notify, NULL, "i", *id) >= 0;
	return ok ? 0 : -1;
}

/*
 * Whether item id is active, and its version, into *active and *version
 * (the audit log's "before"): 1, 0 if there is none, -1.
 */
int
news_state_row(struct db *db, int64_t id, int *active, int64_t *version)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql_state, "i", id)) == NULL ||
	    (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW) {
		*active = (int)db_col_int(s, 0);
		*version = db_col_int(s, 1);
	}
	db_stmt_release(s);
	return rc == DB_ROW;
}

/* Set item id active or not if at version (-1: any): rows changed, -1. */
int
news_active_row(struct db *db, int64_t id, int active, int64_t version)
{
	struct db_stmt	*s;
	int		 rc;

	s = db_prepare(db, sql_active);
	rc = s != NULL && db_bind_int(s, 0, active) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_bind_int(s, 2, version) == 0 &&
	    db_bind_int(s, 3, version) == 0 && db_exec(s) == 0 ?
	    (int)db_affected(s) : -1;
	db_stmt_release(s);
	return rc;
}
