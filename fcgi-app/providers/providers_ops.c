/*
 * providers_ops.c: the providers' operations, below both the JSON API and
 * the pages
 *
 * HQ's admin and service agents reach every provider, a region's service
 * agents the providers of their region; anyone else reads them as
 * missing (404), as any object out of scope.  A provider is created in
 * one transaction (its orgs row, profile and areas), keyed by the
 * caller's Idempotency-Key; every change is conditional on its version
 * and audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "../audit/audit.h"
#include "../auth/auth.h"
#include "../core/buf.h"
#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "providers.h"

#define ALL_DAYS	0x7f
#define WORK_DAYS	0x3f	/* mon..sat, the table's default */

/* The region whose providers who administers (0: all); -1 if none. */
int
providers_reach(const struct principal *who, int64_t *region)
{
	*region = 0;
	if (who->kind == ORG_HQ && (who->roles & (ROLE_ADMIN |
	    ROLE_SERVICE_AGENT)))
		return 0;
	if (who->kind == ORG_REGION && (who->roles & ROLE_SERVICE_AGENT)) {
		*region = who->org_id;
		return 0;
	}
	return -1;
}

void
providers_input_init(struct providers_input *p)
{
	memset(p, 0, sizeof(*p));
	p->capacity = -1;
	p->days = -1;
	p->nareas = -1;
	p->active = -1;
	p->version = -1;
}

/* "HH:MM", 00:00 to 23:59. */
int
providers_hhmm_ok(const char *t)
{
	return t != NULL && strlen(t) == 5 && strspn(t, "0123456789") == 2 &&
	    t[2] == ':' && strspn(t + 3, "0123456789") == 2 &&
	    atoi(t) < 24 && atoi(t + 3) < 60;
}

/*
 * Decimal degrees ("39.9042") within +-max into microdegrees: 0, or -1
 * if it is not such a number.
 */
int
providers_degrees(const char *s, int64_t max, int64_t *e6)
{
	char	*end;
	double	 v;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtod(s, &end);
	if (*end != '\0' || !(v >= -(double)max && v <= (double)max))
		return -1;
	*e6 = (int64_t)(v * 1e6 + (v < 0 ? -0.5 : 0.5));
	return 0;
}

/* A text field of at most max bytes (required: not blank), if given. */
void
providers_check_text(struct fault *f, const char *field, const char *v,
    size_t max, int required)
{
	char	 msg[48];

	if (v == NULL ? required : (strlen(v) > max || (required &&
	    util_blank(v)))) {
		snprintf(msg, sizeof(msg), "%s to %zu characters",
		    required ? "1" : "0", max);
		fault_field(f, field, msg);
	}
}

/* The checks a new profile and a change share (given fields only). */
static void
check_common(const struct providers_input *p, int create, struct fault *f)
{
	int	 i;

	providers_check_text(f, "name_zh", p->name_zh, 200, create);
	providers_check_text(f, "name_en", p->name_en, 200, create);
	providers_check_text(f, "city", p->city, 100, 0);
	if (p->city != NULL && util_blank(p->city))
		fault_field(f, "city", "1 to 100 characters");
	providers_check_text(f, "address", p->address, 300, create);
	providers_check_text(f, "phone", p->phone, 40, 0);
	if (p->located == -1 || (create && p->located == 0))
		fault_field(f, "location", "{lat, lng} in degrees");
	if (p->capacity == 0 || p->capacity > 1000)
		fault_field(f, "capacity", "1 to 1000 open jobs at once");
	if (p->days == -2 || p->days == 0)
		fault_field(f, "days", "one or more of mon, tue, wed, thu, fri, "
		    "sat, sun");
	if (p->opens != NULL && !providers_hhmm_ok(p->opens))
		fault_field(f, "opens", "HH:MM");
	if (p->closes != NULL && !providers_hhmm_ok(p->closes))
		fault_field(f, "closes", "HH:MM");
	if (p->nareas == -2 || (create && p->nareas < 1))
		fault_field(f, "areas", "1 to 200 of {city, category}");
	for (i = 0; i < p->nareas; i++)
		if (p->areas[i].city == NULL || util_blank(p->areas[i].city) ||
		    strlen(p->areas[i].city) > 100 ||
		    p->areas[i].category == NULL ||
		    *p->areas[i].category == '\0' ||
		    strlen(p->areas[i].category) > 32) {
			fault_field(f, "areas", "each a city (1 to 100 "
			    "characters) and a product line's code");
			break;
		}
}

/* What a new provider's request is, for its Idempotency-Key. */
static void
request_hash(const struct providers_input *p, char out[65])
{
	struct buf	 b;
	int		 i;

	buf_init(&b);
	buf_printf(&b, "provider\n%s\n%s\n%s\n%lld\n%s\n%s\n%s\n%lld,%lld\n"
	    "%lld\n%d\n%s-%s\n%d\n", p->code, p->name_zh, p->name_en,
	    (long long)p->region, p->city, p->address, p->phone,
	    (long long)p->lat_e6, (long long)p->lng_e6,
	    (long long)p->capacity, p->days, p->opens, p->closes, p->active);
	for (i = 0; i < p->nareas; i++)
		buf_printf(&b, "%s\t%s\n", p->areas[i].city,
		    p->areas[i].category);
	util_sha256_hex(out, b.data, b.len);
	buf_free(&b);
}

/* What the audit log keeps of a profile as given. */
static cJSON *
details(const struct providers_input *p)
{
	cJSON	*d = cJSON_CreateObject(), *a;
	int	 i;

	if (p->code != NULL)
		cJSON_AddStringToObject(d, "code", p->code);
	if (p->name_zh != NULL)
		cJSON_AddStringToObject(d, "name_zh", p->name_zh);
	if (p->name_en != NULL)
		cJSON_AddStringToObject(d, "name_en", p->name_en);
	if (p->region > 0)
		cJSON_AddNumberToObject(d, "region", (double)p->region);
	if (p->city != NULL)
		cJSON_AddStringToObject(d, "city", p->city);
	if (p->capacity > 0)
		cJSON_AddNumberToObject(d, "capacity", (double)p->capacity);
	if (p->active >= 0)
		cJSON_AddBoolToObject(d, "active", p->active);
	if (p->nareas >= 0) {
		a = cJSON_AddArrayToObject(d, "areas");
		for (i = 0; i < p->nareas; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(
			    p->areas[i].category));
	}
	if (p->version > 0)
		cJSON_AddNumberToObject(d, "version", (double)p->version);
	return d;
}

/* A refusal of the areas by providers_areas_set()'s answer. */
static int
areas_refused(const struct providers_input *p, int rc, int bad,
    struct fault *f)
{
	char	 msg[200];

	if (rc == -1)
		return 500;
	snprintf(msg, sizeof(msg), rc == 1 ? "row %d: no product line %.32s"
	    : "row %d: %.100s and %.32s twice", bad + 1, rc == 1 ?
	    p->areas[bad].category : p->areas[bad].city,
	    p->areas[bad].category);
	fault_field(f, "areas", msg);
	return fault_set(f, 422, "validation_failed", "check the fields");
}

/*
 * Who's Idempotency-Key again: 200 and *id if it came with the same
 * request (hash), else 409; 0 if the key is new; 500.
 */
int
providers_replayed(struct db *db, const struct principal *who,
    const char *key, const char *hash, int64_t *id, struct fault *f)
{
	char	 was[65];
	int	 rc;

	if ((rc = providers_key_find(db, who->user_id, key, was, id)) != 1)
		return rc == 0 ? 0 : 500;
	if (strcmp(was, hash) != 0)
		return fault_set(f, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used with another request");
	return 200;
}

/*
 * Begin a change of provider id (in reach) with its row locked: 0 and
 * *st; else the transaction is over and this is the status to answer
 * (404 with what, 500, 503).
 */
int
providers_begin_locked(struct db *db, int64_t id, int64_t reach,
    struct providers_state *st, const char *what, struct fault *f)
{
	int	 rc;

	if (db_begin(db) == -1)
		return 503;
	if ((rc = providers_lock(db, id, reach, st)) == 0)
		return 0;
	db_rollback(db);
	return rc == 1 ? fault_set(f, 404, "not_found", "no such %s", what) :
	    500;
}

/*
 * A new provider: 201 and *id (200 and the first one's id for the same
 * request again under key); 404 (a region out of reach), 409 (the code
 * is taken, or key went with another request), 422, 500, 503.
 */
int
providers_create(struct db *db, const struct principal *who,
    const struct providers_input *in, const char *key, int64_t *id,
    struct fault *f)
{
	struct providers_input	 p = *in;
	char			 hash[65];
	int64_t			 reach;
	cJSON			*d;
	int			 rc, bad = 0;

	if (providers_reach(who, &reach) == -1)
		return fault_set(f, 404, "not_found", "no such resource");
	if (p.region < 1 && reach != 0)
		p.region = reach;
	if (p.region < 1)
		fault_field(f, "region", "the id of the region that "
		    "administers it");
	else if (reach != 0 && p.region != reach)
		fault_field(f, "region", "your own region");
	if (p.code == NULL || strlen(p.code) < 2 || strlen(p.code) > 16 ||
	    p.code[0] != 'P' || strspn(p.code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-") != strlen(p.code))
		fault_field(f, "code", "P and 1 to 15 of A-Z, 0-9, dash");
	if (p.city == NULL && p.nareas > 0)
		p.city = p.areas[0].city;
	if (p.capacity == -1)
		p.capacity = 5;
	if (p.days == -1)
		p.days = WORK_DAYS;
	if (p.opens == NULL)
		p.opens = "08:00";
	if (p.closes == NULL)
		p.closes = "20:00";
	if (p.active == -1)
		p.active = 1;
	if (p.phone == NULL)
		p.phone = "";
	check_common(&p, 1, f);
	if (!fault_fields(f) && strcmp(p.opens, p.closes) >= 0)
		fault_field(f, "closes", "later than opens");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	request_hash(&p, hash);
	if (db_begin(db) == -1)
		return 503;
	if ((rc = providers_replayed(db, who, key, hash, id, f)) != 0) {
		db_rollback(db);
		return rc;
	}
	if ((rc = providers_insert(db, &p, id)) == 0 &&
	    (rc = providers_areas_set(db, *id, &p, &bad)) != 0) {
		db_rollback(db);
		return areas_refused(&p, rc, bad, f);
	}
	if (rc == 0 && (rc = providers_key_insert(db, who->user_id, key,
	    hash, *id)) == 1) {
		/* a racer with the same key went first: answer as it did */
		db_rollback(db);
		rc = providers_replayed(db, who, key, hash, id, f);
		return rc == 0 ? 500 : rc;
	}
	d = details(&p);
	if (rc == 0 && (audit_write(db, who, "provider_create", "org", *id,
	    *id, d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 201;
	db_rollback(db);
	/* a racer with the same key and code committed meanwhile */
	if (rc == 2 && providers_replayed(db, who, key, hash, id, f) == 200)
		return 200;
	if (rc == 1) {
		fault_field(f, "region", "no such region");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (rc == 2) {
		fault_field(f, "code", "taken");
		return fault_set(f, 409, "conflict", "the code is taken");
	}
	return 500;
}

/*
 * Change provider id (in who's reach) if it is still at p->version: its
 * names, main city, profile, areas (all replaced), active flag.  200;
 * 404, 409 (changed meanwhile, or a capacity below its open jobs), 422,
 * 500, 503.
 */
int
providers_update(struct db *db, const struct principal *who, int64_t id,
    const struct providers_input *p, struct fault *f)
{
	struct providers_state	 st;
	int64_t			 reach;
	cJSON			*d;
	int			 rc, bad = 0;

	if (providers_reach(who, &reach) == -1 || id < 1)
		return fault_set(f, 404, "not_found", "no such provider");
	check_common(p, 0, f);
	if (p->version < 1 || p->version > INT32_MAX)
		fault_field(f, "version", "the version you read");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	if ((rc = providers_begin_locked(db, id, reach, &st, "provider", f)) !=
	    0)
		return rc;
	if (st.version != p->version) {
		db_rollback(db);
		return fault_set(f, 409, "conflict", "the provider was changed "
		    "meanwhile; reload");
	}
	if (strcmp(p->opens != NULL ? p->opens : st.opens,
	    p->closes != NULL ? p->closes : st.closes) >= 0) {
		db_rollback(db);
		fault_field(f, "closes", "later than opens");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (p->capacity > 0 && p->capacity < st.open_jobs) {
		db_rollback(db);
		fault_field(f, "capacity", "not below its open jobs now");
		return fault_set(f, 409, "conflict", "the provider holds %lld "
		    "open jobs", (long long)st.open_jobs);
	}
	rc = providers_update_row(db, id, p);
	if (rc == 0 && p->nareas >= 0 &&
	    (rc = providers_areas_set(db, id, p, &bad)) != 0) {
		db_rollback(db);
		return areas_refused(p, rc, bad, f);
	}
	d = details(p);
	if (rc == 0 && (audit_write(db, who, "provider_update", "org", id,
	    id, d) == -1 || db_commit(db) == -1))
		rc = -1;
	cJSON_Delete(d);
	if (rc == 0)
		return 200;
	db_rollback(db);
	if (rc == 1)	/* locked above: not expected */
		return fault_set(f, 409, "conflict", "the provider was "
		    "changed meanwhile; reload");
	return 500;
}

/*
 * Provider id as who may read it: the administrators in reach, and its
 * own agents (read only).  200 and *out, 404, 500.
 */
int
providers_get(struct db *db, const struct principal *who, int64_t id,
    cJSON **out, struct fault *f)
{
	int64_t	 reach = 0;
	int	 st;

	*out = NULL;
	if (who->kind == ORG_PROVIDER ? who->org_id != id :
	    providers_reach(who, &reach) == -1)
		return fault_set(f, 404, "not_found", "no such provider");
	if ((st = providers_read(db, id, reach, out)) == 404)
		return fault_set(f, 404, "not_found", "no such provider");
	return st;
}
