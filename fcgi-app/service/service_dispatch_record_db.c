/*
 * service_dispatch_record_db.c: what the offers a dispatcher just made
 * leave behind, for a whole batch at once, in its transaction: the offer
 * rows (distance and due from the job and its provider), the timeline's
 * service.offered, the feed's, and the provider's agents' notification
 * event.  Four statements per batch instead of four per job: a single
 * dispatcher thread waits on round trips, so fewer of them are what makes
 * a burst of jobs go out in seconds (BENCHMARKS.md, make bench-service).
 */
#include <stdint.h>

#include "../db/db.h"
#include "../notify/notify.h"
#include "service_jobs.h"

#define IN_BATCH	SERVICE_IN_BATCH
#define DISTANCE	SERVICE_DISTANCE
#if SERVICE_DISPATCH_BATCH != 50
#error SERVICE_IN_BATCH has SERVICE_DISPATCH_BATCH places
#endif

static const char sql_offers[] =
	"INSERT INTO service_offers (job_id, round, provider_id, distance_m, "
	"offered_at, due) SELECT STRAIGHT_JOIN j.id, j.round, j.provider_id, "
	DISTANCE ", "
	"j.offered_at, j.offer_due FROM service_jobs j JOIN providers p ON "
	"p.org_id = j.provider_id WHERE j.id IN " IN_BATCH " AND "
	"j.status = 'offered' ORDER BY j.id";
static const char sql_timeline[] =
	"INSERT INTO service_job_events (job_id, at, type, provider_id, note) "
	"SELECT STRAIGHT_JOIN j.id, UTC_TIMESTAMP(6), 'service.offered', "
	"j.provider_id, "
	"CONCAT(o.distance_m, ' m') FROM service_jobs j JOIN service_offers o "
	"ON o.job_id = j.id AND o.round = j.round AND o.provider_id = "
	"j.provider_id WHERE j.id IN " IN_BATCH " AND j.status = 'offered' "
	"ORDER BY j.id";
/* the feed carries no customer's data: the number and the provider */
static const char sql_feed[] =
	"INSERT INTO feed_events (type, object_type, object_ref, dealer_id, "
	"payload) SELECT 'service.offered', 'service_job', j.number, "
	"j.dealer_id, JSON_OBJECT('number', j.number, 'provider', "
	"j.provider_id) FROM service_jobs j WHERE j.id IN " IN_BATCH " AND "
	"j.status = 'offered' ORDER BY j.id";
/*
 * notify_event()'s row, one per job: the event's org is the provider, so
 * its agents get it (notify_kinds.c's service.offered)
 */
static const char sql_notify[] =
	"INSERT INTO notify_events (kind, object_type, object_ref, dealer_id, "
	"params) SELECT 'service.offered', 'service_job', j.number, "
	"j.provider_id, JSON_OBJECT('number', j.number) FROM service_jobs j "
	"WHERE j.id IN " IN_BATCH " AND j.status = 'offered' ORDER BY j.id";

/* Bind a batch's ids (n of them) from index 0, the rest 0; 0 or -1. */
int
service_dispatch_bind_batch(struct db_stmt *s, const int64_t *ids, int n)
{
	int	 i;

	for (i = 0; i < SERVICE_DISPATCH_BATCH; i++)
		if (db_bind_int(s, i, i < n ? ids[i] : 0) == -1)
			return -1;
	return 0;
}

/* Run sql over ids (n of them): the rows it wrote, or -1. */
static int
over(struct db *db, const char *sql, const int64_t *ids, int n)
{
	struct db_stmt	*s;
	int		 rows = -1;

	if ((s = db_prepare(db, sql)) == NULL)
		return -1;
	if (service_dispatch_bind_batch(s, ids, n) == 0 && db_exec(s) == 0)
		rows = (int)db_affected(s);
	db_stmt_release(s);
	return rows;
}

/*
 * Record the offers just made to the jobs ids (n, at most a batch), in
 * the caller's transaction.  0, or -1 (roll back: a part is missing).
 */
int
service_dispatch_record(struct db *db, const int64_t *ids, int n)
{
	if (n == 0)
		return 0;
	if (n > SERVICE_DISPATCH_BATCH || over(db, sql_offers, ids, n) != n ||
	    over(db, sql_timeline, ids, n) != n ||
	    over(db, sql_feed, ids, n) != n)
		return -1;
	if (notify_settings.enabled && notify_kind_find("service.offered") !=
	    NULL && over(db, sql_notify, ids, n) != n)
		return -1;
	return 0;
}
