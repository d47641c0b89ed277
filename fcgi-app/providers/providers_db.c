/*
 * providers_db.c: SQL of the service network's providers
 *
 * A provider is an orgs row of kind 'provider' (its region administers
 * it), its providers row (profile, capacity and the open_jobs guard) and
 * its provider_areas rows.  Every read and change carries the caller's
 * reach (region, 0 = all), so a provider outside it reads as missing.
 */
#include <stdio.h>
#include <string.h>

#include "../db/db.h"
#include "../db/db_changes.h"
#include "../http/http.h"
#include "providers.h"

#define COLS \
	"SELECT o.id, o.code, o.name_zh, o.name_en, o.region_id, r.code, " \
	"o.city, o.active, p.address, p.phone, p.lat_e6, p.lng_e6, " \
	"p.capacity, p.open_jobs, p.days, TIME_FORMAT(p.opens, '%H:%i'), " \
	"TIME_FORMAT(p.closes, '%H:%i'), p.version " \
	"FROM providers p JOIN orgs o ON o.id = p.org_id " \
	"JOIN orgs r ON r.id = o.region_id "

static const char sql_one[] =
	COLS "WHERE p.org_id = ? AND (? = 0 OR o.region_id = ?)";
/*
 * A list comes in one variant per path an index serves: a city's (its
 * area rows, the primary key's prefix), a region's (orgs_region), or all
 * (the primary key); then the filters on what is read: active, ?region=,
 * and a line it serves (in the city, if one is asked for).
 */
/* a count, not EXISTS: no semi-join that reads a whole line's rows */
#define FILTERS \
	"(? < 0 OR o.active = ?) AND (? = 0 OR o.region_id = ?) AND " \
	"(? = '' OR (SELECT COUNT(*) FROM provider_areas a2 JOIN categories " \
	"c ON c.id = a2.category_id WHERE a2.provider_id = p.org_id AND " \
	"(? = '' OR a2.city = ?) AND c.code = ?) > 0) "
enum list_path { LIST_CITY, LIST_REGION, LIST_ALL };
static const char *const sql_list[] = {
	COLS "WHERE p.org_id IN (SELECT a.provider_id FROM provider_areas a "
	"WHERE a.city = ?) AND (? = 0 OR o.region_id = ?) AND " FILTERS
	"AND p.org_id > ? ORDER BY p.org_id LIMIT ?",
	COLS "WHERE o.region_id = ? AND o.kind = 'provider' AND " FILTERS
	"AND o.id > ? ORDER BY o.id LIMIT ?",
	COLS "WHERE ? = 0 AND " FILTERS "AND p.org_id > ? ORDER BY p.org_id "
	"LIMIT ?",
};
static const char sql_areas[] =
	"SELECT a.city, c.code FROM provider_areas a JOIN categories c ON "
	"c.id = a.category_id WHERE a.provider_id = ? ORDER BY a.city, c.code";
/* the region must be a region */
static const char sql_org[] =
	"INSERT INTO orgs (kind, code, name_zh, name_en, region_id, city, "
	"active) SELECT 'provider', ?, ?, ?, r.id, ?, ? FROM orgs r "
	"WHERE r.id = ? AND r.kind = 'region'";
static const char sql_profile[] =
	"INSERT INTO providers (org_id, address, phone, lat_e6, lng_e6, "
	"capacity, days, opens, closes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_areas_clear[] =
	"DELETE FROM provider_areas WHERE provider_id = ?";
static const char sql_area[] =
	"INSERT INTO provider_areas (city, category_id, provider_id) "
	"SELECT ?, c.id, ? FROM categories c WHERE c.code = ?";
/* the provider's row locked, its orgs row (a parent of many) only read */
static const char sql_lock[] =
	"SELECT p.version, p.open_jobs, TIME_FORMAT(p.opens, '%H:%i'), "
	"TIME_FORMAT(p.closes, '%H:%i') FROM providers p WHERE p.org_id = ? "
	"AND (? = 0 OR p.org_id IN (SELECT o.id FROM orgs o WHERE "
	"o.region_id = ?)) FOR UPDATE";
/* both rows in one statement; the caller checked version and hours */
static const char sql_update[] =
	"UPDATE providers p JOIN orgs o ON o.id = p.org_id SET "
	"o.name_zh = COALESCE(?, o.name_zh), o.name_en = COALESCE(?, "
	"o.name_en), o.city = COALESCE(?, o.city), o.active = COALESCE(?, "
	"o.active), o.version = o.version + 1, p.address = COALESCE(?, "
	"p.address), p.phone = COALESCE(?, p.phone), p.lat_e6 = COALESCE(?, "
	"p.lat_e6), p.lng_e6 = COALESCE(?, p.lng_e6), p.capacity = COALESCE(?, "
	"p.capacity), p.days = COALESCE(?, p.days), p.opens = COALESCE(?, "
	"p.opens), p.closes = COALESCE(?, p.closes), p.version = p.version + 1 "
	"WHERE p.org_id = ? AND p.version = ?";
static const char sql_key[] =
	"SELECT request_hash, object_id FROM provider_keys WHERE user_id = ? "
	"AND idem_key = ?";
static const char sql_key_insert[] =
	"INSERT INTO provider_keys (user_id, idem_key, request_hash, "
	"object_id) VALUES (?, ?, ?, ?)";
static const char sql_regions[] =
	"SELECT id, code, name_zh, name_en FROM orgs WHERE kind = 'region' "
	"ORDER BY code";
static const char sql_categories[] =
	"SELECT code, name_zh, name_en FROM categories ORDER BY id";
static const char sql_cities[] =
	"SELECT city, lat_e6, lng_e6 FROM service_cities ORDER BY city";

const char *const providers_days[7] = { "mon", "tue", "wed", "thu", "fri",
	"sat", "sun" };

static cJSON *
location(int64_t lat, int64_t lng)
{
	cJSON	*l = cJSON_CreateObject();

	cJSON_AddNumberToObject(l, "lat", (double)lat / 1e6);
	cJSON_AddNumberToObject(l, "lng", (double)lng / 1e6);
	return l;
}

static cJSON *
provider_json(struct db_stmt *s, void *ctx)
{
	cJSON		*j = cJSON_CreateObject(), *d;
	const char	*days = db_col_text(s, 14, NULL);
	int		 i;

	(void)ctx;
	cJSON_AddNumberToObject(j, "id", (double)db_col_int(s, 0));
	cJSON_AddStringToObject(j, "code", db_col_text(s, 1, NULL));
	cJSON_AddStringToObject(j, "name_zh", db_col_text(s, 2, NULL));
	cJSON_AddStringToObject(j, "name_en", db_col_text(s, 3, NULL));
	cJSON_AddNumberToObject(j, "region", (double)db_col_int(s, 4));
	cJSON_AddStringToObject(j, "region_code", db_col_text(s, 5, NULL));
	cJSON_AddStringToObject(j, "city", db_col_text(s, 6, NULL));
	cJSON_AddBoolToObject(j, "active", db_col_int(s, 7) != 0);
	cJSON_AddStringToObject(j, "address", db_col_text(s, 8, NULL));
	cJSON_AddStringToObject(j, "phone", db_col_text(s, 9, NULL));
	cJSON_AddItemToObject(j, "location", location(db_col_int(s, 10),
	    db_col_int(s, 11)));
	cJSON_AddNumberToObject(j, "capacity", (double)db_col_int(s, 12));
	cJSON_AddNumberToObject(j, "open_jobs", (double)db_col_int(s, 13));
	d = cJSON_AddArrayToObject(j, "days");
	for (i = 0; i < 7; i++)	/* the SET's text: "mon,tue,..." */
		if (strstr(days, providers_days[i]) != NULL)
			cJSON_AddItemToArray(d,
			    cJSON_CreateString(providers_days[i]));
	cJSON_AddStringToObject(j, "opens", db_col_text(s, 15, NULL));
	cJSON_AddStringToObject(j, "closes", db_col_text(s, 16, NULL));
	cJSON_AddNumberToObject(j, "version", (double)db_col_int(s, 17));
	return j;
}

/* The provider's areas into j's "areas": 0, or -1. */
static int
areas_json(struct db *db, int64_t id, cJSON *j)
{
	struct db_stmt	*s;
	cJSON		*a = cJSON_AddArrayToObject(j, "areas"), *it;
	int		 rc;

	if ((s = db_preparef(db, sql_areas, "i", id)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		cJSON_AddStringToObject(it, "city", db_col_text(s, 0, NULL));
		cJSON_AddStringToObject(it, "category", db_col_text(s, 1,
		    NULL));
		cJSON_AddItemToArray(a, it);
	}
	db_stmt_release(s);
	return rc == DB_ERROR ? -1 : 0;
}

/*
 * Provider id within region (0 all) with its areas, as the API shows it:
 * 200 and *out, 404, or 500.
 */
int
providers_read(struct db *db, int64_t id, int64_t region, cJSON **out)
{
	struct db_stmt	*s;
	int		 rc;

	*out = NULL;
	if ((s = db_preparef(db, sql_one, "iii", id, region, region)) == NULL)
		return 500;
	if ((rc = db_step(s)) == DB_ROW)
		*out = provider_json(s, NULL);
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	if (*out == NULL)
		return 404;
	if (areas_json(db, id, *out) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return 500;
	}
	return 200;
}

/* A page of providers after the id after: {"items", "next_cursor"}. */
int
providers_list(struct db *db, const struct providers_filter *f,
    int64_t after, int limit, cJSON **out)
{
	enum list_path	 path;
	struct db_stmt	*s;
	int64_t		 key, in;

	*out = NULL;
	/* the caller's reach is a region: that one, whatever is asked */
	in = f->region != 0 ? f->region : f->in_region;
	path = *f->city != '\0' ? LIST_CITY : in != 0 ? LIST_REGION :
	    LIST_ALL;
	key = path == LIST_REGION ? in : 0;
	if (path == LIST_CITY)
		s = db_preparef(db, sql_list[path], "siiiiiissssii", f->city,
		    f->region, f->region, (int64_t)f->active,
		    (int64_t)f->active, f->in_region, f->in_region,
		    f->category, f->city, f->city, f->category, after,
		    (int64_t)limit + 1);
	else
		s = db_preparef(db, sql_list[path], "iiiiissssii", key,
		    (int64_t)f->active, (int64_t)f->active, f->in_region,
		    f->in_region, f->category, f->city, f->city, f->category,
		    after, (int64_t)limit + 1);
	if (s == NULL)
		return -1;
	*out = cJSON_CreateObject();
	if (http_keyset_items(s, limit, *out, provider_json, NULL,
	    http_cursor_id) == -1) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* The days bits as the SET's text, "mon,tue". */
static void
days_text(int days, char *out, size_t size)
{
	int	 i;

	*out = '\0';
	for (i = 0; i < 7; i++)
		if (days & (1 << i))
			snprintf(out + strlen(out), size - strlen(out), "%s%s",
			    *out ? "," : "", providers_days[i]);
}

/*
 * A new provider's orgs and providers rows (not its areas): 0 and *id;
 * 1 no such region, 2 the code is taken, -1.
 */
int
providers_insert(struct db *db, const struct providers_input *p,
    int64_t *id)
{
	struct db_stmt	*s;
	uint64_t	 n;
	char		 days[40];
	int		 rc = -1;

	if ((s = db_preparef(db, sql_org, "ssssii", p->code, p->name_zh,
	    p->name_en, p->city, (int64_t)(p->active != 0), p->region)) ==
	    NULL)
		return -1;
	if (db_exec(s) == 0)
		rc = db_affected(s) == 1 ? 0 : 1;
	else if (db_is_duplicate(db))
		rc = 2;
	*id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	if (rc != 0)
		return rc;
	days_text(p->days, days, sizeof(days));
	if (db_execv(db, sql_profile, &n, "issiiisss", *id, p->address,
	    p->phone, p->lat_e6, p->lng_e6, p->capacity, days, p->opens,
	    p->closes) != 1)
		return -1;
	return 0;
}

/*
 * Replace the provider's areas with p's: 0; 1 an unknown line, 2 a row
 * twice (*bad: its index); -1.
 */
int
providers_areas_set(struct db *db, int64_t id,
    const struct providers_input *p, int *bad)
{
	int	 i, n;

	if (db_execv(db, sql_areas_clear, NULL, "i", id) < 0)
		return -1;
	for (i = 0; i < p->nareas; i++) {
		*bad = i;
		n = db_execv(db, sql_area, NULL, "sis", p->areas[i].city, id,
		    p->areas[i].category);
		if (n == 0)
			return 1;
		if (n < 0)
			return db_is_duplicate(db) ? 2 : -1;
	}
	return 0;
}

/*
 * Lock provider id within region for a change: 0 and *st, 1 if there is
 * none in reach, -1.
 */
int
providers_lock(struct db *db, int64_t id, int64_t region,
    struct providers_state *st)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql_lock, "iii", id, region, region)) ==
	    NULL)
		return -1;
	if ((rc = db_step(s)) == DB_ROW) {
		st->version = db_col_int(s, 0);
		st->open_jobs = db_col_int(s, 1);
		db_col_copy(s, 2, st->opens, sizeof(st->opens));
		db_col_copy(s, 3, st->closes, sizeof(st->closes));
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int
bind_opt_int(struct db_stmt *s, int i, int given, int64_t v)
{
	return given ? db_bind_int(s, i, v) : db_bind_null(s, i);
}

/* Apply p to provider id at p->version: 0, 1 if no row matched, -1. */
int
providers_update_row(struct db *db, int64_t id,
    const struct providers_input *p)
{
	struct db_stmt	*s;
	char		 days[40];
	int		 rc = -1;

	days_text(p->days, days, sizeof(days));
	if ((s = db_prepare(db, sql_update)) != NULL &&
	    db_bind_text(s, 0, p->name_zh) == 0 &&
	    db_bind_text(s, 1, p->name_en) == 0 &&
	    db_bind_text(s, 2, p->city) == 0 &&
	    bind_opt_int(s, 3, p->active >= 0, p->active) == 0 &&
	    db_bind_text(s, 4, p->address) == 0 &&
	    db_bind_text(s, 5, p->phone) == 0 &&
	    bind_opt_int(s, 6, p->located == 1, p->lat_e6) == 0 &&
	    bind_opt_int(s, 7, p->located == 1, p->lng_e6) == 0 &&
	    bind_opt_int(s, 8, p->capacity > 0, p->capacity) == 0 &&
	    db_bind_text(s, 9, p->days >= 0 ? days : NULL) == 0 &&
	    db_bind_text(s, 10, p->opens) == 0 &&
	    db_bind_text(s, 11, p->closes) == 0 &&
	    db_bind_int(s, 12, id) == 0 &&
	    db_bind_int(s, 13, p->version) == 0 && db_exec(s) == 0)
		rc = db_affected(s) > 0 ? 0 : 1;
	db_stmt_release(s);
	if (rc == 0 && p->active >= 0)	/* its agents may no longer sign in */
		changes_local("org", id);
	return rc;
}

/*
 * The request hash and object of user's Idempotency-Key: 1 and hash (65
 * bytes) and *object, 0 if the key is new, -1.
 */
int
providers_key_find(struct db *db, int64_t user, const char *key, char *hash,
    int64_t *object)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql_key, "is", user, key)) == NULL)
		return -1;
	if ((rc = db_step(s)) == DB_ROW) {
		db_col_copy(s, 0, hash, 65);
		*object = db_col_int(s, 1);
	}
	db_stmt_release(s);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/* Keep the key with what it made: 0, 1 if a racer took it, -1. */
int
providers_key_insert(struct db *db, int64_t user, const char *key,
    const char *hash, int64_t object)
{
	if (db_execv(db, sql_key_insert, NULL, "issi", user, key, hash,
	    object) == 1)
		return 0;
	return db_is_duplicate(db) ? 1 : -1;
}

/* Rows of a statement without parameters as objects of named columns. */
static int
rows_json(struct db *db, const char *sql, const char *const *names,
    cJSON **out)
{
	struct db_stmt	*s;
	cJSON		*it;
	int		 rc, i;

	*out = NULL;
	if ((s = db_prepare(db, sql)) == NULL)
		return -1;
	*out = cJSON_CreateArray();
	while ((rc = db_step(s)) == DB_ROW) {
		it = cJSON_CreateObject();
		for (i = 0; names[i] != NULL; i++)
			if (names[i][0] == '#')
				cJSON_AddNumberToObject(it, names[i] + 1,
				    (double)db_col_int(s, i));
			else if (names[i][0] == '@')
				cJSON_AddNumberToObject(it, names[i] + 1,
				    (double)db_col_int(s, i) / 1e6);
			else
				cJSON_AddStringToObject(it, names[i],
				    db_col_text(s, i, NULL));
		cJSON_AddItemToArray(*out, it);
	}
	db_stmt_release(s);
	if (rc == DB_ERROR) {
		cJSON_Delete(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* The regions, for the forms: [{id, code, name_zh, name_en}]. */
int
providers_regions(struct db *db, cJSON **out)
{
	static const char *const names[] = { "#id", "code", "name_zh",
		"name_en", NULL };

	return rows_json(db, sql_regions, names, out);
}

/* The product lines: [{code, name_zh, name_en}]. */
int
providers_categories(struct db *db, cJSON **out)
{
	static const char *const names[] = { "code", "name_zh", "name_en",
		NULL };

	return rows_json(db, sql_categories, names, out);
}

/* The cities with a location: [{city, lat, lng}] in degrees. */
int
providers_cities(struct db *db, cJSON **out)
{
	static const char *const names[] = { "city", "@lat", "@lng", NULL };

	return rows_json(db, sql_cities, names, out);
}
