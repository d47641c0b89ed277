/*
 * notify_deliver.c: sending the outbox, at least once, with backoff
 *
 * A message is claimed by a conditional update (pending, due, not claimed
 * or its claim run out) that sets a claim of CLAIM seconds and counts the
 * attempt; two workers or app nodes cannot both win it (row lock, or
 * Galera certification).  It is sent outside any transaction, then marked
 * sent, or given its next time (retry_base x 2^(attempt-1), at most an
 * hour) or, after the last attempt, dead; every attempt is recorded.  A
 * worker that dies between the relay's yes and the mark leaves the claim
 * to run out and the message is sent again: at least once, and the
 * Message-ID (notify-EVENT.OUTBOX@dealernet) is the same each time, so a
 * receiver can tell.
 */
#include <stdio.h>
#include <string.h>

#include "../core/buf.h"
#include "../core/log.h"
#include "../core/stop.h"
#include "../core/util.h"
#include "../db/db.h"
#include "notify.h"

#define CLAIM	120	/* seconds a claim holds; > a send's timeout */

struct notify_settings notify_settings = {
	.smtp_from = "noreply@dealernet.invalid",
	.public_url = "http://127.0.0.1:8080",
	.attempts = 30,
	.retry_base = 30,
	.timeout = 30,
	.enabled = 1,
	.sms_template = "{\"to\":\"{to}\",\"text\":\"{text}\"}",
};

static const char sql_due[] =
	"SELECT id FROM outbox WHERE state = 'pending' AND next_at <= NOW(6) "
	"AND (claimed_until IS NULL OR claimed_until < NOW(6)) "
	"ORDER BY next_at LIMIT ?";
static const char sql_claim[] =
	"UPDATE outbox SET claimed_until = NOW(6) + INTERVAL ? SECOND, "
	"attempts = attempts + 1, version = version + 1 WHERE id = ? AND "
	"state = 'pending' AND next_at <= NOW(6) AND (claimed_until IS NULL "
	"OR claimed_until < NOW(6))";
static const char sql_load[] =
	"SELECT o.recipient, o.attempts, o.event_id, u.display_name, u.lang, "
	"e.kind, e.object_type, e.object_ref, e.params, o.channel "
	"FROM outbox o JOIN users u ON u.id = o.user_id "
	"JOIN notify_events e ON e.id = o.event_id WHERE o.id = ?";
static const char sql_sent[] =
	"UPDATE outbox SET state = 'sent', sent_at = NOW(6), claimed_until = "
	"NULL, last_error = NULL, version = version + 1 WHERE id = ?";
static const char sql_retry[] =
	"UPDATE outbox SET next_at = NOW(6) + INTERVAL ? SECOND, "
	"claimed_until = NULL, last_error = ?, version = version + 1 "
	"WHERE id = ?";
static const char sql_dead[] =
	"UPDATE outbox SET state = 'dead', claimed_until = NULL, "
	"last_error = ?, version = version + 1 WHERE id = ?";
/* a channel not configured: back to waiting, the attempt not counted */
static const char sql_unclaim[] =
	"UPDATE outbox SET claimed_until = NULL, attempts = attempts - 1, "
	"next_at = NOW(6) + INTERVAL 60 SECOND, last_error = ?, "
	"version = version + 1 WHERE id = ?";
/* a secret kind's params (a reset token) go once its message is settled */
static const char sql_scrub[] =
	"UPDATE notify_events SET params = '{}' WHERE id = ?";
static const char sql_attempt[] =
	"INSERT INTO outbox_attempts (outbox_id, ok, detail) VALUES (?, ?, ?)";

/* Seconds before attempt n + 1, after n failed: base, 2 base, ... 1 h. */
int64_t
notify_backoff(int base, int n)
{
	int64_t	 s = base > 0 ? base : 1;

	while (--n > 0 && s < 3600)
		s *= 2;
	return s < 3600 ? s : 3600;
}

/* Record how attempt went: sent, or the next time, or dead. */
static int
record(struct db *db, const struct notify_message *m, const char *channel,
    int attempts, int ok, const char *why)
{
	const struct notify_kind	*k = notify_kind_find(m->kind);
	int64_t				 id = m->outbox_id;
	int				 rc, settled;

	settled = ok || attempts >= notify_settings.attempts;
	if (db_begin(db) == -1)
		return -1;
	if (ok)
		rc = db_execv(db, sql_sent, NULL, "i", id);
	else if (attempts >= notify_settings.attempts)
		rc = db_execv(db, sql_dead, NULL, "si", why, id);
	else
		rc = db_execv(db, sql_retry, NULL, "isi",
		    notify_backoff(notify_settings.retry_base, attempts), why,
		    id);
	if (rc == 1 && settled && k != NULL && k->secret &&
	    db_execv(db, sql_scrub, NULL, "i", m->event_id) == -1)
		rc = -1;
	if (rc != 1 || db_execv(db, sql_attempt, NULL, "iis", id,
	    (int64_t)ok, ok ? "sent" : why) != 1) {
		db_rollback(db);
		return -1;
	}
	if (db_commit(db) == -1)
		return -1;
	notify_count(ok ? NOTIFY_SENT : NOTIFY_FAILED, channel, 1);
	if (!ok && attempts >= notify_settings.attempts)
		notify_count(NOTIFY_DEAD, channel, 1);
	return 0;
}

/* A text: what happened, in the reader's language, and where to look. */
static int
send_sms(const struct notify_message *m, char *err, size_t errsz)
{
	struct buf	 text;
	int		 rc;

	buf_init(&text);
	notify_text(m->lang, m->kind, m->object_ref, m->params, 0, &text);
	buf_addc(&text, ' ');
	notify_link(notify_settings.public_url, m->kind, m->object_type,
	    m->object_ref, m->params, &text);
	rc = text.oom ? -1 : notify_sms_send(m->to, buf_cstr(&text), err,
	    errsz);
	buf_free(&text);
	return rc;
}

/* Send the claimed message id; 1 sent, 0 not (recorded), -1 db error. */
static int
send_one(struct db *db, int64_t id)
{
	struct notify_message	 m;
	struct db_stmt		*s;
	struct buf		 msg;
	char			 err[256] = "";
	char			 ch[8], kind[NOTIFY_KIND_MAX + 1];
	int			 attempts, ok = 0;

	if ((s = db_preparef(db, sql_load, "i", id)) == NULL)
		return -1;
	if (db_step(s) != DB_ROW) {
		db_stmt_release(s);
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.outbox_id = id;
	m.to = db_col_text(s, 0, NULL);
	attempts = (int)db_col_int(s, 1);
	m.event_id = db_col_int(s, 2);
	m.name = db_col_text(s, 3, NULL);
	m.lang = db_col_text(s, 4, NULL);
	m.kind = db_col_text(s, 5, NULL);
	m.object_type = db_col_text(s, 6, NULL);
	m.object_ref = db_col_text(s, 7, NULL);
	m.params = db_col_text(s, 8, NULL);
	buf_init(&msg);
	db_col_copy(s, 9, ch, sizeof(ch));
	if ((strcmp(ch, "sms") == 0 ? notify_settings.sms_url :
	    notify_settings.smtp_url)[0] == '\0') {
		db_stmt_release(s);
		return db_execv(db, sql_unclaim, NULL, "si", strcmp(ch, "sms") ==
		    0 ? "no sms_url configured" : "no smtp_url configured",
		    id) == 1 ? 0 : -1;
	}
	if (strcmp(ch, "sms") == 0)
		ok = send_sms(&m, err, sizeof(err)) == 0;
	else if (notify_mail_compose(&m, &msg) == -1)
		snprintf(err, sizeof(err), "out of memory");
	else
		ok = notify_smtp_send(m.to, buf_cstr(&msg), msg.len, err,
		    sizeof(err)) == 0;
	buf_free(&msg);
	snprintf(kind, sizeof(kind), "%s", m.kind);
	m.kind = kind;
	m.to = m.name = m.lang = m.object_type = m.object_ref = m.params = NULL;
	db_stmt_release(s);
	if (!ok)
		log_info("notify: message %lld, attempt %d: %s",
		    (long long)id, attempts, err);
	return record(db, &m, ch, attempts, ok, err) == -1 ? -1 : ok;
}

/*
 * A queue's due rows (sql_due, bound to a count), each claimed by
 * sql_claim (bound to seconds and the id; no row changed: another worker
 * has it) and handed to send(), which answers 1 sent, 0 not (recorded),
 * -1 a database error.  *sent counts them.  The outbox's and the
 * webhooks' deliveries both go this way.
 */
int
notify_queue_run(struct db *db, const struct notify_queue *q, int *sent)
{
	struct db_stmt	*s;
	int64_t		 ids[NOTIFY_QUEUE_BATCH];
	double		 until;
	int		 n = 0, i, rc;

	*sent = 0;
	if ((s = db_preparef(db, q->sql_due, "i",
	    (int64_t)NOTIFY_QUEUE_BATCH)) == NULL)
		return -1;
	while (n < NOTIFY_QUEUE_BATCH && db_step(s) == DB_ROW)
		ids[n++] = db_col_int(s, 0);
	db_stmt_release(s);
	until = util_now_mono() + q->budget;
	for (i = 0; i < n && !stop_requested() && util_now_mono() < until;
	    i++) {
		if ((rc = db_execv(db, q->sql_claim, NULL, "ii",
		    (int64_t)q->claim, ids[i])) == -1)
			return -1;
		if (rc == 0)
			continue;	/* another worker has it */
		if ((rc = q->send(db, ids[i])) == -1)
			return -1;
		*sent += rc;
	}
	return 0;
}

static const struct notify_queue outbox_queue = {
	sql_due, sql_claim, CLAIM, send_one, 30
};

/* Send what is due (a batch of messages); *sent counts those sent. */
int
notify_deliver(struct db *db, int *sent)
{
	return notify_queue_run(db, &outbox_queue, sent);
}

/* Every second in each app worker: fan out, then send. */
void
notify_tick(struct db *db)
{
	double	 until = util_now_mono() + 1;
	int	 n;

	/* a backlog is worked off in full batches, for a second at most */
	do {
		if (notify_fanout(db, &n) == -1) {
			log_error("notify: fan-out failed: %s", db_errmsg(db));
			break;
		}
	} while (n == NOTIFY_FANOUT_BATCH && util_now_mono() < until &&
	    !stop_requested());
	if (notify_deliver(db, &n) == -1)
		log_error("notify: delivery failed: %s", db_errmsg(db));
}
