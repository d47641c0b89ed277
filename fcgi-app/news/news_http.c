/*
 * news_http.c: news and announcements
 *   GET   /api/v1/news?after=&limit=[&all=true]	what the caller may read
 *   POST  /api/v1/news				admin: in both languages,
 *						for all or some regions, tiers
 *   PATCH /api/v1/news/{id} {"active","version"}	admin: withdraw, restore
 * A dealer reads what is for everyone, or for its region, and for its
 * tier; region staff what is for everyone or their region; HQ all.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../audit/audit.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "news.h"

enum stmt { STMT_LIST, STMT_INSERT, STMT_REGION, STMT_ACTIVE, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	/* all ?, region ?, dealer ? ?, cursor, limit */
	"SELECT n.id, n.title_zh, n.title_en, n.body_zh, n.body_en, n.tiers, "
	"n.active, n.version, DATE_FORMAT(n.published_at, "
	"'%Y-%m-%dT%H:%i:%sZ'), DATE_FORMAT(n.published_at + INTERVAL 8 HOUR, "
	"'%Y-%m-%d'), (SELECT GROUP_CONCAT(r.code ORDER BY r.code) FROM "
	"news_regions x JOIN orgs r ON r.id = x.region_id WHERE x.news_id = "
	"n.id) FROM news n WHERE (n.active = 1 OR ? = 1) AND (? = 0 OR "
	"n.regional = 0 OR EXISTS (SELECT 1 FROM news_regions x WHERE "
	"x.news_id = n.id AND x.region_id = ?)) AND (? = 0 OR n.tiers = '' OR "
	"FIND_IN_SET((SELECT tier FROM orgs WHERE id = ?), n.tiers)) AND "
	"n.id < ? ORDER BY n.id DESC LIMIT ?",
	"INSERT INTO news (title_zh, title_en, body_zh, body_en, tiers, "
	"regional, author_user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
	"INSERT INTO news_regions (news_id, region_id) SELECT ?, id FROM orgs "
	"WHERE code = ? AND kind = 'region'",
	"UPDATE news SET active = ?, version = version + 1 WHERE id = ? AND "
	"(? < 0 OR version = ?)",
};

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

/* The list statement bound for the caller, or NULL. */
static struct db_stmt *
bound(struct req *r, struct db *db, int everything, int64_t before,
    int limit)
{
	struct db_stmt	*s = db_prepare(db, stmts[STMT_LIST]);

	if (s == NULL || db_bind_int(s, 0, everything) == -1 ||
	    db_bind_int(s, 1, r->who.kind == ORG_HQ ? 0 : r->who.region_id) ==
	    -1 || db_bind_int(s, 2, r->who.region_id) == -1 ||
	    db_bind_int(s, 3, r->who.kind == ORG_DEALER) == -1 ||
	    db_bind_int(s, 4, r->who.org_id) == -1 ||
	    db_bind_int(s, 5, before) == -1 || db_bind_int(s, 6, limit) == -1) {
		db_stmt_release(s);
		return NULL;
	}
	return s;
}

/* The n latest news for the caller (the home page), or NULL. */
cJSON *
news_latest(struct req *r, struct db *db, int n)
{
	struct db_stmt	*s;
	cJSON		*list;
	int		 rc;

	if ((s = bound(r, db, 0, INT64_MAX, n)) == NULL)
		return NULL;
	list = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW)
		cJSON_AddItemToArray(list, news_json(s, (void *)r->lang));
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

/* GET /api/v1/news */
int
news_list_get(struct req *r)
{
	const char	*all = http_query(r, "all");

	return news_list(r, all != NULL && strcmp(all, "true") == 0);
}

/* What the caller reads, newest first; everything (the admin's): all. */
int
news_list(struct req *r, int everything)
{
	struct http_paging	 pg;
	struct db_stmt		*s;
	struct db		*db;
	int			 st;

	if (everything && !(r->who.roles & ROLE_ADMIN))
		http_field_error(r, "all", "the admin's view");
	if ((st = http_list_begin(r, &pg, &db)) != 0)
		return st;
	if ((s = bound(r, db, everything, pg.after > 0 ? pg.after : INT64_MAX,
	    pg.limit + 1)) == NULL)
		return 500;
	return http_paging_answer(r, s, &pg, news_json, (void *)r->lang);
}

/* "A,C" from a JSON array of tiers; -1 if it is not one. */
static int
tiers_of(const cJSON *a, char *out, size_t size)
{
	const cJSON	*t;
	int		 seen = 0, bit;

	*out = '\0';
	if (a == NULL)
		return 0;
	if (!cJSON_IsArray(a))
		return -1;
	cJSON_ArrayForEach(t, a) {
		if (!cJSON_IsString(t) || strlen(t->valuestring) != 1 ||
		    t->valuestring[0] < 'A' || t->valuestring[0] > 'D')
			return -1;
		bit = 1 << (t->valuestring[0] - 'A');
		if (seen & bit)
			return -1;
		seen |= bit;
		if (*out != '\0')
			strncat(out, ",", size - strlen(out) - 1);
		strncat(out, t->valuestring, size - strlen(out) - 1);
	}
	return 0;
}

static int
store(struct req *r, struct db *db, const char *const *f, const char *tiers,
    const cJSON *regions, int64_t *id)
{
	struct db_stmt	*s;
	const cJSON	*g;
	char		 field[32];
	int		 i = 0, ok;

	s = db_prepare(db, stmts[STMT_INSERT]);
	ok = s != NULL && db_bind_text(s, 0, f[0]) == 0 &&
	    db_bind_text(s, 1, f[1]) == 0 && db_bind_text(s, 2, f[2]) == 0 &&
	    db_bind_text(s, 3, f[3]) == 0 && db_bind_text(s, 4, tiers) == 0 &&
	    db_bind_int(s, 5, cJSON_GetArraySize(regions) > 0) == 0 &&
	    db_bind_int(s, 6, r->who.user_id) == 0 && db_exec(s) == 0;
	*id = ok ? (int64_t)db_insert_id(s) : 0;
	db_stmt_release(s);
	cJSON_ArrayForEach(g, regions) {
		if (!ok)
			break;
		s = db_prepare(db, stmts[STMT_REGION]);
		ok = s != NULL && db_bind_int(s, 0, *id) == 0 &&
		    db_bind_text(s, 1, g->valuestring) == 0 && db_exec(s) == 0;
		if (ok && db_affected(s) != 1) {
			snprintf(field, sizeof(field), "regions[%d]", i);
			http_field_error(r, field, "no such region");
		}
		db_stmt_release(s);
		i++;
	}
	return ok ? 0 : -1;
}

/* POST /api/v1/news {title_zh,title_en,body_zh,body_en,regions,tiers} */
int
news_create_post(struct req *r)
{
	static const char *const names[] = { "title_zh", "title_en",
	    "body_zh", "body_en" };
	const char	*f[4] = { "", "", "", "" };
	const cJSON	*regions, *g, *h;
	char		 tiers[16];
	struct db	*db;
	cJSON		*d;
	int64_t		 id;
	int		 i;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	for (i = 0; i < 4; i++) {
		if (json_get_string(r->json, names[i], i < 2 ? 200 : 4000,
		    &f[i]) == -1)
			http_field_error(r, names[i], i < 2 ? "at most 200 "
			    "characters" : "at most 4000 characters");
		if (f[i] == NULL)	/* absent: empty, the other language's */
			f[i] = "";
	}
	if (util_blank(f[0]) && util_blank(f[1]))
		http_field_error(r, "title_zh", "a title in one language at "
		    "least");
	if (util_blank(f[2]) && util_blank(f[3]))
		http_field_error(r, "body_zh", "a text in one language at least");
	if (tiers_of(cJSON_GetObjectItemCaseSensitive(r->json, "tiers"), tiers,
	    sizeof(tiers)) == -1)
		http_field_error(r, "tiers", "a list of A, B, C, D");
	regions = cJSON_GetObjectItemCaseSensitive(r->json, "regions");
	if (regions != NULL && (!cJSON_IsArray(regions) ||
	    cJSON_GetArraySize(regions) > NEWS_REGIONS_MAX))
		http_field_error(r, "regions", "a list of region codes");
	else
		cJSON_ArrayForEach(g, regions) {
			if (!cJSON_IsString(g) || strlen(g->valuestring) > 16)
				http_field_error(r, "regions", "a list of "
				    "region codes");
			else
				for (h = g->next; h != NULL; h = h->next)
					if (cJSON_IsString(h) && strcasecmp(
					    g->valuestring, h->valuestring) == 0)
						http_field_error(r, "regions",
						    "each region once");
		}
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "title_zh", f[0]);
	cJSON_AddStringToObject(d, "title_en", f[1]);
	if (store(r, db, f, tiers, regions, &id) == -1 ||
	    r->err.fields != NULL || audit_write(db, &r->who, "news.create",
	    "news", id, d) == -1 || db_commit(db) == -1) {
		cJSON_Delete(d);
		db_rollback(db);
		return r->err.fields != NULL ? http_error(r, 422,
		    "validation_failed", "check the fields") : 500;
	}
	cJSON_Delete(d);
	d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "id", (double)id);
	cJSON_AddStringToObject(d, "tiers", tiers);
	return http_json(r, 201, d);
}

/* PATCH /api/v1/news/{id} {"active","version"} */
int
news_patch(struct req *r)
{
	struct db_stmt	*s;
	struct db	*db;
	const cJSON	*a;
	int64_t		 version = -1, id = http_param_id(r, "id");
	cJSON		*j, *d;
	int		 rc;

	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	a = cJSON_GetObjectItemCaseSensitive(r->json, "active");
	if (!cJSON_IsBool(a))
		http_field_error(r, "active", "true or false");
	if (json_get_int(r->json, "version", 1, INT32_MAX, &version) == -1)
		http_field_error(r, "version", "the version you read");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL || db_begin(db) == -1)
		return 503;
	s = db_prepare(db, stmts[STMT_ACTIVE]);
	rc = s != NULL && db_bind_int(s, 0, cJSON_IsTrue(a)) == 0 &&
	    db_bind_int(s, 1, id) == 0 && db_bind_int(s, 2, version) == 0 &&
	    db_bind_int(s, 3, version) == 0 && db_exec(s) == 0 ?
	    (int)db_affected(s) : -1;
	db_stmt_release(s);
	d = cJSON_CreateObject();
	cJSON_AddBoolToObject(d, "active", cJSON_IsTrue(a));
	if (rc != 1 || audit_write(db, &r->who, "news.active", "news", id,
	    d) == -1 || db_commit(db) == -1) {
		cJSON_Delete(d);
		db_rollback(db);
		return rc == 0 ? http_error(r, version < 0 ? 404 : 409,
		    version < 0 ? "not_found" : "conflict", version < 0 ?
		    "no such news" : "changed meanwhile, or no such news") :
		    500;
	}
	cJSON_Delete(d);
	j = cJSON_CreateObject();
	cJSON_AddNumberToObject(j, "id", (double)id);
	cJSON_AddBoolToObject(j, "active", cJSON_IsTrue(a));
	return http_json(r, 200, j);
}
