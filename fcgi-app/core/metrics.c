/*
 * metrics.c: counters and histograms, written out as Prometheus text
 *
 * Counters are per process and lock-free: one atomic per route, status
 * and latency bucket, sized at start-up from the route table.
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "util.h"

#define STATUS_MIN	100
#define STATUS_N	500	/* 100 .. 599 */

static const double bounds[] = {
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
	1, 2.5, 5, 10
};
#define NBUCKET	(NELEM(bounds) + 1)

struct route_stats {
	atomic_ulong	 status[STATUS_N];
	atomic_ulong	 bucket[NBUCKET];
	atomic_ulong	 usec_sum;
	atomic_ulong	 count;
};

static const char *const *route_methods;
static const char *const *route_paths;
static size_t		  nroutes;
static struct route_stats *stats;	/* nroutes + 1: the last, unmatched */
static atomic_long	  inflight;
static atomic_ulong	  db_errors, db_connects, db_retries;
static atomic_ulong	  pw_hashes, pw_busy;
static void		(*extras[4])(struct buf *);	/* metrics_add() */
static size_t		  nextras;

/* A feature's renderer (main.c, before the workers start); 0 or -1. */
int
metrics_add(void (*render)(struct buf *))
{
	if (nextras == NELEM(extras))
		return -1;
	extras[nextras++] = render;
	return 0;
}

int
metrics_init(const char *const *methods, const char *const *paths, size_t n)
{
	free(stats);
	if ((stats = calloc(n + 1, sizeof(*stats))) == NULL)
		return -1;
	route_methods = methods;
	route_paths = paths;
	nroutes = n;
	return 0;
}

/* route < 0 (or out of range) counts as unmatched. */
void
metrics_request(long route, int status, double seconds)
{
	struct route_stats	*s;
	size_t			 b;

	if (stats == NULL)
		return;
	s = &stats[route >= 0 && (size_t)route < nroutes ?
	    (size_t)route : nroutes];
	if (status >= STATUS_MIN && status < STATUS_MIN + STATUS_N)
		atomic_fetch_add(&s->status[status - STATUS_MIN], 1);
	for (b = 0; b < NELEM(bounds) && seconds > bounds[b]; b++)
		;
	atomic_fetch_add(&s->bucket[b], 1);
	atomic_fetch_add(&s->usec_sum, (unsigned long)(seconds * 1e6));
	atomic_fetch_add(&s->count, 1);
}

void
metrics_inflight(int delta)
{
	atomic_fetch_add(&inflight, delta);
}

void
metrics_db_error(void)
{
	atomic_fetch_add(&db_errors, 1);
}

void
metrics_db_retry(void)
{
	atomic_fetch_add(&db_retries, 1);
}

/* An argon2id hash or verification run (sign-in's costly part). */
void
metrics_password_hash(void)
{
	atomic_fetch_add(&pw_hashes, 1);
}

/* A password check refused for want of a hashing slot. */
void
metrics_password_busy(void)
{
	atomic_fetch_add(&pw_busy, 1);
}

void
metrics_db_connect(void)
{
	atomic_fetch_add(&db_connects, 1);
}

static void
labels(struct buf *b, size_t i)
{
	if (i < nroutes)
		buf_printf(b, "method=\"%s\",route=\"%s\"", route_methods[i],
		    route_paths[i]);
	else
		buf_adds(b, "method=\"\",route=\"unmatched\"");
}

void
metrics_render(struct buf *b, const char *version, double uptime)
{
	unsigned long	 cum, v;
	size_t		 i, k;

	buf_adds(b, "# HELP dealernet_build_info Version of the running "
	    "app.\n# TYPE dealernet_build_info gauge\n");
	buf_printf(b, "dealernet_build_info{version=\"%s\"} 1\n", version);
	buf_printf(b, "# HELP dealernet_uptime_seconds Seconds since the "
	    "worker process started.\n# TYPE dealernet_uptime_seconds gauge\n"
	    "dealernet_uptime_seconds %.3f\n", uptime);
	buf_printf(b, "# HELP dealernet_http_requests_in_flight Requests "
	    "being handled now.\n# TYPE dealernet_http_requests_in_flight "
	    "gauge\ndealernet_http_requests_in_flight %ld\n",
	    atomic_load(&inflight));
	buf_printf(b, "# HELP dealernet_db_errors_total Database errors, "
	    "connection failures included.\n# TYPE dealernet_db_errors_total "
	    "counter\ndealernet_db_errors_total %lu\n",
	    atomic_load(&db_errors));
	buf_printf(b, "# HELP dealernet_db_connects_total Database "
	    "connections made, reconnections included.\n"
	    "# TYPE dealernet_db_connects_total counter\n"
	    "dealernet_db_connects_total %lu\n", atomic_load(&db_connects));
	buf_printf(b, "# HELP dealernet_db_retries_total Requests run again "
	    "after a deadlock, a lock wait timeout or a lost connection.\n"
	    "# TYPE dealernet_db_retries_total counter\n"
	    "dealernet_db_retries_total %lu\n", atomic_load(&db_retries));
	buf_printf(b, "# HELP dealernet_password_hashes_total argon2id hashes "
	    "and verifications run.\n"
	    "# TYPE dealernet_password_hashes_total counter\n"
	    "dealernet_password_hashes_total %lu\n", atomic_load(&pw_hashes));
	buf_printf(b, "# HELP dealernet_password_busy_total Password checks "
	    "refused because no hashing slot came in time.\n"
	    "# TYPE dealernet_password_busy_total counter\n"
	    "dealernet_password_busy_total %lu\n", atomic_load(&pw_busy));

	buf_adds(b, "# HELP dealernet_http_requests_total Requests answered, "
	    "by route and status.\n"
	    "# TYPE dealernet_http_requests_total counter\n");
	for (i = 0; stats != NULL && i <= nroutes; i++)
		for (k = 0; k < STATUS_N; k++) {
			if ((v = atomic_load(&stats[i].status[k])) == 0)
				continue;
			buf_adds(b, "dealernet_http_requests_total{");
			labels(b, i);
			buf_printf(b, ",status=\"%zu\"} %lu\n", k + STATUS_MIN,
			    v);
		}

	buf_adds(b, "# HELP dealernet_http_request_duration_seconds Time to "
	    "answer, by route.\n"
	    "# TYPE dealernet_http_request_duration_seconds histogram\n");
	for (i = 0; stats != NULL && i <= nroutes; i++) {
		if (atomic_load(&stats[i].count) == 0)
			continue;
		cum = 0;
		for (k = 0; k < NBUCKET; k++) {
			cum += atomic_load(&stats[i].bucket[k]);
			buf_adds(b, "dealernet_http_request_duration_seconds_"
			    "bucket{");
			labels(b, i);
			if (k < NELEM(bounds))
				buf_printf(b, ",le=\"%g\"} %lu\n", bounds[k],
				    cum);
			else
				buf_printf(b, ",le=\"+Inf\"} %lu\n", cum);
		}
		buf_adds(b, "dealernet_http_request_duration_seconds_sum{");
		labels(b, i);
		buf_printf(b, "} %.6f\n",
		    (double)atomic_load(&stats[i].usec_sum) / 1e6);
		buf_adds(b, "dealernet_http_request_duration_seconds_count{");
		labels(b, i);
		buf_printf(b, "} %lu\n", cum);
	}
	for (i = 0; i < nextras; i++)
		extras[i](b);
}
