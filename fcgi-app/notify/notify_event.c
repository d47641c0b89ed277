/* notify_event.c: an event to tell people of, in the change's transaction */
#include "../db/db.h"
#include "notify.h"

static const char sql_event[] =
	"INSERT INTO notify_events (kind, object_type, object_ref, dealer_id, "
	"params) VALUES (?, ?, ?, ?, ?)";

/*
 * Record that kind happened to object_type object_ref of dealer, with
 * params (a JSON object's text: what the message says, e.g. the waybill).
 * Called inside the caller's transaction, so the event commits or rolls
 * back with the change; nothing is sent from here.  0, or -1.
 */
int
notify_event(struct db *db, const char *kind, const char *object_type,
    const char *object_ref, int64_t dealer, const char *params)
{
	if (notify_kind_find(kind) == NULL)
		return -1;
	if (!notify_settings.enabled)
		return 0;
	return db_execv(db, sql_event, NULL, "sssis", kind, object_type,
	    object_ref, dealer, params != NULL ? params : "{}") == 1 ? 0 : -1;
}

static const char sql_event_user[] =
	"INSERT INTO notify_events (kind, object_type, object_ref, user_id, "
	"params) VALUES (?, ?, ?, ?, ?)";

/*
 * Record kind for user alone (a NOTIFY_USER kind: a password reset), in
 * the caller's transaction.  0, or -1.
 */
int
notify_event_user(struct db *db, const char *kind, const char *object_type,
    const char *object_ref, int64_t user, const char *params)
{
	const struct notify_kind	*k = notify_kind_find(kind);

	/* a secret one (a reset link) even with notifications off */
	if (k == NULL || k->audience != NOTIFY_USER)
		return -1;
	if (!notify_settings.enabled && !k->secret)
		return 0;
	return db_execv(db, sql_event_user, NULL, "sssis", kind, object_type,
	    object_ref, user, params != NULL ? params : "{}") == 1 ? 0 : -1;
}
