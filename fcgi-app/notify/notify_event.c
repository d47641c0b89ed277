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
	return db_execv(db, sql_event, NULL, "sssis", kind, object_type,
	    object_ref, dealer, params != NULL ? params : "{}") == 1 ? 0 : -1;
}
