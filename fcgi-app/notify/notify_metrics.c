/*
 * notify_metrics.c: what /metrics says of notifications: messages queued
 * (fanned out), sent, failed (an attempt that did not go) and dead, by
 * channel, counted by this process; and, from the database, the age of
 * the oldest message still waiting, whichever node is to send it.
 */
#include <stdatomic.h>
#include <string.h>

#include "../core/buf.h"
#include "../db/db.h"
#include "notify.h"

enum { CH_EMAIL, CH_SMS, CH__MAX };
static const char *const channel[CH__MAX] = { "email", "sms" };
static atomic_ulong	 counts[NOTIFY_COUNT__MAX][CH__MAX];
static const char *const names[NOTIFY_COUNT__MAX] = {
	"queued", "sent", "failed", "dead"
};

static const char sql_oldest[] =
	"SELECT COALESCE(TIMESTAMPDIFF(SECOND, MIN(created_at), NOW(6)), 0) "
	"FROM outbox WHERE state = 'pending'";

void
notify_count(enum notify_count what, const char *ch, unsigned long n)
{
	int	 c = ch != NULL && strcmp(ch, "sms") == 0 ? CH_SMS : CH_EMAIL;

	if ((unsigned)what < NOTIFY_COUNT__MAX)
		atomic_fetch_add(&counts[what][c], n);
}

/* Append the notifications' metrics; db may be NULL (no gauge then). */
void
notify_metrics_render(struct buf *b, struct db *db)
{
	struct db_stmt	*s;
	int		 i, c;

	buf_adds(b, "# HELP dealernet_notifications_total Messages queued, "
	    "sent, failed (an attempt) and dead, by channel.\n"
	    "# TYPE dealernet_notifications_total counter\n");
	for (i = 0; i < NOTIFY_COUNT__MAX; i++)
		for (c = 0; c < CH__MAX; c++)
			buf_printf(b, "dealernet_notifications_total{state=\"%s\","
			    "channel=\"%s\"} %lu\n", names[i], channel[c],
			    atomic_load(&counts[i][c]));
	if (db == NULL || (s = db_prepare(db, sql_oldest)) == NULL)
		return;
	if (db_step(s) == DB_ROW)
		buf_printf(b, "# HELP dealernet_notifications_oldest_unsent_"
		    "seconds Age of the oldest message waiting to be sent.\n"
		    "# TYPE dealernet_notifications_oldest_unsent_seconds "
		    "gauge\ndealernet_notifications_oldest_unsent_seconds "
		    "%lld\n", (long long)db_col_int(s, 0));
	db_stmt_release(s);
}
