/*
 * service_jobs_file_db.c: a dealer files a service job for its customer
 * (POST /api/v1/service-jobs, the /service/new form)
 *
 * Idempotent by its key as complaints are: the same key and body answer
 * the job filed (200), another body 409.  The customer's location is the
 * one sent, else its city's centre (service_cities); a job may stand for
 * one of the dealer's complaints that needs a visit, once.  A filed job
 * waits with dispatch_at = now: the dispatcher's next pass offers it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>


#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "service.h"
#include "service_jobs.h"

static const char sql_replay[] =
	"SELECT number, request_hash FROM service_jobs WHERE dealer_id = ? "
	"AND idem_key = ?";
static const char sql_dealer[] =
	"SELECT city FROM orgs WHERE id = ? AND kind = 'dealer'";
static const char sql_category[] =
	"SELECT id FROM categories WHERE code = ?";
static const char sql_city[] =
	"SELECT lat_e6, lng_e6 FROM service_cities WHERE city = ?";
/* a complaint of the dealer's that needs a visit, and its job if any */
static const char sql_complaint[] =
	"SELECT c.id, c.category IN ('product_quality', "
	"'installation_service', 'delivery'), j.number FROM complaints c "
	"LEFT JOIN service_jobs j ON j.complaint_id = c.id "
	"WHERE c.number = ? AND c.dealer_id = ?";
/* a counter row per number, no sequence (migration 0045) */
static const char sql_number[] =
	"INSERT INTO service_job_number_ids () VALUES ()";
static const char sql_insert[] =
	"INSERT INTO service_jobs (number, dealer_id, region_id, "
	"complaint_id, kind, category_id, customer_name, customer_phone, "
	"customer_address, city, lat_e6, lng_e6, model, serial, fault, "
	"status, dispatch_at, filed_by, filed_at, idem_key, request_hash) "
	"SELECT ?, d.id, d.region_id, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, "
	"?, ?, ?, 'waiting', t.now, ?, t.now, ?, ? FROM orgs d JOIN "
	"(SELECT UTC_TIMESTAMP(6) AS now) t WHERE d.id = ? AND "
	"d.kind = 'dealer'";

static const char *const kinds[] = { "repair", "installation",
	"delivery_damage", NULL };

static int
one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* s is required (or not), at most max characters, valid UTF-8 */
static void
bounded(struct fault *f, const char *field, const char *s, int required,
    size_t max)
{
	char	 msg[64];

	if ((s == NULL || util_blank(s)) && !required)
		return;
	if (s == NULL || util_blank(s) || !util_utf8_valid(s, strlen(s)) ||
	    util_utf8_chars(s) > max) {
		snprintf(msg, sizeof(msg), "%s1 to %zu characters", required ?
		    "required: " : "", max);
		fault_field(f, field, msg);
	}
}

static void
check(const struct service_jobs_filing *in, struct fault *f)
{
	if (in->bad)
		fault_field(f, in->bad_field, "the wrong type");
	if (!one_of(in->kind, kinds))
		fault_field(f, "kind", "repair, installation or "
		    "delivery_damage");
	if (in->category == NULL || util_blank(in->category) ||
	    strlen(in->category) > 32)
		fault_field(f, "category", "a product line: fridge, washer, "
		    "air_conditioner, tv, water_heater, ...");
	bounded(f, "customer.name", in->name, 1, SERVICE_NAME_MAX);
	bounded(f, "customer.phone", in->phone, 1, SERVICE_PHONE_MAX);
	if (in->phone != NULL && strspn(in->phone, "0123456789+-() ") !=
	    strlen(in->phone))
		fault_field(f, "customer.phone", "digits, spaces and + - ( )");
	bounded(f, "customer.address", in->address, 1, SERVICE_ADDRESS_MAX);
	bounded(f, "customer.city", in->city, 0, SERVICE_CITY_MAX);
	bounded(f, "model", in->model, 0, SERVICE_MODEL_MAX);
	bounded(f, "serial", in->serial, 0, SERVICE_MODEL_MAX);
	bounded(f, "fault", in->fault, 1, SERVICE_FAULT_MAX);
	if (in->located && (!isfinite(in->lat) || !isfinite(in->lng) ||
	    fabs(in->lat) > 90 || fabs(in->lng) > 180))
		fault_field(f, "customer.location", "lat -90 to 90, lng -180 "
		    "to 180");
	if (in->complaint != NULL && strlen(in->complaint) > 24)
		fault_field(f, "complaint", "a complaint number of yours");
}

/* One row of sql bound to id or text: columns 0 and 1 into a, b (NULL:
 * not read), or column 0's text into out; 1 found, 0 not, -1 error. */
static int
lookup(struct db *db, const char *sql, int64_t id, const char *text,
    int64_t *a, int64_t *b, char *out, size_t size)
{
	struct db_stmt	*s;
	int		 rc;

	s = text == NULL ? db_preparef(db, sql, "i", id) :
	    db_preparef(db, sql, "t", text);
	if (s == NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_ROW && out != NULL)
		db_col_copy(s, 0, out, size);
	if (rc == DB_ROW && a != NULL)
		*a = db_col_int(s, 0);
	if (rc == DB_ROW && b != NULL)
		*b = db_col_int(s, 1);
	db_stmt_release(s);
	return rc == DB_ROW;
}

/*
 * The dealer's complaint named, for a job: its id, 0 (f says why not), or
 * -1 on an error; 409 in f when it has a job already.
 */
static int64_t
complaint_of(struct db *db, const struct principal *who, const char *number,
    struct fault *f)
{
	struct db_stmt	*s;
	int64_t		 id = 0;
	int		 rc;

	if ((s = db_preparef(db, sql_complaint, "ti", number, who->org_id)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -1;
	}
	if (rc == DB_DONE)
		fault_field(f, "complaint", "not a complaint of your dealer");
	else if (db_col_int(s, 1) == 0)
		fault_field(f, "complaint", "a complaint of product quality, "
		    "installation or delivery");
	else if (!db_col_null(s, 2))
		fault_set(f, 409, "conflict", "this complaint has a service "
		    "job already");
	else
		id = db_col_int(s, 0);
	db_stmt_release(s);
	return id;
}

/* What the filing refers to: the category, location, complaint; or f. */
struct refs {
	int64_t	 category, lat, lng, complaint;
	char	 city[SERVICE_CITY_MAX * 4 + 1];
};

static int
resolve(struct db *db, const struct principal *who,
    const struct service_jobs_filing *in, struct refs *r, struct fault *f)
{
	int	 rc;

	memset(r, 0, sizeof(*r));
	if ((rc = lookup(db, sql_category, 0, in->category, &r->category,
	    NULL, NULL, 0)) == -1)
		return 500;
	if (rc == 0)
		fault_field(f, "category", "no such product line");
	if (in->city != NULL && !util_blank(in->city))
		snprintf(r->city, sizeof(r->city), "%s", in->city);
	else if (lookup(db, sql_dealer, who->org_id, NULL, NULL, NULL,
	    r->city, sizeof(r->city)) == -1)
		return 500;
	if (in->located) {
		r->lat = (int64_t)llround(in->lat * 1e6);
		r->lng = (int64_t)llround(in->lng * 1e6);
	} else if ((rc = lookup(db, sql_city, 0, r->city, &r->lat, &r->lng,
	    NULL, 0)) == -1)
		return 500;
	else if (rc == 0)
		fault_field(f, "customer.city", "a city the network does not "
		    "know: give customer.location {lat, lng}");
	if (in->complaint != NULL && *in->complaint != '\0' &&
	    (r->complaint = complaint_of(db, who, in->complaint, f)) == -1)
		return 500;
	if (f->code != NULL)
		return 409;
	return fault_fields(f) ? fault_set(f, 422, "validation_failed",
	    "check the fields") : 0;
}

/* Store the job in the caller's transaction: its number, or -1. */
static int
store(struct db *db, const struct principal *who,
    const struct service_jobs_filing *in, const struct refs *r,
    const char *key, const char *hash, char *number, size_t size)
{
	struct service_job_ref	 ref;
	struct db_stmt		*s;
	uint64_t		 id;
	int			 ok;

	if (db_number(db, sql_number, "SJ", number, size) == -1)
		return -1;
	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_text(s, 0, number) == 0 &&
	    db_bind_int(s, 1, r->complaint) == 0 &&
	    db_bind_text(s, 2, in->kind) == 0 &&
	    db_bind_int(s, 3, r->category) == 0 &&
	    db_bind_text(s, 4, in->name) == 0 &&
	    db_bind_text(s, 5, in->phone) == 0 &&
	    db_bind_text(s, 6, in->address) == 0 &&
	    db_bind_text(s, 7, r->city) == 0 &&
	    db_bind_int(s, 8, r->lat) == 0 && db_bind_int(s, 9, r->lng) == 0 &&
	    db_bind_text(s, 10, in->model != NULL ? in->model : "") == 0 &&
	    db_bind_text(s, 11, in->serial != NULL ? in->serial : "") == 0 &&
	    db_bind_text(s, 12, in->fault) == 0 &&
	    db_bind_int(s, 13, who->user_id) == 0 &&
	    db_bind_text(s, 14, key) == 0 && db_bind_text(s, 15, hash) == 0 &&
	    db_bind_int(s, 16, who->org_id) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1;
	id = ok ? db_insert_id(s) : 0;
	db_stmt_release(s);
	if (!ok)
		return -1;
	memset(&ref, 0, sizeof(ref));
	ref.id = (int64_t)id;
	snprintf(ref.number, sizeof(ref.number), "%s", number);
	ref.dealer_id = who->org_id;
	return service_event(db, &ref, "service.filed", 0, who->user_id,
	    "");
}

/*
 * File in's job for who's dealer, idempotently by key over the request's
 * body: 201 (filed) or 200 (filed before with this key), its number into
 * number; else 403, 409 or 422 in f, 500, 503.
 */
int
service_jobs_file(struct db *db, const struct principal *who,
    const struct service_jobs_filing *in, const char *key, const char *body,
    size_t len, struct fault *f, char *number, size_t size)
{
	char		 hash[65];
	struct refs	 r;
	int		 st, dup;

	if (who->kind != ORG_DEALER || !(who->roles & SERVICE_FILERS))
		return fault_set(f, 403, "forbidden", "dealers' buyers and "
		    "admins file service jobs");
	check(in, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	util_sha256_hex(hash, body, len);
	if ((st = db_replay(db, sql_replay, who->org_id, key, hash, number,
	    size, "service job", f)) != 0)
		return st;
	if ((st = resolve(db, who, in, &r, f)) != 0)
		return st;
	if (db_begin(db) == -1)
		return 503;
	if (store(db, who, in, &r, key, hash, number, size) == -1 ||
	    db_commit(db) == -1) {
		dup = db_is_duplicate(db);
		db_rollback(db);
		/* the same key (or complaint) committed meanwhile */
		if (dup && (st = db_replay(db, sql_replay, who->org_id, key,
		    hash, number, size, "service job", f)) != 0)
			return st;
		if (dup && r.complaint != 0)
			return fault_set(f, 409, "conflict", "this complaint "
			    "has a service job already");
		return 500;
	}
	return 201;
}
