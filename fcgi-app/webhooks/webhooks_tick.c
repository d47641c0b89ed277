/*
 * webhooks_tick.c: every second in each app worker, the feed's new events
 * into deliveries (once: the cursor row), then the deliveries that are
 * due (each claimed by a conditional update, as notify_deliver.c does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/log.h"
#include "../core/stop.h"
#include "../core/util.h"
#include "../db/db.h"
#include "../feed/feed.h"
#include "../notify/notify.h"
#include "webhooks.h"

#define EVENTS	100	/* feed events handed out a tick, at most */
#define CLAIM	60	/* seconds a claim holds; > a POST's timeout */
#define ATTEMPTS 10	/* then dead */

static const char sql_any[] =
	"SELECT COUNT(*) FROM webhook_subscriptions WHERE active = 1";
static const char sql_cursor[] =
	"SELECT last_seq FROM webhook_cursor WHERE id = 1 FOR UPDATE";
static const char sql_fan[] =
	"INSERT IGNORE INTO webhook_deliveries (subscription_id, feed_seq, "
	"event_type, body) SELECT id, ?, ?, ? FROM webhook_subscriptions "
	"WHERE active = 1 AND from_event < ? AND (org_id IS NULL OR "
	"org_id = ?) AND "
	"(kinds = '' OR FIND_IN_SET(?, kinds) > 0)";
static const char sql_move[] =
	"UPDATE webhook_cursor SET last_seq = ? WHERE id = 1";
static const char sql_due[] =
	"SELECT id FROM webhook_deliveries WHERE state = 'pending' AND "
	"next_at <= NOW(6) AND (claimed_until IS NULL OR claimed_until < "
	"NOW(6)) ORDER BY next_at LIMIT ?";
static const char sql_claim[] =
	"UPDATE webhook_deliveries SET claimed_until = NOW(6) + INTERVAL ? "
	"SECOND, attempts = attempts + 1, version = version + 1 WHERE id = ? "
	"AND state = 'pending' AND next_at <= NOW(6) AND (claimed_until IS "
	"NULL OR claimed_until < NOW(6))";
static const char sql_load[] =
	"SELECT d.body, d.event_type, d.feed_seq, d.attempts, s.url, s.secret, "
	"s.active FROM webhook_deliveries d JOIN webhook_subscriptions s ON "
	"s.id = d.subscription_id WHERE d.id = ?";
static const char sql_done[] =
	"UPDATE webhook_deliveries SET state = 'delivered', delivered_at = "
	"NOW(6), claimed_until = NULL, last_status = ?, last_error = NULL, "
	"version = version + 1 WHERE id = ?";
static const char sql_retry[] =
	"UPDATE webhook_deliveries SET next_at = NOW(6) + INTERVAL ? SECOND, "
	"claimed_until = NULL, last_status = ?, last_error = ?, "
	"version = version + 1 WHERE id = ?";
static const char sql_dead[] =
	"UPDATE webhook_deliveries SET state = 'dead', claimed_until = NULL, "
	"last_status = ?, last_error = ?, version = version + 1 WHERE id = ?";
static const char sql_attempt[] =
	"INSERT INTO webhook_attempts (delivery_id, status, ok, detail) "
	"VALUES (?, ?, ?, ?)";

static const char sql_skip[] =
	"UPDATE webhook_cursor SET last_seq = (SELECT COALESCE(MAX(seq), 0) "
	"FROM feed_events) WHERE id = 1 AND last_seq < (SELECT "
	"COALESCE(MAX(seq), 0) FROM feed_events)";

/* No one listens: the cursor to the feed's end, if it is behind. */
static int
webhooks_skip(struct db *db)
{
	return db_execv(db, sql_skip, NULL, "") < 0 ? -1 : 0;
}

/* One event into the deliveries of the subscriptions that want it. */
static int
fan_event(struct db *db, struct db_stmt *e)
{
	cJSON	*j = feed_event_json(e);
	char	*body, id[24];
	int	 rc;

	/* its id, for de-duplication: the feed's cursor of the event */
	snprintf(id, sizeof(id), "%lld", (long long)db_col_int(e, 0));
	if (j != NULL)
		cJSON_AddStringToObject(j, "id", id);
	if (j == NULL || (body = cJSON_PrintUnformatted(j)) == NULL) {
		cJSON_Delete(j);
		return -1;
	}
	cJSON_Delete(j);
	rc = db_execv(db, sql_fan, NULL, "issiis", db_col_int(e, 0),
	    db_col_text(e, 1, NULL), body, db_col_int(e, 7),
	    db_col_null(e, 5) ? (int64_t)0 : db_col_int(e, 5),
	    db_col_text(e, 1, NULL));
	cJSON_free(body);
	return rc < 0 ? -1 : 0;
}

/* Is any subscription on?  1, 0, or -1. */
static int
any_subscription(struct db *db)
{
	struct db_stmt	*s;
	int		 rc = -1;

	if ((s = db_prepare(db, sql_any)) != NULL && db_step(s) == DB_ROW)
		rc = db_col_int(s, 0) > 0;
	db_stmt_release(s);
	return rc;
}

/*
 * The feed's events after the cursor into deliveries, and the cursor
 * moved past them, in one transaction; *n events.  0, or -1.  With no
 * subscription on, nothing is done: the feed is numbered only by its
 * readers, and a new subscription gets the events from the first tick
 * after it (the cursor skips what came before).
 */
int
webhooks_fanout(struct db *db, int *n)
{
	struct db_stmt	*s;
	int64_t		 last, seq;
	int		 numbered, ok = 1, rc;

	*n = 0;
	if ((rc = any_subscription(db)) <= 0)
		return rc == 0 ? webhooks_skip(db) : -1;
	if (feed_sequence(db, &numbered) == -1 || db_begin(db) == -1)
		return -1;
	if ((s = db_prepare(db, sql_cursor)) == NULL || db_step(s) != DB_ROW) {
		db_stmt_release(s);
		db_rollback(db);
		return -1;
	}
	seq = last = db_col_int(s, 0);
	db_stmt_release(s);
	/* results are read whole (db_stmt.c): inserting as we go is safe */
	if ((s = feed_events_after(db, last, EVENTS)) == NULL) {
		db_rollback(db);
		return -1;
	}
	while (ok && (rc = db_step(s)) == DB_ROW) {
		ok = fan_event(db, s) == 0;
		seq = db_col_int(s, 0);
		(*n)++;
	}
	db_stmt_release(s);
	if (ok && seq != last)
		ok = db_execv(db, sql_move, NULL, "i", seq) == 1;
	if (!ok || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

/* How the attempt went into the delivery and its log. */
static int
record(struct db *db, int64_t id, int attempts, long status, const char *err)
{
	int	 ok = err == NULL, rc;

	if (db_begin(db) == -1)
		return -1;
	if (ok)
		rc = db_execv(db, sql_done, NULL, "ii", (int64_t)status, id);
	else if (attempts >= ATTEMPTS)
		rc = db_execv(db, sql_dead, NULL, "isi", (int64_t)status, err, id);
	else
		rc = db_execv(db, sql_retry, NULL, "iisi",
		    notify_backoff(notify_settings.retry_base, attempts),
		    (int64_t)status, err, id);
	if (rc != 1 || db_execv(db, sql_attempt, NULL, "iiis", id,
	    (int64_t)status, (int64_t)ok, ok ? "delivered" : err) != 1) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db);
}

/* POST the claimed delivery id: 1 delivered, 0 not (recorded), -1. */
static int
post_one(struct db *db, int64_t id)
{
	struct db_stmt	*s;
	char		 err[256] = "", type[48], url[WEBHOOKS_URL_MAX + 1];
	char		 secret[WEBHOOKS_SECRET_LEN + 1];
	char		*body;
	int64_t		 event;
	long		 status;
	int		 attempts, ok, active;

	if ((s = db_preparef(db, sql_load, "i", id)) == NULL)
		return -1;
	if (db_step(s) != DB_ROW || (body = strdup(db_col_text(s, 0,
	    NULL))) == NULL) {
		db_stmt_release(s);
		return -1;
	}
	db_col_copy(s, 1, type, sizeof(type));
	event = db_col_int(s, 2);
	attempts = (int)db_col_int(s, 3);
	db_col_copy(s, 4, url, sizeof(url));
	db_col_copy(s, 5, secret, sizeof(secret));
	active = db_col_int(s, 6) != 0;
	db_stmt_release(s);
	if (!active) {		/* turned off: its deliveries go no further */
		free(body);
		return record(db, id, ATTEMPTS, 0, "the webhook is off") ==
		    -1 ? -1 : 0;
	}
	ok = webhooks_post(url, secret, body, type, event, id, &status, err,
	    sizeof(err)) == 0;
	free(body);
	if (!ok)
		log_info("webhook delivery %lld, attempt %d: %s", (long long)id,
		    attempts, err);
	return record(db, id, attempts, status, ok ? NULL : err) == -1 ? -1 :
	    ok;
}

/* a slow receiver holds this thread for a batch at most 15 s */
static const struct notify_queue delivery_queue = {
	sql_due, sql_claim, CLAIM, post_one, 15
};

/* Send what is due (a batch); *sent counts the delivered. */
int
webhooks_deliver(struct db *db, int *sent)
{
	return notify_queue_run(db, &delivery_queue, sent);
}

void
webhooks_tick(struct db *db)
{
	double	 until = util_now_mono() + 1;
	int	 n;

	/* a backlog is worked off in full batches, for a second at most */
	do {
		if (webhooks_fanout(db, &n) == -1) {
			/* another node moved the cursor first: its turn */
			if (!db_is_conflict(db))
				log_error("webhooks: fan-out failed: %s",
				    db_errmsg(db));
			break;
		}
	} while (n == EVENTS && util_now_mono() < until && !stop_requested());
	if (webhooks_deliver(db, &n) == -1)
		log_error("webhooks: delivery failed: %s", db_errmsg(db));
}
