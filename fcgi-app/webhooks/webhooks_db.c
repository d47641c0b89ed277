/*
 * webhooks_db.c: subscriptions and their delivery log.  Every statement
 * that reads or changes one is bound to what the caller may see: an
 * admin every subscription (all = 1), a dealer admin its own org's; any
 * other answers 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../core/fault.h"
#include "../core/util.h"
#include "../db/db.h"
#include "webhooks.h"

#define SUB_COLUMNS \
	"SELECT id, COALESCE(org_id, 0), version, url, kinds, active, " \
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), secret " \
	"FROM webhook_subscriptions "
#define IN_SCOPE	"(? = 1 OR org_id = ?)"

static const char sql_one[] = SUB_COLUMNS "WHERE id = ? AND " IN_SCOPE;
static const char sql_list[] = SUB_COLUMNS
	"WHERE id > ? AND " IN_SCOPE " ORDER BY id LIMIT ?";
static const char sql_idem[] =
	"SELECT id, request_hash FROM webhook_subscriptions WHERE "
	"created_by = ? AND idem_key = ?";
static const char sql_count[] =
	"SELECT COUNT(*) FROM webhook_subscriptions WHERE active = 1 AND "
	"org_id <=> ?";
static const char sql_insert[] =
	"INSERT INTO webhook_subscriptions (org_id, url, kinds, secret, "
	"created_by, idem_key, request_hash, from_event) VALUES (?, ?, ?, ?, "
	"?, ?, ?, (SELECT COALESCE(MAX(id), 0) FROM feed_events))";
static const char sql_update[] =
	"UPDATE webhook_subscriptions SET url = ?, kinds = ?, active = ?, "
	"version = version + 1 WHERE id = ? AND version = ?";
static const char sql_deliveries[] =
	"SELECT id, feed_seq, attempts, event_type, state, "
	"COALESCE(last_status, 0), COALESCE(last_error, ''), "
	"DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%sZ'), "
	"COALESCE(DATE_FORMAT(delivered_at, '%Y-%m-%dT%H:%i:%sZ'), '') "
	"FROM webhook_deliveries WHERE subscription_id = ? AND "
	"(? = 0 OR id < ?) ORDER BY id DESC LIMIT ?";
/* again from now, whatever it came to: the log keeps the attempts */
static const char sql_redeliver[] =
	"UPDATE webhook_deliveries SET state = 'pending', next_at = NOW(6), "
	"attempts = 0, claimed_until = NULL, version = version + 1 WHERE id = ? AND "
	"subscription_id = ? AND (claimed_until IS NULL OR "
	"claimed_until < NOW(6))";
static const char sql_delivery[] =
	"SELECT COUNT(*) FROM webhook_deliveries WHERE id = ? AND "
	"subscription_id = ?";

static void
sub_of(struct db_stmt *s, struct webhooks_sub *w, int secret)
{
	memset(w, 0, sizeof(*w));
	w->id = db_col_int(s, 0);
	w->org_id = db_col_int(s, 1);
	w->version = db_col_int(s, 2);
	db_col_copy(s, 3, w->url, sizeof(w->url));
	db_col_copy(s, 4, w->kinds, sizeof(w->kinds));
	w->active = db_col_int(s, 5) != 0;
	db_col_copy(s, 6, w->created_at, sizeof(w->created_at));
	if (secret)
		db_col_copy(s, 7, w->secret, sizeof(w->secret));
}

/* An http(s) URL of at most WEBHOOKS_URL_MAX printable characters. */
int
webhooks_url_ok(const char *u)
{
	size_t	 i, n = u != NULL ? strlen(u) : 0;

	if (n == 0 || n > WEBHOOKS_URL_MAX || (strncmp(u, "https://", 8) != 0 &&
	    strncmp(u, "http://", 7) != 0))
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)u[i] <= ' ' || u[i] == 0x7f)
			return 0;
	return strlen(u + (u[4] == 's' ? 8 : 7)) > 0;
}

/* "" or a comma list of event types ("order.shipped"), at most 20. */
int
webhooks_kinds_ok(const char *k)
{
	size_t	 n, dots, parts = 0;

	if (k == NULL || strlen(k) > WEBHOOKS_KINDS_MAX)
		return 0;
	while (*k != '\0') {
		n = strspn(k, "abcdefghijklmnopqrstuvwxyz_.");
		for (dots = 0; dots < n && k[dots] != '.'; dots++)
			;
		if (n == 0 || n > 40 || dots == 0 || dots >= n - 1 ||
		    (k[n] != ',' && k[n] != '\0') ||
		    (k[n] == ',' && k[n + 1] == '\0') || ++parts > 20)
			return 0;
		k += n + (k[n] == ',');
	}
	return 1;
}

static void
request_hash(const char *url, const char *kinds, char out[65])
{
	unsigned char		 h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)url,
	    strlen(url) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)kinds,
	    strlen(kinds));
	crypto_hash_sha256_final(&st, h);
	util_hex(out, h, sizeof(h));
}

/* Read subscription id in the caller's scope: 200, 404, 500. */
static int
read_sub(struct db *db, const struct webhooks_who *who, int64_t id,
    struct webhooks_sub *out, int secret, struct fault *f)
{
	struct db_stmt	*s;
	int		 rc;

	if ((s = db_preparef(db, sql_one, "iii", id, (int64_t)who->all,
	    who->org)) == NULL)
		return 500;
	if ((rc = db_step(s)) == DB_ROW)
		sub_of(s, out, secret);
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	return rc == DB_ROW ? 200 :
	    fault_set(f, 404, "not_found", "no such webhook");
}

int
webhooks_read(struct db *db, const struct webhooks_who *who, int64_t id,
    struct webhooks_sub *out, struct fault *f)
{
	return read_sub(db, who, id, out, 0, f);
}

/*
 * Subscribe url to kinds for the caller's org (an admin: every dealer's
 * events), once per Idempotency-Key idem: 201 with its secret, 200 for a
 * replay of the same request (the same secret), 409 when the key was
 * used for another, 422 for bad input, 500.
 */
int
webhooks_create(struct db *db, const struct webhooks_who *who,
    const char *url, const char *kinds, const char *idem,
    struct webhooks_sub *out, struct fault *f)
{
	struct db_stmt	*s;
	unsigned char	 raw[32];
	char		 hash[65], secret[WEBHOOKS_SECRET_LEN + 1];
	uint64_t	 id = 0;
	int		 rc;

	if (!webhooks_url_ok(url))
		fault_field(f, "url", "an http:// or https:// URL of at most "
		    "500 characters");
	if (!webhooks_kinds_ok(kinds))
		fault_field(f, "kinds", "event types such as order.shipped, "
		    "comma-separated, at most 20; empty for all");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed", "check the fields");
	request_hash(url, kinds, hash);
	if ((s = db_preparef(db, sql_idem, "is", who->user, idem)) == NULL)
		return 500;
	if ((rc = db_step(s)) == DB_ROW) {
		id = (uint64_t)db_col_int(s, 0);
		rc = strcmp(db_col_text(s, 1, NULL), hash) == 0 ? 200 : 409;
	}
	db_stmt_release(s);
	if (rc == DB_ERROR)
		return 500;
	if (rc == 409)
		return fault_set(f, 409, "idempotency_conflict", "this "
		    "Idempotency-Key was used for another webhook");
	if (rc == 200)
		return read_sub(db, who, (int64_t)id, out, 1, f);
	/* each subscription multiplies every event: a few per org */
	s = db_prepare(db, sql_count);
	rc = s != NULL && (who->all ? db_bind_null(s, 0) : db_bind_int(s, 0,
	    who->org)) == 0 && db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
	db_stmt_release(s);
	if (rc == -1)
		return 500;
	if (rc >= WEBHOOKS_PER_ORG)
		return fault_set(f, 409, "too_many", "at most %d webhooks on at "
		    "once; turn one off first", WEBHOOKS_PER_ORG);
	randombytes_buf(raw, sizeof(raw));
	memcpy(secret, "whsec_", 6);
	util_hex(secret + 6, raw, sizeof(raw));
	s = db_prepare(db, sql_insert);
	rc = s != NULL && (who->all ? db_bind_null(s, 0) :
	    db_bind_int(s, 0, who->org)) == 0 && db_bind_text(s, 1, url) == 0 &&
	    db_bind_text(s, 2, kinds) == 0 && db_bind_text(s, 3, secret) == 0 &&
	    db_bind_int(s, 4, who->user) == 0 && db_bind_text(s, 5, idem) == 0 &&
	    db_bind_text(s, 6, hash) == 0 && db_exec(s) == 0;
	if (rc)
		id = db_insert_id(s);
	db_stmt_release(s);
	sodium_memzero(secret, sizeof(secret));
	if (!rc)	/* a racing create with the same key: answer it */
		return db_is_duplicate(db) ? webhooks_create(db, who, url,
		    kinds, idem, out, f) : 500;
	rc = read_sub(db, who, (int64_t)id, out, 1, f);
	return rc == 200 ? 201 : rc;
}

/* A page of the caller's subscriptions after id after; *next the cursor. */
int
webhooks_list(struct db *db, const struct webhooks_who *who, int64_t after,
    int limit, struct webhooks_sub **v, size_t *n, int64_t *next)
{
	struct db_stmt	*s;
	int		 rc;

	*n = 0;
	*next = 0;
	if ((*v = calloc((size_t)limit, sizeof(**v))) == NULL ||
	    (s = db_preparef(db, sql_list, "iiii", after, (int64_t)who->all,
	    who->org, (int64_t)limit + 1)) == NULL)
		return -1;
	while ((rc = db_step(s)) == DB_ROW)
		if (*n < (size_t)limit)
			sub_of(s, &(*v)[(*n)++], 0);
		else
			*next = (*v)[*n - 1].id;
	db_stmt_release(s);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Change url, kinds (NULL: as they are) and active (-1: as it is) of the
 * caller's subscription id at version: 200, 404, 409 (changed since),
 * 422, 500.
 */
int
webhooks_update(struct db *db, const struct webhooks_who *who, int64_t id,
    int64_t version, const char *url, const char *kinds, int active,
    struct webhooks_sub *out, struct fault *f)
{
	int	 rc;

	if (url != NULL && !webhooks_url_ok(url))
		fault_field(f, "url", "an http:// or https:// URL of at most "
		    "500 characters");
	if (kinds != NULL && !webhooks_kinds_ok(kinds))
		fault_field(f, "kinds", "event types such as order.shipped, "
		    "comma-separated, at most 20; empty for all");
	if (fault_fields(f))
		return fault_set(f, 422, "validation_failed", "check the fields");
	if ((rc = read_sub(db, who, id, out, 0, f)) != 200)
		return rc;
	if ((rc = db_execv(db, sql_update, NULL, "ssiii", url != NULL ? url :
	    out->url, kinds != NULL ? kinds : out->kinds, (int64_t)(active >= 0 ?
	    active : out->active), id, version)) == -1)
		return 500;
	if (rc == 0)
		return fault_set(f, 409, "conflict", "the webhook changed since "
		    "version %lld", (long long)version);
	return read_sub(db, who, id, out, 0, f);
}

/* The delivery log of the caller's subscription sub, newest first. */
int
webhooks_deliveries(struct db *db, const struct webhooks_who *who,
    int64_t sub, int64_t before, int limit, struct webhooks_delivery **v,
    size_t *n, int64_t *next, struct fault *f)
{
	struct webhooks_sub	 w;
	struct webhooks_delivery *d;
	struct db_stmt		*s;
	int			 rc;

	*n = 0;
	*next = 0;
	*v = NULL;
	if ((rc = read_sub(db, who, sub, &w, 0, f)) != 200)
		return rc;
	if ((*v = calloc((size_t)limit, sizeof(**v))) == NULL ||
	    (s = db_preparef(db, sql_deliveries, "iiii", sub, before, before,
	    (int64_t)limit + 1)) == NULL)
		return 500;
	while ((rc = db_step(s)) == DB_ROW) {
		if (*n == (size_t)limit) {
			*next = (*v)[*n - 1].id;
			continue;
		}
		d = &(*v)[(*n)++];
		d->id = db_col_int(s, 0);
		d->event_id = db_col_int(s, 1);
		d->attempts = db_col_int(s, 2);
		db_col_copy(s, 3, d->event_type, sizeof(d->event_type));
		db_col_copy(s, 4, d->state, sizeof(d->state));
		d->last_status = (int)db_col_int(s, 5);
		db_col_copy(s, 6, d->last_error, sizeof(d->last_error));
		db_col_copy(s, 7, d->created_at, sizeof(d->created_at));
		db_col_copy(s, 8, d->delivered_at, sizeof(d->delivered_at));
	}
	db_stmt_release(s);
	return rc == DB_DONE ? 200 : 500;
}

/* Send delivery id of the caller's subscription sub again: 200, 404, 409. */
int
webhooks_redeliver(struct db *db, const struct webhooks_who *who,
    int64_t sub, int64_t id, struct fault *f)
{
	struct webhooks_sub	 w;
	struct db_stmt		*s;
	int			 rc;

	if ((rc = read_sub(db, who, sub, &w, 0, f)) != 200)
		return rc;
	if ((rc = db_execv(db, sql_redeliver, NULL, "ii", id, sub)) == -1)
		return 500;
	if (rc == 1)
		return 200;
	if ((s = db_preparef(db, sql_delivery, "ii", id, sub)) == NULL)
		return 500;
	rc = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : -1;
	db_stmt_release(s);
	if (rc == -1)
		return 500;
	return rc == 0 ? fault_set(f, 404, "not_found", "no such delivery") :
	    fault_set(f, 409, "conflict", "the delivery is being sent now");
}
