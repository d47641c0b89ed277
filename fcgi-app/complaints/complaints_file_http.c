/*
 * complaints_file_http.c: POST /api/v1/complaints: a dealer files a complaint
 *
 * Idempotent by the Idempotency-Key header as orders are: the same key
 * and body answer the complaint filed (200), another body 409.  Routed
 * to the dealer's region and, where one serves the dealer's city and the
 * category, to a service provider; its first response is due in 24
 * hours, its resolution by the target of its severity.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../core/util.h"
#include "../db/db.h"
#include "../http/http.h"
#include "complaints.h"

enum stmt { STMT_REPLAY, STMT_ORDER, STMT_NUMBER, STMT_INSERT, STMT_FEED,
	STMT__MAX };

static const char *const stmts[STMT__MAX] = {
	"SELECT number, request_hash FROM complaints WHERE dealer_id = ? AND "
	"idem_key = ?",
	"SELECT id FROM orders WHERE number = ? AND dealer_id = ?",
	"INSERT INTO complaint_number_ids () VALUES ()",
	"INSERT INTO complaints (number, dealer_id, region_id, order_id, "
	"category, severity, subject, description, provider_id, filed_by, "
	"filed_at, first_response_due, resolution_due, idem_key, request_hash) "
	"SELECT ?, d.id, d.region_id, NULLIF(?, 0), ?, ?, ?, ?, (SELECT p.id "
	"FROM service_providers p WHERE p.city = d.city AND p.active = 1 AND "
	"FIND_IN_SET(?, p.categories) ORDER BY p.id LIMIT 1), ?, t.now, "
	"t.now + INTERVAL 24 HOUR, t.now + INTERVAL ct.resolution_hours HOUR, "
	"?, ? FROM orgs d JOIN complaint_targets ct ON ct.severity = ? JOIN "
	"(SELECT UTC_TIMESTAMP(6) AS now) t WHERE d.id = ? AND "
	"d.kind = 'dealer'",
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) VALUES ('complaint.filed', 'complaint', ?, ?, ?)",
};

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

/* A retry: 0 none, else the status answered (200 same, 409 other). */
static int
replay(struct req *r, struct db *db, const char *key, const char *hash)
{
	struct db_stmt	*s;
	char		 number[32];
	cJSON		*j;
	int		 rc, same, found;

	if ((s = db_prepare(db, stmts[STMT_REPLAY])) == NULL ||
	    db_bind_int(s, 0, r->who.org_id) == -1 ||
	    db_bind_text(s, 1, key) == -1 || (rc = db_step(s)) == DB_ERROR) {
		db_stmt_release(s);
		return 500;
	}
	if (rc == DB_DONE) {
		db_stmt_release(s);
		return 0;
	}
	snprintf(number, sizeof(number), "%s", db_col_text(s, 0, NULL));
	same = strcmp(db_col_text(s, 1, NULL), hash) == 0;
	db_stmt_release(s);
	if (!same)
		return http_error(r, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used with another complaint");
	if ((j = complaints_load(db, number, &r->who, r->lang, &found)) ==
	    NULL)
		return found ? 500 : 0;
	return http_json(r, 200, j);
}

/* The order named, which must be the dealer's: its id, 0 none, -1 not. */
static int64_t
order_of(struct req *r, struct db *db, const char *number)
{
	struct db_stmt	*s;
	int64_t		 id = -1;
	int		 rc;

	if (number == NULL || *number == '\0')
		return 0;
	if ((s = db_prepare(db, stmts[STMT_ORDER])) == NULL ||
	    db_bind_text(s, 0, number) == -1 ||
	    db_bind_int(s, 1, r->who.org_id) == -1 ||
	    (rc = db_step(s)) == DB_ERROR) {
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

	if (db_number(db, stmts[STMT_NUMBER], "CP", number, size) == -1)
		return -1;
	s = db_prepare(db, stmts[STMT_INSERT]);
	ok = s != NULL && db_bind_text(s, 0, number) == 0 &&
	    db_bind_int(s, 1, order) == 0 && db_bind_text(s, 2, f[0]) == 0 &&
	    db_bind_text(s, 3, f[1]) == 0 && db_bind_text(s, 4, f[2]) == 0 &&
	    db_bind_text(s, 5, f[3]) == 0 && db_bind_text(s, 6, f[0]) == 0 &&
	    db_bind_int(s, 7, who->user_id) == 0 &&
	    db_bind_text(s, 8, key) == 0 && db_bind_text(s, 9, hash) == 0 &&
	    db_bind_text(s, 10, f[1]) == 0 &&
	    db_bind_int(s, 11, who->org_id) == 0 && db_exec(s) == 0 &&
	    db_affected(s) == 1;
	if (ok)
		id = (int64_t)db_insert_id(s);
	db_stmt_release(s);
	snprintf(payload, sizeof(payload), "{\"number\":\"%s\",\"category\":"
	    "\"%s\",\"severity\":\"%s\"}", number, f[0], f[1]);
	if (ok) {
		s = db_prepare(db, stmts[STMT_FEED]);
		ok = s != NULL && db_bind_text(s, 0, number) == 0 &&
		    db_bind_int(s, 1, who->org_id) == 0 &&
		    db_bind_text(s, 2, payload) == 0 && db_exec(s) == 0;
		db_stmt_release(s);
	}
	return ok ? id : -1;
}

/* POST /api/v1/complaints, with the Idempotency-Key header */
int
complaints_file_post(struct req *r)
{
	return complaints_file(r, http_env(r, "HTTP_IDEMPOTENCY_KEY"));
}

/* File r->json's complaint idempotently by key (the header's, a form's). */
int
complaints_file(struct req *r, const char *key)
{
	const char	*f[4] = { NULL, NULL, NULL, NULL }, *order = NULL;
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 hash[65], number[32];
	struct db	*db;
	int64_t		 oid = 0;
	cJSON		*j;
	int		 st, found;

	if (r->who.kind != ORG_DEALER || !(r->who.roles & COMPLAINT_FILERS))
		return http_error(r, 403, "forbidden", "dealers' buyers and "
		    "finance users file complaints");
	http_idem_check(r, key);
	if (r->json == NULL || !cJSON_IsObject(r->json))
		return http_error(r, 400, "bad_request", "send a JSON object");
	if (json_get_string(r->json, "category", 32, &f[0]) != 0 ||
	    !one_of(f[0], categories))
		http_field_error(r, "category", "product_quality, delivery, "
		    "installation_service, billing or other");
	if (json_get_string(r->json, "severity", 16, &f[1]) != 0 ||
	    !one_of(f[1], severities))
		http_field_error(r, "severity", "critical, high or normal");
	if (json_get_string(r->json, "subject", 200, &f[2]) != 0 ||
	    util_blank(f[2]))
		http_field_error(r, "subject", "required: 1 to 200 characters");
	if (json_get_string(r->json, "description", BODY_MAX, &f[3]) != 0 ||
	    util_blank(f[3]))
		http_field_error(r, "description", "required: 1 to 4000 "
		    "characters");
	if (json_get_string(r->json, "order", 24, &order) == -1)
		http_field_error(r, "order", "an order number of yours");
	if (r->err.fields != NULL)
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	if ((db = http_db(r)) == NULL)
		return 503;
	crypto_hash_sha256(h, (const unsigned char *)r->body, r->body_len);
	util_hex(hash, h, sizeof(h));
	if ((st = replay(r, db, key, hash)) != 0)
		return st;
	if ((oid = order_of(r, db, order)) == -2)
		return 500;
	if (oid == -1) {
		http_field_error(r, "order", "not an order of your dealer");
		return http_error(r, 422, "validation_failed",
		    "check the fields");
	}
	if (db_begin(db) == -1)
		return 503;
	if (complaints_store(db, &r->who, f, oid, key, hash, number,
	    sizeof(number)) == -1 ||
	    db_commit(db) == -1) {
		db_rollback(db);
		/* the same key, committed meanwhile by a concurrent retry */
		if (db_is_duplicate(db) && (st = replay(r, db, key, hash)) != 0)
			return st;
		return 500;
	}
	if ((j = complaints_load(db, number, &r->who, r->lang, &found)) ==
	    NULL)
		return 500;
	return http_json(r, 201, j);
}
