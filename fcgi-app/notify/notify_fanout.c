/*
 * notify_fanout.c: each committed event, once, into the notifications of
 * its recipients and the messages to send them
 *
 * An event is taken by a conditional update of its fanned_at, in the same
 * transaction as the rows it fans out to: two app nodes (or two workers)
 * that take the same event both write its row, so one waits (one server)
 * or loses certification (Galera) and rolls back, and the unique keys
 * (event, user[, channel]) stand behind that.
 */
#include <stdio.h>

#include "../core/log.h"
#include "../db/db.h"
#include "notify.h"


static const char sql_pending[] =
	"SELECT id, kind FROM notify_events WHERE fanned_at IS NULL "
	"ORDER BY id LIMIT ?";
static const char sql_take[] =
	"UPDATE notify_events SET fanned_at = NOW(6) WHERE id = ? AND "
	"fanned_at IS NULL";
/*
 * The recipients: the active users with the kind's roles of the event's
 * dealer (and of the chain over it), of its region, or of HQ, who take
 * the channel (their choice, else the kind's defaults); one pair of
 * statements per audience.
 */
#define WHO_DEALER	"JOIN orgs d ON d.id = e.dealer_id " \
			"JOIN users u ON u.org_id IN (d.id, d.chain_id) "
#define WHO_REGION	"JOIN orgs d ON d.id = e.dealer_id " \
			"JOIN users u ON u.org_id = d.region_id "
#define WHO_HQ		"JOIN orgs h ON h.kind = 'hq' JOIN users u ON u.org_id = h.id "
#define WHO_USER	"JOIN users u ON u.id = e.user_id "
/*
 * The channels a user takes without a choice of its own: the kind's
 * defaults (bound), except that a chain's users hear of a branch's events
 * in the portal alone unless they chose more (a chain of 26 branches
 * would otherwise mail its buyers every branch's every move).
 */
#define DEFAULTS	"?"
#define DEFAULTS_DEALER	"IF(u.org_id = d.id, ?, 'portal')"
#define TAKING(dflt) \
	"LEFT JOIN notification_prefs p ON p.user_id = u.id AND " \
	"p.kind = e.kind WHERE e.id = ? AND u.disabled = 0 AND " \
	"(u.roles + 0) & ? <> 0 AND FIND_IN_SET(?, COALESCE(p.channels, " \
	dflt ")) > 0"
#define PORTAL(who, dflt) \
	"INSERT IGNORE INTO notifications (user_id, event_id, kind, " \
	"object_type, object_ref, params) SELECT u.id, e.id, e.kind, " \
	"e.object_type, e.object_ref, e.params FROM notify_events e " who \
	TAKING(dflt)
#define EMAIL(who, dflt) \
	"INSERT IGNORE INTO outbox (event_id, user_id, channel, recipient) " \
	"SELECT e.id, u.id, 'email', u.email FROM notify_events e " who \
	TAKING(dflt) " AND u.email IS NOT NULL AND u.email <> ''"

#define SMS(who, dflt) \
	"INSERT IGNORE INTO outbox (event_id, user_id, channel, recipient) " \
	"SELECT e.id, u.id, 'sms', u.mobile FROM notify_events e " who \
	TAKING(dflt) " AND u.mobile IS NOT NULL AND u.mobile <> ''"

static const char *const sql_portal[NOTIFY_AUDIENCE__MAX] = {
	PORTAL(WHO_DEALER, DEFAULTS_DEALER), PORTAL(WHO_REGION, DEFAULTS),
	PORTAL(WHO_HQ, DEFAULTS), PORTAL(WHO_USER, DEFAULTS)
};
static const char *const sql_email[NOTIFY_AUDIENCE__MAX] = {
	EMAIL(WHO_DEALER, DEFAULTS_DEALER), EMAIL(WHO_REGION, DEFAULTS),
	EMAIL(WHO_HQ, DEFAULTS), EMAIL(WHO_USER, DEFAULTS)
};
static const char *const sql_sms[NOTIFY_AUDIENCE__MAX] = {
	SMS(WHO_DEALER, DEFAULTS_DEALER), SMS(WHO_REGION, DEFAULTS),
	SMS(WHO_HQ, DEFAULTS), SMS(WHO_USER, DEFAULTS)
};

/* Fan one event out; 1 done, 0 another took it, -1 an error. */
static int
fan_one(struct db *db, int64_t id, const struct notify_kind *k)
{
	char	 defaults[32];
	int	 n, mails = 0, texts = 0;

	notify_channels_text(k != NULL ? k->channels : 0, defaults,
	    sizeof(defaults));
	if (db_begin(db) == -1)
		return -1;
	if ((n = db_execv(db, sql_take, NULL, "i", id)) != 1)
		goto done;
	if (k != NULL && (db_execv(db, sql_portal[k->audience], NULL, "iiss",
	    id, (int64_t)k->roles, "portal", defaults) == -1 ||
	    (mails = db_execv(db, sql_email[k->audience], NULL, "iiss", id,
	    (int64_t)k->roles, "email", defaults)) == -1 ||
	    (texts = db_execv(db, sql_sms[k->audience], NULL, "iiss", id,
	    (int64_t)k->roles, "sms", defaults)) == -1))
		n = -1;
done:
	if (n == 1 && db_commit(db) == 0) {
		notify_count(NOTIFY_QUEUED, "email", (unsigned long)mails);
		notify_count(NOTIFY_QUEUED, "sms", (unsigned long)texts);
		return 1;
	}
	if (n == 1)
		return -1;
	db_rollback(db);
	return n == 0 ? 0 : -1;
}

/* Fan out what is waiting (up to a batch of events); *done counts them. */
int
notify_fanout(struct db *db, int *done)
{
	struct db_stmt	*s;
	int64_t		 ids[NOTIFY_FANOUT_BATCH];
	char		 kinds[NOTIFY_FANOUT_BATCH][NOTIFY_KIND_MAX + 1];
	int		 n = 0, i, rc;

	*done = 0;
	if ((s = db_preparef(db, sql_pending, "i",
	    (int64_t)NOTIFY_FANOUT_BATCH)) == NULL)
		return -1;
	while (n < NOTIFY_FANOUT_BATCH && db_step(s) == DB_ROW) {
		ids[n] = db_col_int(s, 0);
		db_col_copy(s, 1, kinds[n], sizeof(kinds[n]));
		n++;
	}
	db_stmt_release(s);
	for (i = 0; i < n; i++) {
		if ((rc = fan_one(db, ids[i], notify_kind_find(kinds[i]))) ==
		    -1 && db_is_conflict(db))
			continue;	/* another node fanned it out */
		if (rc == -1) {
			log_error("notify: event %lld not fanned out: %s",
			    (long long)ids[i], db_errmsg(db));
			return -1;
		}
		*done += rc;
	}
	return 0;
}
