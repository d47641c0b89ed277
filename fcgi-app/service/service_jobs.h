/* service_jobs.h: filing, reading, cancelling and dispatching service jobs */
#ifndef SERVICE_SERVICE_JOBS_H
#define SERVICE_SERVICE_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "../auth/auth.h"

struct buf;
struct db;
struct db_stmt;
struct fault;
struct req;

/* who files and cancels (its own dealer's), who dispatches on demand */
#define SERVICE_FILERS		(ROLE_DEALER_BUYER | ROLE_DEALER_ADMIN)
#define SERVICE_DISPATCHERS	ROLE_SERVICE_AGENT
/* who reads jobs: the sales network in its scope, a provider its own */
#define SERVICE_READERS		(ROLE_ANY | ROLE_PROVIDER_AGENT)

/* bounds of what is filed, in characters */
#define SERVICE_NAME_MAX	100
#define SERVICE_PHONE_MAX	40
#define SERVICE_ADDRESS_MAX	300
#define SERVICE_CITY_MAX	100
#define SERVICE_MODEL_MAX	64
#define SERVICE_FAULT_MAX	2000

/* A job as filed (NULL: not sent; bad: sent with the wrong type). */
struct service_jobs_filing {
	const char	*kind, *category, *model, *serial, *fault;
	const char	*name, *phone, *address, *city;
	const char	*complaint;	/* its number; NULL or "": none */
	int		 located;	/* a location was sent */
	double		 lat, lng;	/* degrees */
	int		 bad;		/* some field had the wrong type */
	const char	*bad_field;	/* its name */
};

/* service_jobs_file_db.c: 201 filed, 200 filed before with the key */
int	service_jobs_file(struct db *, const struct principal *,
	    const struct service_jobs_filing *, const char *, const char *,
	    size_t, struct fault *, char *, size_t);

/* service_jobs_read_db.c: the job as who may see it (NULL: *found says) */
cJSON	*service_jobs_load(struct db *, const char *,
	    const struct principal *, const char *, int *);
struct service_jobs_query {
	const char	*status, *after;	/* NULL: any, the start */
	int		 limit;
};
int	service_jobs_list_read(struct db *, const struct principal *,
	    const char *, const struct service_jobs_query *, struct fault *,
	    cJSON **);
/* a dealer's complaint a visit may be asked for: its fields into *out */
int	service_jobs_complaint_read(struct db *, const struct principal *,
	    const char *, cJSON **);

/*
 * service_jobs_cancel_db.c: the job numbered, at the version read (-1
 * none given, 0 not a version: 422), with a reason: 200, or 404/409/422
 * in f, 500, 503
 */
int	service_jobs_cancel(struct db *, const struct principal *,
	    const char *, int64_t, const char *, struct fault *);

/* service_jobs_http.c */
int	service_jobs_file_post(struct req *);
int	service_jobs_list_get(struct req *);
int	service_jobs_get_one(struct req *);
int	service_jobs_dispatch_post(struct req *);
int	service_jobs_cancel_post(struct req *);
void	service_jobs_filing_json(const cJSON *, struct service_jobs_filing *);

/* service_jobs_pages.c */
int	service_jobs_page_get(struct req *);
int	service_jobs_new_page_get(struct req *);
int	service_jobs_new_page_post(struct req *);
int	service_jobs_one_page_get(struct req *);
int	service_jobs_one_page_post(struct req *);

/*
 * service_dispatch_db.c: the dispatcher.  now is seconds since the epoch
 * (tests inject it), 0 for the database's clock.
 */
struct service_dispatch_pass {
	int	 offered, unplaced, lapsed, lost;
};
#define SERVICE_DISPATCH_BATCH	50	/* jobs one transaction dispatches */
/* SQL shared by the dispatcher's files: a batch's job ids (the rest 0) */
#define SERVICE_Q10	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define SERVICE_IN_BATCH "(" SERVICE_Q10 ", " SERVICE_Q10 ", " SERVICE_Q10 \
	", " SERVICE_Q10 ", " SERVICE_Q10 ")"
/* great-circle metres from job j's customer to provider p (R 6,371 km) */
#define SERVICE_DISTANCE \
	"ROUND(12742000 * ASIN(LEAST(1, SQRT(" \
	"POW(SIN(RADIANS((p.lat_e6 - j.lat_e6) / 1e6) / 2), 2) + " \
	"COS(RADIANS(j.lat_e6 / 1e6)) * COS(RADIANS(p.lat_e6 / 1e6)) * " \
	"POW(SIN(RADIANS((p.lng_e6 - j.lng_e6) / 1e6) / 2), 2)))))"
int	service_dispatch_bind_batch(struct db_stmt *, const int64_t *, int);

/*
 * service_dispatch_rules.c (pure): a batch's jobs each get, in claim
 * order, the first of their candidates (nearest first) with a slot left
 * after the jobs before it.
 */
#define SERVICE_CANDIDATES	20	/* tried per job before it waits */
struct service_pick {
	int64_t	 cand[SERVICE_CANDIDATES];	/* providers, nearest first */
	int	 open[SERVICE_CANDIDATES];	/* their loads as read */
	int	 cap[SERVICE_CANDIDATES];	/* and capacities */
	int	 ncand;
	int64_t	 chosen;			/* out: 0 none */
};
struct service_slot {
	int64_t	 id;
	int	 open, cap, take;		/* take: slots the batch takes */
};
int	service_dispatch_assign(struct service_pick **, int,
	    struct service_slot *);
int	service_dispatch_lapse(struct db *, int64_t, int,
	    struct service_dispatch_pass *);
int	service_dispatch_due(struct db *, int64_t, int, int, int,
	    struct service_dispatch_pass *);
int	service_dispatch_run(struct db *, int64_t, int, int, double,
	    struct service_dispatch_pass *);
/* the offers just made to jobs ids: offer rows, timeline, feed, notify */
int	service_dispatch_record(struct db *, const int64_t *, int);
/* on demand: 200 (offered or still waiting), or 404/409 in f, 500, 503 */
int	service_dispatch_now(struct db *, const struct principal *,
	    const char *, struct fault *);

/* service_dispatch_tick.c: the worker's tick, the CLI, /metrics */
enum service_offer_outcome {
	SERVICE_OFFER_MADE, SERVICE_OFFER_ACCEPTED, SERVICE_OFFER_DECLINED,
	SERVICE_OFFER_TIMED_OUT, SERVICE_OFFER_WITHDRAWN,
	SERVICE_OFFER_UNPLACED, SERVICE_OFFER__MAX
};
void	service_dispatch_count(enum service_offer_outcome, unsigned long);
void	service_dispatch_latency(double);
void	service_dispatch_metrics(struct buf *);
#define SERVICE_DISPATCHERS_PER_WORKER	2	/* the worker's threads */
void	service_dispatch_tick(struct db *);
void	service_dispatch_tick_2(struct db *);
int	service_dispatch_cli(struct db *, int, char **);

#endif
