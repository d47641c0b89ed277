/*
 * complaints_file_db.c: a dealer files a complaint (POST /api/v1/complaints,
 * the portal's form)
 *
 * Idempotent by its key (the Idempotency-Key header, the form's) as orders are: the same key
 * and body answer the complaint filed (200), another body 409.  Routed
 * to the dealer's region; its first response is due in 24
 * hours, its resolution by the target of its severity.
 */
#include <stdio.h>
#include <string.h>


#include "../auth/scope.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../notify/notify.h"
#include "../core/fault.h"
#include "../search/search_index.h"
#include "complaints.h"

static const char sql_replay[] =
	"SELECT number, request_hash FROM complaints WHERE dealer_id = ? AND "
	"idem_key = ?";
static const char sql_order[] =
	"SELECT o.id FROM orders o WHERE o.number = ? AND o.dealer_id = ?"
	SCOPE_RELEASED("o");	/* a complaint's order is the region's to read */
static const char sql_number[] =
	"INSERT INTO complaint_number_ids () VALUES ()";
static const char sql_insert[] =
	"INSERT INTO complaints (number, dealer_id, region_id, order_id, "
	"category, severity, subject, description, filed_by, "
	"filed_at, first_response_due, resolution_due, idem_key, request_hash) "
	"SELECT ?, d.id, d.region_id, NULLIF(?, 0), ?, ?, ?, ?, ?, t.now, "
	"t.now + INTERVAL 24 HOUR, t.now + INTERVAL ct.resolution_hours HOUR, "
	"?, ? FROM orgs d JOIN complaint_targets ct ON ct.severity = ? JOIN "
	"(SELECT UTC_TIMESTAMP(6) AS now) t WHERE d.id = ? AND "
	"d.kind = 'dealer'";
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('complaint.filed', 'complaint', ?, ?, ?)";

static const char *const categories[] = { "product_quality", "delivery",
	"installation_service", "billing", "other", NULL };
static const char *const severities[] = { "critical", "high", "normal",
	NULL };

static int
one_of(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* The order named, which must be the dealer's: its id, 0 none, -1 not. */
static int64_t
order_of(struct db *db, const struct principal *who, const char *number)
{
	struct db_stmt	*s;
	int64_t		 id = -1;
	int		 rc;

	if (number == NULL || *number == '\0')
		return 0;
	if ((s = db_preparef(db, sql_order, "ti", number, who->org_id)) ==
	    NULL || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return -2;
	}
	if (rc == DB_ROW)
		id = db_col_int(s, 0);
	db_stmt_release(s);
	return id;
}

/*
 * File a complaint of who's dealer, in the caller's transaction: f is
 * category, severity, subject, description; order 0 for none.  Its id, or
 * -1; its number into number.
 */
int64_t
complaints_store(struct db *db, const struct principal *who,
    const char *const *f, int64_t order, const char *key, const char *hash,
    char *number, size_t size)
{
	struct db_stmt	*s;
	char		 payload[200];
	int64_t		 id = -1;
	int		 ok;

	if (db_number(db, sql_number, "CP", number, size) == -1)
		return -1;
	s = db_prepare(db, sql_insert);
	ok = s != NULL && db_bind_text(s, 0, number) == 0 &&
	    db_bind_int(s, 1, order) == 0 && db_bind_text(s, 2, f[0]) == 0 &&
	    db_bind_text(s, 3, f[1]) == 0 && db_bind_text(s, 4, f[2]) == 0 &&
	    db_bind_text(s, 5, f[3]) == 0 &&
	    db_bind_int(s, 6, who->user_id) == 0 &&
	    db_bind_text(s, 7, key) == 0 && db_bind_text(s, 8, hash) == 0 &&
	    db_bind_text(s, 9, f[1]) == 0 &&
	    db_bind_int(s, 10, who->org_id) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1;
	if (ok)
		id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	/* its words, found by search from its commit on */
	ok = ok && search_index_complaint(db, id, who->org_id, 0,
	    (const struct search_text[]){ { f[2], SEARCH_SUBJECT },
	    { f[3], SEARCH_DESCRIPTION } }, 2) == 0;
	snprintf(payload, sizeof(payload), "{\"number\":\"%s\",\"category\":"
	    "\"%s\",\"severity\":\"%s\"}", number, f[0], f[1]);
	if (ok) {
		s = db_prepare(db, sql_feed);
		ok = s != NULL && db_bind_text(s, 0, number) == 0 &&
		    db_bind_int(s, 1, who->org_id) == 0 &&
		    db_bind_text(s, 2, payload) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
		/* the region's service agents hear of it */
		ok = ok && notify_event(db, "complaint.filed", "complaint",
		    number, who->org_id, payload) == 0;
	}
	return ok ? id : -1;
}

/* The filing's fields as the rules say, into f. */
static void
check(const struct complaints_filing *in, struct fault *f)
{
	if (!one_of(in->category, categories))
		fault_field(f, "category", "product_quality, delivery, "
		    "installation_service, billing or other");
	if (!one_of(in->severity, severities))
		fault_field(f, "severity", "critical, high or normal");
	if (util_blank(in->subject) || strlen(in->subject) > 200)
		fault_field(f, "subject", "required: 1 to 200 characters");
	if (util_blank(in->description) || strlen(in->description) >
	    BODY_MAX)
		fault_field(f, "description", "required: 1 to 4000 "
		    "characters");
	if (in->order_bad || (in->order != NULL && strlen(in->order) > 24))
		fault_field(f, "order", "an order number of yours");
}

/*
 * File in's complaint for who's dealer, idempotently by key over the
 * request's body: 201 (filed) or 200 (filed before with this key), its
 * number into number; else 403, 409 or 422 in f, 500, 503.  A bad key
 * is the handler's to refuse (it knows where the key came from).
 */
int
complaints_file(struct db *db, const struct principal *who,
    const struct complaints_filing *in, const char *key, const char *body,
    size_t len, struct fault *f, char *number, size_t size)
{
	const char	*v[4] = { in->category, in->severity, in->subject,
	    in->description };
	char		 hash[65];
	int64_t		 oid;
	int		 st;

	if (who->kind != ORG_DEALER || !(who->roles & COMPLAINT_FILERS))
		return fault_set(f, 403, "forbidden", "dealers' buyers and "
		    "finance users file complaints");
	check(in, f);
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	util_sha256_hex(hash, body, len);
	if ((st = db_replay(db, sql_replay, who->org_id, key, hash, number,
	    size, "complaint", f)) != 0)
		return st;
	if ((oid = order_of(db, who, in->order)) == -2)
		return 500;
	if (oid == -1) {
		fault_field(f, "order", "not an order of your dealer");
		return fault_set(f, 422, "validation_failed",
		    "check the fields");
	}
	if (db_begin(db) == -1)
		return 503;
	if (complaints_store(db, who, v, oid, key, hash, number, size) ==
	    -1 || db_commit(db) == -1) {
		db_rollback(db);
		/* the same key, committed meanwhile by a concurrent retry */
		if (db_is_duplicate(db) && (st = db_replay(db, sql_replay,
		    who->org_id, key, hash, number, size, "complaint", f)) != 0)
			return st;
		return 500;
	}
	return 201;
}
