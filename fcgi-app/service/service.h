/* service.h: the service network's jobs (issue #21), the shared core */
#ifndef SERVICE_SERVICE_H
#define SERVICE_SERVICE_H

#include <stdint.h>

#include "../auth/auth.h"

struct db;

/* The settings (dealernet.conf's service_* keys), set once at start. */
struct service_settings {
	int	accept_minutes;		/* an offer lapses after this */
	int	parts_days;		/* a spare part's lead-time target */
	int	followup_hours;		/* the follow-up call is due after */
};
extern struct service_settings service_settings;

/*
 * A job's states (migrations/0035_service.sql): held by no provider
 * (waiting), offered to one, then held by it until finished.
 */
enum service_status {
	SERVICE_WAITING, SERVICE_OFFERED, SERVICE_ACCEPTED, SERVICE_SCHEDULED,
	SERVICE_IN_PROGRESS, SERVICE_WAITING_PARTS, SERVICE_FINISHED,
	SERVICE_CLOSED, SERVICE_CANCELLED, SERVICE__STATUSES
};
const char	*service_status_name(enum service_status);
int		 service_status_parse(const char *, enum service_status *);
/* whether a job in this state takes one of its provider's capacity */
int		 service_status_holds(enum service_status);

/* A job as found for a caller, with what a change is conditional on. */
struct service_job_ref {
	int64_t			 id;
	char			 number[24];
	int64_t			 dealer_id;
	int64_t			 region_id;
	int64_t			 provider_id;	/* 0: none */
	enum service_status	 status;
	int64_t			 version;
	int			 round;
};

/*
 * A job by number, if the caller reaches it: HQ all, a region its own,
 * a dealer its own, a provider those offered to or held by it; lock: FOR
 * UPDATE (inside the caller's transaction).  1 found, 0 not (answer 404),
 * -1 a database error.
 */
int	service_job_find(struct db *, const struct principal *, const char *,
	    int, struct service_job_ref *);
/* whether the caller is the provider holding the job (sees the customer) */
int	service_job_held_by(const struct service_job_ref *,
	    const struct principal *);

/*
 * The job's timeline and the feed, in the caller's transaction: type is
 * the feed's ("service.dispatched", ...); provider, user 0 for none.
 */
int	service_event(struct db *, const struct service_job_ref *,
	    const char *, int64_t, int64_t, const char *);

/* A provider's capacity slot given back (decline, lapse, finish, cancel). */
int	service_release(struct db *, int64_t);

#endif
