/*
 * service_dispatch_tick.c: the dispatcher's every second in the worker,
 * `dealernetd dispatch [--now=...]` (one pass, the clock tests set), and
 * what /metrics says of it: the time from filing to the first offer (a
 * histogram) and the offers by outcome, counted by this process.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "../core/buf.h"
#include "../core/log.h"
#include "../core/stop.h"
#include "../core/util.h"
#include "../db/db.h"
#include "service_jobs.h"

static const double bounds[] = { 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600 };
static atomic_ulong	 buckets[NELEM(bounds) + 1];
static atomic_ulong	 msec_sum, observed;
static atomic_ulong	 outcomes[SERVICE_OFFER__MAX];
static const char *const outcome_names[SERVICE_OFFER__MAX] = {
	"offered", "accepted", "declined", "timed_out", "withdrawn",
	"unplaced"
};

void
service_dispatch_count(enum service_offer_outcome o, unsigned long n)
{
	if ((unsigned)o < SERVICE_OFFER__MAX)
		atomic_fetch_add(&outcomes[o], n);
}

/* A job's first offer, seconds after it was filed. */
void
service_dispatch_latency(double seconds)
{
	size_t	 b;

	for (b = 0; b < NELEM(bounds) && seconds > bounds[b]; b++)
		;
	atomic_fetch_add(&buckets[b], 1);
	atomic_fetch_add(&msec_sum, (unsigned long)(seconds * 1e3));
	atomic_fetch_add(&observed, 1);
}

void
service_dispatch_metrics(struct buf *b)
{
	unsigned long	 cum = 0;
	size_t		 i;

	buf_adds(b, "# HELP dealernet_service_dispatch_seconds Time from a "
	    "service job's filing to its first offer.\n"
	    "# TYPE dealernet_service_dispatch_seconds histogram\n");
	for (i = 0; i < NELEM(bounds); i++) {
		cum += atomic_load(&buckets[i]);
		buf_printf(b, "dealernet_service_dispatch_seconds_bucket"
		    "{le=\"%g\"} %lu\n", bounds[i], cum);
	}
	cum += atomic_load(&buckets[NELEM(bounds)]);
	buf_printf(b, "dealernet_service_dispatch_seconds_bucket{le=\"+Inf\"} "
	    "%lu\ndealernet_service_dispatch_seconds_sum %.3f\n"
	    "dealernet_service_dispatch_seconds_count %lu\n", cum,
	    (double)atomic_load(&msec_sum) / 1e3, atomic_load(&observed));
	buf_adds(b, "# HELP dealernet_service_offers_total Service jobs' "
	    "offers by outcome (unplaced: a job no provider could take).\n"
	    "# TYPE dealernet_service_offers_total counter\n");
	for (i = 0; i < SERVICE_OFFER__MAX; i++)
		buf_printf(b, "dealernet_service_offers_total{outcome=\"%s\"} "
		    "%lu\n", outcome_names[i], atomic_load(&outcomes[i]));
}

/*
 * Every second, on two threads of the worker (main.c's ticks): the first
 * lapses late offers, then each dispatches what is due of its half of the
 * cities, for at most 5 seconds.  One thread waits on round trips for
 * most of a job's time, so two go nearly twice as fast.  A tick stays
 * about ten seconds, looking again every 100 ms (one indexed probe), so
 * that a job filed just after a pass waits a tenth of a second, not the
 * ticker's whole one; it returns at a stop or on an error, and the ticker
 * (a new connection if need be) calls it again a second later.  The two
 * threads stay different times, so that their seconds off do not meet.
 */
static const char sql_due[] =
	"SELECT 1 FROM service_jobs WHERE dispatch_at <= UTC_TIMESTAMP(6) "
	"LIMIT 1";

static void
tick(struct db *db, int part)
{
	struct service_dispatch_pass	 p;
	struct db_stmt			*s;
	double				 end = util_now_mono() + 10 +
					    part * 0.5;
	int				 due = 1;

	for (;;) {
		if (due && service_dispatch_run(db, 0, part,
		    SERVICE_DISPATCHERS_PER_WORKER, 5.0, &p) == -1) {
			log_error("service: dispatch pass %d failed", part);
			return;
		}
		if (util_now_mono() >= end || stop_requested())
			return;
		nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
		if ((s = db_prepare(db, sql_due)) == NULL)
			return;
		due = db_step(s) == DB_ROW;
		db_stmt_release(s);
	}
}

void
service_dispatch_tick(struct db *db)
{
	tick(db, 0);
}

void
service_dispatch_tick_2(struct db *db)
{
	tick(db, 1);
}

/* dealernetd dispatch [--now=YYYY-MM-DDTHH:MM:SSZ]: one pass, its counts */
int
service_dispatch_cli(struct db *db, int argc, char **argv)
{
	struct service_dispatch_pass	 p;
	int64_t				 now;

	if (util_cli_now(argc, argv, &now) == -1)
		return 2;
	if (service_dispatch_run(db, now, 0, 0, 0, &p) == -1)
		return 1;
	printf("{\"offered\":%d,\"unplaced\":%d,\"lapsed\":%d,\"lost\":%d}\n",
	    p.offered, p.unplaced, p.lapsed, p.lost);
	return 0;
}
